import type { Agreement } from '../agreements/agreement-schema.ts';
import type { Database } from '../db/database.ts';
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
 * Rebuilds what changed: a full build when nothing was built before, else one incremental build
 * per changed dataset over the months that changed.
 */
export async function rebuildAfterChanges(
  db: Database,
  definitions: readonly IndicatorDefinition[],
  agreements: readonly Agreement[],
  changes: readonly DatasetChange[],
): Promise<BuildSummary[]> {
  if (changes.length === 0) return [];
  const built = await db.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`);
  if (Number(built[0]?.n) === 0) return [await buildIndicators(db, definitions, agreements, { full: true })];
  const monthsByDataset = new Map<string, Set<string>>();
  for (const change of changes) {
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
