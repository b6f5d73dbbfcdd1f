/**
 * `observatory backup`: every table of the database as Parquet, a format any engine reads
 * (DuckDB, Spark, pandas, R). Tables of rows that came from extracts are partitioned by the
 * extract's partner, dataset and period (`partner=…/dataset=…/period=…/`), the layout a shared
 * catalogue or a distributed engine expects; the rest are written whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import { MANIFEST_FILE, type BackupManifest, type BackupTable } from './backup-manifest.ts';

/**
 * Tables never written to a backup, and why. Anything holding a secret (a token or password
 * hash, a session) belongs here: a backup is meant to be copied to other machines.
 */
export const TABLES_NOT_BACKED_UP: Readonly<Record<string, string>> = {
  // Users and roles are kept (observatory_user), so people keep their access after a restore.
  access_token: 'token hashes are credentials; issue new tokens (observatory token create) after a restore',
  observatory_session: 'sessions are credentials; people sign in again after a restore',
  sign_in_attempt: 'sign-in attempts only matter for 15 minutes; the rate limits start afresh after a restore',
};

/** Columns written empty, and why: secrets inside a table that is otherwise backed up. */
export const COLUMNS_NOT_BACKED_UP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  observatory_user: { password_hash: 'password hashes are credentials; users set a new password (observatory user password) after a restore' },
};

/** The base tables of the database, in name order. */
export async function baseTables(db: Database): Promise<string[]> {
  const rows = await db.all(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => String(r.table_name));
}

/** Columns of a table in their order. */
export async function tableColumns(db: Database, table: string): Promise<string[]> {
  const rows = await db.all(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position`,
    { table },
  );
  return rows.map((r) => String(r.column_name));
}

/** SHA-256 of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function parquetFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Quotes a table name taken from the catalogue (never from input) as an SQL identifier. */
function identifier(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new InputError(`"${name}" is not a table name the backup can write`);
  return `"${name}"`;
}

export type BackupSummary = { dir: string; tables: number; rows: number; bytes: number; milliseconds: number };

/**
 * Writes every table (but those in TABLES_NOT_BACKED_UP) to dir as Parquet with a manifest.
 * The folder must be new or empty, so a backup never mixes with an older one.
 */
export async function backupDatabase(db: Database, dir: string, partnership: string): Promise<BackupSummary> {
  const started = performance.now();
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new InputError(`the backup folder ${dir} is not empty; give a new folder`, { field: 'dir' });
  await mkdir(dir, { recursive: true });
  const tables: BackupTable[] = [];
  const excluded: BackupManifest['excluded'] = [];
  // One snapshot for every table: the write lock keeps an ingest from landing half-way through.
  await db.exclusive(async (session) => {
    for (const name of await baseTables(db)) {
      const why = TABLES_NOT_BACKED_UP[name];
      if (why) {
        excluded.push({ name, why });
        continue;
      }
      const columns = await tableColumns(db, name);
      const target = join(dir, name);
      const rows = Number((await session.all(`SELECT count(*)::BIGINT AS n FROM ${identifier(name)}`))[0]?.n ?? 0);
      let partitionedBy: BackupTable['partitionedBy'] = [];
      const renamedColumns: Record<string, string> = {};
      if (columns.includes('extract_id') && name !== 'extract_log') {
        partitionedBy = ['partner', 'dataset', 'period'];
        // A row's own column named like a partition column (a crime's month is its "period") keeps its value under another name.
        for (const column of partitionedBy) if (columns.includes(column)) renamedColumns[column] = `${column}_of_row`;
        const rename = Object.entries(renamedColumns).map(([from, to]) => `${identifier(from)} AS ${identifier(to)}`);
        // Partition columns come from the extract log; restore selects the table's own columns back.
        await session.run(
          `COPY (
             SELECT t.* ${rename.length ? `RENAME (${rename.join(', ')})` : ''}, coalesce(l.partner, 'unknown') AS partner, coalesce(l.dataset, 'unknown') AS dataset,
                    coalesce(strftime(l.period_start, '%Y-%m'), 'unknown') AS period
             FROM ${identifier(name)} t LEFT JOIN extract_log l USING (extract_id)
           ) TO $target (FORMAT parquet, PARTITION_BY (partner, dataset, period))`,
          { target },
        );
      } else {
        await mkdir(target, { recursive: true });
        const blanked = Object.keys(COLUMNS_NOT_BACKED_UP[name] ?? {}).filter((column) => columns.includes(column));
        const select = blanked.length ? `SELECT * REPLACE (${blanked.map((c) => `NULL::VARCHAR AS ${identifier(c)}`).join(', ')}) FROM ${identifier(name)}` : `SELECT * FROM ${identifier(name)}`;
        await session.run(`COPY (${select}) TO $file (FORMAT parquet)`, { file: join(target, 'data.parquet') });
        for (const column of blanked) excluded.push({ name, column, why: COLUMNS_NOT_BACKED_UP[name]?.[column] ?? '' });
      }
      const files = [];
      for (const file of existsSync(target) ? await parquetFiles(target) : []) {
        files.push({ path: relative(dir, file).split(sep).join('/'), bytes: (await stat(file)).size, sha256: await sha256OfFile(file) });
      }
      tables.push({ name, rows, partitionedBy, renamedColumns, files });
    }
  });
  const manifest: BackupManifest = {
    format: 'neighbourhood-observatory-backup/1',
    createdAt: new Date().toISOString(),
    partnership,
    tables,
    excluded,
  };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dir,
    tables: tables.length,
    rows: tables.reduce((n, t) => n + t.rows, 0),
    bytes: tables.reduce((n, t) => n + t.files.reduce((m, f) => m + f.bytes, 0), 0),
    milliseconds: Math.round(performance.now() - started),
  };
}
