/**
 * A checkpoint the disk refuses is fatal to DuckDB's instance: every later statement fails. The database
 * reports that as a full disk, and opens the file again at its last commit (the write-ahead log replayed,
 * which needs no room), so a long-running server serves again without a restart. This test's own
 * process is put under a soft file size limit (util-linux `prlimit --pid`; vitest runs each test file in
 * a process of its own), which fails a write past it with EFBIG as a full disk fails one with ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { StorageFullError } from '../errors.ts';
import { Database } from './database.ts';

let dir = '';
afterEach(() => {
  limitFileSize('unlimited');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sets this process's soft file size limit; the hard one stays unlimited so it can be raised again. */
function limitFileSize(limit: number | 'unlimited'): void {
  const run = spawnSync('prlimit', ['--pid', String(process.pid), `--fsize=${limit}:unlimited`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

/** Appends `rows` rows of incompressible text in one transaction. */
async function addRows(db: Database, from: number, rows: number): Promise<void> {
  await db.transaction((tx) => tx.run(`INSERT INTO t SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) FROM range($from, $to) r(i)`, { from, to: from + rows }));
}

it('reports a refused checkpoint as a full disk, keeps failing with it, and opens the file again at its last commit, even before there is room', async () => {
  dir = mkdtempSync(join(tmpdir(), 'reopen-after-fatal-'));
  const path = join(dir, 'db.duckdb');
  const db = await Database.open(path);
  try {
    await db.exec('CREATE TABLE t (i BIGINT, s VARCHAR)');
    await addRows(db, 0, 100_000);
    await db.exec('CHECKPOINT');
    // The commit goes to the write-ahead log (a file of its own, with room); the checkpoint must grow the database file.
    limitFileSize(statSync(path).size + 16 * 1024);
    await addRows(db, 100_000, 50_000);
    await expect(db.exec('CHECKPOINT')).rejects.toThrow(StorageFullError);
    expect(db.failedFatally).toBe(true);
    await expect(db.all('SELECT count(*)::INTEGER AS n FROM t')).rejects.toThrow(/the disk is full \(or a file size limit was reached\)/);

    // Reading needs no room: the file opens again at its last commit (replayed from the log) while the disk is still full.
    expect(await db.reopenAfterFatal()).toBe(true);
    expect(db.failedFatally).toBe(false);
    expect(await db.all('SELECT count(*)::INTEGER AS n, count(DISTINCT i)::INTEGER AS d FROM t')).toEqual([{ n: 150_000, d: 150_000 }]);

    // With room again, the checkpoint that failed succeeds and writing goes on.
    limitFileSize('unlimited');
    await db.exec('CHECKPOINT');
    await addRows(db, 150_000, 10);
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM t')).toEqual([{ n: 150_010 }]);
    expect(await db.reopenAfterFatal()).toBe(false);
  } finally {
    limitFileSize('unlimited');
    await db.close();
  }
});
