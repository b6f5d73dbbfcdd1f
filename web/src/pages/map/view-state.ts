/**
 * What the page shows (indicator, level, period), read from and written to
 * the URL query so that a view can be shared, and resolved against the
 * indicator catalogue so that it is always a view the API can serve.
 */
import type { DefaultView, Indicator, Level } from '../../api/client.ts';
import { CLASS_METHODS } from '../../map/classify.ts';
import type { ClassMethod } from '../../map/classify.ts';

/** Levels the map can show, in the order of the level control. */
export const MAP_LEVELS = ['lsoa', 'ward', 'lad'] as const satisfies readonly Level[];
export type MapLevel = (typeof MAP_LEVELS)[number];

export const LEVEL_LABELS: Record<MapLevel, string> = {
  lsoa: 'LSOA (neighbourhood)',
  ward: 'Ward',
  lad: 'Local authority',
};

/** The level as it reads inside a sentence ("by ward"). */
export const LEVEL_PHRASES: Record<MapLevel, string> = {
  lsoa: 'LSOA',
  ward: 'ward',
  lad: 'local authority',
};

/** How areas are coloured: by their value, or by comparison with their parent area or the partnership. */
export const COLOUR_MODES = ['value', 'parent', 'partnership'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export const COLOUR_MODE_LABELS: Record<ColourMode, string> = {
  value: 'Value',
  parent: 'Compared with the parent area (95% CI)',
  partnership: 'Compared with the partnership (95% CI)',
};

export interface ViewState {
  indicator: string;
  level: MapLevel;
  period: string;
  mode: ColourMode;
  classes: ClassMethod;
}

export type RequestedView = Partial<ViewState>;

function isMapLevel(value: string | null): value is MapLevel {
  return value !== null && (MAP_LEVELS as readonly string[]).includes(value);
}

function isOneOf<T extends string>(options: readonly T[], value: string | null): value is T {
  return value !== null && (options as readonly string[]).includes(value);
}

export function readViewFromQuery(search: string): RequestedView {
  const params = new URLSearchParams(search);
  const requested: RequestedView = {};
  const indicator = params.get('indicator');
  const level = params.get('level');
  const period = params.get('period');
  const mode = params.get('mode');
  const classes = params.get('classes');
  if (indicator) requested.indicator = indicator;
  if (isMapLevel(level)) requested.level = level;
  if (period) requested.period = period;
  if (isOneOf(COLOUR_MODES, mode)) requested.mode = mode;
  if (isOneOf(CLASS_METHODS, classes)) requested.classes = classes;
  return requested;
}

/** The query string of a view; the colour mode and classification only when not the defaults, to keep links short. */
export function viewToQuery(view: ViewState): string {
  const params = new URLSearchParams({ indicator: view.indicator, level: view.level, period: view.period });
  if (view.mode !== 'value') params.set('mode', view.mode);
  if (view.classes !== 'quantile') params.set('classes', view.classes);
  return `?${params}`;
}

/** The map levels an indicator is published at. */
export function mapLevelsOf(indicator: Indicator): MapLevel[] {
  return MAP_LEVELS.filter((level) => indicator.levels.includes(level));
}

/** The indicator's default period: its latest, else its last listed. */
export function defaultPeriodOf(indicator: Indicator): string | null {
  if (indicator.latestPeriod !== null && indicator.periods.some((period) => period.id === indicator.latestPeriod)) {
    return indicator.latestPeriod;
  }
  return indicator.periods[indicator.periods.length - 1]?.id ?? null;
}

/**
 * The nearest servable view to `requested`: an unknown indicator falls back
 * to the partnership's default view, else the first one with map levels and
 * periods; an unavailable level to the indicator's finest; an unknown period
 * to the default view's (for its indicator), else the latest. Null when no
 * indicator can be mapped.
 */
export function resolveView(
  indicators: readonly Indicator[],
  requested: RequestedView,
  defaultView: DefaultView | null = null,
): ViewState | null {
  const mappable = indicators.filter((indicator) => mapLevelsOf(indicator).length > 0 && defaultPeriodOf(indicator) !== null);
  const indicator =
    mappable.find((candidate) => candidate.id === requested.indicator) ??
    mappable.find((candidate) => candidate.id === defaultView?.indicator) ??
    mappable[0];
  if (indicator === undefined) return null;
  const levels = mapLevelsOf(indicator);
  const level = requested.level !== undefined && levels.includes(requested.level) ? requested.level : (levels[0] as MapLevel);
  const offered = (period: string | undefined): period is string =>
    period !== undefined && indicator.periods.some((candidate) => candidate.id === period);
  const preferred = defaultView?.indicator === indicator.id ? defaultView.period : undefined;
  const period = offered(requested.period)
    ? requested.period
    : offered(preferred)
      ? preferred
      : (defaultPeriodOf(indicator) as string);
  return { indicator: indicator.id, level, period, mode: requested.mode ?? 'value', classes: requested.classes ?? 'quantile' };
}
