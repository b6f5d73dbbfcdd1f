import { createRoute } from '@hono/zod-openapi';
import { InputError, NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets } from '../../pipeline/indicators/indicator-definition.ts';
import { combineInputs, loadMultiAgencyConfig } from '../../pipeline/indicators/multi-agency-view.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { MultiAgencyQuery, MultiAgencyView } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const viewRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getMultiAgencyView',
  tags: ['Multi-agency view'],
  summary: 'LSOAs where several partners see significantly high demand',
  description: '`weights` re-weights the composite: ids of the view’s inputs with finite, non-negative weights.',
  request: { query: MultiAgencyQuery },
  responses: { 200: jsonResponse(MultiAgencyView, 'The view.'), ...problemResponses(400, 401, 403, 404) },
});

/** GET /api/multi-agency?period=&weights=: LSOAs where several partners see significantly high demand. */
export function multiAgencyRoutes(state: ObservatoryState) {
  const config = loadMultiAgencyConfig(state.partnership.dir, state.definitions);
  return apiRouter().openapi(viewRoute, async (c) => {
    if (!config) throw new NotFoundError('this partnership has no multi-agency view (multi-agency.json)');
    const q = c.req.valid('query');
    const weights: Record<string, number> = Object.fromEntries(config.inputs.map((id) => [id, 1]));
    for (const pair of q.weights?.split(',') ?? []) {
      const [id = '', text = ''] = pair.split(':');
      const weight = Number(text);
      if (!(id in weights)) throw new InputError(`"${id}" is not an input of the view (${config.inputs.join(', ')})`, { field: 'weights' });
      if (!Number.isFinite(weight)) throw new InputError(`the weight of "${id}" is not a finite number`, { field: 'weights' });
      weights[id] = weight;
    }
    const inputs = config.inputs.map((id) => state.figures.definition(id));
    const period = q.period ?? (await state.figures.latestPeriod(config.inputs[0]!, 'lsoa'));
    if (!period) throw new NotFoundError('no figures yet for the multi-agency view');
    const figures = await state.figures.lsoaFiguresOf(inputs, period);
    if (figures.length === 0) throw new NotFoundError(`no figures for period "${period}"`, { field: 'period' });
    // The audit records the datasets of the inputs that have figures in the answer (the access check named every input's).
    const shown = new Set(figures.map((f) => f.indicator));
    c.set('auditDatasets', inputs.filter((d) => shown.has(d.id)).flatMap((d) => sourceDatasets(d, state.definitions)));
    const names = await state.figures.areaNames('lsoa');
    const areas = combineInputs(
      figures.map((f) => ({ indicator: f.indicator, area: f.area, value: f.value, significance: f.comparison?.significance ?? null, suppressed: f.suppressed })),
      weights,
    );
    return c.json(
      {
        title: config.title,
        period: { id: period, label: periodLabel(period) },
        method: config.method,
        inputs: inputs.map((d) => ({
          id: d.id,
          title: d.title,
          unit: d.unit,
          partners: sourceDatasets(d, state.definitions).map((s) => s.split('.')[0] ?? s),
          withdrawn: state.figures.withdrawalReason(d) !== null,
        })),
        weights,
        areas: areas.map((a) => ({ ...a, name: names.get(a.area) ?? a.area })),
      },
      200,
    );
  });
}
