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
  const loaded = results.filter((r) => r.status === 'loaded' && r.dataset && r.periodStart && r.periodEnd);
  if (loaded.length === 0) return [];
  const built = await db.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`);
  if (Number(built[0]?.n) === 0) return [await buildIndicators(db, definitions, agreements, { full: true })];
  const monthsByDataset = new Map<string, Set<string>>();
  for (const r of loaded) {
    const set = monthsByDataset.get(r.dataset!) ?? new Set<string>();
    for (const month of monthsBetween(r.periodStart!, r.periodEnd!)) set.add(month);
    monthsByDataset.set(r.dataset!, set);
  }
  const summaries: BuildSummary[] = [];
  for (const [dataset, months] of monthsByDataset) {
    summaries.push(await buildIndicators(db, definitions, agreements, { full: false, dataset, months: [...months].sort() }));
  }
  return summaries;
}
