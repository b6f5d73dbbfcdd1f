/** The indicator catalogue, figures, series and lineage, as the API answers them. */
import { z } from 'zod';
import { AreaCode, Figure, Level, Period, PeriodId, Polarity } from './common.ts';

export const Source = z
  .object({ partner: z.string(), partnerName: z.string().nullable(), dataset: z.string(), datasetTitle: z.string().nullable() })
  .meta({ id: 'Source', description: 'A source dataset, with the names users know it by.' });
export type Source = z.infer<typeof Source>;

export const Indicator = z
  .object({
    id: z.string(),
    title: z.string(),
    shortDescription: z.string(),
    theme: z.string(),
    unit: z.string(),
    multiplier: z.number(),
    polarity: Polarity,
    grain: z.enum(['month', 'quarter', 'financial-year', 'rolling-12-months', 'reference']),
    statistic: z.string(),
    periods: z.array(Period),
    latestPeriod: z.string().nullable(),
    levels: z.array(Level),
    sources: z.array(Source),
    target: z.object({ value: z.number(), by: z.string() }).nullable(),
    methods: z.string(),
    withdrawn: z.string().nullable().meta({ description: 'Why the figures are withdrawn (an agreement of a source not in force), or null.' }),
  })
  .meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof Indicator>;

/** The view the partnership chose for its map to open on, when a link names none. */
export const DefaultView = z.object({ indicator: z.string(), period: z.string().optional() }).meta({ id: 'DefaultView' });
export type DefaultView = z.infer<typeof DefaultView>;

export const IndicatorList = z
  .object({
    indicators: z.array(Indicator),
    defaultView: DefaultView.nullable(),
    basemapStyleUrl: z.string().nullable().meta({ description: 'The MapLibre style the partnership set to draw beneath the map, or null for none (the map then fetches nothing from outside).' }),
  })
  .meta({ id: 'IndicatorList' });
export type IndicatorList = z.infer<typeof IndicatorList>;

export const AreaFigure = z.object({ area: z.string(), name: z.string(), ...Figure.shape }).meta({ id: 'AreaFigure' });
export type AreaFigure = z.infer<typeof AreaFigure>;

export const IndicatorSummary = Indicator.pick({ id: true, title: true, unit: true, multiplier: true, polarity: true }).meta({ id: 'IndicatorSummary' });

/** The formats figures download in; every format has the same columns. */
export const FIGURE_FORMATS = ['json', 'csv', 'geojson', 'arrow', 'parquet'] as const;

export const ValuesQuery = z.object({
  level: Level.default('lsoa'),
  period: PeriodId.optional().meta({ description: 'The period; the latest published when omitted.' }),
  format: z.enum(FIGURE_FORMATS, { message: 'must be json, csv, geojson, arrow or parquet' }).default('json'),
});

export const IndicatorValues = z
  .object({ indicator: IndicatorSummary, level: Level, period: Period, values: z.array(AreaFigure) })
  .meta({ id: 'IndicatorValues' });
export type IndicatorValues = z.infer<typeof IndicatorValues>;

export const SeriesQuery = z.object({ area: AreaCode });

export const SeriesPoint = z.object({ period: Period.extend({ start: z.string() }), ...Figure.shape }).meta({ id: 'SeriesPoint' });
export type SeriesPoint = z.infer<typeof SeriesPoint>;
export const IndicatorSeries = z
  .object({
    indicator: Indicator.pick({ id: true, title: true, unit: true, polarity: true }),
    area: z.object({ code: z.string(), name: z.string(), level: Level }),
    points: z.array(SeriesPoint),
  })
  .meta({ id: 'IndicatorSeries' });
export type IndicatorSeries = z.infer<typeof IndicatorSeries>;

export const LineageQuery = z.object({ area: AreaCode, period: PeriodId });

export const LineageExtract = z
  .object({
    extractId: z.string(),
    partner: z.string(),
    dataset: z.string(),
    file: z.string(),
    generated: z.boolean(),
    agreement: z.object({ id: z.string(), version: z.string() }),
    periodStart: z.string(),
    periodEnd: z.string(),
    loadedAt: z.string(),
  })
  .meta({ id: 'LineageExtract' });
export const IndicatorLineage = z
  .object({
    indicator: z.string(),
    area: z.string(),
    period: Period,
    reference: z.string().optional().meta({ description: 'For reference indicators: the published statistic they come from.' }),
    extracts: z.array(LineageExtract),
    methods: z.string(),
  })
  .meta({ id: 'IndicatorLineage' });
export type IndicatorLineage = z.infer<typeof IndicatorLineage>;
