import { createRoute, z } from '@hono/zod-openapi';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { figureAudience } from '../access/data-access.ts';
import { IndicatorSeries, SeriesQuery } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const seriesRoute = createRoute({
  method: 'get',
  path: '/{id}/series',
  operationId: 'getIndicatorSeries',
  tags: ['Indicators'],
  summary: 'One area’s figures for an indicator over time',
  request: { params: z.object({ id: z.string().min(1).max(80).meta({ param: { name: 'id', in: 'path' }, example: 'all-crime' }) }), query: SeriesQuery },
  responses: { 200: jsonResponse(IndicatorSeries, 'The series, oldest period first, with confidence intervals.'), ...problemResponses(400, 401, 403, 404) },
});

/** GET /api/indicators/{id}/series?area=: one area's figures over time, with confidence intervals. */
export function indicatorSeriesRoutes(state: ObservatoryState) {
  return apiRouter().openapi(seriesRoute, async (c) => {
    const definition = state.figures.definition(c.req.valid('param').id);
    const area = await state.figures.area(c.req.valid('query').area, 'area');
    const audience = figureAudience(state, c.get('principal')?.role ?? 'public', definition);
    const points = await state.figures.series(definition, area.code, audience);
    return c.json(
      {
        indicator: { id: definition.id, title: definition.title, unit: definition.unit, polarity: definition.polarity },
        area: { code: area.code, name: area.name, level: area.level },
        points: points.map(({ periodId, periodStart, ...figure }) => ({ period: { id: periodId, label: periodLabel(periodId), start: periodStart }, ...figure })),
      },
      200,
    );
  });
}
