import { describe, expect, it } from 'vitest';
import { compareWithBenchmark, judge } from './significance.ts';

describe('compareWithBenchmark / judge', () => {
  it('compares the confidence interval with the benchmark value', () => {
    expect(compareWithBenchmark({ value: 12, lower: 10.5, upper: 13.6 }, 10)).toBe('higher');
    expect(compareWithBenchmark({ value: 8, lower: 6.1, upper: 9.9 }, 10)).toBe('lower');
    expect(compareWithBenchmark({ value: 11, lower: 10, upper: 12 }, 10)).toBe('similar'); // touching is not significant
  });

  it('judges by polarity', () => {
    expect(judge('higher', 'high-is-good')).toBe('better');
    expect(judge('higher', 'low-is-good')).toBe('worse');
    expect(judge('lower', 'low-is-good')).toBe('better');
    expect(judge('lower', 'high-is-good')).toBe('worse');
    expect(judge('similar', 'low-is-good')).toBe('similar');
    expect(judge('higher', 'no-judgement')).toBe('not-compared');
  });
});
