import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOUBLE, INTEGER, VARCHAR } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendRows, CHUNK_ROWS, ColumnAppender } from './column-appender.ts';
import { Database } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'column-appender-'));
let db: Database;
beforeAll(async () => {
  db = await Database.open(join(dir, 'test.duckdb'));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('appending typed-array columns', () => {
  it('writes every row across full and partial chunks, copying same-kind columns and converting the others', async () => {
    // Two full chunks and a partial one; an INTEGER column from an Int32Array (copied whole), a DOUBLE
    // column from a Float64Array (copied whole) and a DOUBLE column from an Int32Array (value by value).
    const rows = 2 * CHUNK_ROWS + 7;
    const ids = Int32Array.from({ length: rows }, (_, i) => i);
    const halves = Float64Array.from({ length: rows }, (_, i) => i / 2 - 1000.25);
    const squares = Int32Array.from({ length: rows }, (_, i) => (i % 1000) * (i % 1000));
    await db.transaction(async (tx) => {
      await tx.run('CREATE TABLE figures (id INTEGER, half DOUBLE, square DOUBLE)');
      const appender = new ColumnAppender(await tx.appender('figures'), [INTEGER, DOUBLE, DOUBLE]);
      appender.append([ids, halves, squares], rows);
      appender.close();
    });

    const [id = new Float64Array(), half = new Float64Array(), square = new Float64Array()] = await db.numberColumns(
      'SELECT id::DOUBLE, half, square FROM figures ORDER BY id',
    );
    expect(id.length).toBe(rows);
    expect(Array.from(id)).toEqual(Array.from(ids));
    expect(Array.from(half)).toEqual(Array.from(halves));
    expect(Array.from(square)).toEqual(Array.from(squares));
  });

  it('appends only the rows asked for, not the rest of a longer column', async () => {
    await db.transaction(async (tx) => {
      await tx.run('CREATE TABLE partial (value DOUBLE)');
      const appender = new ColumnAppender(await tx.appender('partial'), [DOUBLE]);
      appender.append([Float64Array.from([1, 2, 3, 4, 5])], 3);
      appender.close();
    });
    expect(await db.all('SELECT sum(value)::DOUBLE AS total, count(*)::INTEGER AS n FROM partial')).toEqual([{ total: 6, n: 3 }]);
  });

  it('appends a few rows of any values, nulls included', async () => {
    await db.transaction(async (tx) => {
      await tx.run('CREATE TABLE labels (code INTEGER, label VARCHAR)');
      await appendRows(tx, 'labels', [INTEGER, VARCHAR], [
        [1, 'withheld'],
        [2, null],
      ]);
      await appendRows(tx, 'labels', [INTEGER, VARCHAR], []);
    });
    expect(await db.all('SELECT code, label FROM labels ORDER BY code')).toEqual([
      { code: 1, label: 'withheld' },
      { code: 2, label: null },
    ]);
  });
});
