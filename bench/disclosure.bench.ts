/**
 * What disclosure control costs: full builds with today's group rules only and with the
 * attacker-checked secondary suppression (the whole publication as one system per family, and per
 * district with the links between districts), in the same run, each timed, with the share of
 * published cells withheld (primary: small numbers and the sender's; secondary: withheld to protect
 * them; for a ratio, withheld with its denominator).
 *
 *   npm run bench:disclosure -- [--runs 1] [--area pilot|county|national] [--months 24] [--whole]
 *
 * --area pilot (the default): the pilot, group rules, whole and per district.
 * --area county: Lancashire's 14 local authorities (about 1,000 LSOAs) from the England-and-Wales
 *   open data (OBSERVATORY_OPEN_DATA, as for bench:indicators), with --months of generated extracts
 *   (datasets/tools/generate-extracts.ts --national --lads …): group rules and per district (--whole
 *   adds the whole-publication search, which is much slower there).
 * --area national: all 35,672 LSOAs of England and Wales the same way (setup about ten minutes;
 *   the per-district search then runs district by district: expect hours on two cores).
 * The generated area's database is made once in bench/out/disclosure-<area> and reused while
 * --months is the same.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndicators, type BuildOptions, type BuildSummary } from '../pipeline/indicators/build-indicators.ts';
import { REASON_DENOMINATOR, REASON_SECONDARY, REASON_SENDER } from '../pipeline/indicators/compute-counted-indicator.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../pipeline/ingest/partnership-extracts.ts';
import type { Observatory } from '../pipeline/observatory.ts';
import { missingOpenData, missingOpenDataMessage, NATIONAL_OPEN_DATA, openDataDir } from '../datasets/tools/open-data.ts';
import { fmt, median, openScratchObservatory, printTable, timed } from './bench-support.ts';
import { buildNationalPartnership } from './national-partnership.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, area: { type: 'string', default: 'pilot' }, months: { type: 'string', default: '24' }, whole: { type: 'boolean', default: false } },
});
const runs = Math.max(1, Math.floor(Number(args.runs)));
const months = Math.max(1, Math.floor(Number(args.months)));
const area = args.area ?? 'pilot';
if (!['pilot', 'county', 'national'].includes(area)) throw new Error('--area is pilot, county or national');
const ROOT = resolve(import.meta.dirname, '..');
const PILOT = join(ROOT, 'datasets', 'chorley-south-ribble');
const TODAY = '2026-11-23';
/** Lancashire's 12 districts and its two unitary authorities (Blackburn with Darwen, Blackpool). */
const LANCASHIRE = ['E06000008', 'E06000009', ...Array.from({ length: 12 }, (_, i) => `E070001${17 + i}`)];

async function ingestAll(observatory: Observatory, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const result = await ingestExtract(observatory.ingest, file, { today: TODAY });
    if (result.status !== 'loaded' && result.status !== 'unchanged') throw new Error(`${file}: ${result.status}`);
  }
}

/** The pilot, loaded afresh. */
async function pilot(): Promise<Observatory> {
  const dir = join(ROOT, 'bench', 'out', 'disclosure');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const observatory = await openScratchObservatory(join(dir, 'pilot.duckdb'), PILOT);
  await ingestAll(observatory, listPartnershipExtracts(observatory.partnership.extractsDir));
  return observatory;
}

/** A generated partnership over the open data's LSOAs (Lancashire's, or all of England and Wales), made once and reused. */
async function generated(lads: readonly string[] | null): Promise<Observatory> {
  const missing = missingOpenData(openDataDir(), NATIONAL_OPEN_DATA.map((f) => f.path));
  if (missing.length > 0) {
    console.error(missingOpenDataMessage(openDataDir(), missing));
    process.exit(1);
  }
  const dir = join(ROOT, 'bench', 'out', `disclosure-${area}`);
  const stamp = join(dir, 'stamp.json');
  const db = join(dir, 'area.duckdb');
  const partnershipDir = join(dir, 'partnership');
  const wanted = JSON.stringify({ months, lads });
  if (existsSync(stamp) && existsSync(db) && readFileSync(stamp, 'utf8') === wanted) return openScratchObservatory(db, partnershipDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const made = buildNationalPartnership(partnershipDir, lads ? { lads } : {});
  console.log(`${area}: ${fmt.int(made.lsoas)} LSOAs, ${fmt.int(made.wards)} ward-level groups, ${made.lads} local authorities; generating ${months} months`);
  const generator = ['--import', 'tsx', join(ROOT, 'datasets', 'tools', 'generate-extracts.ts'), '--national', '--wales', '--months', String(months), '--out-dir', join(partnershipDir, 'extracts')];
  const run = spawnSync(process.execPath, lads ? [...generator, '--lads', lads.join(',')] : generator, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`the generator failed (exit ${run.status})`);
  const observatory = await openScratchObservatory(db, partnershipDir);
  await ingestAll(observatory, listPartnershipExtracts(join(partnershipDir, 'extracts')));
  writeFileSync(stamp, wanted);
  return observatory;
}

const observatory = area === 'pilot' ? await pilot() : await generated(area === 'county' ? LANCASHIRE : null);
try {
  const { db, definitions, agreements } = observatory;
  const [shape] = await db.all(`SELECT count(*) FILTER (WHERE level = 'lsoa')::INTEGER AS lsoas, count(*) FILTER (WHERE level = 'lad')::INTEGER AS lads FROM area`);
  console.log(`${area}: ${Number(shape?.lsoas)} LSOAs, ${Number(shape?.lads)} districts`);
  const rows: string[][] = [];
  const counted = definitions.filter((d) => d.kind === 'counted').map((d) => d.id);
  type Mode = { label: string; options: BuildOptions };
  const modes: Mode[] = [
    { label: 'group rules only', options: { disclosure: 'group-rules' } },
    ...(area === 'pilot' || args.whole ? [{ label: 'attacker-checked, whole', options: { disclosure: 'attacker-checked', decomposition: 'whole' } } satisfies Mode] : []),
    { label: 'attacker-checked, per district', options: { disclosure: 'attacker-checked', decomposition: 'per-district' } },
  ];
  for (const mode of modes) {
    const seconds: number[] = [];
    let summary: BuildSummary | null = null;
    for (let i = 0; i < runs; i++) {
      const run = await timed(() => buildIndicators(db, definitions, agreements, { full: true }, TODAY, mode.options));
      seconds.push(run.seconds);
      summary = run.value;
    }
    // Counted indicators' figures only (reference indicators are never withheld).
    const [counts] = await db.all(
      `SELECT count(*)::INTEGER AS cells,
              count(*) FILTER (WHERE suppressed AND suppression_reason NOT IN ($secondary, $denominator))::INTEGER AS primary_cells,
              count(*) FILTER (WHERE suppressed AND suppression_reason = $sender)::INTEGER AS sender_cells,
              count(*) FILTER (WHERE suppressed AND suppression_reason = $secondary)::INTEGER AS secondary_cells,
              count(*) FILTER (WHERE suppressed AND suppression_reason = $denominator)::INTEGER AS denominator_cells
       FROM indicator_value WHERE indicator_id IN (${counted.map((_, i) => `$id${i}`).join(', ')})`,
      { secondary: REASON_SECONDARY, denominator: REASON_DENOMINATOR, sender: REASON_SENDER, ...Object.fromEntries(counted.map((id, i) => [`id${i}`, id])) },
    );
    const cells = Number(counts?.cells);
    const share = (n: unknown) => `${fmt.int(Number(n))} (${((100 * Number(n)) / cells).toFixed(1)}%)`;
    const protection = summary?.protection ?? [];
    const linked = protection.some((p) => p.linked !== undefined)
      ? `; districts linked ${protection.map((p) => `${p.linked ?? 0}/${p.districts ?? 0}`).join(', ')}`
      : '';
    rows.push([
      mode.label,
      fmt.s(median(seconds)),
      fmt.s(protection.reduce((n, p) => n + p.milliseconds, 0) / 1000),
      fmt.int(cells),
      share(counts?.primary_cells),
      share(counts?.secondary_cells),
      share(counts?.denominator_cells),
      (protection.map((p) => `${p.family[0]}…: ${p.rounds} rounds, +${p.added} −${p.republished}, ${fmt.s(p.milliseconds / 1000)} s`).join('; ') || '—') + linked,
    ]);
    console.log(`${mode.label}: built in ${seconds.map(fmt.s).join(', ')} s; sender-withheld ${Number(counts?.sender_cells)}`);
  }
  printTable(['secondary suppression', 'full build s', 'attacker check s', 'counted cells', 'primary withheld', 'secondary withheld', 'withheld with denominator', 'per family'], rows);
} finally {
  await observatory.db.close();
}
