/**
 * Secondary suppression over an indicator family (indicators counting the same rows) as one table:
 * every member's areas add up along the area hierarchy (LSOAs in a ward, wards in a district,
 * districts in the partnership, and LSOAs in a locality) period by period, and members' periods add up into each other
 * (months in a quarter, quarters in a financial year: see periodLinks). A proportion over another
 * indicator adds its remainder (denominator − numerator) as a virtual member, with, area by area,
 * the group denominator = numerator + remainder defining it (see familyRelations). Cells are ordered
 * member, area, period and groups member by member, then link by link, then remainder link by
 * remainder link, so a window of periods holding whole linked components is suppressed exactly as in
 * a full build.
 */
import { areaChildren, type AreaHierarchy } from '../area-hierarchy.ts';
import type { CountedCells } from '../counted-cells.ts';
import type { PeriodLink, RemainderLink } from '../indicator-families.ts';
import { secondarySuppressColumns } from './secondary-suppression.ts';

/** Reason codes per member cell (virtual members, if any, last): 0 published, 1 primary, 2 secondary. */
export function suppressFamily(
  hierarchy: AreaHierarchy,
  members: readonly CountedCells[],
  links: readonly PeriodLink[],
  remainderLinks: readonly RemainderLink[] = [],
): Uint8Array[] {
  const nA = hierarchy.areas.length;
  const offsets: number[] = [];
  let cellCount = 0;
  for (const m of members) {
    offsets.push(cellCount);
    cellCount += nA * m.periodCount;
  }
  if (!members.some((m) => m.primary.some((p) => p !== 0))) return members.map((m) => new Uint8Array(nA * m.periodCount));

  const counts = new Float64Array(cellCount);
  const primary = new Uint8Array(cellCount);
  members.forEach((m, k) => {
    const base = offsets[k] ?? 0;
    for (let i = 0; i < m.total.length; i++) {
      counts[base + i] = m.senderWithheld[i] ? Number.NaN : (m.total[i] ?? 0);
      primary[base + i] = m.primary[i] !== 0 ? 1 : 0;
    }
  });

  // What each area adds up from (the hierarchy's children, then each locality's LSOAs), parents in
  // order of their first child so that groups come in the same order in every build.
  const children = new Map<number, number[]>();
  const kidsOf = areaChildren(hierarchy);
  hierarchy.areas.forEach((area) => {
    if (area.parent !== null && !children.has(area.parent)) children.set(area.parent, kidsOf[area.parent] ?? []);
  });
  hierarchy.areas.forEach((area, a) => {
    if (area.level === 'locality' && (kidsOf[a]?.length ?? 0) > 0) children.set(a, kidsOf[a]!);
  });
  let groupCount = 0;
  let memberCount = 0;
  for (const m of members) {
    for (const kids of children.values()) {
      groupCount += m.periodCount;
      memberCount += kids.length * m.periodCount;
    }
  }
  for (const link of links) {
    groupCount += nA;
    memberCount += nA * link.fine.periods.length;
  }
  const firstDefining = groupCount;
  groupCount += nA * remainderLinks.length;
  memberCount += 2 * nA * remainderLinks.length;
  const totals = new Int32Array(groupCount);
  const groupOffsets = new Int32Array(groupCount + 1);
  const groupMembers = new Int32Array(memberCount);
  let g = 0;
  let at = 0;
  members.forEach((m, k) => {
    const base = offsets[k] ?? 0;
    const nP = m.periodCount;
    for (const [parent, kids] of children) {
      for (let t = 0; t < nP; t++) {
        totals[g] = base + parent * nP + t;
        for (const kid of kids) groupMembers[at++] = base + kid * nP + t;
        groupOffsets[++g] = at;
      }
    }
  });
  for (const link of links) {
    const coarseBase = offsets[link.coarse.member] ?? 0;
    const coarseP = members[link.coarse.member]?.periodCount ?? 0;
    const fineBase = offsets[link.fine.member] ?? 0;
    const fineP = members[link.fine.member]?.periodCount ?? 0;
    for (let a = 0; a < nA; a++) {
      totals[g] = coarseBase + a * coarseP + link.coarse.period;
      for (const t of link.fine.periods) groupMembers[at++] = fineBase + a * fineP + t;
      groupOffsets[++g] = at;
    }
  }
  const cellOf = (node: { member: number; period: number }, a: number): number => (offsets[node.member] ?? 0) + a * (members[node.member]?.periodCount ?? 0) + node.period;
  for (const link of remainderLinks) {
    for (let a = 0; a < nA; a++) {
      totals[g] = cellOf(link.total, a);
      groupMembers[at++] = cellOf(link.part, a);
      // The remainder last: the group defines it.
      groupMembers[at++] = cellOf(link.remainder, a);
      groupOffsets[++g] = at;
    }
  }
  const defining = remainderLinks.length > 0 ? new Uint8Array(groupCount).fill(1, firstDefining) : undefined;

  const reasons = secondarySuppressColumns(counts, primary, { totals, offsets: groupOffsets, members: groupMembers, ...(defining ? { defining } : {}) });
  return members.map((m, k) => reasons.subarray(offsets[k] ?? 0, (offsets[k] ?? 0) + nA * m.periodCount));
}
