/**
 * Issue 11: a full disk during an ingest. The CLI runs under a file size limit (RLIMIT_FSIZE through
 * util-linux's prlimit: a write past it fails with EFBIG, as one past a full disk fails with ENOSPC),
 * so no test needs root to mount a small filesystem. Whether the disk runs out in a whole-force
 * file's commit (DuckDB writes a large one straight into the database file) or at the checkpoint
 * after a small one: a clear error (no stack trace), the extract whole or absent, never part of it,
 * and the same ingest run again with space gives exactly what an ingest with space all along gives,
 * which `observatory check` passes.
 */
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCliProcess, startCliProcess } from '../ingest/support/cli.ts';
import { observatoryEnv, openTempObservatory, removeDir } from '../support/temp-observatory.ts';
import { policeExtract, stateOf } from './support/full-disk.ts';

let dir: string;
let baseDb: string;

/** A fresh copy of the base database, its size, and the environment the CLI runs in. */
async function copyOfBase(name: string): Promise<{ db: string; size: number; env: Record<string, string> }> {
  const db = join(dir, `${name}.duckdb`);
  await copyFile(baseDb, db);
  return { db, size: (await stat(db)).size, env: observatoryEnv(db) };
}

beforeAll(async () => {
  const obs = await openTempObservatory();
  dir = obs.dir;
  await obs.close();
  baseDb = join(dir, 'base.duckdb');
  await copyFile(obs.dbPath, baseDb);
}, 120_000);
afterAll(async () => {
  await removeDir(dir);
});

describe('a full disk during an ingest', () => {
  const shapes = [
    { name: 'a whole-force file (200,000 rows)', file: 'police-2019-05-whole-force.csv', rows: 200_000, room: 1024 * 1024 },
    { name: 'a small file (3,000 rows)', file: 'police-2019-05-small.csv', rows: 3_000, room: 64 * 1024 },
  ];
  for (const shape of shapes) {
    it(`${shape.name}: a clear error, the extract whole or absent, and the same ingest again gives what it gives with space`, async () => {
      const file = await policeExtract(dir, shape.file, shape.rows);
      const reference = await copyOfBase(`reference-${shape.rows}`);
      const loaded = await runCliProcess(['ingest', file, '--json'], reference.env);
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(jsonLines(loaded.stdout)[0]?.status).toBe('loaded');

      const { db, size, env } = await copyOfBase(`full-${shape.rows}`);
      const before = await stateOf(db, true);
      const run = await startCliProcess(['ingest', file], env, { fileSizeLimit: size + shape.room }).exited;
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).not.toContain('unexpected error');
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(run.stderr).toMatch(/the disk is full \(or a file size limit was reached\) while (writing|checkpointing) the database/);

      // Opened again with space: the extract is there whole or not at all.
      expect([before, await stateOf(reference.db, true)]).toContain(await stateOf(db, true));

      const again = await runCliProcess(['ingest', file, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(['loaded', 'unchanged']).toContain(jsonLines(again.stdout)[0]?.status);
      expect(await stateOf(db)).toBe(await stateOf(reference.db));
      const check = await runCliProcess(['check', '--json'], env);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    }, 300_000);
  }
});
