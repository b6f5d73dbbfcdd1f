/**
 * Small helpers shared by the benchmark scripts: a resident-memory sampler,
 * a timer, a median and a plain-text table. Benchmarks print figures; they
 * never assert on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadConfig } from '../pipeline/config.ts';
import { openObservatory, type Observatory } from '../pipeline/observatory.ts';

export const MIB = 1024 * 1024;

/** Samples process RSS every `intervalMs` and keeps the high-water mark since the last reset. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.reset();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
  }

  /** Starts a new measurement window from the current RSS. */
  reset(): void {
    this.peak = 0;
    this.sample();
  }

  /** The highest RSS seen since the last reset, in bytes (sampled once more now). */
  peakBytes(): number {
    this.sample();
    return this.peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Process-lifetime RSS high-water mark from the kernel, in bytes (resourceUsage reports KiB). */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Runs fn and returns its result with the elapsed wall-clock seconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Prints rows as a left-aligned text table under a header. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-GB'),
  s: (seconds: number) => (seconds < 10 ? seconds.toFixed(3) : seconds.toFixed(1)),
  mib: (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`,
  ratio: (r: number) => `${r.toFixed(2)}×`,
};

/** A scratch directory removed by `dispose`, unless BENCH_KEEP is set. */
export function scratchDir(prefix: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    dispose: () => {
      if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens an observatory on a fresh database file for a partnership folder, with a throwaway pseudonym key. */
export function openScratchObservatory(databasePath: string, partnershipDir: string): Promise<Observatory> {
  return openObservatory(
    loadConfig({
      OBSERVATORY_DB: databasePath,
      OBSERVATORY_PARTNERSHIP: partnershipDir,
      OBSERVATORY_PSEUDONYM_KEY: 'x'.repeat(32),
      OBSERVATORY_USER: 'bench',
    }),
  );
}

/** The ingest benchmarks' baseline: DuckDB's own CSV reader into a table of a fresh database file; returns the rows stored. */
export async function readCsvIntoTable(file: string, databasePath: string): Promise<number> {
  const instance = await DuckDBInstance.create(databasePath);
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE t AS SELECT * FROM read_csv($path)', { path: file });
    const counted = await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
    return Number(counted.getRowObjectsJson()[0]?.n ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
