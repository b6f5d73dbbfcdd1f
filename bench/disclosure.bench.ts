/**
 * What disclosure control costs on the pilot: a full build with today's group rules only and with
 * the attacker-checked secondary suppression, in the same run, each timed, with the share of
 * published cells withheld (primary: small numbers and the sender's; secondary: withheld to protect
 * them; for a ratio, withheld with its denominator).
 *
 *   npm run bench:disclosure -- [--runs 1]
 *
 * England and Wales (bench/national-partnership.ts) is not run here: the attacker's check solves
 * linear programs per family over the whole publication, which at 35,672 LSOAs needs the per-district
 * decomposition that is not built yet (see the README).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndicators, type BuildOptions, type BuildSummary } from '../pipeline/indicators/build-indicators.ts';
import { REASON_DENOMINATOR, REASON_SECONDARY, REASON_SENDER } from '../pipeline/indicators/compute-counted-indicator.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../pipeline/ingest/partnership-extracts.ts';
import { fmt, median, openScratchObservatory, printTable, timed } from './bench-support.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const runs = Math.max(1, Math.floor(Number(args.runs)));
const ROOT = resolve(import.meta.dirname, '..');
const PILOT = join(ROOT, 'datasets', 'chorley-south-ribble');
const TODAY = '2026-11-23';

const dir = join(ROOT, 'bench', 'out', 'disclosure');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const observatory = await openScratchObservatory(join(dir, 'pilot.duckdb'), PILOT);
try {
  for (const file of listPartnershipExtracts(observatory.partnership.extractsDir)) {
    const result = await ingestExtract(observatory.ingest, file, { today: TODAY });
    if (result.status !== 'loaded' && result.status !== 'unchanged') throw new Error(`${file}: ${result.status}`);
  }
  const { db, definitions, agreements } = observatory;
  const rows: string[][] = [];
  const counted = definitions.filter((d) => d.kind === 'counted').map((d) => d.id);
  for (const disclosure of ['group-rules', 'attacker-checked'] as const satisfies readonly BuildOptions['disclosure'][]) {
    const seconds: number[] = [];
    let summary: BuildSummary | null = null;
    for (let i = 0; i < runs; i++) {
      const run = await timed(() => buildIndicators(db, definitions, agreements, { full: true }, TODAY, { disclosure }));
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
    rows.push([
      disclosure,
      fmt.s(median(seconds)),
      fmt.s(protection.reduce((n, p) => n + p.milliseconds, 0) / 1000),
      fmt.int(cells),
      share(counts?.primary_cells),
      share(counts?.secondary_cells),
      share(counts?.denominator_cells),
      protection.map((p) => `${p.family[0]}…: ${p.rounds} rounds, +${p.added} −${p.republished}, ${fmt.s(p.milliseconds / 1000)} s`).join('; ') || '—',
    ]);
    console.log(`${disclosure}: built in ${seconds.map(fmt.s).join(', ')} s; sender-withheld ${Number(counts?.sender_cells)}`);
  }
  printTable(['secondary suppression', 'full build s', 'attacker check s', 'counted cells', 'primary withheld', 'secondary withheld', 'withheld with denominator', 'per family'], rows);
} finally {
  await observatory.db.close();
}
