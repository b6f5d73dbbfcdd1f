/**
 * Indicator rebuild times against their targets.
 *
 *   npm run bench:indicators -- [--runs 3] [--months 60] [--scale 0.1] [--skip-national] [--fresh]
 *
 * (a) A full rebuild of the pilot (every extract loaded), median of --runs.
 * (b) An incremental rebuild after one more monthly police extract (2019-04, made from 2019-03):
 *     the rebuild the ingest triggers is timed once, then the same incremental scope is repeated for
 *     the median.
 * (c) A full rebuild at national scale: all 35,672 LSOAs of England and Wales (bench/national-
 *     partnership.ts), --months of generated monthly extracts for all four datasets
 *     (datasets/tools/generate-extracts.ts --national --wales), every indicator.
 * (c) needs the England-and-Wales open data (OBSERVATORY_OPEN_DATA, else .observatory/open-data; put there by
 * datasets/tools/fetch-open-data.ts): without it the benchmark stops at once and says what to run.
 * Setup (generating, ingesting) is not timed and is cached in bench/out (gitignored): the national
 * database takes several minutes to make the first time (about ten on two shared cores) and is reused
 * while --months, --scale and the code that shapes it (generator, dataset layouts, reference loader,
 * schema) are unchanged; --fresh remakes it.
 */
import os from 'node:os';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndicators, type BuildSummary } from '../pipeline/indicators/build-indicators.ts';
import { rebuildAfterIngest } from '../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../pipeline/ingest/partnership-extracts.ts';
import { fmt, median, openScratchObservatory, printTable, RssSampler, timed } from './bench-support.ts';
import { missingOpenData, missingOpenDataMessage, NATIONAL_OPEN_DATA, openDataDir } from '../datasets/tools/open-data.ts';
import { BENCH_OUT, BENCH_TODAY, ingestAll, log, nationalDatabase } from './national-database.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    months: { type: 'string', default: '60' },
    scale: { type: 'string', default: '0.1' },
    'skip-national': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Math.floor(Number(args.runs)));
const months = Math.floor(Number(args.months));
const scale = Number(args.scale);
if (!(months > 0) || !(scale > 0)) throw new Error('--months and --scale must be positive');

const ROOT = resolve(import.meta.dirname, '..');
const PILOT = join(ROOT, 'datasets', 'chorley-south-ribble');
const OUT = BENCH_OUT;
const TODAY = BENCH_TODAY;

type Figure = { name: string; seconds: number; cpu: number; target: number; note: string };

/** Runs fn, returning its result with wall-clock and CPU seconds (user + system, all threads of this process). */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const { value, seconds } = await timed(fn);
  const cpu = process.cpuUsage(cpu0);
  return { value, seconds, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** The machine's 1-minute load average, to read the figures by (other processes share the cores). */
const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';

function describeBuild(summary: BuildSummary): string {
  return `${fmt.int(summary.valuesWritten)} values, ${summary.indicators.length} indicators`;
}

/** (a) and (b) on a scratch copy of the pilot. */
async function pilotFigures(): Promise<Figure[]> {
  const dir = join(OUT, 'pilot');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const observatory = await openScratchObservatory(join(dir, 'pilot.duckdb'), PILOT);
  try {
    await ingestAll(observatory, listPartnershipExtracts(observatory.partnership.extractsDir), 'pilot');
    const { db, definitions, agreements, ingest } = observatory;
    await buildIndicators(db, definitions, agreements, { full: true }, TODAY); // warm-up
    const full: number[] = [];
    const fullCpu: number[] = [];
    let summary: BuildSummary | null = null;
    for (let i = 0; i < runs; i++) {
      const run = await measured(() => buildIndicators(db, definitions, agreements, { full: true }, TODAY));
      full.push(run.seconds);
      fullCpu.push(run.cpu);
      summary = run.value;
    }
    log(`pilot full rebuild: ${full.map(fmt.s).join(', ')} s (${summary ? describeBuild(summary) : ''})`);

    const april = join(dir, 'generated-2019-04-lancashire-street.csv');
    writeFileSync(april, readFileSync(join(PILOT, 'extracts', 'police', 'generated-2019-03-lancashire-street.csv'), 'utf8').replaceAll(',2019-03,', ',2019-04,'));
    const ingested = await timed(() => ingestExtract(ingest, april, { today: TODAY }));
    const triggered = await measured(() => rebuildAfterIngest(db, definitions, agreements, [ingested.value]));
    const incremental = [triggered.seconds];
    const incrementalCpu = [triggered.cpu];
    for (let i = 1; i < runs; i++) {
      const run = await measured(() => buildIndicators(db, definitions, agreements, { full: false, dataset: 'police.street_crime', months: ['2019-04'] }, TODAY));
      incremental.push(run.seconds);
      incrementalCpu.push(run.cpu);
    }
    const written = triggered.value.reduce((n, s) => n + s.valuesWritten, 0);
    log(`pilot incremental rebuild: ${incremental.map(fmt.s).join(', ')} s (${fmt.int(written)} values; the ingest itself took ${fmt.s(ingested.seconds)} s)`);
    return [
      { name: '(a) pilot full rebuild', seconds: median(full), cpu: median(fullCpu), target: 2, note: `median of ${runs}; ${summary ? describeBuild(summary) : ''}` },
      {
        name: '(b) pilot incremental, +1 police month',
        seconds: median(incremental),
        cpu: median(incrementalCpu),
        target: 0.5,
        note: `median of ${runs}; ${fmt.int(written)} values rewritten`,
      },
    ];
  } finally {
    await observatory.db.close();
  }
}

/** (c) a full rebuild over England and Wales. */
async function nationalFigure(sampler: RssSampler): Promise<Figure> {
  const national = await nationalDatabase({ name: 'national', months, scale, fresh: args.fresh });
  // Work on a copy, so an interrupted run never leaves the cached database half-built.
  const copy = join(OUT, 'national', 'rebuild.duckdb');
  copyFileSync(national.dbPath, copy);
  const observatory = await openScratchObservatory(copy, national.partnershipDir);
  try {
    const { db, definitions, agreements } = observatory;
    sampler.reset();
    const loadBefore = load();
    // The group rules only, as before: this times the pipeline at national scale. The attacker-checked
    // search, per district with the links between districts, is timed by `npm run bench:disclosure --
    // --area county` (Lancashire) or `--area national` (README, Measured).
    const run = await measured(() => buildIndicators(db, definitions, agreements, { full: true }, TODAY, { disclosure: 'group-rules' }));
    const peak = sampler.peakBytes();
    log(`national full rebuild: ${fmt.s(run.seconds)} s, ${fmt.s(run.cpu)} CPU s (${describeBuild(run.value)}), peak RSS ${fmt.mib(peak)}, load ${loadBefore} → ${load()}`);
    printTable(
      ['indicator', 'periods', 'values', 'seconds'],
      [...run.value.indicators].sort((a, b) => b.milliseconds - a.milliseconds).map((i) => [i.id, String(i.periods), fmt.int(i.values), fmt.s(i.milliseconds / 1000)]),
    );
    return {
      name: '(c) England and Wales full rebuild',
      seconds: run.seconds,
      cpu: run.cpu,
      target: 60,
      note: `${fmt.int(national.lsoas)} LSOAs, ${months} months, ${national.extracts} extracts; ${describeBuild(run.value)}; peak RSS ${fmt.mib(peak)}`,
    };
  } finally {
    await observatory.db.close();
    rmSync(copy, { force: true });
    rmSync(`${copy}.wal`, { force: true });
  }
}

async function main(): Promise<void> {
  if (!args['skip-national']) {
    const missing = missingOpenData(openDataDir(), NATIONAL_OPEN_DATA.map((f) => f.path));
    if (missing.length > 0) {
      console.error(`${missingOpenDataMessage(openDataDir(), missing)} Or run with --skip-national.`);
      process.exit(1);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const sampler = new RssSampler(100);
  try {
    const figures = await pilotFigures();
    if (!args['skip-national']) figures.push(await nationalFigure(sampler));
    console.log('');
    printTable(
      ['figure', 'seconds', 'CPU s', 'target', 'of target', 'met', 'note'],
      figures.map((f) => [f.name, fmt.s(f.seconds), fmt.s(f.cpu), `< ${f.target} s`, fmt.ratio(f.seconds / f.target), f.seconds < f.target ? 'yes' : 'NO', f.note]),
    );
    console.log(`\n${os.cpus().length} cores, load average now ${load()} (CPU s counts every thread of this process, DuckDB's included)`);
  } finally {
    sampler.stop();
  }
}

await main();
