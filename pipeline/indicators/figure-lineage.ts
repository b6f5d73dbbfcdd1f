/**
 * The lineage of a figure: the extracts (ids, partners, files, periods) and agreement versions it was
 * built from, those of its denominator indicator included. No row counts, and nothing by area: a count
 * of source rows, or their presence, in one small area and month would bypass disclosure control.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { datasetById } from '../datasets/registry.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { sourceDatasets, type IndicatorDefinition } from './indicator-definition.ts';
import { monthsOfPeriod, periodsContaining } from './periods.ts';

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

/**
 * The extracts behind an indicator's published figure for an area (any level) and period. Metadata is
 * publication too (SDC.md): only a period of the indicator's own grain is accepted (a month of a
 * quarterly indicator is an input error), a withheld figure lists nothing, and the extracts are those
 * of the indicator's datasets in force whose period overlaps this one, from the extract log: the same
 * for every area, never whether an area has rows in a month (that would pin a withheld count).
 */
export async function figureLineage(db: Database, definitions: readonly IndicatorDefinition[], definition: IndicatorDefinition, area: string, period: string): Promise<LineageExtract[]> {
  const known = z.array(z.object({ code: z.string() })).parse(await db.all(`SELECT code FROM area WHERE code = $area`, { area }));
  if (known.length === 0) throw new NotFoundError(`no area "${area}" in the partnership`, { field: 'area' });
  if (definition.kind === 'reference') return [];
  const months = monthsOfPeriod(period);
  const own = months.length > 0 ? periodsContaining(definition.grain, months[0]!).some((p) => p.id === period) : false;
  if (!own) throw new InputError(`"${period}" is not a ${definition.grain} period; ${definition.id} is published by ${definition.grain} only`, { field: 'period' });
  const figure = z
    .array(z.object({ suppressed: z.boolean() }))
    .parse(await db.all(`SELECT suppressed FROM indicator_value WHERE indicator_id = $id AND area_code = $area AND period_id = $period`, { id: definition.id, area, period }));
  if (!figure[0]) throw new NotFoundError(`${definition.id} has no figure for ${area} in ${period}`, { field: 'period' });
  if (figure[0].suppressed) return [];
  const extracts: LineageExtract[] = [];
  // Each dataset once: a ratio's numerator and denominator often count the same one.
  for (const dataset of sourceDatasets(definition, definitions)) {
    if (!datasetById(dataset)) continue;
    // Extracts loaded and not superseded whose period overlaps this one; nothing depends on the area or on rows.
    const rows = z.array(extractRow).parse(
      await db.all(
        `SELECT e.extract_id, e.partner, e.dataset, e.file_name, e.generated, e.agreement_id, e.agreement_version,
                strftime(e.period_start, '%Y-%m') AS period_start, strftime(e.period_end, '%Y-%m') AS period_end,
                strftime(e.loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS loaded_at
         FROM extract_log e
         WHERE e.dataset = $dataset AND e.status = 'loaded' AND e.superseded_by IS NULL
           AND e.period_start <= CAST($to AS DATE) AND e.period_end >= CAST($from AS DATE)
         ORDER BY e.extract_id`,
        { dataset, from: `${months[0]!}-01`, to: `${months[months.length - 1]!}-01` },
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
