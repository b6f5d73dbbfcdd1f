/**
 * The attacker-checked secondary suppression against the same linear-programming attack, over small
 * random hierarchies with random localities that cut across wards, periods and indicators that count
 * subsets of each other's rows: whatever the counts, no small count is left with a range below its
 * threshold and no withheld figure is pinned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AreaHierarchy } from '../area-hierarchy.ts';
import { computeCountedFamily, type FamilyMemberInput } from '../compute-counted-indicator.ts';
import type { CountedIndicator, NumeratorPart } from '../indicator-definition.ts';
import { completePeriods } from '../periods.ts';
import { WITHHELD } from '../counted-figures.ts';
import { checkProtection, loadSolver } from './attacker-intervals.ts';
import { buildPublicationSystem, partKey, requirementsOf, type PublishedFigure } from './publication-system.ts';

const THRESHOLD = 3;
const MONTHS = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12', '2019-01', '2019-02', '2019-03'];
const ALL: NumeratorPart = { dataset: 'fire.incidents', where: [] };
const ALARMS: NumeratorPart = { dataset: 'fire.incidents', where: [{ field: 'incident_group', in: ['False Alarm'] }] };

function indicator(id: string, grain: CountedIndicator['grain'], part: NumeratorPart): CountedIndicator {
  return {
    id,
    kind: 'counted',
    title: id,
    shortDescription: 'a test indicator',
    theme: 'Community safety',
    polarity: 'low-is-good',
    methods: 'counted for a test',
    statistic: 'crude-rate',
    numerator: { parts: [part] },
    denominator: { kind: 'population' },
    multiplier: 1000,
    unit: 'per 1,000',
    grain,
  };
}

/**
 * LSOAs in wards in one district in a partnership: `wards` lists each ward's LSOA count. Then the
 * localities: `localities[k][l]` is the locality of kind k that LSOA l belongs to (-1: none).
 */
function hierarchyOf(wards: readonly number[], localities: readonly (readonly number[])[] = []): AreaHierarchy {
  const lsoaCount = wards.reduce((n, w) => n + w, 0);
  const areas: AreaHierarchy['areas'] = [];
  const wardBase = lsoaCount;
  const lad = lsoaCount + wards.length;
  let l = 0;
  wards.forEach((size, w) => {
    for (let k = 0; k < size; k++) areas.push({ code: `L${l}`, name: `L${l}`, level: 'lsoa', benchmark: lad, parent: wardBase + w, lsoas: [l++] });
  });
  let first = 0;
  wards.forEach((size, w) => {
    areas.push({ code: `W${w}`, name: `W${w}`, level: 'ward', benchmark: lad, parent: lad, lsoas: Array.from({ length: size }, (_, k) => first + k) });
    first += size;
  });
  const every = Array.from({ length: lsoaCount }, (_, i) => i);
  areas.push({ code: 'D', name: 'D', level: 'lad', benchmark: lad + 1, parent: lad + 1, lsoas: every });
  areas.push({ code: 'P', name: 'P', level: 'partnership', benchmark: null, parent: null, lsoas: every });
  localities.forEach((kind, k) => {
    for (const locality of new Set(kind.slice(0, lsoaCount).filter((x) => x >= 0))) {
      const lsoas = every.filter((l) => kind[l] === locality);
      areas.push({ code: `K${k}-${locality}`, name: `K${k}-${locality}`, level: 'locality', benchmark: lad + 1, parent: null, lsoas });
    }
  });
  const population = new Float64Array(lsoaCount).fill(1500);
  return { areas, lsoaIndex: new Map(areas.slice(0, lsoaCount).map((a, i) => [a.code, i])), lsoaCount, population, population65: population, households: population };
}

describe('attacker-checked secondary suppression', () => {
  it('leaves no small count narrower than its threshold, over random areas, localities, quarters, years and subsets', async () => {
    const highs = await loadSolver();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 3 }),
        // LSOA × month counts of false alarms and of other incidents, small and often zero.
        fc.array(fc.constantFrom(0, 0, 0, 1, 1, 2, 3, 5), { minLength: 12 * 12, maxLength: 12 * 12 }),
        fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2, 4), { minLength: 12 * 12, maxLength: 12 * 12 }),
        // Up to two kinds of locality, each LSOA in at most one locality of a kind.
        fc.array(fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 12, maxLength: 12 }), { maxLength: 2 }),
        async (wards, alarms, others, localities) => {
          const hierarchy = hierarchyOf(wards, localities);
          const monthly = (part: NumeratorPart) => (l: number, m: number) => (alarms[l * MONTHS.length + m] ?? 0) + (part === ALL ? (others[l * MONTHS.length + m] ?? 0) : 0);
          const definitions = [indicator('alarms-q', 'quarter', ALARMS), indicator('alarms-fy', 'financial-year', ALARMS), indicator('all-q', 'quarter', ALL)];
          const members: FamilyMemberInput[] = definitions.map((definition) => {
            const periods = completePeriods(definition.grain, new Set(MONTHS));
            const count = monthly(definition.numerator.parts[0]!);
            const counts = new Float64Array(hierarchy.lsoaCount * periods.length);
            periods.forEach((p, t) => {
              for (let l = 0; l < hierarchy.lsoaCount; l++) for (const month of p.months) counts[l * periods.length + t]! += count(l, MONTHS.indexOf(month));
            });
            return { definition, periods, publish: null, parts: [{ counts, senderWithheld: new Uint8Array(counts.length), rule: { threshold: THRESHOLD, roundingBase: null } }] };
          });
          const monthCount = (part: string, l: number, month: string) => monthly(part === partKey(ALL) ? ALL : ALARMS)(l, MONTHS.indexOf(month));
          const figures = computeCountedFamily(hierarchy, members, { highs, monthCount, threshold: () => THRESHOLD, disjoint: () => false });

          // The attack, on what would be published.
          const published: PublishedFigure[] = figures.flatMap((f) =>
            hierarchy.areas.flatMap((area, a) =>
              f.periods.map((p, t) => {
                const i = a * f.periods.length + t;
                const withheld = f.withheld[i] !== WITHHELD.none;
                return { indicator: f.definition.id, area: area.code, period: p.id, count: withheld ? null : (f.numerator[i] ?? null), withheld, byProvider: false, denominatorCount: null };
              }),
            ),
          );
          // The attacker's lookup, written from the areas themselves: parents' children, localities' LSOAs.
          const children = new Map<string, string[]>();
          for (const a of hierarchy.areas) {
            if (a.parent !== null) children.set(hierarchy.areas[a.parent]!.code, [...(children.get(hierarchy.areas[a.parent]!.code) ?? []), a.code]);
            if (a.level === 'locality') children.set(a.code, a.lsoas.map((l) => hierarchy.areas[l]!.code));
          }
          const monthsOf = new Map(members.flatMap((m) => m.periods.map((p) => [p.id, p.months] as const)));
          const attack = buildPublicationSystem({ figures: published, definitions, children, monthsOf: (id) => monthsOf.get(id) ?? [] });
          expect(attack.inconsistent).toEqual([]);
          const truth = (cell: (typeof attack.cells)[number]) => {
            const area = hierarchy.areas.find((a) => a.code === cell.area)!;
            let sum = 0;
            for (const term of cell.terms) for (const l of area.lsoas) for (const m of cell.months) sum += term.sign * monthCount(term.part, l, m);
            return sum;
          };
          const report = checkProtection(highs, attack.system, requirementsOf(attack, truth, () => THRESHOLD));
          expect(report.exposures.map((e) => attack.cells[attack.unknownCells[e.cell]!]!.label)).toEqual([]);
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
  }, 300_000);
});
