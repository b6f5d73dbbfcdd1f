/**
 * Governed ingest of one large police-layout file against DuckDB's own read_csv of the same file.
 *
 *   npm run bench:ingest -- [--rows 1000000] [--repeat 3] [--points N] [--reader auto|streaming] [--keep]
 *   npm run bench:ingest -- --rows 10000000 --repeat 1     # the memory target: peak RSS under 1 GiB at 10M rows (~2.2 GB file)
 *   npm run bench:ingest -- --points 50000                 # far more distinct points than the area has: more to judge
 *
 * Generates the file over the pilot's LSOAs with the seeded generator's modules (~0.5% irregular
 * rows, like `generate-extracts.ts --dataset police`), its crimes snapped to `--points` map points
 * (by default as many as data.police.uk has for that many LSOAs, see MAP_POINTS_PER_LSOA), then
 * times, alternately and `--repeat` times:
 * (a) `CREATE TABLE t AS SELECT * FROM read_csv($path)` on a fresh database (the baseline: DuckDB
 *     sniffs, parses, types and stores the file, nothing else), and
 * (b) `ingestExtract` (hash, encoding, recognition, validation, placement, pseudonymisation,
 *     quarantine, load, extract log) on a fresh pilot observatory (reference data loaded first, untimed).
 * Each run is a child process, so its peak RSS (the kernel's maxRSS) is that phase's own; seconds
 * are wall-clock, CPU is user + system of the whole process (DuckDB's threads included). The
 * machine has 2 cores shared with other work: compare the ratio of medians from one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAreas, partnershipSources } from '../datasets/tools/areas.ts';
import { policeRow, POLICE_HEADER, syntheticProfile, type PoliceMess } from '../datasets/tools/police.ts';
import { Rng } from '../datasets/tools/rng.ts';
import { LineWriter } from '../datasets/tools/writer.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { fmt, median, MIB, openScratchObservatory, printTable, readCsvIntoTable, scratchDir, timed } from './bench-support.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    points: { type: 'string' },
    seed: { type: 'string', default: '2026' },
    repeat: { type: 'string', default: '3' },
    reader: { type: 'string', default: 'auto' },
    keep: { type: 'boolean', default: false },
    // Internal: run one phase in this (child) process and print its measurement as JSON.
    phase: { type: 'string' },
    file: { type: 'string' },
    dir: { type: 'string' },
  },
});

const PILOT = resolve(import.meta.dirname, '..', 'datasets', 'chorley-south-ribble');

/**
 * data.police.uk snaps every crime to one of "over 750,000" anonymous map points (data.police.uk/about,
 * location anonymisation), for England, Wales and Northern Ireland: about 21 per LSOA 2021 of England
 * and Wales (35,672), which overstates it a little. The real pilot rows of the three committed data.police.uk months use 1,632
 * distinct points in three months over its 140 LSOAs.
 */
const MAP_POINTS_PER_LSOA = 750_000 / 35_672;

/** Writes `count` police rows over the pilot's LSOAs, snapped to `points` map points (default: the area's share of data.police.uk's); returns the points and the deliberately irregular rows. */
function generatePoliceFile(file: string, count: number, seed: number, points: number | null): { points: number; irregular: number } {
  const lsoas = loadAreas(partnershipSources(PILOT));
  const rng = new Rng(seed, 'police-big');
  const pool = points ?? Math.ceil(lsoas.length * MAP_POINTS_PER_LSOA);
  const profile = syntheticProfile(lsoas, pool, rng, count);
  const month = '2019-01';
  const writer = new LineWriter(file);
  writer.writeRow(POLICE_HEADER);
  let irregular = 0;
  for (let i = 0; i < count; i++) {
    const u = rng.next();
    const mess: PoliceMess | undefined = u < 0.003 ? 'no_location' : u < 0.004 ? 'out_of_area' : undefined;
    const fields = policeRow(profile, month, 'Lancashire Constabulary', rng, mess);
    if (u >= 0.004 && u < 0.0045) fields[1] = '2019-13';
    else if (u >= 0.0045 && u < 0.005) fields[6] = `${fields[6] ?? ''}, rear of "The Parade"`;
    if (u < 0.005) irregular++;
    writer.writeRow(fields);
  }
  writer.close();
  return { points: pool, irregular };
}

/** One phase's measurement, as a child process reports it. */
type Measurement = { rows: number; seconds: number; cpuSeconds: number; peakRss: number; note: string };

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The baseline: DuckDB's own CSV reader into a table of a fresh database file. */
async function measureReadCsv(file: string, dir: string): Promise<Measurement> {
  const cpu = process.cpuUsage();
  const run = await timed(() => readCsvIntoTable(file, join(dir, 'read-csv.duckdb')));
  return { rows: run.value, seconds: run.seconds, cpuSeconds: cpuSince(cpu), peakRss: process.resourceUsage().maxRSS * 1024, note: 'CREATE TABLE AS read_csv' };
}

/** The governed ingest on a fresh pilot observatory (opening it and loading reference data is not timed). */
async function measureIngest(file: string, dir: string, reader: 'auto' | 'streaming'): Promise<Measurement> {
  const observatory = await openScratchObservatory(join(dir, 'observatory.duckdb'), PILOT);
  try {
    let chosen = '';
    const cpu = process.cpuUsage();
    const run = await timed(() => ingestExtract(observatory.ingest, file, { reader, onReader: (r, why) => (chosen = why ? `${r} (${why})` : r) }));
    const cpuSeconds = cpuSince(cpu);
    const result = run.value;
    if (result.status !== 'loaded') throw new Error(`ingest did not load: ${result.status} ${result.reason ?? ''}`);
    return {
      rows: result.rowsRead,
      seconds: run.seconds,
      cpuSeconds,
      peakRss: process.resourceUsage().maxRSS * 1024,
      note: `${fmt.int(result.rowsLoaded)} loaded, ${fmt.int(result.rowsQuarantined)} quarantined, ${fmt.int(result.rowsOutsideArea)} outside the area; ${chosen} reader`,
    };
  } finally {
    await observatory.db.close();
  }
}

/** Runs one phase in a child process, so that its memory and its crashes are its own. */
function runPhase(phase: 'read_csv' | 'ingest', file: string, dir: string, reader: string): Measurement {
  const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--phase', phase, '--file', file, '--dir', dir, '--reader', reader], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

async function main(): Promise<void> {
  const rows = Math.floor(Number(args.rows));
  const repeat = Math.max(1, Math.floor(Number(args.repeat)));
  if (!(rows > 0)) throw new Error('--rows must be a positive whole number');
  if (args.reader !== 'auto' && args.reader !== 'streaming') throw new Error('--reader is auto or streaming');
  const points = args.points === undefined ? null : Math.floor(Number(args.points));
  if (points !== null && !(points > 0)) throw new Error('--points must be a positive whole number');
  if (args.keep) process.env.BENCH_KEEP = '1';
  const scratch = scratchDir('bench-ingest-');
  try {
    const file = join(scratch.dir, `police-${rows}.csv`);
    const gen = await timed(async () => generatePoliceFile(file, rows, Number(args.seed), points));
    const bytes = statSync(file).size;
    console.log(
      `generated ${fmt.int(rows)} rows (${fmt.int(gen.value.irregular)} irregular) over ${fmt.int(gen.value.points)} map points, ${fmt.mib(bytes)}, ` +
        `in ${fmt.s(gen.seconds)} s → ${file}`,
    );

    const runs: { baseline: Measurement[]; governed: Measurement[] } = { baseline: [], governed: [] };
    for (let i = 0; i < repeat; i++) {
      const dir = join(scratch.dir, `run-${i}`);
      mkdirSync(join(dir, 'a'), { recursive: true });
      mkdirSync(join(dir, 'b'), { recursive: true });
      runs.baseline.push(runPhase('read_csv', file, join(dir, 'a'), args.reader));
      runs.governed.push(runPhase('ingest', file, join(dir, 'b'), args.reader));
      rmSync(dir, { recursive: true, force: true });
      const [a, b] = [runs.baseline.at(-1), runs.governed.at(-1)];
      if (a && b) console.log(`run ${i + 1}/${repeat}: read_csv ${fmt.s(a.seconds)} s, ingest ${fmt.s(b.seconds)} s, ratio ${fmt.ratio(b.seconds / a.seconds)}`);
    }

    const summary = (name: string, list: Measurement[]) => ({
      name,
      rows: list[0]?.rows ?? 0,
      seconds: median(list.map((m) => m.seconds)),
      cpuSeconds: median(list.map((m) => m.cpuSeconds)),
      peakRss: Math.max(...list.map((m) => m.peakRss)),
      note: list[0]?.note ?? '',
    });
    const base = summary('read_csv (baseline)', runs.baseline);
    const governed = summary(`ingestExtract (${args.reader})`, runs.governed);
    console.log('');
    console.log(`file: ${fmt.int(rows)} rows over ${fmt.int(gen.value.points)} map points, ${fmt.mib(bytes)}; medians of ${repeat} alternating run(s), each in its own process`);
    printTable(
      ['phase', 'rows', 'seconds', 'rows/s', 'vs read_csv', 'CPU s', 'peak RSS', 'note'],
      [base, governed].map((p) => [
        p.name,
        fmt.int(p.rows),
        fmt.s(p.seconds),
        fmt.int(p.rows / p.seconds),
        fmt.ratio(p.seconds / base.seconds),
        fmt.s(p.cpuSeconds),
        fmt.mib(p.peakRss),
        p.note,
      ]),
    );
    // Each ingest against the read_csv run just before it: steadier than the ratio of medians when the machine's speed drifts.
    const paired = median(runs.governed.map((g, i) => g.seconds / (runs.baseline[i]?.seconds ?? Number.NaN)));
    console.log('');
    console.log(
      `targets: governed within 2× of read_csv (now ${fmt.ratio(governed.seconds / base.seconds)}, median of paired runs ${fmt.ratio(paired)}; ` +
        `CPU ${fmt.ratio(governed.cpuSeconds / base.cpuSeconds)}); ` +
        `peak memory under 1 GiB at 10M rows (now ${fmt.mib(governed.peakRss)} at ${fmt.int(rows)} rows${governed.peakRss < 1024 * MIB ? '' : ', over'}; ` +
        `run --rows 10000000 --repeat 1 to check)`,
    );
  } finally {
    scratch.dispose();
  }
}

if (args.phase) {
  const file = args.file ?? '';
  const dir = args.dir ?? '';
  const measurement = args.phase === 'read_csv' ? await measureReadCsv(file, dir) : await measureIngest(file, dir, args.reader === 'streaming' ? 'streaming' : 'auto');
  console.log(JSON.stringify(measurement));
} else {
  await main();
}
