import { describe, expect, it } from 'vitest';
import type { Risk, RiskList } from '../api/client.ts';
import { changeSinceLastReview, evidenceSinceLastReview, riskLines } from './risk-summary.ts';

type Review = Risk['current'];

function score(value: number): Omit<Review, 'date' | 'note' | 'movement' | 'previousScore' | 'source' | 'reviewer'> {
  const rag = value >= 15 ? 'red' : value >= 7 ? 'amber' : 'green';
  const band = rag === 'red' ? 'High: reported to every board' : rag === 'amber' ? 'Medium: owner to review' : 'Low: routine';
  return { likelihood: 1, impact: value, score: value, rag, band, likelihoodLabel: 'Rare', impactLabel: 'Severe' };
}

function review(date: string, value: number, movement: Review['movement'], previousScore: number | null): Review {
  return { ...score(value), date, note: '', movement, previousScore, source: 'register', reviewer: null };
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
  it('gives the earlier reviews newest first, each with its score', () => {
    const reviewed = risk('r', 'R', [review('2019-06-05', 9, 'down', 12), review('2018-09-12', 12, 'down', 16), review('2018-02-14', 16, 'first review', null)], 6);
    const [line] = riskLines({ asAt: '2019-07-01', risks: [reviewed] });
    expect(line?.previous).toEqual([
      { date: '2018-09-12', score: { text: 'Amber 12 (medium)', tone: 'neutral' } },
      { date: '2018-02-14', score: { text: 'Red 16 (high)', tone: 'bad' } },
    ]);
  });

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
    expect(lines[1]?.inherent).toEqual({ text: 'Red 20 (high)', tone: 'bad' });
    expect(lines[1]?.target).toEqual({ text: 'Amber 9 (medium)', tone: 'neutral' });
    expect(lines[2]?.current).toEqual({ text: 'Green 4 (low)', tone: 'good' });
  });
});

describe('evidenceSinceLastReview', () => {
  type Linked = Risk['linkedIndicators'][number];
  const at = (reviewDate: string, label: string | null, value: number | null, verdict: string | null) => ({ reviewDate, period: label, label, value, change: verdict === null ? null : { verdict } });
  const linked = (atReviews: Linked['atReviews']): Linked => ({ indicator: 'violent-crime', title: 'Violence', unit: 'per 1,000', area: 'p', areaName: 'P', atReviews });

  it('says what the indicator did between the last two reviews, judged by its polarity', () => {
    expect(evidenceSinceLastReview(linked([at('2018-02-14', 'Jan 2018', 2.1, null), at('2018-09-12', 'Aug 2018', 2.5, 'worse')]), 'P')).toEqual({
      text: 'Violence: significantly worse (Jan 2018, then Aug 2018)',
      tone: 'bad',
    });
    expect(evidenceSinceLastReview(linked([at('2018-02-14', 'Jan 2018', 2.1, null), at('2018-09-12', 'Aug 2018', 2.0, 'no significant change')]), 'P').text).toBe(
      'Violence: no significant change (Jan 2018, then Aug 2018)',
    );
  });

  it('names the area of an indicator linked for less than the partnership', () => {
    const ward = { ...linked([at('2018-02-14', 'Jan 2018', 2.1, null), at('2018-09-12', 'Aug 2018', 2.5, 'worse')]), area: 'E05000001', areaName: 'Chorley East' };
    expect(evidenceSinceLastReview(ward, 'P').text).toBe('Violence (Chorley East): significantly worse (Jan 2018, then Aug 2018)');
  });

  it('says when there was no figure, or nothing newer to compare', () => {
    expect(evidenceSinceLastReview(linked([at('2018-02-14', null, null, null)]), 'P')).toEqual({ text: 'Violence: no published figure yet', tone: 'none' });
    expect(evidenceSinceLastReview(linked([at('2018-02-14', '2017/18', 60, null), at('2018-09-12', '2017/18', 60, null)]), 'P').text).toBe('Violence: no newer figure (2017/18)');
    expect(evidenceSinceLastReview(linked([at('2018-02-14', '2017/18', 60, null)]), 'P').text).toBe('Violence: first review (2017/18)');
  });
});
