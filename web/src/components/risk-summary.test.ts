import { describe, expect, it } from 'vitest';
import type { Risk, RiskList } from '../api/client.ts';
import { changeSinceLastReview, riskLines } from './risk-summary.ts';

type Review = Risk['current'];

function score(value: number): Omit<Review, 'date' | 'note' | 'movement' | 'previousScore' | 'source'> {
  const rag = value >= 15 ? 'red' : value >= 7 ? 'amber' : 'green';
  const band = rag === 'red' ? 'High: reported to every board' : rag === 'amber' ? 'Medium: owner to review' : 'Low: routine';
  return { likelihood: 1, impact: value, score: value, rag, band, likelihoodLabel: 'Rare', impactLabel: 'Severe' };
}

function review(date: string, value: number, movement: Review['movement'], previousScore: number | null): Review {
  return { ...score(value), date, note: '', movement, previousScore, source: 'register' };
}

function risk(id: string, title: string, reviews: Review[], target: number): Risk {
  return { id, title, description: '', owner: { role: 'Director' }, inherent: score(20), target: score(target), current: reviews[0]!, reviews, linkedIndicators: [] };
}

describe('changeSinceLastReview', () => {
  it('says which way the latest review moved the score, from what and when', () => {
    const up = risk('r', 'R', [review('2018-09-12', 16, 'up', 12), review('2018-02-14', 12, 'first review', null)], 6);
    expect(changeSinceLastReview(up)).toEqual({ text: 'Up from 12 (14 February 2018)', tone: 'bad' });
    const down = risk('r', 'R', [review('2018-09-12', 9, 'down', 12), review('2018-02-14', 12, 'first review', null)], 6);
    expect(changeSinceLastReview(down)).toEqual({ text: 'Down from 12 (14 February 2018)', tone: 'good' });
    const same = risk('r', 'R', [review('2018-09-12', 12, 'no change in score', 12), review('2018-02-14', 12, 'first review', null)], 6);
    expect(changeSinceLastReview(same)).toEqual({ text: 'No change since 14 February 2018', tone: 'neutral' });
    expect(changeSinceLastReview(risk('r', 'R', [review('2018-02-14', 12, 'first review', null)], 6))).toEqual({ text: 'First review', tone: 'none' });
  });
});

describe('riskLines', () => {
  it('lists the highest current score first, then by title, each against its target', () => {
    const list: RiskList = {
      asAt: '2019-04-01',
      risks: [
        risk('low', 'Zeta', [review('2018-09-12', 4, 'first review', null)], 6),
        risk('high-b', 'Beta', [review('2018-09-12', 16, 'first review', null)], 9),
        risk('high-a', 'Alpha', [review('2018-09-12', 16, 'first review', null)], 16),
      ],
    };
    const lines = riskLines(list);
    expect(lines.map((line) => line.id)).toEqual(['high-a', 'high-b', 'low']);
    expect(lines.map((line) => line.againstTarget)).toEqual(['At or below its target of 16', 'Above its target of 9', 'At or below its target of 6']);
    expect(lines[1]?.current).toEqual({ text: 'Red 16 (high)', tone: 'bad' });
    expect(lines[2]?.current).toEqual({ text: 'Green 4 (low)', tone: 'good' });
  });
});
