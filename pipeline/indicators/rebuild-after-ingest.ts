import type { Agreement } from '../agreements/agreement-schema.ts';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { currentBuildInputs, latestBuildInputs } from './build-inputs.ts';
import type { IngestResult } from '../ingest/ingest-extract.ts';
import { buildIndicators, type BuildSummary } from './build-indicators.ts';
import type { IndicatorDefinition } from './indicator-definition.ts';

function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  let [y, m] = start.split('-').map(Number) as [number, number];
  const [ey, em] = end.split('-').map(Number) as [number, number];
  while (y < ey || (y === ey && m <= em)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

/** A dataset whose rows changed in these months (a load, a replacement, a reinstatement). */
export type DatasetChange = { dataset: string; months: readonly string[] };

/**
 * Datasets whose extracts in force are not those the latest build read (a process killed after an
 * ingest committed and before its rebuild), with every month of their extracts in force.
 */
async function staleDatasets(db: Database): Promise<DatasetChange[]> {
  const latest = await latestBuildInputs(db);
  if (!latest?.inputs) return [];
  const recorded = latest.inputs;
  const now = await currentBuildInputs(db);
  const stale = [...new Set([...Object.keys(now), ...Object.keys(recorded)])].filter((d) => now[d] !== recorded[d]).sort();
  const changes: DatasetChange[] = [];
  for (const dataset of stale) {
    const spans = await db.all(
      `SELECT strftime(period_start, '%Y-%m') AS first, strftime(period_end, '%Y-%m') AS last FROM extract_log
       WHERE dataset = $dataset AND status = 'loaded' AND superseded_by IS NULL AND period_start IS NOT NULL`,
      { dataset },
      z.object({ first: z.string(), last: z.string() }),
    );
    changes.push({ dataset, months: [...new Set(spans.flatMap((s) => monthsBetween(s.first, s.last)))].sort() });
  }
  return changes;
}

/**
 * Rebuilds what changed: a full build when nothing was built before, else one incremental build
 * per changed dataset over the months that changed, and over every month of a dataset whose
 * figures an earlier change left unbuilt.
 */
export async function rebuildAfterChanges(
  db: Database,
  definitions: readonly IndicatorDefinition[],
  agreements: readonly Agreement[],
  changes: readonly DatasetChange[],
): Promise<BuildSummary[]> {
  const built = await db.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`);
  if (Number(built[0]?.n) === 0) return changes.length === 0 ? [] : [await buildIndicators(db, definitions, agreements, { full: true })];
  const monthsByDataset = new Map<string, Set<string>>();
  // A dataset changed now is rebuilt over the months of this change only (a stale month of it from before stays stale).
  const changed = new Set(changes.map((c) => c.dataset));
  const stale = (await staleDatasets(db)).filter((c) => !changed.has(c.dataset));
  for (const change of [...changes, ...stale]) {
    const set = monthsByDataset.get(change.dataset) ?? new Set<string>();
    for (const month of change.months) set.add(month);
    monthsByDataset.set(change.dataset, set);
  }
  const summaries: BuildSummary[] = [];
  for (const [dataset, months] of monthsByDataset) {
    summaries.push(await buildIndicators(db, definitions, agreements, { full: false, dataset, months: [...months].sort() }));
  }
  return summaries;
}

/**
 * Rebuilds what newly loaded extracts touch: a full build when nothing was
 * built before, else one incremental build per changed dataset.
 */
export async function rebuildAfterIngest(
  db: Database,
  definitions: readonly IndicatorDefinition[],
  agreements: readonly Agreement[],
  results: readonly IngestResult[],
): Promise<BuildSummary[]> {
  const changes = results.flatMap((r) =>
    r.status === 'loaded' && r.dataset && r.periodStart && r.periodEnd ? [{ dataset: r.dataset, months: monthsBetween(r.periodStart, r.periodEnd) }] : [],
  );
  return rebuildAfterChanges(db, definitions, agreements, changes);
}
