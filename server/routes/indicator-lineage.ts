import { createRoute, z } from '@hono/zod-openapi';
import { figureLineage } from '../../pipeline/indicators/figure-lineage.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
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
    const extracts = await figureLineage(state.db, state.definitions, definition, area, period);
    const base = { indicator: definition.id, area, period: { id: period, label: periodLabel(period) } };
    if (definition.kind === 'reference') return c.json({ ...base, reference: definition.source, extracts, methods: definition.methods }, 200);
    return c.json({ ...base, extracts, methods: definition.methods }, 200);
  });
}
