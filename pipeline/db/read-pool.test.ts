import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, READ_CONNECTIONS } from './database.ts';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observatory-read-pool-'));
  db = await Database.open(join(dir, 'pool.duckdb'));
  await db.exec('CREATE TABLE numbers AS SELECT range::INTEGER AS n FROM range(1000)');
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Database reads', () => {
  it('answer while the writer is held, seeing only committed data', async () => {
    let release!: () => void;
    const writing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO numbers VALUES (5000)');
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rows = await db.all('SELECT count(*)::INTEGER AS n FROM numbers');
    expect(rows).toEqual([{ n: 1000 }]);
    release();
    await writing;
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM numbers')).toEqual([{ n: 1001 }]);
  });

  it('run side by side, more of them than there are read connections', async () => {
    const answers = await Promise.all(Array.from({ length: READ_CONNECTIONS * 3 }, (_, i) => db.all('SELECT $i::INTEGER AS i, count(*)::INTEGER AS n FROM numbers', { i })));
    expect(answers.map((rows) => rows[0]?.i)).toEqual(Array.from({ length: READ_CONNECTIONS * 3 }, (_, i) => i));
  });

  it('give a stream’s connection back when the stream is left early', async () => {
    for (let k = 0; k < READ_CONNECTIONS + 2; k++) {
      for await (const row of db.stream('SELECT n FROM numbers ORDER BY n')) {
        expect(row.n).toBe(0);
        break;
      }
    }
    expect(await db.all('SELECT 1::INTEGER AS one')).toEqual([{ one: 1 }]);
  });
});
