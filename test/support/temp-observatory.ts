/**
 * A real observatory on a temporary DuckDB file, for ingest tests.
 *
 * The first call in a test file opens the pilot partnership once on a template
 * database (loading the reference data takes about a second), closes it, and
 * later calls copy that checkpointed file, so each test gets its own database
 * with the reference already loaded. A partnership folder other than the pilot
 * is opened from scratch.
 *
 * @example
 * const obs = await openTempObservatory();
 * const result = await obs.ingest(file);
 * expect(await obs.count('fire_incidents', result.extractId)).toBe(result.rowsLoaded);
 * await obs.dispose();
 */
import { copyFile, cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import type { JsonRow, SqlParams } from '../../pipeline/db/database.ts';
import { ingestExtract, type IngestOptions, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { openObservatory, type Observatory } from '../../pipeline/observatory.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PILOT_DIR = join(PROJECT_ROOT, 'datasets', 'chorley-south-ribble');
export const PILOT_EXTRACTS = join(PILOT_DIR, 'extracts');
export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'ingest');

/** The key tests pseudonymise with (≥ 32 characters, distinctive so a search for it is meaningful). */
export const TEST_PSEUDONYM_KEY = 'test-key-Kq7vW2pZ9xR4mN8bT1cY6hJ3sL5dF0gA';

/** Tables holding one row per loaded record, by dataset id. */
export const DATASET_TABLES = {
  'police.street_crime': 'police_street_crime',
  'fire.incidents': 'fire_incidents',
  'health.activity': 'health_activity',
  'council.service_requests': 'council_service_requests',
  'health.ae_assault_attendances': 'health_ae_assault_attendances',
} as const;

export type DatasetTable = (typeof DATASET_TABLES)[keyof typeof DATASET_TABLES];

/** A fresh temporary directory; remove it with removeDir. */
export async function makeTempDir(prefix = 'observatory-ingest-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The environment the observatory is configured from, for a database in dir. */
export function observatoryEnv(dbPath: string, options: { partnershipDir?: string; pseudonymKey?: string } = {}): Record<string, string> {
  return {
    OBSERVATORY_DB: dbPath,
    OBSERVATORY_PARTNERSHIP: options.partnershipDir ?? PILOT_DIR,
    OBSERVATORY_PSEUDONYM_KEY: options.pseudonymKey ?? TEST_PSEUDONYM_KEY,
    OBSERVATORY_USER: 'test-runner',
  };
}

let pilotTemplate: Promise<{ dir: string; dbPath: string }> | null = null;

/** A checkpointed database with the pilot's reference data loaded, made once per test file. */
async function pilotTemplateDb(): Promise<string> {
  pilotTemplate ??= (async () => {
    const dir = await makeTempDir('observatory-template-');
    const dbPath = join(dir, 'template.duckdb');
    const observatory = await openObservatory(loadConfig(observatoryEnv(dbPath)));
    await observatory.db.close();
    return { dir, dbPath };
  })();
  return (await pilotTemplate).dbPath;
}

/** Removes the per-file template (call from afterAll when a file used openTempObservatory). */
export async function disposeTemplates(): Promise<void> {
  if (!pilotTemplate) return;
  const { dir } = await pilotTemplate;
  pilotTemplate = null;
  await removeDir(dir);
}

export type TempObservatory = {
  dir: string;
  dbPath: string;
  observatory: Observatory;
  ingest(file: string, options?: IngestOptions): Promise<IngestResult>;
  /** Rows of a table, optionally only those of one extract. */
  count(table: string, extractId?: string | null): Promise<number>;
  all(sql: string, params?: SqlParams): Promise<JsonRow[]>;
  /** Closes the database (checkpointing it) without removing the directory. */
  close(): Promise<void>;
  /** Closes the database if open and removes the directory. */
  dispose(): Promise<void>;
};

export type TempObservatoryOptions = {
  /** A partnership folder other than the pilot (opened from scratch). */
  partnershipDir?: string;
  pseudonymKey?: string;
  /** Use this directory instead of a new one (it is still removed by dispose). */
  dir?: string;
};

/** Opens the real observatory on a new temporary database. */
export async function openTempObservatory(options: TempObservatoryOptions = {}): Promise<TempObservatory> {
  const dir = options.dir ?? (await makeTempDir());
  const dbPath = join(dir, 'observatory.duckdb');
  if (!options.partnershipDir || options.partnershipDir === PILOT_DIR) await copyFile(await pilotTemplateDb(), dbPath);
  const observatory = await openObservatory(
    loadConfig(observatoryEnv(dbPath, { ...(options.partnershipDir ? { partnershipDir: options.partnershipDir } : {}), ...(options.pseudonymKey ? { pseudonymKey: options.pseudonymKey } : {}) })),
  );
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    await observatory.db.close();
  };
  return {
    dir,
    dbPath,
    observatory,
    ingest: (file, ingestOptions) => ingestExtract(observatory.ingest, file, ingestOptions),
    async count(table, extractId) {
      const rows =
        extractId === undefined
          ? await observatory.db.all(`SELECT count(*)::INTEGER AS n FROM ${table}`)
          : await observatory.db.all(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE extract_id = $id`, { id: extractId });
      return Number(rows[0]?.n);
    },
    all: (sql, params) => observatory.db.all(sql, params),
    close,
    async dispose() {
      await close();
      await removeDir(dir);
    },
  };
}

/**
 * Copies a partnership folder (without its extracts) to dir/name so a test can
 * change its agreements or add a lookup. Returns the copy's path.
 */
export async function copyPartnership(dir: string, name = 'partnership', source = PILOT_DIR): Promise<string> {
  const target = join(dir, name);
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (entry.name === 'extracts') continue;
    await cp(join(source, entry.name), join(target, entry.name), { recursive: true });
  }
  return target;
}

/** Writes an extract's exact bytes to dir/name and returns its path. */
export async function writeExtract(dir: string, name: string, bytes: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return file;
}

/**
 * One temporary observatory for a whole test file: opened before its tests, disposed (with the
 * templates) after them. Call at the top of the file; the getter is valid inside tests.
 */
export function temporaryObservatoryPerFile(): () => TempObservatory {
  let obs: TempObservatory | undefined;
  beforeAll(async () => {
    obs = await openTempObservatory();
  }, 60_000);
  afterAll(async () => {
    await obs?.dispose();
    await disposeTemplates();
  });
  return () => {
    if (!obs) throw new Error('the temporary observatory is opened in beforeAll; use it inside a test');
    return obs;
  };
}
