import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../../pipeline/db/database.ts';

/**
 * Writes every API request to the audit log: who, what, when, outcome.
 * Until sign-in exists the actor is "anonymous (loopback)". Query strings are
 * kept; request bodies never are.
 */
export function audit({ db, actor = () => 'anonymous (loopback)' }: { db: Database; actor?: () => string }): MiddlewareHandler {
  return async function auditRequest(c, next) {
    await next();
    const url = new URL(c.req.url);
    await db.transaction((tx) =>
      tx.run(`INSERT INTO audit_log VALUES (now()::TIMESTAMP, $actor, $action, $target, $outcome)`, {
        actor: actor(),
        action: c.req.method,
        target: url.pathname + url.search,
        outcome: String(c.res.status),
      }),
    );
  };
}
