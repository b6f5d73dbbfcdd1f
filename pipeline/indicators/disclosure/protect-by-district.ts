/**
 * The attacker-checked secondary suppression (protect-publication.ts) district by district, then
 * the links between districts, so that its cost grows with the number of districts instead of with
 * the whole publication at once (England and Wales has 331).
 *
 * Why this is exact, not an approximation: the attacker's system splits into parts that share only
 * district cells. A district's interior (its LSOAs, wards and the localities wholly inside it) is
 * tied to the rest of the publication only through its own district figures (the partnership is
 * the sum of the districts; a locality that crosses a district boundary ties LSOAs of several). So:
 *  1. each district is protected on its own: its LSOAs, wards, inner localities and the district
 *     itself, every member, every period;
 *  2. a district is "linked" when any of its district figures is withheld (or a locality crosses
 *     into it): only then can the higher totals tell the attacker more about it. The links are
 *     protected as one system: the partnership, every district's figure (a district not linked is
 *     all published, so it is a constant there), and the whole interior of every linked district,
 *     with the localities that cross districts;
 *  3. if that withholds a figure of a district not yet linked, it becomes linked and 2 runs again,
 *     until no new link appears.
 * A district that ends unlinked has all its district figures published: its interior's system is
 * closed, and step 1 checked exactly that system. Everything else was checked, together, in the last
 * run of step 2. So every cell is checked against every published figure it is tied to.
 */
import type { Area, AreaHierarchy } from '../area-hierarchy.ts';
import { protectPublication, type ProtectionOptions, type ProtectionSummary, type PublishedMember } from './protect-publication.ts';

export type DistrictProtectionSummary = ProtectionSummary & {
  /** Districts protected on their own. */
  districts: number;
  /** Districts whose interior was checked again with the links (a district figure withheld, or a locality crossing into it). */
  linked: number;
  /** Runs of the link system (step 2); at least one. */
  linkRuns: number;
};

/** Raises reasons until every small count of the family is protected, district by district and then their links. */
export function protectByDistrict(hierarchy: AreaHierarchy, members: readonly PublishedMember[], options: ProtectionOptions): DistrictProtectionSummary {
  const started = performance.now();
  const { areas } = hierarchy;
  const nA = areas.length;
  const districts = areas.flatMap((area, a) => (area.level === 'lad' ? [a] : []));
  // Each area's district: its own (a district, or up its parents), TOP for the partnership and
  // anything outside every district, CROSSING for a locality whose LSOAs lie in several.
  const TOP = -1;
  const CROSSING = -2;
  const districtOf = new Int32Array(nA).fill(TOP);
  const up = (a: number): number => {
    let x: number | null = a;
    while (x !== null && areas[x]!.level !== 'lad') x = areas[x]!.parent;
    return x ?? TOP;
  };
  areas.forEach((area, a) => {
    if (area.level === 'locality') {
      const homes = new Set(area.lsoas.map(up));
      districtOf[a] = homes.size === 1 ? [...homes][0]! : CROSSING;
    } else if (area.level !== 'partnership') districtOf[a] = up(a);
  });

  const total: DistrictProtectionSummary = { rounds: 0, added: 0, republished: 0, checked: 0, solves: 0, milliseconds: 0, systemMilliseconds: 0, solveMilliseconds: 0, districts: 0, linked: 0, linkRuns: 0 };
  const add = (s: ProtectionSummary) => {
    total.rounds += s.rounds;
    total.added += s.added;
    total.republished += s.republished;
    total.checked += s.checked;
    total.solves += s.solves;
    total.systemMilliseconds += s.systemMilliseconds;
    total.solveMilliseconds += s.solveMilliseconds;
  };

  /** Protects the part of the hierarchy made of `part` (area indices, ascending); `top` adds up into nothing there. */
  const protectPart = (part: readonly number[], top: number | null): void => {
    const local = new Map(part.map((a, s) => [a, s]));
    const subAreas: Area[] = part.map((a) => {
      const area = areas[a]!;
      const parent = a === top || area.parent === null ? null : (local.get(area.parent) ?? null);
      // A locality's LSOAs as areas of the part (its children); every other area's are not read by the search.
      const lsoas = area.level === 'locality' || area.level === 'lsoa' ? area.lsoas.flatMap((l) => (local.has(l) ? [local.get(l)!] : [])) : [];
      return { code: area.code, name: area.name, level: area.level, benchmark: null, parent, lsoas };
    });
    // A ward's LSOAs (for a locality made of whole wards) are its children in the part.
    subAreas.forEach((area, s) => {
      if (area.level === 'ward') area.lsoas = areas[part[s]!]!.lsoas.flatMap((l) => (local.has(l) ? [local.get(l)!] : []));
    });
    const sub: AreaHierarchy = { ...hierarchy, areas: subAreas };
    const slice = <T extends Float64Array | Uint8Array>(from: T, nP: number, make: (n: number) => T): T => {
      const to = make(part.length * nP);
      part.forEach((a, s) => to.set(from.subarray(a * nP, (a + 1) * nP), s * nP));
      return to;
    };
    const subMembers: PublishedMember[] = members.map((m) => {
      const nP = m.periods.length;
      return {
        ...m,
        total: slice(m.total, nP, (n) => new Float64Array(n)),
        senderWithheld: slice(m.senderWithheld, nP, (n) => new Uint8Array(n)),
        reasons: slice(m.reasons, nP, (n) => new Uint8Array(n)),
      };
    });
    add(protectPublication(sub, subMembers, { ...options, lsoasOf: (s) => areas[part[s] ?? -1]?.lsoas ?? [] }));
    subMembers.forEach((sm, k) => {
      const nP = sm.periods.length;
      part.forEach((a, s) => members[k]!.reasons.set(sm.reasons.subarray(s * nP, (s + 1) * nP), a * nP));
    });
  };

  // 1. Each district on its own.
  const inside = new Map<number, number[]>(districts.map((d) => [d, []]));
  for (let a = 0; a < nA; a++) inside.get(districtOf[a]!)?.push(a);
  for (const d of districts) {
    protectPart(inside.get(d)!, d);
    total.districts++;
  }

  // 2 and 3. The links, until no new district is linked.
  const withheldAt = (a: number): boolean => members.some((m) => m.reasons.subarray(a * m.periods.length, (a + 1) * m.periods.length).some((r) => r !== 0));
  const linked = new Set(districts.filter(withheldAt));
  areas.forEach((area, a) => {
    if (districtOf[a] === CROSSING) for (const l of area.lsoas) if (up(l) !== TOP) linked.add(up(l));
  });
  for (;;) {
    const part: number[] = [];
    for (let a = 0; a < nA; a++) {
      const d = districtOf[a]!;
      if (d < 0 || linked.has(d) || areas[a]!.level === 'lad') part.push(a);
    }
    const before = districts.filter((d) => !linked.has(d)).map((d) => members.map((m) => m.reasons.slice(d * m.periods.length, (d + 1) * m.periods.length)));
    protectPart(part, null);
    total.linkRuns++;
    const unlinked = districts.filter((d) => !linked.has(d));
    const changed = unlinked.filter((d, i) => members.some((m, k) => m.reasons.subarray(d * m.periods.length, (d + 1) * m.periods.length).some((r, t) => r !== before[i]![k]![t])));
    if (changed.length === 0) break;
    for (const d of changed) linked.add(d);
  }
  total.linked = linked.size;
  total.milliseconds = Math.round(performance.now() - started);
  return total;
}
