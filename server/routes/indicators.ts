import { Hono } from 'hono';
import { z } from 'zod';
import { agreementInForce } from '../../pipeline/agreements/load-agreements.ts';
import { datasetById } from '../../pipeline/datasets/registry.ts';
import { AgreementError, NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets, type IndicatorDefinition } from '../../pipeline/indicators/indicator-definition.ts';
import { publishedFigure } from '../../pipeline/indicators/indicator-value.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { figuresToArrow } from '../formats/figures-arrow.ts';
import { visibleIndicators } from '../access/data-access.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const valuesQuery = z.object({
  level: z.enum(['lsoa', 'ward', 'lad', 'partnership'], { message: 'must be lsoa, ward, lad or partnership' }).default('lsoa'),
  period: z.string().regex(/^[A-Za-z0-9-]{4,20}$/, 'is not a period id').optional(),
  format: z.enum(['json', 'arrow'], { message: 'must be json or arrow' }).default('json'),
});

/** Where the reference indicators come from (published statistics, not partner extracts). */
const REFERENCE_SOURCES = {
  'imd2025-score': {
    partner: 'mhclg',
    partnerName: 'Ministry of Housing, Communities and Local Government',
    dataset: 'imd2025',
    datasetTitle: 'English Indices of Deprivation 2025',
  },
  'imd2025-decile': {
    partner: 'mhclg',
    partnerName: 'Ministry of Housing, Communities and Local Government',
    dataset: 'imd2025',
    datasetTitle: 'English Indices of Deprivation 2025',
  },
  'population-65-plus-share': {
    partner: 'ons',
    partnerName: 'Office for National Statistics',
    dataset: 'census2021',
    datasetTitle: 'Census 2021 population by age',
  },
} as const;

/** A source dataset as users know it: the partner's and the dataset's names beside their ids. */
function describeSource(state: ObservatoryState, dataset: string) {
  const agreement = state.agreements.find((a) => a.dataset === dataset);
  return {
    partner: agreement?.partner ?? dataset.split('.')[0] ?? dataset,
    partnerName: agreement?.partnerName ?? null,
    dataset,
    datasetTitle: datasetById(dataset)?.title ?? null,
  };
}

/** Why an indicator's figures are withdrawn today (an agreement not in force), or null. */
export function withdrawalReason(state: ObservatoryState, definition: IndicatorDefinition): string | null {
  for (const dataset of sourceDatasets(definition, state.definitions)) {
    try {
      agreementInForce(state.agreements, dataset, state.today());
    } catch (error) {
      if (error instanceof AgreementError) return `withdrawn: ${error.message}`;
      throw error;
    }
  }
  return null;
}

function findDefinition(state: ObservatoryState, id: string): IndicatorDefinition {
  const definition = state.definitions.find((d) => d.id === id);
  if (!definition) throw new NotFoundError(`no indicator "${id}"; GET /api/indicators lists them`, { field: 'id' });
  return definition;
}

/** The indicator catalogue and per-indicator figures. */
export function indicatorRoutes(state: ObservatoryState) {
  return new Hono()
    .get('/', async (c) => {
      const rows = await state.db.all(
        `SELECT indicator_id, period_id, min(period_start)::VARCHAR AS start, list(DISTINCT level) AS levels
         FROM indicator_value GROUP BY indicator_id, period_id ORDER BY indicator_id, start`,
      );
      // The catalogue lists only indicators whose agreements let the caller's role see aggregates.
      const indicators = visibleIndicators(state, c.get('principal')?.role ?? 'public').map((d) => {
        const own = rows.filter((r) => r.indicator_id === d.id);
        const periods = own.map((r) => ({ id: String(r.period_id), label: periodLabel(String(r.period_id)) }));
        const levels = new Set(own.flatMap((r) => r.levels as string[]));
        return {
          id: d.id,
          title: d.title,
          shortDescription: d.shortDescription,
          theme: d.theme,
          unit: d.unit,
          multiplier: d.kind === 'counted' ? d.multiplier : 1,
          polarity: d.polarity,
          grain: d.kind === 'counted' ? d.grain : ('reference' as const),
          statistic: d.kind === 'counted' ? d.statistic : d.source,
          periods,
          latestPeriod: periods[periods.length - 1]?.id ?? null,
          levels: (['lsoa', 'ward', 'lad', 'partnership'] as const).filter((l) => levels.has(l)),
          sources: d.kind === 'counted' ? sourceDatasets(d, state.definitions).map((dataset) => describeSource(state, dataset)) : [REFERENCE_SOURCES[d.source]],
          target: d.target ?? null,
          methods: d.methods,
          withdrawn: withdrawalReason(state, d),
        };
      });
      return c.json({ indicators, defaultView: state.partnership.defaultView ?? null }, 200);
    })
    .get('/:id/values', async (c) => {
      const definition = findDefinition(state, c.req.param('id'));
      const query = parseInput(valuesQuery, c.req.query());
      let period = query.period;
      if (!period) {
        const latest = await state.db.all(`SELECT max(period_start) AS s, arg_max(period_id, period_start) AS id FROM indicator_value WHERE indicator_id = $id`, {
          id: definition.id,
        });
        period = (latest[0]?.id as string | null) ?? undefined;
        if (!period) throw new NotFoundError(`indicator "${definition.id}" has no figures yet; run observatory build`, { field: 'period' });
      }
      const rows = await state.db.all(
        `SELECT v.area_code AS area, a.name, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed,
                v.suppression_reason, v.comparison, v.trend, v.rag
         FROM indicator_value v JOIN area a ON a.code = v.area_code
         WHERE v.indicator_id = $id AND v.level = $level AND v.period_id = $period
         ORDER BY v.area_code`,
        { id: definition.id, level: query.level, period },
      );
      if (rows.length === 0) {
        const known = await state.db.all(`SELECT count(*)::INTEGER AS n FROM indicator_value WHERE indicator_id = $id AND period_id = $period`, {
          id: definition.id,
          period,
        });
        if (Number(known[0]?.n) === 0) throw new NotFoundError(`indicator "${definition.id}" has no period "${period}"`, { field: 'period' });
      }
      const withdrawn = withdrawalReason(state, definition);
      const values = rows.map((r) => ({ area: String(r.area), name: String(r.name), ...publishedFigure(r, withdrawn) }));
      if (query.format === 'arrow') {
        const bytes = figuresToArrow(values, { indicator: definition.id, level: query.level, period, unit: definition.unit });
        return c.body(bytes.slice().buffer, 200, {
          'content-type': 'application/vnd.apache.arrow.stream',
          'content-disposition': `attachment; filename="${definition.id}-${query.level}-${period}.arrows"`,
        });
      }
      return c.json(
        {
          indicator: { id: definition.id, title: definition.title, unit: definition.unit, multiplier: definition.kind === 'counted' ? definition.multiplier : 1, polarity: definition.polarity },
          level: query.level,
          period: { id: period, label: periodLabel(period) },
          values,
        },
        200,
      );
    });
}
