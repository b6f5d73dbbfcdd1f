import { describe, expect, it } from 'vitest';
import type { Measure, MeasureRag, Priority, PriorityList } from '../api/client.ts';
import { measuresInWords, priorityLines } from './priorities-summary.ts';

function measure(id: string, rag: MeasureRag, level = 'partnership', areaName: string | null = null): Measure {
  const status = { baseline: null, latest: null, targetValue: null, expectedNow: null, progressPercent: null, change: null, rag, reason: `reason for ${id}` };
  return { id, indicator: id, indicatorTitle: `Title of ${id}`, unit: 'per 1,000', level, area: 'E07000118', areaName, direction: 'decrease', by: '2020-03', status, history: [] };
}

function priority(id: string, kind: Priority['kind'], rag: MeasureRag, measures: Measure[]): Priority {
  return {
    id,
    kind,
    title: `Title of ${id}`,
    summary: '',
    owner: { role: 'Chief executive', name: 'A. Person' },
    reviewCycle: { every: 'quarter', firstReview: '2018-01-01' },
    rag,
    ragCounts: { green: 0, amber: 0, red: 0, 'not-assessed': 0 },
    reviews: [],
    measures,
  };
}

describe('measuresInWords', () => {
  it('says how many are on track, then the red, amber and unassessed ones', () => {
    expect(measuresInWords(['green', 'red', 'not-assessed'])).toBe('1 of 3 on track; 1 red; 1 not assessed yet');
    expect(measuresInWords(['amber', 'red', 'amber'])).toBe('0 of 3 on track; 1 red; 2 amber');
    expect(measuresInWords(['green', 'green'])).toBe('2 of 2 on track');
    expect(measuresInWords([])).toBe('No measures of success');
  });
});

describe('priorityLines', () => {
  const list: PriorityList = {
    asAt: '2019-04-01',
    ragRule: '',
    priorities: [
      priority('theme-first', 'theme', 'green', [measure('a', 'green')]),
      priority('strategy', 'priority', 'red', [measure('b', 'amber'), measure('c', 'green'), measure('d', 'red', 'lad', 'Chorley')]),
    ],
  };

  it('puts the priorities before the themes, keeping the partnership’s order within each', () => {
    expect(priorityLines(list).map((line) => [line.id, line.kind])).toEqual([
      ['strategy', 'priority'],
      ['theme-first', 'theme'],
    ]);
  });

  it('names the measures off track, red before amber, with the area of one not set for the partnership', () => {
    const [strategy] = priorityLines(list);
    expect(strategy?.offTrack.map((m) => [m.rag, m.name])).toEqual([
      ['red', 'Title of d (Chorley)'],
      ['amber', 'Title of b'],
    ]);
    expect(strategy?.measures).toBe('1 of 3 on track; 1 red; 1 amber');
    expect(strategy?.owner).toBe('Chief executive (A. Person)');
  });
});
