import { describe, expect, it } from 'vitest';
import { comparisonJudgement, ragJudgement, trendJudgement } from './judgements.ts';

describe('comparisonJudgement', () => {
  it('names the benchmark and the judgement', () => {
    expect(comparisonJudgement({ benchmark: 'E07000118', significance: 'higher', judgement: 'worse' }, 'Chorley')).toEqual({
      text: 'Significantly worse than Chorley',
      tone: 'bad',
    });
    expect(comparisonJudgement({ benchmark: 'x', significance: 'similar', judgement: 'similar' }, 'Chorley').tone).toBe('neutral');
  });

  it('says higher or lower, not better or worse, without polarity', () => {
    expect(comparisonJudgement({ benchmark: 'x', significance: 'higher', judgement: 'not-compared' }, 'Chorley').text).toBe(
      'Significantly higher than Chorley (not judged)',
    );
  });

  it('says not compared when there is no comparison', () => {
    expect(comparisonJudgement(null, 'Chorley')).toEqual({ text: 'Not compared', tone: 'none' });
  });
});

describe('trendJudgement', () => {
  it('reads direction and judgement together', () => {
    expect(trendJudgement({ direction: 'decreasing', judgement: 'better', periodsUsed: 5 }).text).toBe('Getting better (significantly decreasing)');
    expect(trendJudgement({ direction: 'increasing', judgement: 'worse', periodsUsed: 5 }).tone).toBe('bad');
    expect(trendJudgement({ direction: 'no-change', judgement: null, periodsUsed: 5 }).text).toBe('No significant change');
    expect(trendJudgement({ direction: 'cannot-calculate', judgement: null, periodsUsed: 2 }).tone).toBe('none');
  });
});

describe('ragJudgement', () => {
  it('is null without a target and words otherwise', () => {
    expect(ragJudgement(null)).toBeNull();
    expect(ragJudgement('no-target')).toBeNull();
    expect(ragJudgement('red')?.text).toBe('Red: significantly misses the target');
  });
});
