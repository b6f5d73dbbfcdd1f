/**
 * Indicator families: counted indicators computed and suppressed together. Indicators with the same
 * numerator (the same rows of the same datasets), whatever their period grain or denominator, add
 * up across members (months within quarters, quarters within financial years…), so disclosure
 * control must treat them as one table: a withheld quarter could otherwise be worked out from a
 * published year. An indicator that divides by another indicator joins that indicator's family too:
 * its figures are withheld where the denominator's are, and a proportion's numerator and denominator
 * (a subset of its rows) give away their difference, the remainder, wherever both are published.
 * So do a combined indicator and one counting a part of it, and an indicator counting a subset of
 * another's rows (by their filters): they bound each other, and are protected as one publication.
 * Finally, indicators that name the same `disclosureFamily` join whatever their numerators: sources
 * recording the same events (police violence and A&E assault attendances) are protected together.
 */
import { IndicatorDefinitionError } from '../errors.ts';
import { numeratorKey, type CountedIndicator, type IndicatorDefinition, type NumeratorPart } from './indicator-definition.ts';
import { periodsContaining, type Grain, type Period } from './periods.ts';
import { isSubset, partKey } from './disclosure/publication-system.ts';

/** One numerator of a family: its parts and the members (indexes) that count it. */
export type FamilyNumerator = { key: string; parts: NumeratorPart[]; members: number[] };

/** Counted indicators computed together, in definition order, with their distinct numerators. */
export type IndicatorFamily = { key: string; members: CountedIndicator[]; numerators: FamilyNumerator[]; datasets: string[] };

/** A member's period as a node of the family: member index and index in that member's period list. */
export type PeriodNode = { member: number; period: number };

/** A coarse period of one member that is exactly the sum of whole periods of another member. */
export type PeriodLink = { coarse: PeriodNode; fine: { member: number; periods: number[] } };

/**
 * Groups the counted definitions into families: the same numerator, joined through indicator
 * denominators. Families come in order of their first member, members in definition order.
 */
export function groupIntoFamilies(definitions: readonly IndicatorDefinition[]): IndicatorFamily[] {
  const counted = definitions.filter((d): d is CountedIndicator => d.kind === 'counted');
  const keyOf = new Map(counted.map((d) => [d.id, numeratorKey(d)]));
  // Union-find over numerator keys, joined by each indicator denominator.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const join = (x: string, y: string): void => {
    const [a, b] = [find(x), find(y)];
    if (a !== b) parent.set(b, a);
  };
  for (const d of counted) {
    const other = d.denominator.kind === 'indicator' ? keyOf.get(d.denominator.indicator) : undefined;
    if (other !== undefined) join(numeratorKey(d), other);
  }
  // Numerators that share rows add up or bound each other (a combined indicator and one counting a
  // part of it; an indicator counting a subset of another's rows): one table for disclosure control.
  for (const d of counted) {
    for (const e of counted) {
      if (d === e) continue;
      const combinedWithPart = d.numerator.parts.length > 1 && e.numerator.parts.length === 1 && d.numerator.parts.some((p) => partKey(p) === partKey(e.numerator.parts[0]!));
      const subset = d.numerator.parts.length === 1 && e.numerator.parts.length === 1 && isSubset(d.numerator.parts[0]!, e.numerator.parts[0]!);
      if (combinedWithPart || subset) join(numeratorKey(d), numeratorKey(e));
    }
  }
  // Declared families: different sources of the same events, one publication by the definitions' say-so.
  const declared = new Map<string, string>();
  for (const d of counted) {
    if (d.disclosureFamily === undefined) continue;
    const first = declared.get(d.disclosureFamily);
    if (first === undefined) declared.set(d.disclosureFamily, numeratorKey(d));
    else join(first, numeratorKey(d));
  }
  const families = new Map<string, IndicatorFamily>();
  for (const definition of counted) {
    const key = numeratorKey(definition);
    const root = find(key);
    const family = families.get(root) ?? { key: '', members: [], numerators: [], datasets: [] };
    families.set(root, family);
    let numerator = family.numerators.find((n) => n.key === key);
    if (!numerator) {
      numerator = { key, parts: definition.numerator.parts, members: [] };
      family.numerators.push(numerator);
      for (const p of definition.numerator.parts) if (!family.datasets.includes(p.dataset)) family.datasets.push(p.dataset);
    }
    numerator.members.push(family.members.length);
    family.members.push(definition);
  }
  for (const family of families.values()) family.key = JSON.stringify(family.numerators.map((n) => n.key));
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

/** A member that divides by another member's count, with, per period, that period's index among the denominator's periods (-1 if absent). */
export type RatioLink = { member: number; denominator: number; periodOf: Int32Array };

/**
 * A virtual member, the remainder of a proportion: denominator − numerator (the rows of the
 * denominator that the numerator does not count, its complement), published nowhere but worked out
 * by subtraction wherever both are published, so it is protected like any count. `periods` are the
 * proportion's periods that the denominator has too, with their indexes among each side's periods.
 */
export type Remainder = { numerator: number; denominator: number; periods: Period[]; numeratorPeriod: Int32Array; denominatorPeriod: Int32Array };

/** Per area: the denominator's cell = the numerator's cell + the remainder's cell (a virtual member). */
export type RemainderLink = { total: PeriodNode; part: PeriodNode; remainder: PeriodNode };

/** The relations between a family's members that disclosure control and incremental builds follow. */
export type FamilyRelations = {
  /** Additive relations between periods of members with the same numerator (periodLinks). */
  links: PeriodLink[];
  ratios: RatioLink[];
  /** Virtual members, numbered after the real ones in this order. */
  remainders: Remainder[];
  remainderLinks: RemainderLink[];
  /** Links plus each ratio tied to its denominator period by period: what an incremental build closes over. */
  reach: PeriodLink[];
};

/**
 * The relations of a family's members given their periods: period links within each numerator, the
 * ratio members and their denominators, and the remainder of each proportion over an indicator
 * (one per numerator and denominator member, however many proportions share them).
 */
export function familyRelations(members: readonly CountedIndicator[], periods: readonly (readonly Period[])[]): FamilyRelations {
  const links: PeriodLink[] = [];
  const byNumerator = new Map<string, number[]>();
  members.forEach((m, k) => byNumerator.set(numeratorKey(m), [...(byNumerator.get(numeratorKey(m)) ?? []), k]));
  for (const indexes of byNumerator.values()) {
    const local = periodLinks(
      indexes.map((k) => members[k]!.grain),
      indexes.map((k) => periods[k] ?? []),
    );
    for (const link of local) {
      links.push({
        coarse: { member: indexes[link.coarse.member]!, period: link.coarse.period },
        fine: { member: indexes[link.fine.member]!, periods: link.fine.periods },
      });
    }
  }
  const ratios: RatioLink[] = [];
  const remainders: Remainder[] = [];
  const remainderLinks: RemainderLink[] = [];
  const reach = [...links];
  const seen = new Set<string>();
  members.forEach((m, k) => {
    if (m.denominator.kind !== 'indicator') return;
    const name = m.denominator.indicator;
    const j = members.findIndex((d) => d.id === name);
    if (j < 0) throw new IndicatorDefinitionError(`indicator "${m.id}" divides by "${name}", which is not computed with it`, { field: 'denominator.indicator' });
    const index = new Map((periods[j] ?? []).map((p, u) => [p.id, u]));
    const own = periods[k] ?? [];
    const periodOf = Int32Array.from(own, (p) => index.get(p.id) ?? -1);
    ratios.push({ member: k, denominator: j, periodOf });
    periodOf.forEach((u, t) => {
      if (u >= 0) reach.push({ coarse: { member: j, period: u }, fine: { member: k, periods: [t] } });
    });
    const key = `${numeratorKey(m)}|${j}`;
    if (m.statistic !== 'proportion' || seen.has(key)) return;
    seen.add(key);
    const shared = own.map((p, t) => ({ p, t, u: periodOf[t] ?? -1 })).filter((x) => x.u >= 0);
    const virtual = members.length + remainders.length;
    remainders.push({
      numerator: k,
      denominator: j,
      periods: shared.map((x) => x.p),
      numeratorPeriod: Int32Array.from(shared, (x) => x.t),
      denominatorPeriod: Int32Array.from(shared, (x) => x.u),
    });
    shared.forEach((x, v) => remainderLinks.push({ total: { member: j, period: x.u }, part: { member: k, period: x.t }, remainder: { member: virtual, period: v } }));
  });
  return { links, ratios, remainders, remainderLinks, reach };
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
