/**
 * indicator_value is a view over figures stored as numbers and codes (pipeline/db/schema.ts). Its
 * columns must stay what readers were written against, and a database made when it was a table
 * must open and rebuild.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import { makeTempDir, removeDir } from '../support/temp-observatory.ts';

/** The table every reader of indicator_value was written against. */
const LEGACY_TABLE = `CREATE TABLE indicator_value (
  build_id INTEGER NOT NULL, indicator_id VARCHAR NOT NULL, level VARCHAR NOT NULL, area_code VARCHAR NOT NULL,
  period_id VARCHAR NOT NULL, period_start DATE NOT NULL, numerator DOUBLE, denominator DOUBLE, value DOUBLE,
  lower DOUBLE, upper DOUBLE, suppressed BOOLEAN NOT NULL, suppression_reason VARCHAR, comparison VARCHAR,
  trend VARCHAR, rag VARCHAR)`;

let dir: string | null = null;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = null;
});

async function columnsOf(db: Database, table: string): Promise<string[]> {
  const rows = await db.all(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position`, { table });
  return rows.map((r) => `${String(r.column_name)} ${String(r.data_type)}`);
}

describe('indicator_value storage', () => {
  it('is a view with the columns and types of the table readers were written against', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(LEGACY_TABLE);
    const legacy = await connection.runAndReadAll(
      `SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = 'indicator_value' ORDER BY ordinal_position`,
    );
    const expected = legacy.getRowObjectsJson().map((r) => String(r.c));
    connection.closeSync();
    instance.closeSync();

    dir = await makeTempDir('observatory-storage-');
    const db = await Database.open(join(dir, 'fresh.duckdb'));
    try {
      const kind = await db.all(`SELECT table_type FROM information_schema.tables WHERE table_name = 'indicator_value'`);
      expect(kind.map((r) => r.table_type)).toEqual(['VIEW']);
      expect(expected).toHaveLength(16);
      expect(await columnsOf(db, 'indicator_value')).toEqual(expected);
    } finally {
      await db.close();
    }
  });

  it('replaces the table of an older database by the view and forgets its builds, so the next build is a full one', async () => {
    dir = await makeTempDir('observatory-storage-');
    const file = join(dir, 'older.duckdb');
    const fresh = await Database.open(file);
    await fresh.exec(`DROP VIEW indicator_value`);
    await fresh.exec(LEGACY_TABLE);
    await fresh.exec(`INSERT INTO indicator_value VALUES (1, 'all-crime', 'lsoa', 'E01024915', '2019-01', DATE '2019-01-01', 3, 1500, 2, 0.4, 5.8, false, NULL, NULL, NULL, NULL)`);
    await fresh.exec(`INSERT INTO indicator_build VALUES (1, now()::TIMESTAMP, now()::TIMESTAMP, true, 1, 1, 5, NULL)`);
    await fresh.close();

    const reopened = await Database.open(file);
    try {
      const kind = await reopened.all(`SELECT table_type FROM information_schema.tables WHERE table_name = 'indicator_value'`);
      expect(kind.map((r) => r.table_type)).toEqual(['VIEW']);
      expect(await reopened.all(`SELECT count(*)::INTEGER AS n FROM indicator_value`)).toEqual([{ n: 0 }]);
      expect(await reopened.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`)).toEqual([{ n: 0 }]);
    } finally {
      await reopened.close();
    }
  });
});
