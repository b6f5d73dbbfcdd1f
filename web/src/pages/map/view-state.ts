/**
 * What the page shows (indicator, level, locality kind, period, colouring),
 * read from and written to the URL query so that a view can be shared, and
 * resolved against the indicator catalogue and the partnership's locality
 * kinds so that it is always a view the API can serve.
 *
 * Localities of different kinds overlap (every LSOA is in one locality of each
 * kind), so the map shows one kind at a time: the level `locality` always
 * comes with a kind, and each kind is its own choice in the level control.
 */
import type { DefaultView, Indicator, Level } from '../../api/client.ts';
import { CLASS_METHODS } from '../../map/classify.ts';
import type { ClassMethod } from '../../map/classify.ts';
import { kindPhrase, kindPluralPhrase } from '../../format/locality-kinds.ts';
import type { LocalityKind } from '../../format/locality-kinds.ts';

/** Levels the map can show, finest first. */
export const MAP_LEVELS = ['lsoa', 'ward', 'locality', 'lad'] as const satisfies readonly Level[];
export type MapLevel = (typeof MAP_LEVELS)[number];

/** The levels whose areas nest (an LSOA in one ward, a ward in one district): the map's fixed choices. */
type NestedLevel = Exclude<MapLevel, 'locality'>;

const LEVEL_LABELS: Record<NestedLevel, string> = {
  lsoa: 'LSOA (neighbourhood)',
  ward: 'Ward',
  lad: 'Local authority',
};

const LEVEL_PHRASES: Record<NestedLevel, string> = {
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
  /** The locality kind shown, when `level` is `locality`; otherwise null. */
  kind: string | null;
  period: string;
  mode: ColourMode;
  classes: ClassMethod;
}

export type RequestedView = Partial<ViewState>;

/** The level as one choice of the level control: a nested level, or one kind of locality. */
export interface LevelChoice {
  /** The control's value: the level, or `locality:<kind id>`. */
  value: string;
  label: string;
  level: MapLevel;
  kind: string | null;
}

function isOneOf<T extends string>(options: readonly T[], value: string | null): value is T {
  return value !== null && (options as readonly string[]).includes(value);
}

export function readViewFromQuery(search: string): RequestedView {
  const params = new URLSearchParams(search);
  const requested: RequestedView = {};
  const indicator = params.get('indicator');
  const level = params.get('level');
  const kind = params.get('kind');
  const period = params.get('period');
  const mode = params.get('mode');
  const classes = params.get('classes');
  if (indicator) requested.indicator = indicator;
  if (isOneOf(MAP_LEVELS, level)) requested.level = level;
  if (level === 'locality' && kind) requested.kind = kind;
  if (period) requested.period = period;
  if (isOneOf(COLOUR_MODES, mode)) requested.mode = mode;
  if (isOneOf(CLASS_METHODS, classes)) requested.classes = classes;
  return requested;
}

/** The query string of a view; the kind only for localities, the colour mode and classification only when not the defaults, to keep links short. */
export function viewToQuery(view: ViewState): string {
  const params = new URLSearchParams({ indicator: view.indicator, level: view.level });
  if (view.level === 'locality' && view.kind !== null) params.set('kind', view.kind);
  params.set('period', view.period);
  if (view.mode !== 'value') params.set('mode', view.mode);
  if (view.classes !== 'quantile') params.set('classes', view.classes);
  return `?${params}`;
}

/** The map levels an indicator is published at (`locality` only when the partnership has kinds of locality). */
export function mapLevelsOf(indicator: Indicator, kinds: readonly LocalityKind[] = []): MapLevel[] {
  return MAP_LEVELS.filter((level) => indicator.levels.includes(level) && (level !== 'locality' || kinds.length > 0));
}

/** The choices of the level control, finest first: each nested level, and each kind of locality in its place. */
export function levelChoices(kinds: readonly LocalityKind[]): LevelChoice[] {
  return MAP_LEVELS.flatMap((level): LevelChoice[] =>
    level === 'locality'
      ? kinds.map((kind) => ({ value: `locality:${kind.id}`, label: kind.name, level, kind: kind.id }))
      : [{ value: level, label: LEVEL_LABELS[level], level, kind: null }],
  );
}

/** The level control's value for `view`. */
export function levelChoiceValue(view: Pick<ViewState, 'level' | 'kind'>): string {
  return view.level === 'locality' && view.kind !== null ? `locality:${view.kind}` : view.level;
}

/** The level (and kind) a value of the level control stands for; null for a value it never offers. */
export function parseLevelChoice(value: string, kinds: readonly LocalityKind[]): Pick<ViewState, 'level' | 'kind'> | null {
  const choice = levelChoices(kinds).find((candidate) => candidate.value === value);
  return choice === undefined ? null : { level: choice.level, kind: choice.kind };
}

function kindOf(view: Pick<ViewState, 'kind'>, kinds: readonly LocalityKind[]): LocalityKind | undefined {
  return kinds.find((kind) => kind.id === view.kind);
}

/** The level as it reads inside a sentence ("by ward", "by primary care network"). */
export function levelPhrase(view: Pick<ViewState, 'level' | 'kind'>, kinds: readonly LocalityKind[]): string {
  if (view.level !== 'locality') return LEVEL_PHRASES[view.level];
  const kind = kindOf(view, kinds);
  return kind === undefined ? 'locality' : kindPhrase(kind.name);
}

/** The level's areas as they read in a sentence ("wards", "primary care networks"). */
export function levelPluralPhrase(view: Pick<ViewState, 'level' | 'kind'>, kinds: readonly LocalityKind[]): string {
  if (view.level !== 'locality') return `${LEVEL_PHRASES[view.level]}s`;
  const kind = kindOf(view, kinds);
  return kind === undefined ? 'localities' : kindPluralPhrase(kind.name);
}

/**
 * What areas at `level` are compared with in the "parent area" mode: an LSOA
 * or ward with its local authority; a local authority, and a locality (which
 * need not lie in one district), with the partnership.
 */
export function parentPhrase(level: MapLevel): string {
  return level === 'lsoa' || level === 'ward' ? 'their local authority' : 'the partnership';
}

/**
 * The coarser level to offer when most areas of `level` are withheld: the
 * next nested level up that the indicator is published at (a locality's is
 * the local authority), or null.
 */
export function levelAbove(level: MapLevel, available: readonly MapLevel[]): Exclude<MapLevel, 'locality'> | null {
  const coarser: Record<MapLevel, NestedLevel[]> = { lsoa: ['ward', 'lad'], ward: ['lad'], locality: ['lad'], lad: [] };
  return coarser[level].find((candidate) => available.includes(candidate)) ?? null;
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
 * periods; an unavailable level to the indicator's finest; an unknown or
 * missing locality kind to the first of `kinds`; an unknown period to the
 * default view's (for its indicator), else the latest. Null when no indicator
 * can be mapped.
 */
export function resolveView(
  indicators: readonly Indicator[],
  requested: RequestedView,
  defaultView: DefaultView | null = null,
  kinds: readonly LocalityKind[] = [],
): ViewState | null {
  const mappable = indicators.filter((indicator) => mapLevelsOf(indicator, kinds).length > 0 && defaultPeriodOf(indicator) !== null);
  const indicator =
    mappable.find((candidate) => candidate.id === requested.indicator) ??
    mappable.find((candidate) => candidate.id === defaultView?.indicator) ??
    mappable[0];
  if (indicator === undefined) return null;
  const levels = mapLevelsOf(indicator, kinds);
  const level = requested.level !== undefined && levels.includes(requested.level) ? requested.level : (levels[0] as MapLevel);
  const kind = level === 'locality' ? (kinds.find((candidate) => candidate.id === requested.kind) ?? (kinds[0] as LocalityKind)).id : null;
  const offered = (period: string | undefined): period is string =>
    period !== undefined && indicator.periods.some((candidate) => candidate.id === period);
  const preferred = defaultView?.indicator === indicator.id ? defaultView.period : undefined;
  const period = offered(requested.period)
    ? requested.period
    : offered(preferred)
      ? preferred
      : (defaultPeriodOf(indicator) as string);
  return { indicator: indicator.id, level, kind, period, mode: requested.mode ?? 'value', classes: requested.classes ?? 'quantile' };
}
