import { describe, expect, it } from 'vitest';
import type { Priority, PriorityList, Risk, RiskList } from '../api/client.ts';
import { boardAttention } from './board-attention.ts';

const priority = (id: string, rag: Priority['rag']): Priority => ({
  id,
  kind: 'priority',
  title: `Title of ${id}`,
  summary: '',
  owner: { role: 'Lead' },
  reviewCycle: { every: 'quarter', firstReview: '2018-01-01' },
  rag,
  ragCounts: { green: 0, amber: 0, red: 0, 'not-assessed': 0 },
  reviews: [],
  measures: [],
});

function risk(id: string, score: number, movement: Risk['current']['movement'], previousScore: number | null): Risk {
  const rag = score >= 15 ? 'red' : score >= 7 ? 'amber' : 'green';
  const scored = { likelihood: 1, impact: score, score, rag, band: '', likelihoodLabel: '', impactLabel: '' } as const;
  const current = { ...scored, date: '2019-06-05', note: '', movement, previousScore, source: 'register', reviewer: null } as const;
  return { id, title: `Risk ${id}`, description: '', owner: { role: 'Lead' }, inherent: scored, target: scored, current, reviews: [current], linkedIndicators: [] };
}

describe('boardAttention', () => {
  it('names the red priorities, the risks scored red, and the risks that rose', () => {
    const priorities: PriorityList = { asAt: '2019-07-01', ragRule: '', priorities: [priority('a', 'red'), priority('b', 'green'), priority('c', 'red')] };
    const risks: RiskList = { asAt: '2019-07-01', risks: [risk('x', 16, 'no change in score', 16), risk('y', 9, 'up', 6), risk('z', 4, 'down', 6)] };
    expect(boardAttention(priorities, risks)).toEqual([
      'Priorities off track and not improving (red): Title of a; Title of c.',
      'Risks scored red: Risk x (16).',
      'Risks that rose at their latest review: Risk y (6 to 9).',
    ]);
  });

  it('says nothing when nothing is red or rising, or the views were not available', () => {
    expect(boardAttention({ asAt: '2019-07-01', ragRule: '', priorities: [priority('b', 'green')] }, { asAt: '2019-07-01', risks: [risk('z', 4, 'down', 6)] })).toEqual([]);
    expect(boardAttention(null, null)).toEqual([]);
  });
});
