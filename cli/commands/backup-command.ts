import { resolve } from 'node:path';
import { backupDatabase } from '../../pipeline/backup/backup-database.ts';
import { restoreDatabase } from '../../pipeline/backup/restore-database.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { loadPartnership } from '../../pipeline/partnership/partnership.ts';
import type { CommandIo } from '../command-io.ts';

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** observatory backup <dir> [--json]: every table as Parquet, partitioned by partner, dataset and period, with a manifest. */
export async function backupCommand(config: ObservatoryConfig, options: { dir: string; json: boolean }, io: CommandIo): Promise<number> {
  const partnership = loadPartnership(config.partnershipDir);
  const db = await Database.open(config.databasePath);
  try {
    const summary = await backupDatabase(db, resolve(options.dir), partnership.id);
    if (options.json) io.out(JSON.stringify(summary));
    else io.out(`Backed up ${summary.tables} tables (${summary.rows.toLocaleString('en-GB')} rows, ${mebibytes(summary.bytes)}) to ${summary.dir} in ${summary.milliseconds} ms`);
    return 0;
  } finally {
    await db.close();
  }
}

/** observatory restore <dir> [--json]: rebuilds the database file (OBSERVATORY_DB, which must not exist) from a backup. */
export async function restoreCommand(config: ObservatoryConfig, options: { dir: string; json: boolean }, io: CommandIo): Promise<number> {
  const summary = await restoreDatabase(resolve(options.dir), config.databasePath);
  if (options.json) io.out(JSON.stringify({ ...summary, database: config.databasePath }));
  else io.out(`Restored ${summary.tables} tables (${summary.rows.toLocaleString('en-GB')} rows) into ${config.databasePath} in ${summary.milliseconds} ms`);
  return 0;
}
