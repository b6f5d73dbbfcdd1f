/**
 * Issue 11: an ingest killed (SIGKILL) at twenty moments spread over its work, from the moment the
 * observatory is open through the load to the rebuild, leaves a database that opens, whose extracts and rows are exactly as
 * before or as after (never part of the file), and that `observatory check` passes, or, killed
 * between the load's commit and the rebuild's, names only the unbuilt figures, which re-running
 * the same ingest rebuilds. The rerun then gives exact counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { Database } from '../../pipeline/db/database.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { checkDatabase, type CheckReport } from '../../pipeline/integrity/check-database.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { FIRE_HEADER, POLICE_HEADER, fireRow, policeRow, render, tableCounts } from '../ingest/support/extracts.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, PILOT_DIR, PROJECT_ROOT, removeDir } from '../support/temp-observatory.ts';

const CHILD = join(PROJECT_ROOT, 'test', 'hardening', 'support', 'ingest-child.ts');

const TODAY = '2026-11-23';
const KILLS = 20;
/** Rows in the killed extract; every 50th has no month, so it is quarantined. */
const ROWS = 4_000;

let dir: string;
let baseDb: string;
let extract: string;

beforeAll(async () => {
  const obs = await openTempObservatory();
  dir = obs.dir;
  await writeFile(join(dir, 'fire.csv'), render(FIRE_HEADER, [fireRow(), fireRow({ call_datetime: '' })]).bytes);
  expect((await obs.ingest(join(dir, 'fire.csv'), { today: TODAY })).status).toBe('loaded');
  const { db, definitions, agreements } = obs.observatory;
  await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
  await obs.close();
  baseDb = join(dir, 'base.duckdb');
  await copyFile(obs.dbPath, baseDb);
  const row = policeRow({ Month: '2018-05' });
  const lines = [csvLine(POLICE_HEADER)];
  for (let i = 1; i <= ROWS; i++) {
    row[0] = i.toString(16).padStart(64, '0');
    row[1] = i % 50 === 0 ? '' : '2018-05';
    lines.push(csvLine(row));
  }
  extract = join(dir, 'police-2018-05.csv');
  await writeFile(extract, `${lines.join('\n')}\n`);
}, 120_000);
afterAll(async () => {
  await removeDir(dir);
  await disposeTemplates();
});

type State = { raw: string; figures: string };

/** What an ingest changes (extracts, rows, quarantine) and what a build changes (figures), each as one comparable text. */
async function stateOf(db: Database): Promise<State> {
  const counts = await tableCounts(db);
  const figureTables = ['indicator_build', 'indicator_figure', 'indicator_period', 'indicator_area', 'indicator_text'];
  const rawCounts = Object.entries(counts).filter(([t]) => !figureTables.includes(t) && t !== 'indicator_value' && !t.startsWith('audit'));
  const log = await db.all(`SELECT * EXCLUDE (loaded_at) FROM extract_log ORDER BY extract_id`);
  const figures = await db.all(`SELECT count(*)::INTEGER AS n, coalesce(md5(string_agg(v::VARCHAR, '|' ORDER BY v::VARCHAR)), '') AS digest FROM (SELECT * EXCLUDE (build_id) FROM indicator_value) v`);
  return { raw: JSON.stringify({ rawCounts, log }), figures: JSON.stringify(figures) };
}

async function inspect(dbPath: string): Promise<{ state: State; report: CheckReport }> {
  const db = await Database.open(dbPath);
  try {
    return { state: await stateOf(db), report: await checkDatabase(db, PILOT_DIR, TODAY) };
  } finally {
    await db.close();
  }
}

async function freshCopy(name: string): Promise<string> {
  const path = join(dir, `${name}.duckdb`);
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
  await copyFile(baseDb, path);
  return path;
}

/** A fixed sequence in [0, 1), so a failure replays with the same kill moments. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** A child that has opened the observatory and waits to be told to ingest. */
type ReadyChild = { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> };

/** Starts the ingest in a child process; resolves once its observatory is open. */
async function startIngest(db: string): Promise<ReadyChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, extract], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...observatoryEnv(db), TODAY },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (stdout.startsWith('opened')) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
    void exited.then(() => {
      clearInterval(poll);
      reject(new Error(`the child exited before opening the observatory: ${stderr}`));
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The same ingest again, in this process (the same library calls), as a rerun after a kill. */
async function rerun(db: string): Promise<IngestResult> {
  const observatory = await openObservatory(loadConfig(observatoryEnv(db)));
  try {
    const result = await ingestExtract(observatory.ingest, extract, { today: TODAY });
    await rebuildAfterIngest(observatory.db, observatory.definitions, observatory.agreements, [result]);
    return result;
  } finally {
    await observatory.db.close();
  }
}

it(`survives ${KILLS} SIGKILLs spread over an ingest and its rebuild: before or after, never between, and the check passes`, async () => {
  const before = (await inspect(await freshCopy('before'))).state;
  const reference = await freshCopy('reference');
  const run = await startIngest(reference);
  const go = performance.now();
  run.child.stdin?.end('go\n');
  const code = await run.exited;
  const window = performance.now() - go;
  expect(code, run.stderr()).toBe(0);
  const exact = { status: 'loaded', rowsRead: ROWS, rowsLoaded: ROWS - ROWS / 50, rowsQuarantined: ROWS / 50 };
  expect(JSON.parse(run.stdout().split('\n')[1] ?? '')).toMatchObject(exact);
  const after = await inspect(reference);
  expect(after.report).toMatchObject({ ok: true });
  expect(after.state.raw).not.toBe(before.raw);
  expect(after.state.figures).not.toBe(before.figures);

  const random = seeded(20261207);
  const outcomes = { before: 0, loadedNotBuilt: 0, after: 0 };
  // The next child starts (and opens its copy) while this one works, is killed and its database checked.
  const prepare = async (k: number) => {
    const db = await freshCopy(`killed-${k}`);
    return { db, child: await startIngest(db) };
  };
  let next = prepare(0);
  for (let k = 0; k < KILLS; k++) {
    const { db, child } = await next;
    // One moment in each twentieth of the reference run's work, so the kills reach every phase of it.
    const at = ((k + random()) / KILLS) * window;
    child.child.stdin?.end('go\n');
    if (k + 1 < KILLS) next = prepare(k + 1);
    await new Promise((resolve) => setTimeout(resolve, at));
    child.child.kill('SIGKILL');
    await child.exited;

    const { state, report } = await inspect(db);
    const where = `kill ${k} at ${Math.round(at)} ms of ${Math.round(window)}`;
    if (state.raw === before.raw) {
      outcomes.before++;
      expect(state.figures, where).toBe(before.figures);
      expect(report, where).toMatchObject({ ok: true });
    } else {
      expect(state.raw, where).toBe(after.state.raw);
      if (state.figures === after.state.figures) {
        outcomes.after++;
        expect(report, where).toMatchObject({ ok: true });
      } else {
        // Killed after the load committed and before the rebuild did: the check names exactly that.
        outcomes.loadedNotBuilt++;
        expect(state.figures, where).toBe(before.figures);
        expect(report.problems, where).toEqual([
          { check: 'indicators', problem: expect.stringMatching(/^the figures of police\.street_crime \(build 1\) were not built from the extracts now in force/) },
        ]);
      }
    }
    // The rerun gives exact counts (the file, or the same bytes already loaded), and mends figures left unbuilt.
    if (k === 0 || (state.raw !== before.raw && state.figures !== after.state.figures)) {
      const again = await rerun(db);
      expect(again, where).toMatchObject({ ...exact, status: state.raw === before.raw ? 'loaded' : 'unchanged' });
      const healed = await inspect(db);
      expect(healed.report, where).toMatchObject({ ok: true });
      expect(healed.state, where).toEqual(after.state);
    }
    for (const file of [db, `${db}.wal`]) if (existsSync(file)) await rm(file);
  }
  console.log(`crash safety: ${KILLS} kills over ${Math.round(window)} ms of work: ${JSON.stringify(outcomes)}`);
  expect(outcomes.before + outcomes.loadedNotBuilt + outcomes.after).toBe(KILLS);
}, 240_000);
