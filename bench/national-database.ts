/**
 * The England-and-Wales benchmark database, made once and reused: the national partnership folder
 * (bench/national-partnership.ts), generated monthly extracts of all four datasets
 * (datasets/tools/generate-extracts.ts --national --wales) and a database with them ingested. Making it
 * takes minutes on two shared cores, so it is cached under bench/out/<name> and remade only when the
 * months, the scale or the code that shapes it (generator, dataset layouts, reference loader, schema)
 * change, or when `fresh` is set.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../pipeline/ingest/partnership-extracts.ts';
import type { Observatory } from '../pipeline/observatory.ts';
import { fmt, openScratchObservatory } from './bench-support.ts';
import { buildNationalPartnership } from './national-partnership.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PILOT = join(ROOT, 'datasets', 'chorley-south-ribble');
/** Where the benchmarks keep what they make (gitignored). */
export const BENCH_OUT = join(ROOT, 'bench', 'out');
/** The day the benchmarks ingest and build as. */
export const BENCH_TODAY = '2026-11-23';

export type NationalDatabase = { dbPath: string; partnershipDir: string; lsoas: number; extracts: number };

/** Prints a timestamped progress line. */
export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Ingests `files` in order, logging progress; any extract refused stops the benchmark. */
export async function ingestAll(observatory: Observatory, files: readonly string[], label: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  for (const [i, file] of files.entries()) {
    const result = await ingestExtract(observatory.ingest, file, { today: BENCH_TODAY });
    if (result.status !== 'loaded' && result.status !== 'unchanged') throw new Error(`${file}: ${result.status} ${result.reason ?? ''}`);
    rows += result.rowsLoaded;
    if ((i + 1) % 20 === 0 || i + 1 === files.length) log(`${label}: ${i + 1}/${files.length} extracts, ${fmt.int(rows)} rows loaded (${fmt.s((performance.now() - started) / 1000)} s)`);
  }
}

const stampSchema = z.object({ months: z.number(), scale: z.number(), lsoas: z.number(), extracts: z.number(), generator: z.string() });

/**
 * A fingerprint of the code that shapes the cached national data: the generator, the dataset
 * layouts, the reference loader and the schema. A change to any of them remakes the cache.
 */
function setupFingerprint(): string {
  const hash = createHash('sha256');
  const files = [
    ...['datasets/tools', 'pipeline/datasets'].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .sort()
        .map((f) => join(dir, f)),
    ),
    'bench/national-partnership.ts',
    'pipeline/reference/load-reference.ts',
    'pipeline/db/schema.ts',
  ];
  for (const file of files) hash.update(file).update(readFileSync(join(ROOT, file)));
  return hash.digest('hex');
}

/**
 * Replaces a national partnership's indicator definitions with the pilot's: definitions shape no
 * loaded data, so a cached national database is rebuilt with every indicator the pilot has today.
 */
function copyPilotIndicators(partnershipDir: string): void {
  rmSync(join(partnershipDir, 'indicators'), { recursive: true, force: true });
  cpSync(join(PILOT, 'indicators'), join(partnershipDir, 'indicators'), { recursive: true });
}

/** The national partnership, extracts and loaded database (no indicators built) under bench/out/`name`, made once and reused. */
export async function nationalDatabase(options: { name: string; months: number; scale: number; fresh: boolean }): Promise<NationalDatabase> {
  const dir = join(BENCH_OUT, options.name);
  const stampFile = join(dir, 'stamp.json');
  const partnershipDir = join(dir, 'partnership');
  const dbPath = join(dir, 'national.duckdb');
  const wanted = { months: options.months, scale: options.scale, generator: setupFingerprint() };
  if (!options.fresh && existsSync(stampFile) && existsSync(dbPath)) {
    const stamp = stampSchema.parse(JSON.parse(readFileSync(stampFile, 'utf8')));
    if (stamp.months === wanted.months && stamp.scale === wanted.scale && stamp.generator === wanted.generator) {
      log(`reusing ${dbPath} (${stamp.lsoas} LSOAs, ${stamp.extracts} extracts; --fresh remakes it)`);
      copyPilotIndicators(partnershipDir);
      return { dbPath, partnershipDir, lsoas: stamp.lsoas, extracts: stamp.extracts };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const setup = performance.now();
  const partnership = buildNationalPartnership(partnershipDir);
  log(`national partnership: ${fmt.int(partnership.lsoas)} LSOAs, ${fmt.int(partnership.wards)} ward-level groups, ${partnership.lads} local authorities`);
  const generated = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'datasets', 'tools', 'generate-extracts.ts'),
      '--national',
      '--wales',
      '--months',
      String(options.months),
      '--scale',
      String(options.scale),
      '--out-dir',
      join(partnershipDir, 'extracts'),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (generated.status !== 0) throw new Error(`the national generator failed (exit ${generated.status})`);
  const files = listPartnershipExtracts(join(partnershipDir, 'extracts'));
  log(`generated ${files.length} extracts`);
  const observatory = await openScratchObservatory(dbPath, partnershipDir);
  try {
    await ingestAll(observatory, files, 'national');
  } finally {
    await observatory.db.close();
  }
  writeFileSync(stampFile, JSON.stringify({ ...wanted, lsoas: partnership.lsoas, extracts: files.length }));
  log(`national setup took ${fmt.s((performance.now() - setup) / 1000)} s`);
  return { dbPath, partnershipDir, lsoas: partnership.lsoas, extracts: files.length };
}
