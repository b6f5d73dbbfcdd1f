/**
 * The work of `observatory build` (a full build) or `observatory purge`, without the CLI's other imports,
 * so a test can start and kill it many times quickly. Prints "opened" once the observatory is open, waits
 * for a line on standard input, does the work, and prints its summary as JSON.
 * Run with `node --import tsx work-child.ts build|purge` and TODAY in the environment.
 */
import { loadConfig } from '../../../pipeline/config.ts';
import { buildIndicators } from '../../../pipeline/indicators/build-indicators.ts';
import { openObservatory } from '../../../pipeline/observatory.ts';
import { purgeExpiredRows } from '../../../pipeline/retention/purge-expired-rows.ts';

const work = process.argv[2];
if (work !== 'build' && work !== 'purge') throw new Error('usage: work-child.ts build|purge');
const today = process.env.TODAY ?? '2026-11-23';
const observatory = await openObservatory(loadConfig(process.env));
process.stdout.write('opened\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const { db, definitions, agreements } = observatory;
const summary =
  work === 'build' ? await buildIndicators(db, definitions, agreements, { full: true }, today) : await purgeExpiredRows(db, agreements, { today, actor: 'crash-test' });
await db.close();
process.stdout.write(`${JSON.stringify({ done: work, ...('buildId' in summary ? { buildId: summary.buildId } : {}) })}\n`);
