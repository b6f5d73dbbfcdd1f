import { createRoute } from '@hono/zod-openapi';
import { ForbiddenError, NotFoundError } from '../../pipeline/errors.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { loadSeriousViolenceConfig, seriousViolenceView } from '../../pipeline/indicators/serious-violence-view.ts';
import { datasetsOfIndicator, mayReadIndicator } from '../access/data-access.ts';
import { SeriousViolenceQuery, SeriousViolenceView } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const viewRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getSeriousViolenceView',
  tags: ['Serious violence'],
  summary: 'Police violence beside A&E assault attendances, their combined demand, and the areas high on both',
  description:
    'Per LSOA or ward (`level`) and financial year (`period`, the latest by default): police-recorded violence and A&E attendances for assault per 1,000 residents with 95% CIs, their combined demand (the two published counts added, with a Byar CI; withheld wherever either is), and whether each is significantly above the partnership (the CI’s lower bound above the partnership’s rate). An area is high on both when its police and its A&E figures both are; a withheld figure is never judged. Published figures only: the two sources are suppressed as one disclosure family.',
  request: { query: SeriousViolenceQuery },
  responses: { 200: jsonResponse(SeriousViolenceView, 'The view.'), ...problemResponses(400, 401, 403, 404) },
});

/** GET /api/serious-violence?level=&period=: the serious-violence view. */
export function seriousViolenceRoutes(state: ObservatoryState) {
  const config = loadSeriousViolenceConfig(state.partnership.dir, state.definitions);
  return apiRouter().openapi(viewRoute, async (c) => {
    if (!config) throw new NotFoundError('this partnership has no serious-violence view (serious-violence.json)');
    const { level, period } = c.req.valid('query');
    const inputs = [config.inputs.police, config.inputs.hospital];
    c.set('auditDatasets', inputs.flatMap((d) => datasetsOfIndicator(state, d)));
    const role = c.get('principal')?.role ?? 'public';
    const hidden = inputs.filter((d) => !mayReadIndicator(state, role, d));
    if (hidden.length > 0) throw new ForbiddenError(`the agreements behind ${hidden.map((d) => d.id).join(', ')} do not let ${role} see their figures`);
    const view = await seriousViolenceView(state.figures, config.inputs, level, period ?? null);
    const input = (id: 'police' | 'hospital') => {
      const d = config.inputs[id];
      return { id: d.id, title: d.title, unit: d.unit, withdrawn: state.figures.withdrawalReason(d) !== null };
    };
    return c.json(
      {
        title: config.title,
        level: view.level,
        period: { id: view.period, label: periodLabel(view.period) },
        method: config.method,
        inputs: { police: input('police'), hospital: input('hospital') },
        partnership: view.partnership,
        areas: view.areas,
        highOnBoth: view.highOnBoth,
        unjudged: view.unjudged,
      },
      200,
    );
  });
}
