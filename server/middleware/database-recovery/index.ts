import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../../pipeline/db/database.ts';

/** How often a request may try to open the database again while it still cannot be (the disk still full). */
const RETRY_INTERVAL_MS = 2_000;

/**
 * Opens the database again before a request once DuckDB has failed fatally (a write the disk refused
 * invalidates its instance): the server then serves the last commit again as soon as there is room,
 * rather than answering 507 to everyone until it is restarted. While it cannot, the request goes on and
 * fails with the same clear storage error, and the next try waits a moment.
 */
export function databaseRecovery(db: Database, log: (message: string) => void = (message) => console.error(message)): MiddlewareHandler {
  let lastTry = 0;
  return async function recoverDatabase(_c, next) {
    if (db.failedFatally && Date.now() - lastTry >= RETRY_INTERVAL_MS) {
      lastTry = Date.now();
      try {
        if (await db.reopenAfterFatal()) log(`The database ${db.path} was opened again at its last commit after a failed write.`);
      } catch (error) {
        log(`The database ${db.path} could not be opened again yet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await next();
  };
}
