import { describe, expect, it } from 'vitest';
import { classLabels, legendModel, polarityNote } from './legend.ts';

describe('classLabels', () => {
  it('labels classes from the minimum, through each break, to the maximum', () => {
    expect(classLabels([10, 20], 2.5, 31.25, 1)).toEqual(['2.5 to under 10.0', '10.0 to under 20.0', '20.0 to 31.3']);
  });

  it('formats numbers en-GB with thousands separators', () => {
    expect(classLabels([1500], 200, 12000, 0)).toEqual(['200 to under 1,500', '1,500 to 12,000']);
  });

  it('labels a single class by its range, or its one value', () => {
    expect(classLabels([], 1, 4, 0)).toEqual(['1 to 4']);
    expect(classLabels([], 3, 3, 0)).toEqual(['3']);
  });
});

describe('polarityNote', () => {
  it('says which direction is better, or nothing', () => {
    expect(polarityNote('high-is-good')).toBe('Higher is better');
    expect(polarityNote('low-is-good')).toBe('Lower is better');
    expect(polarityNote('no-judgement')).toBeNull();
  });
});

describe('legendModel', () => {
  it('lists each class with its colour, range and count, and the withheld and no-data counts', () => {
    const model = legendModel({
      breaks: [3, 5],
      colours: ['#a', '#b', '#c'],
      values: [1, 2, 3, 4, 5, 6, null],
      decimals: 0,
      unit: 'per 1,000 residents',
      polarity: 'low-is-good',
      withheldCount: 2,
      noDataCount: 1,
    });
    expect(model).toEqual({
      unit: 'per 1,000 residents',
      polarityNote: 'Lower is better',
      classes: [
        { colour: '#a', label: '1 to under 3', count: 2 },
        { colour: '#b', label: '3 to under 5', count: 2 },
        { colour: '#c', label: '5 to 6', count: 2 },
      ],
      withheldCount: 2,
      noDataCount: 1,
    });
  });

  it('has no classes when no area has a value', () => {
    const model = legendModel({
      breaks: [],
      colours: ['#a'],
      values: [null, null],
      decimals: 1,
      unit: '%',
      polarity: 'no-judgement',
      withheldCount: 2,
      noDataCount: 0,
    });
    expect(model.classes).toEqual([]);
    expect(model.withheldCount).toBe(2);
  });

  it('needs one more colour than breaks', () => {
    expect(() =>
      legendModel({
        breaks: [1],
        colours: ['#a'],
        values: [],
        decimals: 0,
        unit: '',
        polarity: 'no-judgement',
        withheldCount: 0,
        noDataCount: 0,
      }),
    ).toThrow(RangeError);
  });
});
