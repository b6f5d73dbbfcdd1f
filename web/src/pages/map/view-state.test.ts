import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../api/client.ts';
import type { LocalityKind } from '../../format/locality-kinds.ts';
import {
  defaultPeriodOf,
  levelAbove,
  levelChoiceValue,
  levelChoices,
  levelPhrase,
  levelPluralPhrase,
  mapLevelsOf,
  parentPhrase,
  parseLevelChoice,
  readViewFromQuery,
  resolveView,
  viewToQuery,
} from './view-state.ts';

function indicator(overrides: Partial<Indicator>): Indicator {
  return {
    id: 'crime-rate',
    title: 'Crime rate',
    shortDescription: '',
    theme: 'Community safety',
    unit: 'per 1,000 residents',
    multiplier: 1000,
    polarity: 'low-is-good',
    grain: 'month',
    periods: [
      { id: '2024-01', label: 'January 2024' },
      { id: '2024-02', label: 'February 2024' },
    ],
    latestPeriod: '2024-02',
    levels: ['lsoa', 'ward', 'lad', 'partnership'],
    sources: [],
    statistic: 'crude-rate',
    target: null,
    methods: 'Crimes per 1,000 residents.',
    withdrawn: null,
    ...overrides,
  };
}

describe('readViewFromQuery and viewToQuery', () => {
  it('round-trip a view', () => {
    const view = { indicator: 'crime-rate', level: 'ward' as const, kind: null, period: '2024-01', mode: 'value' as const, classes: 'quantile' as const };
    expect(viewToQuery(view)).toBe('?indicator=crime-rate&level=ward&period=2024-01');
    expect(readViewFromQuery(viewToQuery(view))).toEqual({ indicator: 'crime-rate', level: 'ward', period: '2024-01' });
    const compared = { ...view, mode: 'partnership' as const, classes: 'jenks' as const };
    const { kind: _none, ...requested } = compared;
    expect(readViewFromQuery(viewToQuery(compared))).toEqual(requested);
  });

  it('ignores an unknown colour mode or classification', () => {
    expect(readViewFromQuery('?mode=rainbow&classes=random')).toEqual({});
  });

  it('ignore an unknown level and empty values', () => {
    expect(readViewFromQuery('?indicator=&level=county&period=2024-01')).toEqual({ period: '2024-01' });
  });
});

describe('defaultPeriodOf', () => {
  it('is the latest period, else the last listed', () => {
    expect(defaultPeriodOf(indicator({}))).toBe('2024-02');
    expect(defaultPeriodOf(indicator({ latestPeriod: null }))).toBe('2024-02');
    expect(defaultPeriodOf(indicator({ latestPeriod: null, periods: [] }))).toBeNull();
  });
});

describe('resolveView', () => {
  const catalogue = [
    indicator({ id: 'partnership-only', levels: ['partnership'] }),
    indicator({ id: 'crime-rate' }),
    indicator({ id: 'ward-only', levels: ['ward', 'lad'] }),
  ];

  it('defaults to the first mappable indicator, LSOA, latest period', () => {
    expect(resolveView(catalogue, {})).toEqual({ indicator: 'crime-rate', level: 'lsoa', kind: null, period: '2024-02', mode: 'value', classes: 'quantile' });
  });

  it('keeps a valid request', () => {
    const view = { indicator: 'crime-rate', level: 'lad' as const, kind: null, period: '2024-01', mode: 'parent' as const, classes: 'equal' as const };
    expect(resolveView(catalogue, view)).toEqual(view);
  });

  it('falls back from an unavailable level and an unknown period', () => {
    expect(resolveView(catalogue, { indicator: 'ward-only', level: 'lsoa', period: '1999-01' })).toEqual({
      indicator: 'ward-only',
      level: 'ward',
      kind: null,
      period: '2024-02',
      mode: 'value',
      classes: 'quantile',
    });
  });

  it('opens on the partnership’s default view when the link names no indicator', () => {
    const preferred = { indicator: 'ward-only', period: '2024-01' };
    expect(resolveView(catalogue, {}, preferred)).toEqual({ indicator: 'ward-only', level: 'ward', kind: null, period: '2024-01', mode: 'value', classes: 'quantile' });
    // The default period belongs to the default indicator only; another indicator opens on its latest.
    expect(resolveView(catalogue, { indicator: 'crime-rate' }, preferred)?.period).toBe('2024-02');
    // A default that the catalogue cannot serve is ignored rather than trusted.
    expect(resolveView(catalogue, {}, { indicator: 'withdrawn', period: '2024-01' })?.indicator).toBe('crime-rate');
  });

  it('is null when nothing can be mapped', () => {
    expect(resolveView([catalogue[0] as Indicator], {})).toBeNull();
  });
});

describe('localities on the map, one kind at a time', () => {
  const kinds: LocalityKind[] = [
    { id: 'neighbourhood-policing-team', name: 'Neighbourhood policing teams' },
    { id: 'primary-care-network', name: 'Primary care networks' },
  ];
  const catalogue = [
    indicator({ id: 'crime-rate', levels: ['lsoa', 'ward', 'lad', 'partnership', 'locality'] }),
    indicator({ id: 'no-localities', levels: ['lsoa', 'ward', 'lad', 'partnership'] }),
    indicator({ id: 'locality-only', levels: ['partnership', 'locality'] }),
  ];

  it('puts the kind in the URL, and reads it back only with the locality level', () => {
    const view = { indicator: 'crime-rate', level: 'locality' as const, kind: 'primary-care-network', period: '2024-01', mode: 'value' as const, classes: 'quantile' as const };
    const query = viewToQuery(view);
    expect(query).toBe('?indicator=crime-rate&level=locality&kind=primary-care-network&period=2024-01');
    expect(readViewFromQuery(query)).toEqual({ indicator: 'crime-rate', level: 'locality', kind: 'primary-care-network', period: '2024-01' });
    expect(resolveView(catalogue, readViewFromQuery(query), null, kinds)).toEqual(view);
    // A kind beside another level means nothing and is dropped, so it cannot leak into a later locality view.
    expect(readViewFromQuery('?level=ward&kind=primary-care-network')).toEqual({ level: 'ward' });
  });

  it('offers each kind as a level choice of its own, between wards and local authorities, from the kinds it is given', () => {
    expect(levelChoices(kinds).map((choice) => [choice.value, choice.label])).toEqual([
      ['lsoa', 'LSOA (neighbourhood)'],
      ['ward', 'Ward'],
      ['locality:neighbourhood-policing-team', 'Neighbourhood policing teams'],
      ['locality:primary-care-network', 'Primary care networks'],
      ['lad', 'Local authority'],
    ]);
    expect(levelChoices([]).map((choice) => choice.value)).toEqual(['lsoa', 'ward', 'lad']);
    expect(parseLevelChoice('locality:primary-care-network', kinds)).toEqual({ level: 'locality', kind: 'primary-care-network' });
    expect(parseLevelChoice('ward', kinds)).toEqual({ level: 'ward', kind: null });
    expect(parseLevelChoice('locality:area-board', kinds)).toBeNull();
    expect(levelChoiceValue({ level: 'locality', kind: 'neighbourhood-policing-team' })).toBe('locality:neighbourhood-policing-team');
    expect(levelChoiceValue({ level: 'lad', kind: null })).toBe('lad');
  });

  it('falls back to the first kind when the link names none or an unknown one', () => {
    expect(resolveView(catalogue, { indicator: 'crime-rate', level: 'locality' }, null, kinds)?.kind).toBe('neighbourhood-policing-team');
    expect(resolveView(catalogue, { indicator: 'crime-rate', level: 'locality', kind: 'area-board' }, null, kinds)?.kind).toBe('neighbourhood-policing-team');
  });

  it('offers no locality level when the partnership has no kinds, or the indicator is not published by locality', () => {
    expect(mapLevelsOf(catalogue[0] as Indicator, [])).toEqual(['lsoa', 'ward', 'lad']);
    expect(mapLevelsOf(catalogue[0] as Indicator, kinds)).toEqual(['lsoa', 'ward', 'locality', 'lad']);
    expect(resolveView(catalogue, { indicator: 'crime-rate', level: 'locality', kind: 'primary-care-network' }, null, [])).toMatchObject({ level: 'lsoa', kind: null });
    expect(resolveView(catalogue, { indicator: 'no-localities', level: 'locality', kind: 'primary-care-network' }, null, kinds)).toMatchObject({ level: 'lsoa', kind: null });
    // An indicator published only by locality can be mapped only when there are kinds to show.
    expect(resolveView(catalogue, { indicator: 'locality-only' }, null, kinds)).toMatchObject({ indicator: 'locality-only', level: 'locality', kind: 'neighbourhood-policing-team' });
    expect(resolveView(catalogue, { indicator: 'locality-only' }, null, [])?.indicator).toBe('crime-rate');
  });

  it('names the level in sentences by its kind, and compares localities with the partnership', () => {
    const pcn = { level: 'locality' as const, kind: 'primary-care-network' };
    expect(levelPhrase(pcn, kinds)).toBe('primary care network');
    expect(levelPluralPhrase(pcn, kinds)).toBe('primary care networks');
    expect(levelPhrase({ level: 'ward', kind: null }, kinds)).toBe('ward');
    expect(levelPluralPhrase({ level: 'lsoa', kind: null }, kinds)).toBe('LSOAs');
    expect(parentPhrase('locality')).toBe('the partnership');
    expect(parentPhrase('lad')).toBe('the partnership');
    expect(parentPhrase('ward')).toBe('their local authority');
  });

  it('offers the local authority as the level above a locality, and never a locality as the level above', () => {
    expect(levelAbove('locality', ['lsoa', 'ward', 'locality', 'lad'])).toBe('lad');
    expect(levelAbove('locality', ['locality'])).toBeNull();
    expect(levelAbove('lsoa', ['lsoa', 'locality', 'lad'])).toBe('lad');
    expect(levelAbove('lsoa', ['lsoa', 'ward', 'locality', 'lad'])).toBe('ward');
  });
});
