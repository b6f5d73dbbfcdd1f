/**
 * Issue 11: a full disk while the server runs. The server (`observatory start`) is put under a file size
 * limit once it is ready (util-linux `prlimit --pid`: a write past the limit fails with EFBIG, as one past
 * a full disk fails with ENOSPC). An analyst's `observatory ingest` of a 200,000-row month, handed to the
 * server that holds the database, then runs out of room as DuckDB commits it: the command says the disk
 * is full, and the server keeps serving the figures it served before (DuckDB invalidates its database
 * after such a failure; the server opens it again at the last commit rather than answering 507 until
 * someone restarts it). Once there is room again the same ingest loads, and its month is published.
 * (The hand-off reads the file where it is; an upload's own copy would itself need room under the limit:
 * filled-filesystem.test.ts uploads through the page to a server on a really full tmpfs.)
 * A failure inside a transaction leaves DuckDB usable; one at a checkpoint (the log written into the file)
 * invalidates its instance, and the app opens the file again at the next request (the second test, in process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movedPoliceExtract } from '../support/figure-readers.ts';
import { demoUser, startObservatory, type RunningObservatory } from '../support/observatory-process.ts';
import { jsonLines, runCliProcess } from '../ingest/support/cli.ts';
import { StorageFullError } from '../../pipeline/errors.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { bearerFor } from '../support/sign-in.ts';
import { observatoryEnv, openTempObservatory, PILOT_EXTRACTS, removeDir } from '../support/temp-observatory.ts';

let observatory: RunningObservatory;
let dir: string;

beforeAll(async () => {
  observatory = await startObservatory();
  dir = await mkdtemp(join(tmpdir(), 'full-disk-server-'));
}, 180_000);
afterAll(async () => {
  await observatory?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Sets a process's soft file size limit (bytes, or 'unlimited'): the server's by default, or this test's own
 * (vitest runs each test file in a process of its own). The hard limit stays unlimited, so it can be raised again.
 */
function limitFileSize(limit: number | 'unlimited', pid = observatory.pid): void {
  const run = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${limit}:unlimited`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

/** The pilot's generated March 2019 police rows (points inside the partnership), repeated under new ids as another month. */
async function policeMonth(month: string, rows: number): Promise<string> {
  const text = await readFile(join(PILOT_EXTRACTS, 'police', 'generated-2019-03-lancashire-street.csv'), 'utf8');
  const [header = '', ...lines] = movedPoliceExtract(text, '2019-03', month).trim().split('\n');
  const out = [header];
  for (let i = 1; out.length <= rows; i++) {
    const fields = (lines[i % lines.length] ?? '').split(',');
    fields[0] = i.toString(16).padStart(64, '0');
    out.push(fields.join(','));
  }
  const file = join(dir, `${month}-lancashire-street.csv`);
  await writeFile(file, `${out.join('\n')}\n`);
  return file;
}

describe('a full disk under the running server', () => {
  // A 200,000-row month runs out of room inside its transaction (DuckDB writes a large commit straight into the file).
  const shapes = [{ name: 'a 200,000-row month', rows: 200_000, room: 1024 * 1024 }];
  for (const shape of shapes) {
    it(`${shape.name}: the ingest fails with a clear error, the server keeps serving the figures it served before, and the same file loads once there is room`, async () => {
      const reader = { authorization: `Bearer ${demoUser(observatory, 'analyst').token}` };
      const get = (path: string) => fetch(new URL(path, observatory.baseUrl), { headers: reader });
      const figures = '/api/indicators/all-crime/values?level=lsoa&period=2019-01';
      const before = await get(figures);
      expect(before.status).toBe(200);
      const beforeBody = await before.text();
      const month = '2019-05';

      const file = await policeMonth(month, shape.rows);
      const ingest = () => runCliProcess(['ingest', file, '--json'], observatoryEnv(observatory.databasePath!));
      limitFileSize((await stat(observatory.databasePath!)).size + shape.room);
      const full = await ingest();
      expect(full.stderr).toContain('handing the ingest to it');
      expect(full.code, `${full.stdout}${full.stderr}\nserver:\n${observatory.log()}`).toBe(2);
      expect(full.stderr).toMatch(/the disk is full \(or a file size limit was reached\) on the server, so nothing was changed/);
      expect(full.stderr).not.toMatch(/\n\s+at /); // no stack trace

      // Still serving, from the last commit: the same figures, and the month that did not load is not published.
      const after = await get(figures);
      expect(after.status, await after.clone().text()).toBe(200);
      expect(await after.text()).toBe(beforeBody);
      expect((await get(`/api/indicators/all-crime/values?level=lsoa&period=${month}`)).status).toBe(404);

      limitFileSize('unlimited');
      const retried = await ingest();
      expect(retried.code, retried.stdout + retried.stderr).toBe(0);
      expect(['loaded', 'unchanged']).toContain(jsonLines(retried.stdout)[0]?.status);
      expect((await get(`/api/indicators/all-crime/values?level=lsoa&period=${month}`)).status).toBe(200);
    }, 300_000);
  }
});

describe('a checkpoint the disk refuses under the app', () => {
  it('is fatal to DuckDB, and the next request opens the database again at its last commit and answers as before', async () => {
    const obs = await openTempObservatory();
    try {
      const app = createApp(observatoryState(obs.observatory, { webDir: null, today: () => '2026-11-23' }));
      const auth = await bearerFor(obs.observatory.db, 'analyst');
      // The extract log is read from the database at each request (published figures may come from the build's cache).
      const before = await app.request('/api/extracts', { headers: auth });
      expect(before.status).toBe(200);
      const beforeBody = await before.text();
      // Committed changes in the write-ahead log that the checkpoint must write into a file with no room to grow.
      await obs.observatory.db.transaction((tx) => tx.run(`CREATE TABLE filler AS SELECT i, md5(i::VARCHAR) AS s FROM range(200000) r(i)`));
      limitFileSize((await stat(obs.dbPath)).size + 16 * 1024, process.pid);
      try {
        await expect(obs.observatory.db.exec('CHECKPOINT')).rejects.toThrow(StorageFullError);
        expect(obs.observatory.db.failedFatally).toBe(true);
        const after = await app.request('/api/extracts', { headers: auth });
        expect(after.status, await after.clone().text()).toBe(200);
        expect(await after.text()).toBe(beforeBody);
        expect(obs.observatory.db.failedFatally).toBe(false);
      } finally {
        limitFileSize('unlimited', process.pid);
      }
    } finally {
      await obs.close();
      await removeDir(obs.dir);
    }
  }, 120_000);
});
