/**
 * The `observatory ingest` command on each partner's layout against DuckDB's bare read_csv of the same file.
 *
 *   npm run bench:partners -- [--rows 1000000] [--repeat 3] [--datasets police,fire,health,council] [--keep]
 *   npm run bench:partners -- --datasets police --rows 10000000 --repeat 1    # the 10M-row whole-force case
 *   npm run bench:partners -- --datasets fire --repeat 1 --profile /tmp/prof   # node --cpu-prof of the large ingest
 *
 * The files come from datasets/tools/partner-files.ts: whole-force police rows resampled from the real
 * Lancashire months (fresh crime ids), county-wide fire and council rows on the real spread of Lancashire's
 * map points, health counts over Lancashire's LSOAs; about four rows in five lie outside the partnership.
 * For every run, alternately and each in its own process under /usr/bin/time -v (peak RSS from outside):
 * (a) read_csv: `CREATE TABLE t AS SELECT * FROM read_csv($path)` into a fresh database (timed inside: DuckDB
 *     sniffs, parses, types and stores the file, nothing else);
 * (b) the command, as a user runs it: `npx observatory ingest <file> --json` into a fresh pilot database;
 * (c) the same command for a `--small`-row file of the same layout, into a fresh database: its start-up.
 * The governed ingest's time is (b) − (c) of the same run. The machine's cores are shared: compare ratios
 * from one run (the paired ratio is each run's ingest against the read_csv just before it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PARTNER_FILE_DATASETS, writePartnerFile, type PartnerFileDataset } from '../datasets/tools/partner-files.ts';
import { fmt, median, MIB, printTable, readCsvIntoTable, scratchDir, timed } from './bench-support.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '50' },
    repeat: { type: 'string', default: '3' },
    datasets: { type: 'string', default: PARTNER_FILE_DATASETS.join(',') },
    seed: { type: 'string', default: '2026' },
    command: { type: 'string', default: 'npx observatory' },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // Internal: the read_csv phase in this (child) process, printing its seconds and rows as JSON.
    phase: { type: 'string' },
    file: { type: 'string' },
    db: { type: 'string' },
  },
});

const ROOT = resolve(import.meta.dirname, '..');
const PILOT = join(ROOT, 'datasets', 'chorley-south-ribble');

const readCsvReport = z.object({ rows: z.number(), seconds: z.number() });
const ingestReport = z.object({ status: z.string(), rowsRead: z.number(), rowsLoaded: z.number(), rowsQuarantined: z.number(), rowsOutsideArea: z.number() });

/** One child process as seen from outside: wall-clock seconds, peak RSS (GNU time's maximum resident set size), its stdout. */
type Outside = { seconds: number; peakRss: number; stdout: string };

/** Runs a command under /usr/bin/time -v; fails loudly when it fails. */
function runTimed(command: string[], env: NodeJS.ProcessEnv): Outside {
  const t0 = performance.now();
  const child = spawnSync('/usr/bin/time', ['-v', ...command], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1];
  if (child.status !== 0 || kib === undefined) throw new Error(`${command.join(' ')} failed (exit ${child.status}):\n${child.stderr.slice(-3000)}`);
  return { seconds, peakRss: Number(kib) * 1024, stdout: child.stdout };
}

/** (a) read_csv in a child process: its in-process seconds, and its peak RSS from outside. */
function readCsvRun(file: string, dir: string): { seconds: number; rows: number; peakRss: number } {
  const outside = runTimed([process.execPath, '--import', 'tsx', import.meta.filename, '--phase', 'read_csv', '--file', file, '--db', join(dir, 'read-csv.duckdb')], process.env);
  const report = readCsvReport.parse(JSON.parse(outside.stdout.trim().split('\n').at(-1) ?? '{}'));
  return { ...report, peakRss: outside.peakRss };
}

/** (b)/(c) the ingest command into a fresh pilot database in `dir`. */
function ingestRun(file: string, dir: string, profileDir: string | null): Outside & { report: z.infer<typeof ingestReport> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OBSERVATORY_DB: join(dir, 'observatory.duckdb'),
    OBSERVATORY_PARTNERSHIP: PILOT,
    OBSERVATORY_PSEUDONYM_KEY: 'x'.repeat(32),
    OBSERVATORY_USER: 'bench',
    ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  };
  const outside = runTimed([...(args.command ?? '').split(' ').filter(Boolean), 'ingest', file, '--json'], env);
  const report = ingestReport.parse(JSON.parse(outside.stdout.trim().split('\n').at(-1) ?? '{}'));
  if (report.status !== 'loaded') throw new Error(`${file} was not loaded: ${report.status}`);
  return { ...outside, report };
}

type DatasetFigures = {
  dataset: PartnerFileDataset;
  rows: number;
  bytes: number;
  readCsv: number[];
  readCsvRss: number[];
  big: number[];
  small: number[];
  rss: number[];
  smallRss: number[];
  note: string;
};

function benchDataset(dataset: PartnerFileDataset, rows: number, small: number, repeat: number, root: string): DatasetFigures {
  const file = join(root, `${dataset}-${rows}.csv`);
  const smallFile = join(root, `${dataset}-${small}.csv`);
  const seed = Number(args.seed);
  const t0 = performance.now();
  writePartnerFile(dataset, file, rows, seed, PILOT);
  writePartnerFile(dataset, smallFile, small, seed, PILOT);
  const bytes = statSync(file).size;
  console.log(`${dataset}: generated ${fmt.int(rows)} rows, ${fmt.mib(bytes)}, in ${fmt.s((performance.now() - t0) / 1000)} s`);
  const figures: DatasetFigures = { dataset, rows, bytes, readCsv: [], readCsvRss: [], big: [], small: [], rss: [], smallRss: [], note: '' };
  for (let i = 0; i < repeat; i++) {
    const dir = join(root, `${dataset}-run-${i}`);
    for (const phase of ['a', 'b', 'c']) mkdirSync(join(dir, phase), { recursive: true });
    const a = readCsvRun(file, join(dir, 'a'));
    const b = ingestRun(file, join(dir, 'b'), i === 0 && args.profile ? resolve(args.profile, dataset) : null);
    const c = ingestRun(smallFile, join(dir, 'c'), null);
    rmSync(dir, { recursive: true, force: true });
    figures.readCsv.push(a.seconds);
    figures.readCsvRss.push(a.peakRss);
    figures.big.push(b.seconds);
    figures.small.push(c.seconds);
    figures.rss.push(b.peakRss);
    figures.smallRss.push(c.peakRss);
    const r = b.report;
    figures.note = `${fmt.int(r.rowsLoaded)} loaded, ${fmt.int(r.rowsQuarantined)} quarantined, ${fmt.int(r.rowsOutsideArea)} outside (${((100 * r.rowsOutsideArea) / r.rowsRead).toFixed(1)}%)`;
    console.log(
      `  run ${i + 1}/${repeat}: read_csv ${fmt.s(a.seconds)} s; ingest ${fmt.s(b.seconds)} s − start-up ${fmt.s(c.seconds)} s = ${fmt.s(b.seconds - c.seconds)} s ` +
        `(${fmt.ratio((b.seconds - c.seconds) / a.seconds)}), ${fmt.mib(b.peakRss)}; ${figures.note}`,
    );
  }
  return figures;
}

async function main(): Promise<void> {
  const rows = Math.floor(Number(args.rows));
  const small = Math.floor(Number(args.small));
  const repeat = Math.max(1, Math.floor(Number(args.repeat)));
  if (!(rows > 0) || !(small > 0)) throw new Error('--rows and --small must be positive whole numbers');
  const datasets = (args.datasets ?? '').split(',').map((d) => z.enum(PARTNER_FILE_DATASETS).parse(d.trim()));
  if (args.keep) process.env.BENCH_KEEP = '1';
  const scratch = scratchDir('bench-partners-');
  const loadBefore = loadavg()[0] ?? 0;
  const started = new Date();
  try {
    const all = datasets.map((d) => benchDataset(d, rows, small, repeat, scratch.dir));
    console.log('');
    console.log(
      `${started.toISOString().slice(0, 16)}Z, load average ${loadBefore.toFixed(2)} before and ${(loadavg()[0] ?? 0).toFixed(2)} after; ` +
        `command "${args.command}"; medians of ${repeat} alternating run(s); ingest = command − the same command's ${small}-row start-up`,
    );
    printTable(
      ['dataset', 'rows', 'file', 'read_csv s', 'command s', 'start-up s', 'ingest s', 'ratio', 'paired', 'peak RSS', 'read_csv RSS', 'outcome'],
      all.map((f) => {
        const ingest = f.big.map((b, i) => b - (f.small[i] ?? Number.NaN));
        const paired = median(ingest.map((g, i) => g / (f.readCsv[i] ?? Number.NaN)));
        return [
          f.dataset,
          fmt.int(f.rows),
          fmt.mib(f.bytes),
          fmt.s(median(f.readCsv)),
          fmt.s(median(f.big)),
          fmt.s(median(f.small)),
          fmt.s(median(ingest)),
          fmt.ratio(median(ingest) / median(f.readCsv)),
          fmt.ratio(paired),
          `${fmt.mib(Math.max(...f.rss))}${Math.max(...f.rss) < 1024 * MIB ? '' : ' (over 1 GiB)'}`,
          fmt.mib(Math.max(...f.readCsvRss)),
          f.note,
        ];
      }),
    );
  } finally {
    scratch.dispose();
  }
}

if (args.phase === 'read_csv') {
  const run = await timed(() => readCsvIntoTable(args.file ?? '', args.db ?? ''));
  console.log(JSON.stringify({ rows: run.value, seconds: run.seconds }));
} else {
  await main();
}
