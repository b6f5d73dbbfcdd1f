import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndicatorDefinitions, type CountedIndicator } from './indicator-definition.ts';
import { numeratorKey } from './indicator-definition.ts';
import { familyRelations, groupIntoFamilies, incrementalScope } from './indicator-families.ts';
import { completePeriods } from './periods.ts';

const PILOT_INDICATORS = join(import.meta.dirname, '..', '..', 'datasets', 'chorley-south-ribble', 'indicators');
const definitions = loadIndicatorDefinitions(PILOT_INDICATORS);
const families = groupIntoFamilies(definitions);
const familyOf = (id: string) => families.find((f) => f.members.some((m) => m.id === id));

describe('groupIntoFamilies', () => {
  it('puts a ratio, the indicators counting its numerator and its denominator indicator in one family', () => {
    const fire = familyOf('fire-false-alarm-share');
    expect(fire?.members.map((m) => m.id)).toEqual(['fire-false-alarm-share', 'fire-false-alarms', 'fire-incidents-all']);
    // Two numerators: false alarms (the share and the rate per resident) and every incident.
    expect(fire?.numerators.map((n) => n.members)).toEqual([[0, 1], [2]]);
    expect(fire?.datasets).toEqual(['fire.incidents']);
  });

  it('still groups every other indicator by its numerator alone', () => {
    const counted = definitions.filter((d): d is CountedIndicator => d.kind === 'counted' && d.denominator.kind !== 'indicator');
    for (const family of families.filter((f) => f.numerators.length === 1)) {
      expect(new Set(family.members.map(numeratorKey)).size).toBe(1);
    }
    const ratioJoined = new Set(['fire-false-alarm-share', 'fire-false-alarms', 'fire-incidents-all']);
    expect(families.reduce((n, f) => n + f.members.length, 0)).toBe(counted.length + 1);
    expect(families.filter((f) => f.numerators.length > 1).flatMap((f) => f.members.map((m) => m.id))).toEqual([...ratioJoined]);
  });
});

describe('familyRelations and incrementalScope', () => {
  const fire = familyOf('fire-false-alarm-share')!;
  const months = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12', '2019-01', '2019-02', '2019-03'];
  const periods = fire.members.map((m) => completePeriods(m.grain, new Set(months)));

  it('ties the share to its denominator quarter by quarter, with one remainder over the false alarms', () => {
    const relations = familyRelations(fire.members, periods);
    expect(relations.ratios).toEqual([{ member: 0, denominator: 2, periodOf: Int32Array.of(0, 1, 2, 3) }]);
    expect(relations.remainders).toHaveLength(1);
    expect(relations.remainders[0]?.periods.map((p) => p.id)).toEqual(['2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1']);
    expect(relations.remainderLinks[1]).toEqual({ total: { member: 2, period: 1 }, part: { member: 0, period: 1 }, remainder: { member: 3, period: 1 } });
  });

  it('recomputes the share, false alarms and all incidents for the quarter holding a changed month and the later quarters whose trends read it', () => {
    const { reach } = familyRelations(fire.members, periods);
    const { republish } = incrementalScope(periods, reach, ['2018-08']);
    // 2018-Q3 and the later quarters (trends), for the share, false alarms and all incidents alike.
    for (const set of republish) expect([...set].sort()).toEqual([1, 2, 3]);
  });
});
