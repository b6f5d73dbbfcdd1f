import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../pipeline/errors.ts';
import { periodLabel } from '../../pipeline/indicators/periods.ts';
import { IndicatorList, IndicatorValues, ValuesQuery, type Indicator } from '../contract/index.ts';
import { figuresDownload } from '../formats/figures-download.ts';
import { sourcesOf } from '../indicator-sources.ts';
import { datasetsOfIndicator, figureAudience, visibleIndicators } from '../access/data-access.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const IndicatorId = z.string().min(1).max(80).meta({ param: { name: 'id', in: 'path' }, example: 'all-crime' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listIndicators',
  tags: ['Indicators'],
  summary: 'The indicator catalogue',
  description: 'Every indicator with its periods, levels, sources and whether its figures are withdrawn.',
  responses: { 200: jsonResponse(IndicatorList, 'The catalogue.'), ...problemResponses(401, 403) },
});

const valuesRoute = createRoute({
  method: 'get',
  path: '/{id}/values',
  operationId: 'getIndicatorValues',
  tags: ['Indicators'],
  summary: 'An indicator’s figures for every area of a level at one period',
  description:
    'Published figures after disclosure control (withheld figures are nulls with a reason). `format` downloads the same columns as CSV, GeoJSON (joined to boundaries), Apache Arrow or Parquet, each naming sources, agreements and the suppression applied.',
  request: { params: z.object({ id: IndicatorId }), query: ValuesQuery },
  responses: {
    200: {
      description: 'The figures.',
      content: {
        'application/json': { schema: IndicatorValues },
        'text/csv': { schema: z.string() },
        'application/geo+json': { schema: z.string() },
        'application/vnd.apache.arrow.stream': { schema: z.string().meta({ format: 'binary' }) },
        'application/vnd.apache.parquet': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
    ...problemResponses(400, 401, 403, 404),
  },
});

/** The indicator catalogue and per-indicator figures. */
export function indicatorRoutes(state: ObservatoryState) {
  const figures = state.figures;
  return apiRouter()
    .openapi(listRoute, async (c) => {
      const catalogue = await figures.catalogue();
      // The catalogue lists only indicators whose agreements let the caller's role see aggregates.
      const visible = visibleIndicators(state, c.get('principal')?.role ?? 'public');
      // The periods and levels listed come from the partners' data: the audit records the datasets of every indicator that has some.
      c.set('auditDatasets', visible.filter((d) => (catalogue.get(d.id)?.periods.length ?? 0) > 0).flatMap((d) => datasetsOfIndicator(state, d)));
      const indicators = visible.map((d): Indicator => {
        const own = catalogue.get(d.id) ?? { periods: [], levels: [] };
        const periods = own.periods.map((id) => ({ id, label: periodLabel(id) }));
        return {
          id: d.id,
          title: d.title,
          shortDescription: d.shortDescription,
          theme: d.theme,
          unit: d.unit,
          multiplier: d.kind === 'counted' ? d.multiplier : 1,
          polarity: d.polarity,
          grain: d.kind === 'counted' ? d.grain : 'reference',
          statistic: d.kind === 'counted' ? d.statistic : d.source,
          periods,
          latestPeriod: periods[periods.length - 1]?.id ?? null,
          levels: own.levels,
          sources: sourcesOf(state, d),
          target: d.target ?? null,
          methods: d.methods,
          withdrawn: figures.withdrawalReason(d),
        };
      });
      return c.json({ indicators, defaultView: state.partnership.defaultView ?? null, basemapStyleUrl: state.partnership.basemapStyleUrl ?? null }, 200);
    })
    .openapi(valuesRoute, async (c) => {
      const definition = figures.definition(c.req.valid('param').id);
      const query = c.req.valid('query');
      const period = query.period ?? (await figures.latestPeriod(definition.id));
      if (!period) throw new NotFoundError(`indicator "${definition.id}" has no figures yet; run observatory build`, { field: 'period' });
      const audience = figureAudience(state, c.get('principal')?.role ?? 'public', definition);
      const values = await figures.areaFigures(definition, query.level, period, audience);
      const body = {
        indicator: { id: definition.id, title: definition.title, unit: definition.unit, multiplier: definition.kind === 'counted' ? definition.multiplier : 1, polarity: definition.polarity },
        level: query.level,
        period: { id: period, label: periodLabel(period) },
        values,
      };
      if (query.format !== 'json') {
        const download = await figuresDownload(state, definition, body, query.format);
        return c.body(download.bytes, 200, { 'content-type': download.contentType, 'content-disposition': `attachment; filename="${download.fileName}"` });
      }
      return c.json(body, 200);
    });
}
