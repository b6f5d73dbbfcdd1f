import { describe, expect, it } from 'vitest';
import type { AreaFigure } from '../api/client.ts';
import { figureRowText, figureStatus, sortFigures } from './figures-table.ts';

function figure(area: string, name: string, value: number | null, overrides: Partial<AreaFigure> = {}): AreaFigure {
  return {
    area,
    name,
    value,
    numerator: value === null ? null : 12,
    denominator: 1500,
    lower: value === null ? null : value - 1,
    upper: value === null ? null : value + 1,
    suppressed: false,
    suppressionReason: null,
    comparison: null,
    trend: null,
    rag: null,
    ...overrides,
  };
}

const withheld = figure('E01000003', 'Chorley 003A', null, { suppressed: true, suppressionReason: 'Fewer than 5 events' });
const figures = [figure('E01000001', 'Chorley 001A', 8.25), figure('E01000002', 'Chorley 002A', 12), withheld, figure('E01000010', 'Chorley 010A', null)];

describe('figureStatus', () => {
  it('tells published, withheld (with its reason) and no data apart', () => {
    expect(figureStatus(figures[0] as AreaFigure)).toBe('Published');
    expect(figureStatus(withheld)).toBe('Withheld: Fewer than 5 events');
    expect(figureStatus(figures[3] as AreaFigure)).toBe('No data');
  });
});

describe('figureRowText', () => {
  it('formats every cell en-GB', () => {
    expect(figureRowText(figure('E01000001', 'Chorley 001A', 1234.56), 1)).toEqual({
      area: 'E01000001',
      name: 'Chorley 001A',
      value: '1,234.6',
      lower: '1,233.6',
      upper: '1,235.6',
      numerator: '12',
      denominator: '1,500',
      status: 'Published',
    });
  });

  it('shows a withheld figure as withheld, never as zero', () => {
    const text = figureRowText(withheld, 1);
    expect(text.value).toBe('Withheld');
    expect(text.numerator).toBe('');
  });
});

describe('sortFigures', () => {
  it('sorts by value with withheld and missing figures last in both directions', () => {
    expect(sortFigures(figures, 'value', 'ascending').map((entry) => entry.area)).toEqual([
      'E01000001',
      'E01000002',
      'E01000003',
      'E01000010',
    ]);
    expect(sortFigures(figures, 'value', 'descending').map((entry) => entry.area)).toEqual([
      'E01000002',
      'E01000001',
      'E01000003',
      'E01000010',
    ]);
  });

  it('sorts names naturally', () => {
    const named = [figure('b', 'Ward 10', 1), figure('a', 'Ward 9', 1)];
    expect(sortFigures(named, 'name', 'ascending').map((entry) => entry.name)).toEqual(['Ward 9', 'Ward 10']);
  });

  it('does not mutate its input', () => {
    const copy = [...figures];
    sortFigures(figures, 'area', 'descending');
    expect(figures).toEqual(copy);
  });
});
