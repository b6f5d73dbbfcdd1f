import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../api/client.ts';
import { defaultPeriodOf, readViewFromQuery, resolveView, viewToQuery } from './view-state.ts';

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
    const view = { indicator: 'crime-rate', level: 'ward' as const, period: '2024-01', mode: 'value' as const, classes: 'quantile' as const };
    expect(viewToQuery(view)).toBe('?indicator=crime-rate&level=ward&period=2024-01');
    expect(readViewFromQuery(viewToQuery(view))).toEqual({ indicator: 'crime-rate', level: 'ward', period: '2024-01' });
    const compared = { ...view, mode: 'partnership' as const, classes: 'jenks' as const };
    expect(readViewFromQuery(viewToQuery(compared))).toEqual(compared);
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
    expect(resolveView(catalogue, {})).toEqual({ indicator: 'crime-rate', level: 'lsoa', period: '2024-02', mode: 'value', classes: 'quantile' });
  });

  it('keeps a valid request', () => {
    const view = { indicator: 'crime-rate', level: 'lad' as const, period: '2024-01', mode: 'parent' as const, classes: 'equal' as const };
    expect(resolveView(catalogue, view)).toEqual(view);
  });

  it('falls back from an unavailable level and an unknown period', () => {
    expect(resolveView(catalogue, { indicator: 'ward-only', level: 'lsoa', period: '1999-01' })).toEqual({
      indicator: 'ward-only',
      level: 'ward',
      period: '2024-02',
      mode: 'value',
      classes: 'quantile',
    });
  });

  it('opens on the partnership’s default view when the link names no indicator', () => {
    const preferred = { indicator: 'ward-only', period: '2024-01' };
    expect(resolveView(catalogue, {}, preferred)).toEqual({ indicator: 'ward-only', level: 'ward', period: '2024-01', mode: 'value', classes: 'quantile' });
    // The default period belongs to the default indicator only; another indicator opens on its latest.
    expect(resolveView(catalogue, { indicator: 'crime-rate' }, preferred)?.period).toBe('2024-02');
    // A default that the catalogue cannot serve is ignored rather than trusted.
    expect(resolveView(catalogue, {}, { indicator: 'withdrawn', period: '2024-01' })?.indicator).toBe('crime-rate');
  });

  it('is null when nothing can be mapped', () => {
    expect(resolveView([catalogue[0] as Indicator], {})).toBeNull();
  });
});
