import { describe, expect, it } from 'vitest';
import type { AreaCollection, AreaFigure, Indicator } from '../api/client.ts';
import { indicatorList, localityStandings } from './locality-standing.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
const npt = { id: 'npt', name: 'Neighbourhood policing teams' };
const pcn = { id: 'pcn', name: 'Primary care networks' };
function locality(code: string, kind: { id: string; name: string }): AreaCollection['features'][number] {
  return { type: 'Feature', properties: { code, name: `Name of ${code}`, kind, lsoas: ['E01000001'] }, geometry: square };
}
const localities: AreaCollection = {
  type: 'FeatureCollection',
  features: [locality('pcn-1', pcn), locality('npt-1', npt), locality('npt-2', npt), locality('pcn-2', pcn)],
};

function indicator(id: string, polarity: Indicator['polarity'] = 'low-is-good'): Indicator {
  return {
    id,
    title: `Title of ${id}`,
    shortDescription: '',
    theme: 'Community safety',
    unit: 'per 1,000',
    multiplier: 1000,
    polarity,
    grain: 'month',
    statistic: 'rate',
    periods: [],
    latestPeriod: '2019-03',
    levels: ['locality'],
    sources: [],
    target: null,
    methods: '',
    withdrawn: null,
  };
}

type Judged = 'better' | 'worse' | 'similar' | 'withheld' | 'not-compared';
function figure(area: string, judged: Judged): AreaFigure {
  const withheld = judged === 'withheld';
  return {
    area,
    name: area,
    value: withheld ? null : 5,
    numerator: null,
    denominator: null,
    lower: withheld ? null : 4,
    upper: withheld ? null : 6,
    suppressed: withheld,
    suppressionReason: withheld ? 'withheld to protect confidentiality' : null,
    comparison: withheld || judged === 'not-compared' ? null : { benchmark: 'partnership', significance: judged === 'similar' ? 'similar' : 'higher', judgement: judged },
    trend: null,
    rag: null,
  };
}

describe('how each locality stands against the partnership', () => {
  it('counts the indicators each is significantly worse, better and similar on, and the withheld ones, not judging without polarity', () => {
    const standings = localityStandings(localities, [
      { indicator: indicator('crime'), periodLabel: 'Mar 2019', figures: [figure('npt-1', 'worse'), figure('npt-2', 'better'), figure('pcn-1', 'similar'), figure('pcn-2', 'withheld')] },
      { indicator: indicator('fires'), periodLabel: '2019 Q1', figures: [figure('npt-1', 'worse'), figure('npt-2', 'similar'), figure('pcn-1', 'not-compared'), figure('pcn-2', 'worse')] },
      { indicator: indicator('older-people', 'no-judgement'), periodLabel: 'Census 2021', figures: [figure('npt-1', 'worse'), figure('npt-2', 'worse')] },
    ]);
    const byCode = new Map(standings.map((standing) => [standing.code, standing]));
    expect(byCode.get('npt-1')?.worse.map((entry) => [entry.indicator.id, entry.periodLabel])).toEqual([
      ['crime', 'Mar 2019'],
      ['fires', '2019 Q1'],
    ]);
    expect(byCode.get('npt-2')).toMatchObject({ similar: 1, withheld: 0 });
    expect(byCode.get('npt-2')?.better.map((entry) => entry.indicator.id)).toEqual(['crime']);
    expect(byCode.get('pcn-1')).toMatchObject({ worse: [], better: [], similar: 1, withheld: 0 });
    expect(byCode.get('pcn-2')).toMatchObject({ similar: 0, withheld: 1 });
    expect(byCode.get('pcn-2')?.worse.map((entry) => entry.indicator.id)).toEqual(['fires']);
  });

  it('keeps the kinds in the geography’s order and puts the most "worse" first within a kind', () => {
    const standings = localityStandings(localities, [
      { indicator: indicator('crime'), periodLabel: 'Mar 2019', figures: [figure('npt-2', 'worse'), figure('pcn-2', 'worse')] },
    ]);
    expect(standings.map((standing) => standing.code)).toEqual(['pcn-2', 'pcn-1', 'npt-2', 'npt-1']);
    expect(standings.every((standing) => standing.name === `Name of ${standing.code}`)).toBe(true);
  });

  it('ignores figures for areas that are not localities, and lists every locality even without figures', () => {
    const standings = localityStandings(localities, [{ indicator: indicator('crime'), periodLabel: 'Mar 2019', figures: [figure('E05000001', 'worse')] }]);
    expect(standings).toHaveLength(4);
    expect(standings.every((standing) => standing.worse.length === 0 && standing.similar === 0)).toBe(true);
  });
});

describe('a list of indicators in words', () => {
  const judged = (count: number) => Array.from({ length: count }, (_, index) => ({ indicator: indicator(`i${index + 1}`), periodLabel: 'Mar 2019' }));
  it('names up to three and counts the rest', () => {
    expect(indicatorList(judged(0))).toBe('');
    expect(indicatorList(judged(1))).toBe('Title of i1');
    expect(indicatorList(judged(3))).toBe('Title of i1, Title of i2 and Title of i3');
    expect(indicatorList(judged(5))).toBe('Title of i1, Title of i2, Title of i3 and 2 more');
  });
});
