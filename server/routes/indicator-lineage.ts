import { Hono } from 'hono';
import { z } from 'zod';
import { datasetById } from '../../pipeline/datasets/registry.ts';
import { InputError, NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets } from '../../pipeline/indicators/indicator-definition.ts';
import { monthsOfPeriod, periodLabel, periodsContaining } from '../../pipeline/indicators/periods.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const lineageQuery = z.object({
  area: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, 'is not an area code'),
  period: z.string().regex(/^[A-Za-z0-9-]{4,20}$/, 'is not a period id'),
});

/**
 * GET /api/indicators/{id}/lineage?area=&period=: the extracts (ids, partners, files, periods) and
 * agreement versions a published figure was built from, those of its denominator indicator included.
 * Metadata is publication too (SDC.md): it answers only at the indicator's own grain (a month of a
 * quarterly indicator is a 400), only for a published figure (a withheld one lists nothing), and lists
 * the extracts of the indicator's datasets that cover the period, the same for every area: never
 * whether an area has rows in a month, which would pin a withheld count.
 */
export function indicatorLineageRoutes(state: ObservatoryState) {
  return new Hono().get('/:id/lineage', async (c) => {
    const definition = state.definitions.find((d) => d.id === c.req.param('id'));
    if (!definition) throw new NotFoundError(`no indicator "${c.req.param('id')}"`, { field: 'id' });
    const { area, period } = parseInput(lineageQuery, c.req.query());
    const areaRows = await state.db.all(`SELECT code, level FROM area WHERE code = $area`, { area });
    if (!areaRows[0]) throw new NotFoundError(`no area "${area}" in the partnership`, { field: 'area' });
    const base = { indicator: definition.id, area, period: { id: period, label: periodLabel(period) } };
    if (definition.kind === 'reference') {
      return c.json({ ...base, reference: definition.source, extracts: [], methods: definition.methods }, 200);
    }
    const months = monthsOfPeriod(period);
    const own = months.length > 0 ? periodsContaining(definition.grain, months[0]!).find((p) => p.id === period) : undefined;
    if (!own) throw new InputError(`"${period}" is not a ${definition.grain} period; ${definition.id} is published by ${definition.grain} only`, { field: 'period' });
    const figure = await state.db.all(`SELECT suppressed FROM indicator_value WHERE indicator_id = $id AND area_code = $area AND period_id = $period`, {
      id: definition.id,
      area,
      period,
    });
    if (!figure[0]) throw new NotFoundError(`${definition.id} has no figure for ${area} in ${period}`, { field: 'period' });
    if (figure[0].suppressed === true) return c.json({ ...base, withheld: true, extracts: [], methods: definition.methods }, 200);
    const extracts = [];
    // Each dataset once: a ratio's numerator and denominator often count the same one.
    for (const dataset of sourceDatasets(definition, state.definitions)) {
      if (!datasetById(dataset)) continue;
      // From the extract log alone, by period: the extracts in force (loaded, not superseded, not
      // purged) whose period overlaps this one. Nothing here depends on the area or on rows.
      const rows = await state.db.all(
        `SELECT e.extract_id, e.partner, e.dataset, e.file_name, e.generated, e.agreement_id, e.agreement_version,
                strftime(e.period_start, '%Y-%m') AS period_start, strftime(e.period_end, '%Y-%m') AS period_end,
                strftime(e.loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS loaded_at
         FROM extract_log e
         WHERE e.dataset = $dataset AND e.status = 'loaded' AND e.superseded_by IS NULL
           AND e.period_start <= CAST($to AS DATE) AND e.period_end >= CAST($from AS DATE)
         ORDER BY e.extract_id`,
        { dataset, from: `${months[0]!}-01`, to: `${months[months.length - 1]!}-01` },
      );
      extracts.push(
        ...rows.map((r) => ({
          extractId: String(r.extract_id),
          partner: String(r.partner),
          dataset: String(r.dataset),
          file: String(r.file_name),
          generated: Boolean(r.generated),
          agreement: { id: String(r.agreement_id), version: String(r.agreement_version) },
          periodStart: String(r.period_start),
          periodEnd: String(r.period_end),
          loadedAt: String(r.loaded_at),
        })),
      );
    }
    return c.json({ ...base, withheld: false, extracts, methods: definition.methods }, 200);
  });
}
