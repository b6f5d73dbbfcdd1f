import { describe, expect, it } from 'vitest';
import { classify } from './classify.ts';
import type { ValueClass } from './classify.ts';
import { COMPARISON_COLOURS } from './colour-scale.ts';
import { classLabels, comparisonLegend, polarityNote, valueLegend } from './legend.ts';

const cls = (min: number, max: number, count: number): ValueClass => ({ min, max, count, single: count > 0 && min === max });

describe('classLabels', () => {
  it('labels each class by the range of its values, en-GB', () => {
    expect(classLabels([cls(2.5, 9.75, 3), cls(10, 1500, 4)], 1)).toEqual(['2.5 to 9.8', '10.0 to 1,500.0']);
  });

  it('labels a class of one value by that value alone, never "5.25 to 5.25"', () => {
    expect(classLabels([cls(0, 0, 39), cls(5.25, 5.25, 2), cls(6, 9, 3)], 2)).toEqual(['0.00', '5.25', '6.00 to 9.00']);
  });

  it('adds decimals until no range reads as one value and neighbours do not share a label', () => {
    expect(classLabels([cls(5.21, 5.24, 3), cls(5.26, 7, 3)], 1)).toEqual(['5.21 to 5.24', '5.26 to 7.00']);
  });

  it('says when a class is empty', () => {
    expect(classLabels([cls(0, 20, 6), cls(20, 40, 0)], 0)).toEqual(['0 to 20', 'none from 20 to under 40']);
  });
});

describe('polarityNote', () => {
  it('says which direction is better, or that neither is', () => {
    expect(polarityNote('high-is-good')).toBe('Higher is better');
    expect(polarityNote('low-is-good')).toBe('Lower is better');
    expect(polarityNote('no-judgement')).toBe('Neither higher nor lower is better');
  });
});

describe('valueLegend', () => {
  it('lists each class with its colour, label and count, and the classification note', () => {
    const classification = classify([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7], 'quantile', 3);
    const model = valueLegend({
      classification,
      colours: ['#a', '#b', '#c'],
      decimals: 0,
      unit: 'per 1,000 residents',
      polarity: 'low-is-good',
      withheldCount: 2,
      noDataCount: 1,
    });
    expect(model.entries).toEqual([
      { colour: '#a', label: '0', count: 4 },
      { colour: '#b', label: '1 to 3', count: 3 },
      { colour: '#c', label: '4 to 7', count: 4 },
    ]);
    expect(model.note).toMatch(/own/);
    expect(model.withheldCount).toBe(2);
    expect(model.polarityNote).toBe('Lower is better');
  });

  it('has no class entries when no area has a value', () => {
    const model = valueLegend({
      classification: classify([null], 'quantile', 5),
      colours: ['#a'],
      decimals: 0,
      unit: 'u',
      polarity: 'no-judgement',
      withheldCount: 5,
      noDataCount: 0,
    });
    expect(model.entries).toEqual([]);
  });
});

describe('comparisonLegend', () => {
  it('lists better, similar, worse and not compared with counts', () => {
    const model = comparisonLegend({ counts: { better: 3, worse: 2 }, polarity: 'low-is-good', benchmarkName: 'Chorley', unit: 'u', withheldCount: 1, noDataCount: 0 });
    expect(model.title).toBe('Compared with Chorley');
    expect(model.entries.map((entry) => [entry.label, entry.count, entry.colour])).toEqual([
      ['Significantly better', 3, COMPARISON_COLOURS.better],
      ['Similar', 0, COMPARISON_COLOURS.similar],
      ['Significantly worse', 2, COMPARISON_COLOURS.worse],
      ['Not compared (no value or interval)', 0, COMPARISON_COLOURS['not-compared']],
    ]);
  });

  it('says higher and lower, not judged, without polarity', () => {
    const model = comparisonLegend({ counts: { higher: 1 }, polarity: 'no-judgement', benchmarkName: 'the partnership', unit: 'u', withheldCount: 0, noDataCount: 0 });
    expect(model.entries.map((entry) => entry.label)).toContain('Significantly higher (not judged)');
    expect(model.note).toMatch(/no polarity/);
  });
});
