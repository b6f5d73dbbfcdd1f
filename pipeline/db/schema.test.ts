/**
 * A database made before a column was added opens as before: the column is added, and its old
 * rows take the default that was true of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { findStoredSession } from '../access/stored-sessions.ts';
import { Database } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'observatory-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// extract_log as the schema created it before rows outside the area were counted apart.
const EXTRACT_LOG_BEFORE_OUTSIDE_AREA = `CREATE TABLE extract_log (
  extract_id VARCHAR PRIMARY KEY, partner VARCHAR, dataset VARCHAR, agreement_id VARCHAR, agreement_version VARCHAR,
  file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, generated BOOLEAN NOT NULL, period_start DATE, period_end DATE,
  rows_read INTEGER NOT NULL, rows_loaded INTEGER NOT NULL, rows_quarantined INTEGER NOT NULL, fields_dropped VARCHAR NOT NULL,
  quarantine_reasons VARCHAR NOT NULL, quality VARCHAR NOT NULL, loaded_by VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL, refusal_reason VARCHAR, superseded_by VARCHAR, purged_at TIMESTAMP, rows_purged INTEGER)`;

async function columnsOf(db: Database, table = 'extract_log'): Promise<string[]> {
  const rows = await db.all(`SELECT column_name FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position`, { table });
  return rows.map((r) => String(r.column_name));
}

describe('schema', () => {
  it('adds rows_outside_area and outside_area_districts to an older extract log, old rows taking 0 and []', async () => {
    const path = join(dir, 'old.duckdb');
    const old = await DuckDBInstance.create(path);
    const connection = await old.connect();
    await connection.run(EXTRACT_LOG_BEFORE_OUTSIDE_AREA);
    await connection.run(
      `INSERT INTO extract_log VALUES ('EX-000001', 'police', 'police.street_crime', 'DSA', '1.0', 'old.csv', 'abc', false, NULL, NULL,
         10, 2, 8, '[]', '{}', '{}', 'someone', now()::TIMESTAMP, 'loaded', NULL, NULL, NULL, NULL)`,
    );
    connection.closeSync();
    old.closeSync();

    for (let opening = 0; opening < 2; opening++) {
      const db = await Database.open(path);
      try {
        expect(await db.all(`SELECT rows_quarantined, rows_outside_area, outside_area_districts FROM extract_log`)).toEqual([
          { rows_quarantined: 8, rows_outside_area: 0, outside_area_districts: '[]' },
        ]);
      } finally {
        await db.close();
      }
    }

    const fresh = await Database.open(join(dir, 'new.duckdb'));
    const migrated = await Database.open(path);
    try {
      expect(await columnsOf(migrated)).toEqual(await columnsOf(fresh));
    } finally {
      await fresh.close();
      await migrated.close();
    }
  });

  it('adds token_id to older stored sessions: theirs is null (as a password sign-in), and they stay signed in', async () => {
    const path = join(dir, 'old-sessions.duckdb');
    const old = await DuckDBInstance.create(path);
    const connection = await old.connect();
    await connection.run(`CREATE TABLE observatory_user (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, disabled BOOLEAN NOT NULL DEFAULT false, password_hash VARCHAR, created_at TIMESTAMP NOT NULL)`);
    await connection.run(`CREATE TABLE observatory_session (session_hash VARCHAR NOT NULL, user_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)`);
    await connection.run(`INSERT INTO observatory_user VALUES ('ana', 'analyst', false, NULL, now()::TIMESTAMP)`);
    await connection.run(`INSERT INTO observatory_session VALUES ('old-hash', 'ana', now()::TIMESTAMP, now()::TIMESTAMP + INTERVAL 8 HOUR)`);
    connection.closeSync();
    old.closeSync();

    const db = await Database.open(path);
    const fresh = await Database.open(join(dir, 'new-sessions.duckdb'));
    try {
      expect(await db.all(`SELECT user_name, token_id FROM observatory_session`)).toEqual([{ user_name: 'ana', token_id: null }]);
      expect(await findStoredSession(db, 'old-hash', Date.now())).toMatchObject({ name: 'ana', tokenId: null });
      expect(await columnsOf(db, 'observatory_session')).toEqual(await columnsOf(fresh, 'observatory_session'));
    } finally {
      await db.close();
      await fresh.close();
    }
  });
});
