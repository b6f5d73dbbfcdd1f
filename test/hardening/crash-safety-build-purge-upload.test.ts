/**
 * Issue 11 (faults), beyond the ingest of crash-safety.test.ts: a full build alone (`observatory build`),
 * a purge (`observatory purge`) and an upload through the running server (`observatory serve`), each
 * killed (SIGKILL) at moments spread over its work. After every kill the database opens, its extracts,
 * rows and figures are exactly as before the work or as after it (never part of it), `observatory check`
 * passes or names only the figures left unbuilt, and re-running the same work ends where the uninterrupted
 * run did.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { createDemoUsers } from '../../pipeline/access/user-store.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { checkDatabase, type CheckReport } from '../../pipeline/integrity/check-database.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { FIRE_HEADER, POLICE_HEADER, fireRow, policeRow, render, tableCounts } from '../ingest/support/extracts.ts';
import { READY_LINE } from '../support/observatory-process.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, PILOT_DIR, PROJECT_ROOT, removeDir } from '../support/temp-observatory.ts';

const WORK_CHILD = join(PROJECT_ROOT, 'test', 'hardening', 'support', 'work-child.ts');
const CLI = join(PROJECT_ROOT, 'bin', 'observatory.mjs');
const TODAY = '2026-11-23';
/** Past every agreement's retention of the rows loaded today (police keeps them 3650 days). */
const PURGE_DAY = '2037-01-01';
const KILLS_EACH = 5;
const ROWS = 3_000;

let dir: string;
/** Fire and police loaded and built (the purge's and the upload's starting point). */
let builtDb: string;
/** The same loaded rows, never built (the build's starting point). */
let unbuiltDb: string;
let extractText: string;
let adminToken: string;

beforeAll(async () => {
  const obs = await openTempObservatory();
  dir = obs.dir;
  await writeFile(join(dir, 'fire.csv'), render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' }), fireRow({ call_datetime: '' })]).bytes);
  expect((await obs.ingest(join(dir, 'fire.csv'), { today: TODAY })).status).toBe('loaded');
  const row = policeRow({ Month: '2018-05' });
  const lines = [csvLine(POLICE_HEADER)];
  for (let i = 1; i <= ROWS; i++) {
    row[0] = i.toString(16).padStart(64, '0');
    row[1] = i % 50 === 0 ? '' : '2018-05';
    lines.push(csvLine(row));
  }
  await writeFile(join(dir, 'police-2018-05.csv'), `${lines.join('\n')}\n`);
  expect((await obs.ingest(join(dir, 'police-2018-05.csv'), { today: TODAY })).status).toBe('loaded');
  const { db, agreements } = obs.observatory;
  adminToken = (await createDemoUsers(db, [...new Set(agreements.map((a) => a.partner))].sort(), { today: TODAY, days: 3650 })).find((u) => u.role === 'admin')!.token;
  await obs.close();
  unbuiltDb = join(dir, 'unbuilt.duckdb');
  await copyFile(obs.dbPath, unbuiltDb);
  const observatory = await openObservatory(loadConfig(observatoryEnv(obs.dbPath)));
  await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true }, TODAY);
  await observatory.db.close();
  builtDb = join(dir, 'built.duckdb');
  await copyFile(obs.dbPath, builtDb);
  // The upload: a police month the database lacks.
  extractText = (`${lines.map((l, i) => (i === 0 ? l : l.replace(',2018-05,', ',2018-06,').replace(/^0/, 'a'))).join('\n')}\n`);
}, 180_000);
afterAll(async () => {
  await removeDir(dir);
  await disposeTemplates();
});

type State = { raw: string; figures: string };

/** What the work can change, each as one comparable text: extracts and raw rows; figures. */
async function stateOf(db: Database): Promise<State> {
  const counts = await tableCounts(db);
  const figureTables = ['indicator_build', 'indicator_figure', 'indicator_period', 'indicator_area', 'indicator_text'];
  const rawCounts = Object.entries(counts).filter(([t]) => !figureTables.includes(t) && t !== 'indicator_value' && !t.startsWith('audit') && t !== 'observatory_user' && t !== 'access_token');
  const log = await db.all(`SELECT * EXCLUDE (loaded_at, loaded_by, purged_at), purged_at IS NOT NULL AS purged FROM extract_log ORDER BY extract_id`);
  const figures = await db.all(`SELECT count(*)::INTEGER AS n, coalesce(md5(string_agg(v::VARCHAR, '|' ORDER BY v::VARCHAR)), '') AS digest FROM (SELECT * EXCLUDE (build_id) FROM indicator_value) v`);
  return { raw: JSON.stringify({ rawCounts, log }), figures: JSON.stringify(figures) };
}

async function inspect(dbPath: string, today: string): Promise<{ state: State; report: CheckReport }> {
  const db = await Database.open(dbPath);
  try {
    return { state: await stateOf(db), report: await checkDatabase(db, PILOT_DIR, today) };
  } finally {
    await db.close();
  }
}

async function copyOf(source: string, name: string): Promise<string> {
  const path = join(dir, `${name}.duckdb`);
  for (const file of [path, `${path}.wal`]) await rm(file, { force: true });
  await copyFile(source, path);
  return path;
}

/** A fixed sequence in [0, 1), so a failure replays with the same kill moments. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** A started piece of work: `go` begins it; `done` settles with its exit code when the process ends. */
type Work = { child: ChildProcess; go: () => void; done: Promise<number | null>; output: () => string };

function collect(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (t: string) => (output += t));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => (output += t));
  return { output: () => output, exited: new Promise((resolve) => child.once('close', (code) => resolve(code))) };
}

/** `observatory build` or `purge` in a child, opened and waiting for the word to start. */
async function startChild(work: 'build' | 'purge', db: string, today: string): Promise<Work> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORK_CHILD, work], { cwd: PROJECT_ROOT, env: { ...process.env, ...observatoryEnv(db), TODAY: today }, stdio: ['pipe', 'pipe', 'pipe'] });
  const { output, exited } = collect(child);
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => output().startsWith('opened') && (clearInterval(poll), resolve()), 5);
    void exited.then(() => (clearInterval(poll), reject(new Error(`the child exited before opening: ${output()}`))));
  });
  return { child, go: () => child.stdin?.end('go\n'), done: exited, output };
}

/** `observatory serve` on the database, ready; `go` uploads the extract through it (the upload, ingest and rebuild), `done` settles when the answer came. */
async function startUpload(db: string): Promise<Work> {
  const child = spawn(process.execPath, [CLI, 'serve'], { cwd: PROJECT_ROOT, env: { ...process.env, ...observatoryEnv(db), PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const { output, exited } = collect(child);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = READY_LINE.exec(line);
      if (match?.[1]) resolve(`${match[1]}/`);
    });
    void exited.then(() => reject(new Error(`the server exited before it was ready: ${output()}`)));
  });
  let settle!: (code: number | null) => void;
  const done = new Promise<number | null>((resolve) => (settle = resolve));
  const go = () => {
    const form = new FormData();
    form.set('file', new Blob([extractText], { type: 'text/csv' }), 'police-2018-06.csv');
    void fetch(new URL('/api/extracts', baseUrl), { method: 'POST', headers: { authorization: `Bearer ${adminToken}` }, body: form })
      .then(async (r) => {
        const body = await r.text();
        child.kill('SIGTERM');
        const code = await exited;
        // A failed upload is a failed run, whatever the server's exit.
        settle(r.status === 200 && /"status":"(loaded|unchanged)"/.test(body) ? code : -1);
      })
      // The request fails when the test kills the server: the run ends with the process.
      .catch(async () => settle(await exited));
  };
  return { child, go, done, output };
}

/**
 * Runs the work once uninterrupted (the reference: its duration is the window the kills are spread
 * over, its end state the "after"), then KILLS_EACH times killed at one moment in each slice of that
 * window, checking each killed database and re-running the work on it.
 */
async function survivesKills(label: string, source: string, today: string, start: (db: string) => Promise<Work>, seed: number): Promise<Record<string, number>> {
  const before = await inspect(await copyOf(source, `${label}-before`), today);
  const reference = await copyOf(source, `${label}-reference`);
  const run = await start(reference);
  const t0 = performance.now();
  run.go();
  const code = await run.done;
  const window = performance.now() - t0;
  expect(code, run.output()).toBe(0);
  const after = await inspect(reference, today);
  expect(after.report, `${label} reference`).toMatchObject({ ok: true });
  expect(after.state, `${label} reference`).not.toEqual(before.state);

  const random = seeded(seed);
  const outcomes = { before: 0, loadedNotBuilt: 0, after: 0 };
  for (let k = 0; k < KILLS_EACH; k++) {
    const db = await copyOf(source, `${label}-killed-${k}`);
    const work = await start(db);
    const at = ((k + random()) / KILLS_EACH) * window;
    work.go();
    await new Promise((resolve) => setTimeout(resolve, at));
    work.child.kill('SIGKILL');
    await work.done;
    const where = `${label}: kill ${k} at ${Math.round(at)} ms of ${Math.round(window)}`;
    const { state, report } = await inspect(db, today);
    if (state.raw === before.state.raw && state.figures === before.state.figures) {
      outcomes.before++;
      // As it was: the check says what it said of the database before the work (the unbuilt figures, before a build).
      expect(report, where).toEqual(before.report);
    } else if (state.raw === after.state.raw && state.figures === after.state.figures) {
      outcomes.after++;
      expect(report, where).toMatchObject({ ok: true });
    } else {
      // Only an upload commits twice (its load, then its rebuild): killed between, the check names the unbuilt figures.
      outcomes.loadedNotBuilt++;
      expect(state.raw, where).toBe(after.state.raw);
      expect(state.figures, where).toBe(before.state.figures);
      expect(report.problems.length, where).toBeGreaterThan(0);
      for (const problem of report.problems) expect(problem, where).toMatchObject({ check: 'indicators', problem: expect.stringMatching(/were not built from the extracts now in force/) });
    }
    // Re-running the work on the killed database ends where the uninterrupted run did (once, and whenever a kill fell between two commits).
    if (k === 0 || (state.raw === after.state.raw && state.figures !== after.state.figures)) {
      const again = await start(db);
      again.go();
      expect(await again.done, `${where}: rerun ${again.output()}`).toBe(0);
      const healed = await inspect(db, today);
      expect(healed.report, `${where}: after the rerun`).toMatchObject({ ok: true });
      expect(healed.state, `${where}: after the rerun`).toEqual(after.state);
    }
    for (const file of [db, `${db}.wal`]) if (existsSync(file)) await rm(file);
  }
  console.log(`crash safety, ${label}: ${KILLS_EACH} kills over ${Math.round(window)} ms of work: ${JSON.stringify(outcomes)}`);
  return outcomes;
}

it(`survives ${KILLS_EACH} SIGKILLs of a full build alone: no figures or all of them, and a rerun builds them`, async () => {
  await survivesKills('build', unbuiltDb, TODAY, (db) => startChild('build', db, TODAY), 11);
}, 300_000);

it(`survives ${KILLS_EACH} SIGKILLs of a purge: every expired extract's rows or none, and a rerun purges them`, async () => {
  await survivesKills('purge', builtDb, PURGE_DAY, (db) => startChild('purge', db, PURGE_DAY), 12);
}, 300_000);

it(`survives ${KILLS_EACH} SIGKILLs of the server during an upload: the extract whole or absent, and uploading it again completes`, async () => {
  await survivesKills('upload', builtDb, TODAY, startUpload, 13);
}, 400_000);
