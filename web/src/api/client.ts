/**
 * The observatory API as the web page sees it: zod schemas for every
 * response, the types inferred from them, and a small fetch client that turns
 * `application/problem+json` errors into an `ApiError` carrying their detail.
 */
import { z } from 'zod';

export const LEVELS = ['lsoa', 'ward', 'lad', 'partnership'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const Polarity = z.enum(['high-is-good', 'low-is-good', 'no-judgement']);
export type Polarity = z.infer<typeof Polarity>;

export const Period = z.object({ id: z.string(), label: z.string() });
export type Period = z.infer<typeof Period>;

export const Health = z.object({
  status: z.literal('ok'),
  database: z.string(),
  builtAt: z.string().nullable(),
});
export type Health = z.infer<typeof Health>;

export const Indicator = z.object({
  id: z.string(),
  title: z.string(),
  shortDescription: z.string(),
  theme: z.string(),
  unit: z.string(),
  multiplier: z.number(),
  polarity: Polarity,
  // The contract lists month, quarter, financial-year and rolling-12-months; the page only
  // shows periods by their labels, so an indicator with another grain is still shown.
  grain: z.string(),
  periods: z.array(Period),
  latestPeriod: z.string().nullable(),
  levels: z.array(Level),
  sources: z.array(
    z.object({
      partner: z.string(),
      partnerName: z.string().nullable().optional(),
      dataset: z.string(),
      datasetTitle: z.string().nullable().optional(),
    }),
  ),
  /** Why the indicator's figures are withdrawn (e.g. a data-sharing agreement not in force), if they are. */
  withdrawn: z.string().nullable().optional(),
  /** The partnership's target, when one is set: the value to reach by the month `by`. */
  target: z.object({ value: z.number(), by: z.string().optional() }).loose().nullable().optional(),
});
export type Indicator = z.infer<typeof Indicator>;

/** The view the partnership chose for its map to open on, when a link names none. */
export const DefaultView = z.object({ indicator: z.string(), period: z.string().optional() });
export type DefaultView = z.infer<typeof DefaultView>;

export const IndicatorList = z.object({
  indicators: z.array(Indicator),
  defaultView: DefaultView.nullable().optional(),
});
export type IndicatorList = z.infer<typeof IndicatorList>;

/** How a figure compares with its benchmark area (parent, or the partnership for a local authority). */
export const Comparison = z.object({ benchmark: z.string(), significance: z.string(), judgement: z.string() }).loose();
export type Comparison = z.infer<typeof Comparison>;

/** The direction of travel over the last periods (a significance test), and whether that is better or worse. */
export const Trend = z.object({ direction: z.string(), judgement: z.string().nullable(), periodsUsed: z.number() }).loose();
export type Trend = z.infer<typeof Trend>;

export const AreaFigure = z.object({
  area: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  suppressed: z.boolean(),
  suppressionReason: z.string().nullable(),
  comparison: Comparison.nullable().optional(),
  trend: Trend.nullable().optional(),
  rag: z.string().nullable().optional(),
});
export type AreaFigure = z.infer<typeof AreaFigure>;

export const IndicatorValues = z.object({
  indicator: Indicator.pick({ id: true, title: true, unit: true, multiplier: true, polarity: true }),
  level: Level,
  period: Period,
  values: z.array(AreaFigure),
});
export type IndicatorValues = z.infer<typeof IndicatorValues>;

export const AreaProperties = z.object({ code: z.string(), name: z.string() });

const Position = z.array(z.number()).min(2);
const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);
export const AreaFeature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  properties: AreaProperties,
  geometry: Geometry,
});
export const AreaCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(AreaFeature),
});
export type AreaCollection = z.infer<typeof AreaCollection>;

/** A figure as the profile shows it for the area, its benchmark and the partnership. */
export const ProfileFigure = z.object({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  suppressed: z.boolean(),
  suppressionReason: z.string().nullable(),
});
export type ProfileFigure = z.infer<typeof ProfileFigure>;

export const AreaRef = z.object({ code: z.string(), name: z.string() });

export const ProfileEntry = z.object({
  indicator: Indicator.pick({ id: true, title: true, theme: true, unit: true, polarity: true }),
  period: Period,
  area: ProfileFigure,
  benchmark: ProfileFigure.nullable(),
  partnership: ProfileFigure.nullable(),
  comparison: Comparison.nullable(),
  trend: Trend.nullable(),
  rag: z.string().nullable(),
  /** The spread across areas of the same level (withheld figures left out), for the spine chart. */
  spread: z
    .object({
      min: z.number().nullable(),
      q1: z.number().nullable(),
      median: z.number().nullable(),
      q3: z.number().nullable(),
      max: z.number().nullable(),
      areas: z.number(),
    })
    .nullable(),
});
export type ProfileEntry = z.infer<typeof ProfileEntry>;

export const AreaProfile = z.object({
  area: z.object({
    code: z.string(),
    name: z.string(),
    level: Level,
    ward: AreaRef.nullable(),
    localAuthority: AreaRef.nullable(),
  }),
  benchmark: z.string().nullable(),
  partnership: z.string(),
  indicators: z.array(ProfileEntry),
});
export type AreaProfile = z.infer<typeof AreaProfile>;

export const SeriesPoint = AreaFigure.omit({ area: true, name: true }).extend({
  period: Period.extend({ start: z.string() }),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const IndicatorSeries = z.object({
  indicator: Indicator.pick({ id: true, title: true, unit: true, polarity: true }),
  area: AreaRef.extend({ level: Level }),
  points: z.array(SeriesPoint),
});
export type IndicatorSeries = z.infer<typeof IndicatorSeries>;

export const MultiAgencyView = z.object({
  title: z.string(),
  period: Period,
  method: z.string(),
  inputs: z.array(z.object({ id: z.string(), title: z.string(), unit: z.string(), partners: z.array(z.string()), withdrawn: z.boolean() })),
  weights: z.record(z.string(), z.number()),
  areas: z.array(
    z.object({
      area: z.string(),
      name: z.string(),
      highDemand: z.array(z.string()),
      highDemandCount: z.number(),
      composite: z.number().nullable(),
      withheldInputs: z.array(z.string()),
    }),
  ),
});
export type MultiAgencyView = z.infer<typeof MultiAgencyView>;

/** Where a figure comes from: the partners' extracts and the agreement versions they came under, and the method. */
export const Lineage = z.object({
  indicator: z.string(),
  area: z.string(),
  period: Period,
  reference: z.string().optional(),
  extracts: z.array(
    z.object({
      extractId: z.string(),
      partner: z.string(),
      dataset: z.string(),
      file: z.string(),
      generated: z.boolean(),
      agreement: z.object({ id: z.string(), version: z.string() }),
      periodStart: z.string(),
      periodEnd: z.string(),
      loadedAt: z.string(),
    }),
  ),
  methods: z.string().nullable().optional(),
});
export type Lineage = z.infer<typeof Lineage>;

export const Problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
});

/** A failed API call, with the message to show the user. */
export class ApiError extends Error {
  readonly status: number;
  readonly url: string;
  constructor(message: string, status: number, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.url = url;
  }
}

async function problemMessage(response: Response): Promise<string> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  const text = await response.text().catch(() => '');
  try {
    const problem = Problem.safeParse(JSON.parse(text));
    if (problem.success) return problem.data.detail ?? problem.data.title ?? fallback;
  } catch {
    // Not JSON: fall through to the generic message.
  }
  return fallback;
}

export interface ApiClient {
  health(): Promise<Health>;
  indicators(): Promise<IndicatorList>;
  values(indicatorId: string, level: Level, period: string): Promise<IndicatorValues>;
  geography(level: Level): Promise<AreaCollection>;
  profile(areaCode: string): Promise<AreaProfile>;
  series(indicatorId: string, areaCode: string): Promise<IndicatorSeries>;
  multiAgency(): Promise<MultiAgencyView>;
  lineage(indicatorId: string, areaCode: string, period: string): Promise<Lineage>;
}

/** A client for the API at `baseUrl` (the page's own origin by default). */
export function createApiClient(baseUrl = '', fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const url = `${baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      throw new ApiError('The observatory server could not be reached.', 0, url, { cause: error });
    }
    if (!response.ok) throw new ApiError(await problemMessage(response), response.status, url);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'body'}: ${issue.message})`;
      throw new ApiError(`The server sent an unexpected response for ${path}${where}.`, response.status, url, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  return {
    health: () => get('/api/health', Health),
    indicators: () => get('/api/indicators', IndicatorList),
    values: (indicatorId, level, period) => {
      const query = new URLSearchParams({ level, period });
      return get(`/api/indicators/${encodeURIComponent(indicatorId)}/values?${query}`, IndicatorValues);
    },
    geography: (level) => get(`/api/geographies/${encodeURIComponent(level)}`, AreaCollection),
    profile: (areaCode) => get(`/api/areas/${encodeURIComponent(areaCode)}/profile`, AreaProfile),
    series: (indicatorId, areaCode) =>
      get(`/api/indicators/${encodeURIComponent(indicatorId)}/series?${new URLSearchParams({ area: areaCode })}`, IndicatorSeries),
    multiAgency: () => get('/api/multi-agency', MultiAgencyView),
    lineage: (indicatorId, areaCode, period) =>
      get(`/api/indicators/${encodeURIComponent(indicatorId)}/lineage?${new URLSearchParams({ area: areaCode, period })}`, Lineage),
  };
}
