import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../pipeline/errors.ts';
import { publishedFigure, type PublishedFigure } from '../../pipeline/indicators/indicator-value.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { datasetsOfIndicator, visibleIndicators } from '../access/data-access.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { withdrawalReason } from './indicators.ts';

const profileQuery = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month YYYY-MM (each indicator shows its latest period ending by then)').optional(),
});

/** The part of a figure a spine chart shows for the area, its benchmark and the partnership. */
type Figure = Pick<PublishedFigure, 'value' | 'lower' | 'upper' | 'suppressed' | 'suppressionReason'>;

/**
 * GET /api/areas/{code}/profile?period=YYYY-MM: every indicator for an area
 * beside its benchmark and the partnership, with the spread across areas of the
 * same level, ready for a spine chart.
 */
export function areaRoutes(state: ObservatoryState) {
  return new Hono().get('/:code/profile', async (c) => {
    const code = c.req.param('code');
    const { period } = parseInput(profileQuery, c.req.query());
    const areaRows = await state.db.all(
      `SELECT a.code, a.name, a.level, a.ward_code, a.lad_code, a.partnership_code, w.name AS ward_name, l.name AS lad_name
       FROM area a LEFT JOIN area w ON w.code = a.ward_code LEFT JOIN area l ON l.code = a.lad_code AND l.level = 'lad'
       WHERE a.code = $code`,
      { code },
    );
    const area = areaRows[0];
    if (!area) throw new NotFoundError(`no area "${code}" in the partnership`, { field: 'code' });
    const level = String(area.level);
    const benchmark = level === 'lad' ? String(area.partnership_code) : level === 'partnership' ? null : String(area.lad_code);
    const rows = await state.db.all(
      `WITH chosen AS (
         SELECT indicator_id, arg_max(period_id, period_start) AS period_id
         FROM indicator_value
         WHERE level = $level AND ($period IS NULL OR period_start <= CAST($period || '-01' AS DATE))
         GROUP BY indicator_id
       ),
       spread AS (
         SELECT v.indicator_id, min(v.value) AS min, quantile_cont(v.value, 0.25) AS q1, median(v.value) AS median,
                quantile_cont(v.value, 0.75) AS q3, max(v.value) AS max, count(v.value)::INTEGER AS areas
         FROM indicator_value v JOIN chosen USING (indicator_id, period_id)
         WHERE v.level = $level AND NOT v.suppressed GROUP BY v.indicator_id
       )
       SELECT c.indicator_id, c.period_id, v.area_code, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed, v.suppression_reason, v.comparison, v.trend, v.rag,
              s.min, s.q1, s.median, s.q3, s.max, s.areas
       FROM chosen c
       JOIN indicator_value v ON v.indicator_id = c.indicator_id AND v.period_id = c.period_id
       LEFT JOIN spread s ON s.indicator_id = c.indicator_id
       WHERE v.area_code IN ($code, $benchmark, $partnership)`,
      { level, period: period ?? null, code, benchmark, partnership: String(area.partnership_code) },
    );
    // Only indicators whose agreements let the caller's role see aggregates (access.aggregates).
    const visible = visibleIndicators(state, c.get('principal')?.role ?? 'public');
    c.set('auditDatasets', visible.flatMap((d) => datasetsOfIndicator(state, d)));
    const indicators = visible.flatMap((d) => {
      const own = rows.filter((r) => r.indicator_id === d.id);
      const mine = own.find((r) => r.area_code === code);
      if (!mine) return [];
      const withdrawn = withdrawalReason(state, d);
      const shown = ({ value, lower, upper, suppressed, suppressionReason }: PublishedFigure): Figure => ({ value, lower, upper, suppressed, suppressionReason });
      const figure = (r: (typeof own)[number] | undefined): Figure | null => (r ? shown(publishedFigure(r, withdrawn)) : null);
      // The area's own row is read once: its figure, and its comparison, trend and RAG.
      const published = publishedFigure(mine, withdrawn);
      return [
        {
          indicator: { id: d.id, title: d.title, theme: d.theme, unit: d.unit, polarity: d.polarity },
          period: { id: String(mine.period_id), label: periodLabel(String(mine.period_id)) },
          area: shown(published),
          benchmark: benchmark ? figure(own.find((r) => r.area_code === benchmark)) : null,
          partnership: figure(own.find((r) => r.area_code === String(area.partnership_code))),
          comparison: published.comparison,
          trend: published.trend,
          rag: published.rag,
          spread: withdrawn
            ? null
            : { min: mine.min as number | null, q1: mine.q1 as number | null, median: mine.median as number | null, q3: mine.q3 as number | null, max: mine.max as number | null, areas: Number(mine.areas ?? 0) },
        },
      ];
    });
    return c.json(
      {
        area: {
          code: String(area.code),
          name: String(area.name),
          level,
          ward: area.ward_code ? { code: String(area.ward_code), name: String(area.ward_name) } : null,
          localAuthority: area.lad_code && level !== 'lad' ? { code: String(area.lad_code), name: String(area.lad_name) } : null,
        },
        benchmark,
        partnership: String(area.partnership_code),
        indicators,
      },
      200,
    );
  });
}
