import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../pipeline/errors.ts';
import { publishedFigure } from '../../pipeline/indicators/indicator-value.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { withdrawalReason } from './indicators.ts';

const areaQuery = z.object({ area: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, 'is not an area code') });

/** GET /api/indicators/{id}/series?area=: one area's figures over time, with confidence intervals. */
export function indicatorSeriesRoutes(state: ObservatoryState) {
  return new Hono().get('/:id/series', async (c) => {
    const definition = state.definitions.find((d) => d.id === c.req.param('id'));
    if (!definition) throw new NotFoundError(`no indicator "${c.req.param('id')}"`, { field: 'id' });
    const { area } = parseInput(areaQuery, c.req.query());
    const areaRows = await state.db.all(`SELECT code, name, level FROM area WHERE code = $area`, { area });
    const found = areaRows[0];
    if (!found) throw new NotFoundError(`no area "${area}" in the partnership`, { field: 'area' });
    const rows = await state.db.all(
      `SELECT period_id, period_start::VARCHAR AS start, numerator, denominator, value, lower, upper, suppressed, suppression_reason, comparison, trend, rag
       FROM indicator_value WHERE indicator_id = $id AND area_code = $area ORDER BY period_start`,
      { id: definition.id, area },
    );
    const withdrawn = withdrawalReason(state, definition);
    return c.json(
      {
        indicator: { id: definition.id, title: definition.title, unit: definition.unit, polarity: definition.polarity },
        area: { code: String(found.code), name: String(found.name), level: String(found.level) },
        points: rows.map((r) => ({
          period: { id: String(r.period_id), label: periodLabel(String(r.period_id)), start: String(r.start) },
          ...publishedFigure(r, withdrawn),
        })),
      },
      200,
    );
  });
}
