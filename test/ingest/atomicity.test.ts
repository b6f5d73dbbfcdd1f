/**
 * Issue 3, "Done when" 5: an ingest killed half-way (SIGKILL, no chance to
 * clean up) leaves the database exactly as it was, and running it again loads
 * the exact counts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, test } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { Database } from '../../pipeline/db/database.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, removeDir, writeExtract, PROJECT_ROOT } from '../support/temp-observatory.ts';
import { jsonLines, runCliProcess, startCliProcess, waitForOutput } from './support/cli.ts';
import { FIRE_HEADER, POLICE_HEADER, fireRow, policeRow, render, tableCounts } from './support/extracts.ts';

/** Rows in the big extract: enough that loading takes seconds, so the kill lands mid-load. */
const ROWS = 120_000;
/** Every BROKEN_EVERY-th row has no month, so the rerun also has exact quarantine counts. */
const BROKEN_EVERY = 1_000;

let dir: string;
let dbPath: string;

beforeEach(async () => {
  const base = await openTempObservatory();
  // Something already loaded, so "as before" is not just "empty".
  const fire = await base.ingest(await writeExtract(base.dir, 'fire.csv', render(FIRE_HEADER, [fireRow(), fireRow({ call_datetime: '' })]).bytes));
  expect(fire).toMatchObject({ status: 'loaded', rowsLoaded: 1, rowsQuarantined: 1 });
  await base.close();
  ({ dir, dbPath } = base);
});
afterEach(async () => {
  await removeDir(dir);
});
afterAll(disposeTemplates);

/** Everything an ingest writes: counts of every table, the extract log and the quarantine. */
async function databaseState() {
  const db = await Database.open(dbPath);
  try {
    return {
      counts: await tableCounts(db),
      log: await db.all(`SELECT * EXCLUDE (loaded_at), strftime(loaded_at, '%Y-%m-%d %H:%M:%S.%f') AS loaded_at FROM extract_log ORDER BY extract_id`),
      quarantine: await db.all(`SELECT * FROM quarantine ORDER BY extract_id, line_number`),
    };
  } finally {
    await db.close();
  }
}

async function writeBigPoliceExtract(): Promise<string> {
  const row = policeRow({ Month: '2018-05' });
  const lines = [csvLine(POLICE_HEADER)];
  for (let i = 1; i <= ROWS; i++) {
    row[0] = i.toString(16).padStart(64, '0');
    row[1] = i % BROKEN_EVERY === 0 ? '' : '2018-05';
    lines.push(csvLine(row));
  }
  const file = join(dir, 'police-2018-05-big.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

test('SIGKILL mid-ingest leaves the database exactly as before; a rerun loads exact counts', async () => {
  const file = await writeBigPoliceExtract();
  const before = await databaseState();
  const env = observatoryEnv(dbPath);

  // The progress bar is drawn from inside the load transaction, once rows are being appended.
  const ingest = startCliProcess(['ingest', file], env, {
    nodeArgs: ['--import', 'tsx'],
    script: join(PROJECT_ROOT, 'test', 'ingest', 'support', 'cli-with-progress.ts'),
  });
  const progress = /(\d+)%\s+([\d,]+) rows/g;
  const lastProgress = () => [...ingest.stderr().matchAll(progress)].at(-1);
  await waitForOutput(ingest, () => Number(lastProgress()?.[2]?.replace(/,/g, '') ?? 0) > 0);
  ingest.child.kill('SIGKILL');
  const killed = await ingest.exited;

  expect(killed.signal).toBe('SIGKILL');
  const [, percent, rows] = lastProgress() ?? [];
  expect(Number(percent)).toBeLessThan(100);
  expect(Number(rows?.replace(/,/g, ''))).toBeLessThan(ROWS);
  expect(await databaseState()).toEqual(before);

  const rerun = await runCliProcess(['ingest', '--json', file], env);

  expect(rerun.code, rerun.stderr).toBe(0);
  const broken = Math.floor(ROWS / BROKEN_EVERY);
  const [result] = jsonLines(rerun.stdout);
  expect(result).toMatchObject({ extractId: 'EX-000002', status: 'loaded', rowsRead: ROWS, rowsLoaded: ROWS - broken, rowsQuarantined: broken });
  const after = await databaseState();
  expect(after.counts.police_street_crime).toBe(ROWS - broken);
  expect(after.counts.quarantine).toBe(before.counts.quarantine! + broken);
  expect(after.counts.extract_log).toBe(2);
  expect(after.quarantine.filter((q) => q.extract_id === 'EX-000002').map((q) => q.line_number)).toEqual(
    Array.from({ length: broken }, (_, i) => (i + 1) * BROKEN_EVERY + 1),
  );
}, 180_000);
