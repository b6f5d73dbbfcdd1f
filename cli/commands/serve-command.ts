import { systemClock } from '../../pipeline/clock.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server/serve.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../../pipeline/ingest/partnership-extracts.ts';
import { openObservatory, type Observatory } from '../../pipeline/observatory.ts';
import { createDemoUsers, hasUsers } from '../../pipeline/access/user-store.ts';
import type { CommandIo } from '../command-io.ts';
import { DEMO_TOKEN_DAYS, printDemoUsers } from './user-command.ts';

const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Loads the partnership's own extracts (unchanged files are skipped by hash) and builds what changed. */
async function loadPartnershipExtracts(observatory: Observatory, io: CommandIo): Promise<void> {
  const files = listPartnershipExtracts(observatory.partnership.extractsDir);
  const started = performance.now();
  const results: IngestResult[] = [];
  for (const file of files) results.push(await ingestExtract(observatory.ingest, file));
  const loaded = results.filter((r) => r.status === 'loaded');
  const refused = results.filter((r) => r.status === 'refused');
  io.err(
    `Extracts: ${loaded.length} loaded, ${results.length - loaded.length - refused.length} unchanged, ${refused.length} refused ` +
      `(${loaded.reduce((n, r) => n + r.rowsLoaded, 0).toLocaleString('en-GB')} rows loaded, ` +
      `${loaded.reduce((n, r) => n + r.rowsQuarantined, 0).toLocaleString('en-GB')} quarantined) in ${Math.round(performance.now() - started)} ms`,
  );
  for (const r of refused) io.err(`  refused ${r.file}: ${r.reason}`);
  const built = await observatory.db.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`);
  if (Number(built[0]?.n) === 0 || observatory.referenceReloaded) {
    const summary = await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true });
    io.err(`Indicators: ${summary.indicators.length} built, ${summary.valuesWritten.toLocaleString('en-GB')} values in ${summary.milliseconds} ms`);
  } else {
    for (const summary of await rebuildAfterIngest(observatory.db, observatory.definitions, observatory.agreements, results)) {
      io.err(`Indicators: ${summary.indicators.length} rebuilt incrementally in ${summary.milliseconds} ms`);
    }
  }
}

/**
 * observatory start: loads the embedded partnership and serves it; observatory serve: serves the database as it is.
 * Resolves when the server stops (on SIGINT/SIGTERM).
 */
export async function serveCommand(config: ObservatoryConfig, options: { loadPartnership: boolean }, io: CommandIo): Promise<number> {
  const started = performance.now();
  const observatory = await openObservatory(config);
  if (options.loadPartnership) await loadPartnershipExtracts(observatory, io);
  const webDir = existsSync(WEB_DIR) ? WEB_DIR : null;
  if (!webDir) io.err('The web app is not built (dist/web is missing): serving the API only. Run npm run build.');
  // A database nobody can sign in to is useless: on the first start, make one demo user per role and show their tokens.
  if (!(await hasUsers(observatory.db))) {
    const partners = [...new Set(observatory.agreements.map((a) => a.partner))].sort();
    printDemoUsers(await createDemoUsers(observatory.db, partners, { today: systemClock.today(), days: DEMO_TOKEN_DAYS }), { json: false }, io);
  }
  const server = await startServer(observatory, { host: config.host, port: config.port, webDir });
  io.out(`Observatory ready at ${server.url} (${observatory.partnership.name}; started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await observatory.db.close();
  return 0;
}
