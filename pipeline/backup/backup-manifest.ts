/**
 * The manifest of a backup folder: every table, its row count, and each Parquet file's size and
 * SHA-256, so a restore can prove it read back exactly what was written.
 */
import { z } from 'zod';

/** A table name as the schema writes them: lower-case words joined by underscores. */
const tableNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'is not a table name');

export const backupFileSchema = z.object({
  /** Path relative to the backup folder, with forward slashes. */
  path: z.string().regex(/^[a-z0-9_]+(\/[A-Za-z0-9_=.\-]+)+\.parquet$/, 'is not a Parquet file inside the backup'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const backupTableSchema = z.object({
  name: tableNameSchema,
  rows: z.number().int().nonnegative(),
  /** Hive partition columns of the folder layout (partner=…/dataset=…/period=…/), empty when written whole. */
  partitionedBy: z.array(z.enum(['partner', 'dataset', 'period'])),
  /** The table's own columns that share a partition column's name, and the name they have in the files. */
  renamedColumns: z.record(z.string(), z.string().regex(/^[a-z][a-z0-9_]*$/)).default({}),
  files: z.array(backupFileSchema),
});

export const backupManifestSchema = z.object({
  format: z.literal('neighbourhood-observatory-backup/1'),
  createdAt: z.string(),
  partnership: z.string(),
  tables: z.array(backupTableSchema),
  /** Tables deliberately left out, and why (secrets never leave the database). */
  /** Tables left out, or (with `column`) a table's column written empty, and why. */
  excluded: z.array(z.object({ name: tableNameSchema, column: tableNameSchema.optional(), why: z.string() })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupTable = z.infer<typeof backupTableSchema>;

/** The manifest's file name inside a backup folder. */
export const MANIFEST_FILE = 'manifest.json';
