/**
 * `observatory restore`: rebuilds a database file from a backup folder, checking every Parquet
 * file's size and SHA-256 against the manifest before anything is written, and every table's row
 * count after.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
import { join } from 'node:path';
import { Database } from '../db/database.ts';
import { DATASETS, datasetTablesDdl } from '../datasets/registry.ts';
import { InputError } from '../errors.ts';
import { baseTables, sha256OfFile, tableColumns } from './backup-database.ts';
import { backupManifestSchema, MANIFEST_FILE, type BackupManifest } from './backup-manifest.ts';

/** Reads and checks a backup folder's manifest, naming the file and field of any problem. */
export function readBackupManifest(dir: string): BackupManifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new InputError(`${dir} is not a backup folder: it has no ${MANIFEST_FILE}`, { file });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file }, { cause: error });
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? 'is not a backup manifest', { file, field: issue?.path.join('.') ?? '' });
  }
  return parsed.data;
}

/** Checks every file of the backup is there with the size and SHA-256 the manifest gives. */
async function verifyFiles(dir: string, manifest: BackupManifest): Promise<void> {
  for (const table of manifest.tables) {
    for (const entry of table.files) {
      const path = join(dir, ...entry.path.split('/'));
      if (!existsSync(path)) throw new InputError(`the backup is missing ${entry.path} (table ${table.name})`, { file: path });
      if (statSync(path).size !== entry.bytes || (await sha256OfFile(path)) !== entry.sha256) {
        throw new InputError(`${entry.path} does not match the manifest's size and SHA-256: the backup is damaged or was changed`, { file: path });
      }
    }
  }
}

export type RestoreSummary = { tables: number; rows: number; milliseconds: number };

/** Restores a backup folder into a new database file at dbPath (which must not exist yet). */
export async function restoreDatabase(dir: string, dbPath: string): Promise<RestoreSummary> {
  const started = performance.now();
  if (existsSync(dbPath)) throw new InputError(`${dbPath} already exists; restore writes a new database file only`, { field: 'OBSERVATORY_DB' });
  const manifest = readBackupManifest(dir);
  await verifyFiles(dir, manifest);
  const db = await Database.open(dbPath);
  try {
    for (const module of DATASETS) for (const ddl of datasetTablesDdl(module)) await db.exec(ddl);
    const known = new Set(await baseTables(db));
    let rows = 0;
    await db.transaction(async (tx) => {
      for (const table of manifest.tables) {
        if (!known.has(table.name)) throw new InputError(`the backup holds a table "${table.name}" this version of the observatory does not have`);
        rows += table.rows;
        if (table.files.length === 0) continue;
        // Only the table's own columns: partition columns live in the folder names.
        const own = await tableColumns(db, table.name);
        const columns = own.map((c) => `"${c}"`).join(', ');
        const sources = own.map((c) => (table.renamedColumns[c] ? `"${table.renamedColumns[c]}" AS "${c}"` : `"${c}"`)).join(', ');
        const files = table.files.map((f) => join(dir, ...f.path.split('/')));
        await tx.run(`INSERT INTO "${table.name}" (${columns}) SELECT ${sources} FROM read_parquet($files, hive_partitioning = false)`, {
          files: listValue(files),
        });
        const restored = Number((await tx.all(`SELECT count(*)::BIGINT AS n FROM "${table.name}"`))[0]?.n ?? 0);
        if (restored !== table.rows) throw new InputError(`table ${table.name}: the manifest says ${table.rows} rows, the files hold ${restored}`);
      }
    });
    await db.close();
    return { tables: manifest.tables.length, rows, milliseconds: Math.round(performance.now() - started) };
  } catch (error) {
    // A restore that fails leaves no half-built database behind.
    await db.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
    throw error;
  }
}
