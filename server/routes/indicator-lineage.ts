import { createRoute, z } from '@hono/zod-openapi';
import { datasetById } from '../../pipeline/datasets/registry.ts';
import { NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets } from '../../pipeline/indicators/indicator-definition.ts';
import { monthsOfPeriod, periodLabel } from '../../pipeline/indicators/periods.ts';
import { IndicatorLineage, LineageQuery } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const lineageRoute = createRoute({
  method: 'get',
  path: '/{id}/lineage',
  operationId: 'getIndicatorLineage',
  tags: ['Indicators'],
  summary: 'The extracts and agreement versions a figure was built from',
  request: { params: z.object({ id: z.string().min(1).max(80).meta({ param: { name: 'id', in: 'path' }, example: 'all-crime' }) }), query: LineageQuery },
  responses: { 200: jsonResponse(IndicatorLineage, 'The lineage.'), ...problemResponses(400, 401, 403, 404) },
});

/**
 * GET /api/indicators/{id}/lineage?area=&period=: the extracts (ids, partners,
 * files, periods) and agreement versions a figure was built from, those of its
 * denominator indicator included.
 */
export function indicatorLineageRoutes(state: ObservatoryState) {
  return apiRouter().openapi(lineageRoute, async (c) => {
    const definition = state.figures.definition(c.req.valid('param').id);
    const { area, period } = c.req.valid('query');
    const areaRows = await state.db.all(`SELECT code, level FROM area WHERE code = $area`, { area });
    if (!areaRows[0]) throw new NotFoundError(`no area "${area}" in the partnership`, { field: 'area' });
    const base = { indicator: definition.id, area, period: { id: period, label: periodLabel(period) } };
    if (definition.kind === 'reference') {
      return c.json({ ...base, reference: definition.source, extracts: [], methods: definition.methods }, 200);
    }
    const months = monthsOfPeriod(period).map((m) => `${m}-01`);
    if (months.length === 0) throw new NotFoundError(`"${period}" is not a period of ${definition.id}`, { field: 'period' });
    const extracts = [];
    // Each dataset once: a ratio's numerator and denominator often count the same one.
    for (const dataset of sourceDatasets(definition, state.definitions)) {
      const module = datasetById(dataset);
      if (!module) continue;
      // The table name comes from the registry; the area and months are parameters. No row counts are
      // returned: a count of source rows in one small area and month would bypass disclosure control.
      const rows = await state.db.all(
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
    return c.json({ ...base, extracts, methods: definition.methods }, 200);
  });
}
