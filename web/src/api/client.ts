/**
 * The observatory API as the web page sees it: the response schemas come from the server's
 * contract (server/contract/, written once and shared with the server and the tests), and a small
 * fetch client turns `application/problem+json` errors into an `ApiError` carrying their detail.
 */
import type { z } from 'zod';
import {
  AreaCollection,
  AreaIndex,
  AreaProfile,
  Health,
  IndicatorLineage,
  IndicatorList,
  IndicatorSeries,
  IndicatorValues,
  MultiAgencyView,
  PriorityList,
  Problem,
  RiskList,
  SeriousViolenceView,
  type Level,
} from '../../../server/contract/index.ts';

export {
  AreaCollection,
  AreaFeature,
  AreaIndex,
  AreaFigure,
  AreaProfile,
  AreaProperties,
  Comparison,
  DefaultView,
  Health,
  Indicator,
  IndicatorLineage,
  IndicatorLineage as Lineage,
  IndicatorList,
  IndicatorSeries,
  IndicatorValues,
  Level,
  LEVELS,
  MultiAgencyView,
  Measure,
  MeasureRag,
  Period,
  Polarity,
  Priority,
  PriorityList,
  Problem,
  ProfileEntry,
  ProfileFigure,
  Risk,
  RiskList,
  RiskRag,
  SeriesPoint,
  SeriousViolenceArea,
  SeriousViolenceFigure,
  SeriousViolenceView,
  Trend,
} from '../../../server/contract/index.ts';

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

/** Whether an API call was refused because the signed-in role may not read it (403): a part of a page to leave out, not a failure. */
export function isRefused(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Anything thrown, as an Error (for `.catch` on a part of a page that shows its failure in its place). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** For `.catch` on a part of a page: null when the role may not read it (left out), else the failure as an Error to show in its place. */
export function unlessRefused(error: unknown): Error | null {
  return isRefused(error) ? null : asError(error);
}

async function problemMessage(response: Response): Promise<string> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  const text = await response.text().catch(() => '');
  try {
    const problem = Problem.partial().safeParse(JSON.parse(text));
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
  /** The areas of a tiled level (lsoa, ward, lad) without boundaries, for a map drawn from vector tiles. */
  areaIndex(level: 'lsoa' | 'ward' | 'lad'): Promise<AreaIndex>;
  /** The URL template (`{z}/{x}/{y}`, absolute) of a tiled level's vector tiles. */
  tileUrl(level: 'lsoa' | 'ward' | 'lad'): string;
  /** An area's profile (every indicator beside its benchmark), at the latest period starting by `period`'s end. */
  profile(areaCode: string, period?: string): Promise<AreaProfile>;
  /** One area's figures for an indicator over time. */
  series(indicatorId: string, areaCode: string): Promise<IndicatorSeries>;
  /** The extracts and agreement versions behind a figure. */
  lineage(indicatorId: string, areaCode: string, period: string): Promise<IndicatorLineage>;
  /** The multi-agency view at a period (the latest when omitted), with optional weights by input id. */
  multiAgency(period?: string, weights?: Readonly<Record<string, number>>): Promise<MultiAgencyView>;
  /** The serious-violence view (police violence beside A&E assault) at a level and period (the latest when omitted). */
  seriousViolence(level: 'lsoa' | 'ward', period?: string): Promise<SeriousViolenceView>;
  /** The priorities and their measures of success, today or as at a past date (YYYY-MM-DD). */
  priorities(asAt?: string): Promise<PriorityList>;
  /** The strategic risk register, today or as at a past date (YYYY-MM-DD). */
  risks(asAt?: string): Promise<RiskList>;
}

/** A client for the API at `baseUrl` (the page's own origin by default). */
export function createApiClient(baseUrl = '', fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
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
    areaIndex: (level) => get(`/api/geographies/${encodeURIComponent(level)}/index`, AreaIndex),
    // MapLibre fetches tiles from its worker, which needs an absolute URL; the braces must stay unencoded.
    tileUrl: (level) => `${baseUrl === '' ? location.origin : baseUrl}/api/geographies/${encodeURIComponent(level)}/tiles/{z}/{x}/{y}`,
    profile: (areaCode, period) => {
      const query = period ? `?${new URLSearchParams({ period })}` : '';
      return get(`/api/areas/${encodeURIComponent(areaCode)}/profile${query}`, AreaProfile);
    },
    series: (indicatorId, areaCode) => get(`/api/indicators/${encodeURIComponent(indicatorId)}/series?${new URLSearchParams({ area: areaCode })}`, IndicatorSeries),
    lineage: (indicatorId, areaCode, period) =>
      get(`/api/indicators/${encodeURIComponent(indicatorId)}/lineage?${new URLSearchParams({ area: areaCode, period })}`, IndicatorLineage),
    multiAgency: (period, weights) => {
      const query = new URLSearchParams();
      if (period) query.set('period', period);
      if (weights) query.set('weights', Object.entries(weights).map(([id, w]) => `${id}:${w}`).join(','));
      const text = query.toString();
      return get(`/api/multi-agency${text ? `?${text}` : ''}`, MultiAgencyView);
    },
    seriousViolence: (level, period) => {
      const query = new URLSearchParams({ level });
      if (period) query.set('period', period);
      return get(`/api/serious-violence?${query}`, SeriousViolenceView);
    },
    priorities: (asAt) => get(`/api/priorities${asAt ? `?${new URLSearchParams({ asAt })}` : ''}`, PriorityList),
    risks: (asAt) => get(`/api/risks${asAt ? `?${new URLSearchParams({ asAt })}` : ''}`, RiskList),
  };
}
