/**
 * Governed ingest of one large police-layout file against DuckDB's own read_csv of the same file.
 *
 *   npm run bench:ingest -- [--rows 1000000] [--keep]
 *
 * Generates the file over the pilot's LSOAs with the seeded generator's modules (~0.5% irregular
 * rows, like `generate-extracts.ts --dataset police`), then, in this one process, times
 * (a) `CREATE TABLE t AS SELECT * FROM read_csv($path)` on a fresh scratch database (the baseline) and
 * (b) `ingestExtract` (validation, placement, quarantine, load) on a fresh scratch pilot observatory.
 * Peak memory is the RSS high-water sampled every 50 ms within each phase; maxRSS is the kernel's
 * process-lifetime high-water, so it includes every earlier phase.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadAreas, partnershipSources } from '../datasets/tools/areas.ts';
import { policeRow, POLICE_HEADER, syntheticProfile, type PoliceMess } from '../datasets/tools/police.ts';
import { Rng } from '../datasets/tools/rng.ts';
import { LineWriter } from '../datasets/tools/writer.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { fmt, maxRssBytes, MIB, openScratchObservatory, printTable, RssSampler, scratchDir, timed } from './bench-support.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '2026' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Math.floor(Number(args.rows));
if (!(rows > 0)) throw new Error('--rows must be a positive whole number');
if (args.keep) process.env.BENCH_KEEP = '1';

const PILOT = resolve(import.meta.dirname, '..', 'datasets', 'chorley-south-ribble');

/** Writes `count` police rows over the pilot's LSOAs; returns the number of deliberately irregular rows. */
function generatePoliceFile(file: string, count: number, seed: number): number {
  const lsoas = loadAreas(partnershipSources(PILOT));
  const rng = new Rng(seed, 'police-big');
  const profile = syntheticProfile(lsoas, 50_000, rng, count);
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
  return irregular;
}

type Phase = { name: string; rows: number; seconds: number; peakRss: number; maxRss: number; note: string };

async function main(): Promise<void> {
  const scratch = scratchDir('bench-ingest-');
  const sampler = new RssSampler(50);
  try {
    const file = join(scratch.dir, `police-${rows}.csv`);
    const gen = await timed(async () => generatePoliceFile(file, rows, Number(args.seed)));
    const bytes = statSync(file).size;
    console.log(`generated ${fmt.int(rows)} rows (${fmt.int(gen.value)} irregular), ${fmt.mib(bytes)}, in ${fmt.s(gen.seconds)} s → ${file}`);
    console.log(`baseline RSS before measuring: ${fmt.mib(process.memoryUsage().rss)}`);

    // (a) DuckDB's own CSV reader into a table of a fresh database file.
    sampler.reset();
    const baseline = await timed(async () => {
      const instance = await DuckDBInstance.create(join(scratch.dir, 'read-csv.duckdb'));
      const connection = await instance.connect();
      try {
        await connection.run('CREATE TABLE t AS SELECT * FROM read_csv($path)', { path: file });
        const counted = await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
        return Number(counted.getRowObjectsJson()[0]?.n ?? 0);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });
    const phases: Phase[] = [
      { name: 'read_csv (baseline)', rows: baseline.value, seconds: baseline.seconds, peakRss: sampler.peakBytes(), maxRss: maxRssBytes(), note: 'CREATE TABLE AS read_csv' },
    ];

    // (b) The governed ingest on a fresh pilot observatory (reference data loaded beforehand, not timed).
    const observatory = await openScratchObservatory(join(scratch.dir, 'observatory.duckdb'), PILOT);
    try {
      sampler.reset();
      const governed = await timed(() => ingestExtract(observatory.ingest, file));
      const result = governed.value;
      if (result.status !== 'loaded') throw new Error(`ingest did not load: ${result.status} ${result.reason ?? ''}`);
      phases.push({
        name: 'ingestExtract (governed)',
        rows: result.rowsRead,
        seconds: governed.seconds,
        peakRss: sampler.peakBytes(),
        maxRss: maxRssBytes(),
        note: `${fmt.int(result.rowsLoaded)} loaded, ${fmt.int(result.rowsQuarantined)} quarantined`,
      });
    } finally {
      await observatory.db.close();
    }

    const base = phases[0]!;
    console.log('');
    printTable(
      ['phase', 'rows', 'seconds', 'rows/s', 'vs read_csv', 'peak RSS (50 ms)', 'maxRSS so far', 'note'],
      phases.map((p) => [p.name, fmt.int(p.rows), fmt.s(p.seconds), fmt.int(p.rows / p.seconds), fmt.ratio(p.seconds / base.seconds), fmt.mib(p.peakRss), fmt.mib(p.maxRss), p.note]),
    );
    const governedPhase = phases[1]!;
    console.log('');
    console.log(
      `targets: governed within 2× of read_csv (now ${fmt.ratio(governedPhase.seconds / base.seconds)}); ` +
        `peak memory under 1 GiB for 10M rows (now ${fmt.mib(governedPhase.peakRss)} peak for ${fmt.int(rows)} rows` +
        `${governedPhase.peakRss < 1024 * MIB ? '' : ', over'})`,
    );
  } finally {
    sampler.stop();
    scratch.dispose();
  }
}

await main();
