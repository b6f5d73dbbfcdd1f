import { createRoute, z } from '@hono/zod-openapi';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import type { PublishedFigure } from '../../pipeline/indicators/indicator-value.ts';
import { AreaCode, AreaProfile, ProfileQuery } from '../contract/index.ts';
import { datasetsOfIndicator, mayReadIndicator } from '../access/data-access.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const profileRoute = createRoute({
  method: 'get',
  path: '/{code}/profile',
  operationId: 'getAreaProfile',
  tags: ['Areas'],
  summary: 'Every indicator for an area beside its benchmark and the partnership',
  description: 'Ready for a spine chart: the area’s figure, its benchmark’s and the partnership’s, and the spread across areas of the same level.',
  request: { params: z.object({ code: AreaCode.meta({ param: { name: 'code', in: 'path' } }) }), query: ProfileQuery },
  responses: { 200: jsonResponse(AreaProfile, 'The profile.'), ...problemResponses(400, 401, 403, 404) },
});

/** The part of a figure a spine chart shows for the area, its benchmark and the partnership. */
function shown({ value, lower, upper, suppressed, suppressionReason }: PublishedFigure) {
  return { value, lower, upper, suppressed, suppressionReason };
}

/** GET /api/areas/{code}/profile?period=: the data of an area's spine chart. */
export function areaRoutes(state: ObservatoryState) {
  return apiRouter().openapi(profileRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { period } = c.req.valid('query');
    const area = await state.figures.area(code, 'code');
    // A district and a locality (which may cross districts) are compared with the partnership.
    const benchmark = area.level === 'lad' || area.level === 'locality' ? area.partnership_code : area.level === 'partnership' ? null : area.lad_code;
    // Only indicators whose agreements let the caller's role see aggregates (access.aggregates).
    const role = c.get('principal')?.role ?? 'public';
    const entries = (await state.figures.profile(area, benchmark, period ?? null)).filter((e) => mayReadIndicator(state, role, e.definition));
    c.set('auditDatasets', entries.flatMap((e) => datasetsOfIndicator(state, e.definition)));
    return c.json(
      {
        area: {
          code: area.code,
          name: area.name,
          level: area.level,
          ward: area.ward_code ? { code: area.ward_code, name: area.ward_name ?? area.ward_code } : null,
          localAuthority: area.lad_code && area.level !== 'lad' ? { code: area.lad_code, name: area.lad_name ?? area.lad_code } : null,
        },
        benchmark,
        partnership: area.partnership_code,
        indicators: entries.map((e) => ({
          indicator: { id: e.definition.id, title: e.definition.title, theme: e.definition.theme, unit: e.definition.unit, polarity: e.definition.polarity },
          period: { id: e.periodId, label: periodLabel(e.periodId) },
          area: shown(e.area),
          benchmark: e.benchmark ? shown(e.benchmark) : null,
          partnership: e.partnership ? shown(e.partnership) : null,
          comparison: e.area.comparison,
          trend: e.area.trend,
          rag: e.area.rag,
          spread: e.spread,
        })),
      },
      200,
    );
  });
}
