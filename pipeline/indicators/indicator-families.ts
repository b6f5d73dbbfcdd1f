/**
 * Indicator families: counted indicators with the same numerator (the same rows of the same
 * datasets), whatever their period grain or denominator. A family's figures add up across its
 * members (months within quarters, quarters within financial years…), so disclosure control must
 * treat them as one table: a withheld quarter could otherwise be worked out from a published year.
 */
import type { CountedIndicator, IndicatorDefinition, NumeratorPart } from './indicator-definition.ts';
import { periodsContaining, type Grain, type Period } from './periods.ts';

/** Counted indicators sharing one numerator, in definition order. */
export type IndicatorFamily = { key: string; members: CountedIndicator[]; datasets: string[] };

/** A member's period as a node of the family: member index and index in that member's period list. */
export type PeriodNode = { member: number; period: number };

/** A coarse period of one member that is exactly the sum of whole periods of another member. */
export type PeriodLink = { coarse: PeriodNode; fine: { member: number; periods: number[] } };

function canonicalPart(part: NumeratorPart): string {
  const where = part.where
    .map((c) => {
      if ('equals' in c) return JSON.stringify([c.field, 'equals', c.equals]);
      if ('in' in c) return JSON.stringify([c.field, 'in', [...c.in].map(String).sort()]);
      return JSON.stringify([c.field, 'notIn', [...c.notIn].map(String).sort()]);
    })
    .sort();
  return JSON.stringify([part.dataset, where]);
}

/** A key equal for two numerators exactly when they count the same rows (order of parts and values aside). */
export function numeratorKey(definition: CountedIndicator): string {
  return JSON.stringify(definition.numerator.parts.map(canonicalPart).sort());
}

/** Groups the counted definitions into families, in order of each family's first member. */
export function groupIntoFamilies(definitions: readonly IndicatorDefinition[]): IndicatorFamily[] {
  const families = new Map<string, IndicatorFamily>();
  for (const definition of definitions) {
    if (definition.kind !== 'counted') continue;
    const key = numeratorKey(definition);
    const family = families.get(key) ?? { key, members: [], datasets: [...new Set(definition.numerator.parts.map((p) => p.dataset))] };
    family.members.push(definition);
    families.set(key, family);
  }
  return [...families.values()];
}

const GRAIN_MONTHS: Partial<Record<Grain, number>> = { month: 1, quarter: 3, 'financial-year': 12 };

/** The ids of the `grain` periods that exactly tile these consecutive months, or null (rolling windows never tile). */
function tiling(grain: Grain, months: readonly string[]): string[] | null {
  const step = GRAIN_MONTHS[grain];
  if (step === undefined || months.length === 0 || months.length % step !== 0) return null;
  const ids: string[] = [];
  for (let i = 0; i < months.length; i += step) {
    const period = periodsContaining(grain, months[i]!)[0];
    if (!period || period.start !== months[i]) return null;
    ids.push(period.id);
  }
  return ids;
}

/**
 * Every additive relation between members' periods: a quarter is the sum of its three months, a
 * financial year of its quarters or months, a 12-month window of its months (and equals the
 * financial year it coincides with). Members of the same grain are equal period by period.
 */
export function periodLinks(grains: readonly Grain[], periods: readonly (readonly Period[])[]): PeriodLink[] {
  const indexes = periods.map((list) => new Map(list.map((p, i) => [p.id, i])));
  const links: PeriodLink[] = [];
  grains.forEach((coarseGrain, c) => {
    grains.forEach((fineGrain, f) => {
      if (c === f || (coarseGrain === fineGrain && f < c)) return;
      (periods[c] ?? []).forEach((period, t) => {
        const ids = tiling(fineGrain, period.months);
        if (!ids) return;
        const fine = ids.map((id) => indexes[f]?.get(id) ?? -1);
        if (fine.every((i) => i >= 0)) links.push({ coarse: { member: c, period: t }, fine: { member: f, periods: fine } });
      });
    });
  });
  return links;
}

/** How many earlier periods a figure's trend reads (the trend uses the last five periods). */
export const TREND_LOOKBACK = 4;

/**
 * What an incremental build must recompute after `months` changed: `republish` holds, per member,
 * the period indexes whose figures can change (those holding a changed month, everything linked to
 * them through additive relations, since secondary suppression spans those, and the periods whose
 * trend reads any of these); `window` is, per member, the contiguous range of periods to compute so
 * that every republished figure sees exactly what a full build would.
 */
export function incrementalScope(
  periods: readonly (readonly Period[])[],
  links: readonly PeriodLink[],
  months: readonly string[],
): { republish: Set<number>[]; window: { from: number; to: number }[] } {
  const changed = new Set(months);
  const neighbours = periods.map((list) => list.map((): PeriodNode[] => []));
  for (const link of links) {
    for (const t of link.fine.periods) {
      neighbours[link.coarse.member]?.[link.coarse.period]?.push({ member: link.fine.member, period: t });
      neighbours[link.fine.member]?.[t]?.push(link.coarse);
    }
  }
  const sets = (): Set<number>[] => periods.map(() => new Set<number>());
  // Closes a set of nodes over the links (connected components).
  const close = (nodes: Set<number>[]): void => {
    const stack: PeriodNode[] = nodes.flatMap((s, member) => [...s].map((period) => ({ member, period })));
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of neighbours[node.member]?.[node.period] ?? []) {
        const set = nodes[next.member]!;
        if (!set.has(next.period)) {
          set.add(next.period);
          stack.push(next);
        }
      }
    }
  };
  const touched = sets();
  periods.forEach((list, m) => list.forEach((p, t) => p.months.some((month) => changed.has(month)) && touched[m]!.add(t)));
  close(touched);
  const republish = sets();
  touched.forEach((set, m) => {
    const count = periods[m]?.length ?? 0;
    for (const t of set) for (let k = t; k <= Math.min(count - 1, t + TREND_LOOKBACK); k++) republish[m]!.add(k);
  });
  // Everything a republished figure reads, closed over the links and made contiguous until stable.
  const needed = sets();
  republish.forEach((set, m) => {
    for (const t of set) for (let k = Math.max(0, t - TREND_LOOKBACK); k <= t; k++) needed[m]!.add(k);
  });
  for (let size = -1; size !== needed.reduce((n, s) => n + s.size, 0); ) {
    size = needed.reduce((n, s) => n + s.size, 0);
    close(needed);
    needed.forEach((set) => {
      if (set.size === 0) return;
      const from = Math.min(...set);
      const to = Math.max(...set);
      for (let k = from; k <= to; k++) set.add(k);
    });
  }
  return {
    republish,
    window: needed.map((set) => (set.size === 0 ? { from: 0, to: -1 } : { from: Math.min(...set), to: Math.max(...set) })),
  };
}
