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
  it('puts a ratio, the indicators counting its numerator, its denominator indicator and the subsets of its rows in one family', () => {
    const fire = familyOf('fire-false-alarm-share');
    expect(fire?.members.map((m) => m.id)).toEqual(['accidental-dwelling-fires', 'deliberate-secondary-fires', 'fire-false-alarm-share', 'fire-false-alarms', 'fire-incidents-all']);
    // Four numerators: two kinds of fire, false alarms (the share and the rate per resident) and every incident.
    expect(fire?.numerators.map((n) => n.members)).toEqual([[0], [1], [2, 3], [4]]);
    expect(fire?.datasets).toEqual(['fire.incidents']);
  });

  it('joins a combined indicator with the indicator publishing one of its parts, and subsets of crime with all crime', () => {
    expect(familyOf('asb-combined')?.members.map((m) => m.id).sort()).toEqual(['asb-combined', 'asb-police']);
    expect(familyOf('asb-combined')?.datasets.sort()).toEqual(['council.service_requests', 'police.street_crime']);
    // Police violence is a subset of all crime, and A&E assault attendances join police violence by their declared disclosure family.
    expect(familyOf('all-crime')?.members.map((m) => m.id).sort()).toEqual([
      'ae-assault-attendances', 'all-crime', 'burglary', 'crime-annual', 'criminal-damage-arson', 'violent-crime', 'violent-crime-annual',
    ]);
    expect(familyOf('ae-assault-attendances')?.datasets.sort()).toEqual(['health.ae_assault_attendances', 'police.street_crime']);
  });

  it('joins indicators that declare the same disclosure family even when their numerators share no row', () => {
    const counted = definitions.filter((d): d is CountedIndicator => d.kind === 'counted');
    const police = counted.find((d) => d.id === 'violent-crime-annual')!;
    const hospital = counted.find((d) => d.id === 'ae-assault-attendances')!;
    // Alone (no combined indicator to tie them), the declaration is what puts the two sources in one family.
    expect(groupIntoFamilies([police, hospital]).map((f) => f.members.map((m) => m.id))).toEqual([['violent-crime-annual', 'ae-assault-attendances']]);
    const undeclared = [police, hospital].map(({ disclosureFamily: _, ...d }) => d);
    expect(groupIntoFamilies(undeclared).map((f) => f.members.map((m) => m.id))).toEqual([['violent-crime-annual'], ['ae-assault-attendances']]);
  });

  it('still groups every other indicator by its numerator alone', () => {
    const counted = definitions.filter((d): d is CountedIndicator => d.kind === 'counted');
    for (const family of families.filter((f) => f.numerators.length === 1)) {
      expect(new Set(family.members.map(numeratorKey)).size).toBe(1);
    }
    expect(families.reduce((n, f) => n + f.members.length, 0)).toBe(counted.length);
    const joined = families.filter((f) => f.numerators.length > 1).map((f) => f.members[0]!.id);
    expect(joined).toEqual(['accidental-dwelling-fires', 'ae-assault-attendances', 'asb-combined']);
  });
});

describe('familyRelations and incrementalScope', () => {
  const fire = familyOf('fire-false-alarm-share')!;
  const months = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12', '2019-01', '2019-02', '2019-03'];
  const periods = fire.members.map((m) => completePeriods(m.grain, new Set(months)));

  it('ties the share to its denominator quarter by quarter, with one remainder over the false alarms', () => {
    const relations = familyRelations(fire.members, periods);
    // Members: two financial-year fire counts (0, 1), the share (2), false alarms (3), all incidents (4); the remainder is 5.
    expect(relations.ratios).toEqual([{ member: 2, denominator: 4, periodOf: Int32Array.of(0, 1, 2, 3) }]);
    expect(relations.remainders).toHaveLength(1);
    expect(relations.remainders[0]?.periods.map((p) => p.id)).toEqual(['2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1']);
    expect(relations.remainderLinks[1]).toEqual({ total: { member: 4, period: 1 }, part: { member: 2, period: 1 }, remainder: { member: 5, period: 1 } });
  });

  it('recomputes the share, false alarms and all incidents for the quarter holding a changed month and the later quarters whose trends read it', () => {
    const { reach } = familyRelations(fire.members, periods);
    const { republish } = incrementalScope(periods, reach, ['2018-08']);
    // 2018-Q3 and the later quarters (trends), for the share, false alarms and all incidents alike; the financial year holding it.
    expect(republish.map((set) => [...set].sort())).toEqual([[0], [0], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
  });
});
