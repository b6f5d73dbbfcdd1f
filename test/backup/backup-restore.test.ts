/**
 * Issue 11: `observatory backup` writes every table as Parquet that a restore reads back identical,
 * row for row; a damaged file is refused before anything is written; the pseudonymisation key and
 * credentials (token and password hashes) never reach the backup.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken, setPassword } from '../../pipeline/access/user-store.ts';
import { insertSessions } from '../../pipeline/access/stored-sessions.ts';
import { backupDatabase, baseTables } from '../../pipeline/backup/backup-database.ts';
import { readBackupManifest, restoreDatabase } from '../../pipeline/backup/restore-database.ts';
import { Database } from '../../pipeline/db/database.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import {
  disposeTemplates,
  makeTempDir,
  openTempObservatory,
  PILOT_EXTRACTS,
  removeDir,
  TEST_PSEUDONYM_KEY,
  type TempObservatory,
} from '../support/temp-observatory.ts';
import { tokenSecret } from '../support/sign-in.ts';

let obs: TempObservatory;
let dir: string;

beforeAll(async () => {
  obs = await openTempObservatory();
  dir = await makeTempDir('observatory-backup-');
  for (const file of ['fire/generated-fire-incidents-2018-Q4.csv', 'police/2019-01-lancashire-street.csv', 'health/generated-health-activity-2018-Q4.csv']) {
    const result = await obs.ingest(join(PILOT_EXTRACTS, file), { today: '2026-11-23' });
    expect(result.status, result.reason ?? '').toBe('loaded');
  }
  await buildIndicators(obs.observatory.db, obs.observatory.definitions, obs.observatory.agreements, { full: true });
});
afterAll(async () => {
  await obs.dispose();
  await removeDir(dir);
  await disposeTemplates();
});

/** Every row of a table in a stable order, as JSON text. */
async function tableRows(db: Database, table: string): Promise<string[]> {
  const rows = await db.all(`SELECT * FROM "${table}"`);
  return rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).sort();
}

describe('backup and restore', () => {
  it('round-trips every table row for row, with extract rows partitioned by partner, dataset and period', async () => {
    const backupDir = join(dir, 'backup');
    const summary = await backupDatabase(obs.observatory.db, backupDir, 'chorley-south-ribble');
    // About 7,600 rows: the police file's rows outside the partnership are counted, not stored (issue 15).
    expect(summary.rows).toBeGreaterThan(5_000);

    const manifest = readBackupManifest(backupDir);
    const fire = manifest.tables.find((t) => t.name === 'fire_incidents');
    expect(fire?.partitionedBy).toEqual(['partner', 'dataset', 'period']);
    expect(fire?.files.map((f) => f.path)).toContainEqual(expect.stringMatching(/^fire_incidents\/partner=fire\/dataset=fire\.incidents\/period=2018-10\/.+\.parquet$/));

    const restoredPath = join(dir, 'restored.duckdb');
    const restored = await restoreDatabase(backupDir, restoredPath);
    expect(restored.rows).toBe(summary.rows);

    const target = await Database.open(restoredPath);
    try {
      const tables = await baseTables(obs.observatory.db);
      expect(await baseTables(target)).toEqual(tables);
      for (const table of tables) {
        const [before, after] = [await tableRows(obs.observatory.db, table), await tableRows(target, table)];
        expect(after.length, table).toBe(before.length);
        expect(after, table).toEqual(before);
      }
    } finally {
      await target.close();
    }
  });

  it('refuses a folder that is not empty, and a restore over an existing database', async () => {
    const backupDir = join(dir, 'backup');
    await expect(backupDatabase(obs.observatory.db, backupDir, 'x')).rejects.toThrow(/not empty/);
    await expect(restoreDatabase(backupDir, obs.dbPath)).rejects.toThrow(/already exists/);
  });

  it('refuses a damaged file before writing anything, naming it', async () => {
    const backupDir = join(dir, 'damaged');
    await backupDatabase(obs.observatory.db, backupDir, 'chorley-south-ribble');
    const entry = readBackupManifest(backupDir).tables.find((t) => t.name === 'quarantine')?.files[0];
    expect(entry).toBeDefined();
    const path = join(backupDir, ...entry!.path.split('/'));
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const target = join(dir, 'never.duckdb');
    await expect(restoreDatabase(backupDir, target)).rejects.toThrow(new RegExp(`${entry!.path.replaceAll('.', '\\.')} does not match`));
    expect(readdirSync(dir)).not.toContain('never.duckdb');
  });

  it('refuses a manifest whose row count the files do not hold, leaving no database behind', async () => {
    const backupDir = join(dir, 'miscounted');
    await backupDatabase(obs.observatory.db, backupDir, 'chorley-south-ribble');
    const manifestFile = join(backupDir, 'manifest.json');
    const manifest = readBackupManifest(backupDir);
    const tables = manifest.tables.map((t) => (t.name === 'extract_log' ? { ...t, rows: t.rows + 1 } : t));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, tables }));
    const target = join(dir, 'miscounted.duckdb');
    await expect(restoreDatabase(backupDir, target)).rejects.toThrow(/extract_log: the manifest says \d+ rows, the files hold \d+/);
    expect(readdirSync(dir).filter((f) => f.startsWith('miscounted.duckdb'))).toEqual([]);
  });

  it('holds no pseudonymisation key', async () => {
    const backupDir = join(dir, 'backup');
    const files = readdirSync(backupDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(join(file.parentPath, file.name)).includes(TEST_PSEUDONYM_KEY), file.name).toBe(false);
  });
  it('keeps users and roles but no credential: no token hash, no password hash, no session', async () => {
    const db = obs.observatory.db;
    await addUser(db, 'backup-analyst', 'analyst');
    await setPassword(db, 'backup-analyst', 'a long enough passphrase');
    const { token } = await createToken(db, 'backup-analyst', { today: '2026-11-23' });
    await db.transaction((tx) => insertSessions(tx, [{ hash: 'session-hash-for-the-backup-test', name: 'backup-analyst', tokenId: null, expiresAtMs: Date.now() + 3_600_000 }], Date.now()));
    const backupDir = join(dir, 'backup-with-users');
    await backupDatabase(db, backupDir, 'chorley-south-ribble');
    expect(readBackupManifest(backupDir).excluded.map((e) => (e.column ? `${e.name}.${e.column}` : e.name))).toEqual(expect.arrayContaining(['access_token', 'observatory_session', 'sign_in_attempt', 'observatory_user.password_hash']));
    const secret = tokenSecret(token);
    for (const entry of readdirSync(backupDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(join(entry.parentPath, entry.name)).includes(secret), entry.name).toBe(false);
    }
    const restoredPath = join(dir, 'restored-users.duckdb');
    await restoreDatabase(backupDir, restoredPath);
    const target = await Database.open(restoredPath);
    try {
      expect(await target.all(`SELECT name, role, password_hash FROM observatory_user WHERE name = 'backup-analyst'`)).toEqual([{ name: 'backup-analyst', role: 'analyst', password_hash: null }]);
      expect(await target.all(`SELECT count(*)::INTEGER AS n FROM access_token`)).toEqual([{ n: 0 }]);
      expect(await target.all(`SELECT count(*)::INTEGER AS n FROM observatory_session`)).toEqual([{ n: 0 }]);
    } finally {
      await target.close();
    }
  });
});
