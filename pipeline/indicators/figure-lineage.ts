/**
 * The lineage of a figure: the extracts (ids, partners, files, periods) and agreement versions it was
 * built from, those of its denominator indicator included. No row counts: a count of source rows in
 * one small area and month would bypass disclosure control.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { datasetById } from '../datasets/registry.ts';
import { NotFoundError } from '../errors.ts';
import { sourceDatasets, type IndicatorDefinition } from './indicator-definition.ts';
import { monthsOfPeriod } from './periods.ts';

const extractRow = z.object({
  extract_id: z.string(),
  partner: z.string(),
  dataset: z.string(),
  file_name: z.string(),
  generated: z.boolean(),
  agreement_id: z.string(),
  agreement_version: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  loaded_at: z.string(),
});

/** One extract behind a figure. */
export type LineageExtract = {
  extractId: string;
  partner: string;
  dataset: string;
  file: string;
  generated: boolean;
  agreement: { id: string; version: string };
  periodStart: string;
  periodEnd: string;
  loadedAt: string;
};

/** The extracts behind an indicator's figure for an area (any level) and period; not found for an unknown area or a period without months. */
export async function figureLineage(db: Database, definitions: readonly IndicatorDefinition[], definition: IndicatorDefinition, area: string, period: string): Promise<LineageExtract[]> {
  const known = z.array(z.object({ code: z.string() })).parse(await db.all(`SELECT code FROM area WHERE code = $area`, { area }));
  if (known.length === 0) throw new NotFoundError(`no area "${area}" in the partnership`, { field: 'area' });
  if (definition.kind === 'reference') return [];
  const months = monthsOfPeriod(period).map((m) => `${m}-01`);
  if (months.length === 0) throw new NotFoundError(`"${period}" is not a period of ${definition.id}`, { field: 'period' });
  const extracts: LineageExtract[] = [];
  // Each dataset once: a ratio's numerator and denominator often count the same one.
  for (const dataset of sourceDatasets(definition, definitions)) {
    const module = datasetById(dataset);
    if (!module) continue;
    // The table name comes from the registry; the area and months are parameters.
    const rows = z.array(extractRow).parse(
      await db.all(
        `WITH lsoas AS (
           SELECT code FROM area WHERE level = 'lsoa'
             AND ($area = code OR $area = ward_code OR $area = lad_code OR $area = partnership_code)
         )
         SELECT DISTINCT r.extract_id, e.partner, e.dataset, e.file_name, e.generated,
                e.agreement_id, e.agreement_version, strftime(e.period_start, '%Y-%m') AS period_start,
                strftime(e.period_end, '%Y-%m') AS period_end, strftime(e.loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS loaded_at
         FROM ${module.table} r JOIN extract_log e ON e.extract_id = r.extract_id
         WHERE r.lsoa21_code IN (SELECT code FROM lsoas)
           AND r.period BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
         ORDER BY r.extract_id`,
        { area, from: months[0]!, to: months[months.length - 1]! },
      ),
    );
    extracts.push(
      ...rows.map((r) => ({
        extractId: r.extract_id,
        partner: r.partner,
        dataset: r.dataset,
        file: r.file_name,
        generated: r.generated,
        agreement: { id: r.agreement_id, version: r.agreement_version },
        periodStart: r.period_start,
        periodEnd: r.period_end,
        loadedAt: r.loaded_at,
      })),
    );
  }
  return extracts;
}
