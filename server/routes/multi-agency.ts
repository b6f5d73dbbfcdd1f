import { Hono } from 'hono';
import { z } from 'zod';
import { InputError, NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets } from '../../pipeline/indicators/indicator-definition.ts';
import { publishedFigure } from '../../pipeline/indicators/indicator-value.ts';
import { combineInputs, loadMultiAgencyConfig } from '../../pipeline/indicators/multi-agency-view.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { withdrawalReason } from './indicators.ts';

const query = z.object({
  period: z.string().regex(/^[A-Za-z0-9-]{4,20}$/, 'is not a period id').optional(),
  // weights=crime-annual:2,housing-disrepair:0.5
  weights: z
    .string()
    .regex(/^([a-z0-9-]+:\d+(\.\d+)?)(,[a-z0-9-]+:\d+(\.\d+)?)*$/, 'must look like indicator:weight,indicator:weight')
    .optional(),
});

/** GET /api/multi-agency?period=&weights=: LSOAs where several partners see significantly high demand. */
export function multiAgencyRoutes(state: ObservatoryState) {
  const config = loadMultiAgencyConfig(state.partnership.dir, state.definitions);
  return new Hono().get('/', async (c) => {
    if (!config) throw new NotFoundError('this partnership has no multi-agency view (multi-agency.json)');
    const q = parseInput(query, c.req.query());
    const weights: Record<string, number> = Object.fromEntries(config.inputs.map((id) => [id, 1]));
    for (const pair of q.weights?.split(',') ?? []) {
      const [id, w] = pair.split(':') as [string, string];
      if (!(id in weights)) throw new InputError(`weights: "${id}" is not an input of the view (${config.inputs.join(', ')})`, { field: 'weights' });
      weights[id] = Number(w);
    }
    const inputs = config.inputs.map((id) => state.definitions.find((d) => d.id === id)!);
    const latest = await state.db.all(
      `SELECT arg_max(period_id, period_start) AS id FROM indicator_value WHERE indicator_id = $id AND level = 'lsoa'`,
      { id: config.inputs[0]! },
    );
    const period = q.period ?? (latest[0]?.id as string | undefined);
    if (!period) throw new NotFoundError('no figures yet for the multi-agency view');
    const rows = await state.db.all(
      `SELECT v.indicator_id, v.area_code, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed, v.suppression_reason, v.comparison, v.trend, v.rag
       FROM indicator_value v
       WHERE v.level = 'lsoa' AND v.period_id = $period
         AND v.indicator_id IN (SELECT unnest(string_split($ids, ',')))`,
      { period, ids: config.inputs.join(',') },
    );
    if (rows.length === 0) throw new NotFoundError(`no figures for period "${period}"`, { field: 'period' });
    const withdrawn = new Map(inputs.flatMap((d) => {
      const reason = withdrawalReason(state, d);
      return reason === null ? [] : [[d.id, reason] as const];
    }));
    const names = new Map((await state.db.all(`SELECT code, name FROM area WHERE level = 'lsoa'`)).map((r) => [String(r.code), String(r.name)]));
    const areas = combineInputs(
      rows.map((r) => {
        const figure = publishedFigure(r, withdrawn.get(String(r.indicator_id)) ?? null);
        return { indicator: String(r.indicator_id), area: String(r.area_code), value: figure.value, significance: figure.comparison?.significance ?? null, suppressed: figure.suppressed };
      }),
      weights,
    );
    return c.json(
      {
        title: config.title,
        period: { id: period, label: periodLabel(period) },
        method: config.method,
        inputs: inputs.map((d) => ({ id: d.id, title: d.title, unit: d.unit, partners: sourceDatasets(d, state.definitions).map((s) => s.split('.')[0]), withdrawn: withdrawn.has(d.id) })),
        weights,
        areas: areas.map((a) => ({ ...a, name: names.get(a.area) ?? a.area })),
      },
      200,
    );
  });
}
