/**
 * The work of `observatory ingest <file>` (open, load, rebuild what it touched), without the CLI's
 * other imports, so a test can start and kill it many times quickly. Prints "opened" once the
 * observatory is open and then waits for a line on standard input before it ingests, so a test can
 * start the next child while it kills this one, and time kills from the start of the work.
 * Run with `node --import tsx`.
 */
import { loadConfig } from '../../../pipeline/config.ts';
import { rebuildAfterIngest } from '../../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract } from '../../../pipeline/ingest/ingest-extract.ts';
import { openObservatory } from '../../../pipeline/observatory.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: ingest-child.ts <file>');
const observatory = await openObservatory(loadConfig(process.env));
process.stdout.write('opened\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const result = await ingestExtract(observatory.ingest, file, { today: process.env.TODAY ?? '2026-11-23' });
await rebuildAfterIngest(observatory.db, observatory.definitions, observatory.agreements, [result]);
await observatory.db.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
