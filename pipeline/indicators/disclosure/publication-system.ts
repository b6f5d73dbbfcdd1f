/**
 * The publication as one system of equations, as an attacker writes it down (SDC.md): from what the
 * API publishes (each figure's count or "withheld", a ratio's
 * denominator) and what anyone knows (the indicator definitions, the ONS area lookup, that counts
 * are non-negative), it writes down every relation it can:
 *  - areas: a parent's count is the sum of its children's, at every period (a ward's LSOAs, a
 *    district's wards, and a locality's LSOAs, which cut across wards: localities do not nest);
 *  - periods: a period is the sum of its sub-periods. Each group of related numerators has "atoms",
 *    the finest periods its published periods split into (quarters under quarters and years; months
 *    under overlapping 12-month windows), and every published period is the sum of its atoms;
 *  - combined indicators: the count is the sum of its parts, each part the numerator of its own
 *    dataset, published by another indicator (asb-police) or by none (then unknown);
 *  - subsets: an indicator counting a subset of another's rows is at most that one, and a set of
 *    subsets that share no row (by their filters, or as the loaded rows show: false alarms are never
 *    fires) at most adds up to it; the difference, a remainder, is a count (≥ 0) like any other;
 *  - a ratio publishes its denominator indicator's count.
 * Each withheld or unpublished count is an unknown ≥ 0; published counts are folded into the
 * bounds. checkProtection then computes the attacker's range of each cell that must be protected.
 * Used by the build to choose secondary suppressions (protect-publication.ts) and by the outsider's
 * attack test, which feeds it the figures fetched through the API.
 */
import { z } from 'zod';
import type { CountedIndicator, NumeratorPart } from '../indicator-definition.ts';
import type { AttackSystem, Relation, Requirement } from './attacker-intervals.ts';

/** One published figure as a client sees it. */
export type PublishedFigure = {
  indicator: string;
  area: string;
  period: string;
  /** The published count (numerator), null when withheld. */
  count: number | null;
  withheld: boolean;
  /** Withheld by the data provider (the one reason besides "to protect confidentiality"). */
  byProvider: boolean;
  /** A ratio over another indicator publishes that indicator's count; null otherwise or when withheld. */
  denominatorCount: number | null;
};

export type AttackInput = {
  figures: readonly PublishedFigure[];
  definitions: readonly CountedIndicator[];
  /** Area → the areas it is the sum of (ward → its LSOAs, district → its wards, locality → its LSOAs…). */
  children: ReadonlyMap<string, readonly string[]>;
  /** Domain knowledge beyond the filters: two single-dataset numerators that never count the same row. */
  disjoint?: (a: NumeratorPart, b: NumeratorPart) => boolean;
  /** The months a period id covers. */
  monthsOf: (period: string) => readonly string[];
};

/** A count the attacker reasons about: Σ sign × part over the area's LSOAs and the months. */
export type AttackCell = {
  /** Stable across rebuilds of the system: numerator, area and months. */
  key: string;
  label: string;
  kind: 'figure' | 'part' | 'remainder' | 'atom';
  area: string;
  months: readonly string[];
  /** Single-part numerators (canonical part keys) with their signs. */
  terms: readonly { part: string; sign: 1 | -1 }[];
  datasets: readonly string[];
  /** Published value, or NaN when unknown to the attacker. */
  known: number;
  withheld: boolean;
  byProvider: boolean;
};

export type Attack = {
  cells: AttackCell[];
  /** Unknown cells are numbered 0… in the system; -1 for published ones. */
  unknownIndex: Int32Array;
  unknownCells: number[];
  system: AttackSystem;
  /** Relations the attacker wrote down, by kind, before published terms were folded in. */
  equations: { areas: number; periods: number; parts: number; subsets: number };
  /** Relations whose terms are all published and do not add up (should be none). */
  inconsistent: string[];
  /** Every relation as written (cells of `cells`), before published terms were folded in. */
  written: readonly (readonly number[])[];
  /** The cell of a numerator (sorted part keys), area and months, if the system has it. */
  cellAt(parts: readonly string[], area: string, months: readonly string[]): number | undefined;
};

/** Canonical key of one numerator part (dataset and filter, order-insensitive). */
export function partKey(part: NumeratorPart): string {
  const where = part.where.map((c) => JSON.stringify(Object.entries(c).map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : v]))).sort();
  return JSON.stringify([part.dataset, where]);
}

const PartKey = z.tuple([z.string(), z.array(z.string())]);

/** The dataset a part key (partKey) counts rows of. */
function datasetOfPartKey(key: string): string {
  return PartKey.parse(JSON.parse(key))[0];
}

type Allowed = { field: string; values: Set<string> | null; excluded: Set<string> };

/** The values each filtered field may take under a part's filter (null values: every value but `excluded`). */
function allowedOf(part: NumeratorPart): Map<string, Allowed> {
  const byField = new Map<string, Allowed>();
  for (const c of part.where) {
    const a = byField.get(c.field) ?? { field: c.field, values: null, excluded: new Set<string>() };
    const restrict = (vs: string[]) => {
      a.values = a.values === null ? new Set(vs) : new Set(vs.filter((v) => a.values!.has(v)));
    };
    if ('equals' in c) restrict([String(c.equals)]);
    else if ('in' in c) restrict(c.in.map(String));
    else for (const v of c.notIn) a.excluded.add(String(v));
    byField.set(c.field, a);
  }
  for (const a of byField.values()) if (a.values) a.values = new Set([...a.values].filter((v) => !a.excluded.has(v)));
  return byField;
}

/** True when every row `a` counts is counted by `b`, as their filters say. */
export function isSubset(a: NumeratorPart, b: NumeratorPart): boolean {
  if (a.dataset !== b.dataset) return false;
  const as = allowedOf(a);
  for (const [field, bAllowed] of allowedOf(b)) {
    const aAllowed = as.get(field);
    if (!aAllowed || aAllowed.values === null) return false;
    for (const v of aAllowed.values) if ((bAllowed.values !== null && !bAllowed.values.has(v)) || bAllowed.excluded.has(v)) return false;
  }
  return true;
}

/** True when the filters say `a` and `b` never count the same row. */
export function filtersDisjoint(a: NumeratorPart, b: NumeratorPart): boolean {
  if (a.dataset !== b.dataset) return false;
  const bs = allowedOf(b);
  for (const [field, x] of allowedOf(a)) {
    const y = bs.get(field);
    if (!y) continue;
    if (x.values && y.values && ![...x.values].some((v) => y.values!.has(v))) return true;
    if (x.values && [...x.values].every((v) => y.excluded.has(v))) return true;
    if (y.values && [...y.values].every((v) => x.excluded.has(v))) return true;
  }
  return false;
}

/** Builds the attacker's cells and relations from what is published. */
export function buildPublicationSystem(input: AttackInput): Attack {
  const months = input.monthsOf;
  const defs = input.definitions;
  const byId = new Map(defs.map((d) => [d.id, d]));
  const numeratorKeys = new Map<CountedIndicator, string[]>();
  // Part keys are JSON of each filter: worked out once per definition, not once per figure.
  const numeratorOf = (d: CountedIndicator): string[] => {
    let keys = numeratorKeys.get(d);
    if (!keys) numeratorKeys.set(d, (keys = d.numerator.parts.map(partKey).sort()));
    return keys;
  };
  const numeratorKeyOf = new Map<CountedIndicator, string>();
  const numeratorKey = (d: CountedIndicator): string => {
    let key = numeratorKeyOf.get(d);
    if (key === undefined) numeratorKeyOf.set(d, (key = JSON.stringify(numeratorOf(d))));
    return key;
  };
  const partByKey = new Map<string, NumeratorPart>();
  for (const d of defs) for (const p of d.numerator.parts) partByKey.set(partKey(p), p);

  // Numerators (sorted lists of part keys): indicators', each part of a combined one, remainders.
  type Numerator = { key: string; terms: { part: string; sign: 1 | -1 }[]; datasets: string[]; kind: AttackCell['kind']; label: string };
  const numerators = new Map<string, Numerator>();
  const addNumerator = (parts: string[], label: string, kind: AttackCell['kind']): string => {
    const key = JSON.stringify(parts);
    if (!numerators.has(key)) {
      numerators.set(key, { key, terms: parts.map((part) => ({ part, sign: 1 as const })), datasets: [...new Set(parts.map(datasetOfPartKey))], kind, label });
    }
    return key;
  };
  for (const d of defs) addNumerator(numeratorOf(d), d.id, 'figure');
  const combined: { whole: string; parts: string[] }[] = [];
  for (const d of defs) {
    if (d.numerator.parts.length < 2) continue;
    combined.push({ whole: JSON.stringify(numeratorOf(d)), parts: numeratorOf(d).map((p) => addNumerator([p], `${d.id}[${datasetOfPartKey(p)}]`, 'part')) });
  }
  // Subsets among single-part numerators: each superset with its subsets, split into sets that share no row.
  const single = [...numerators.values()].filter((n) => n.terms.length === 1);
  const disjoint = (a: string, b: string) => {
    const [pa, pb] = [partByKey.get(a)!, partByKey.get(b)!];
    return filtersDisjoint(pa, pb) || (input.disjoint?.(pa, pb) ?? false);
  };
  const subsets: { whole: string; parts: string[]; remainder: string }[] = [];
  for (const sup of single) {
    const supPart = sup.terms[0]!.part;
    const subs = single.filter((s) => s !== sup && isSubset(partByKey.get(s.terms[0]!.part)!, partByKey.get(supPart)!) && !isSubset(partByKey.get(supPart)!, partByKey.get(s.terms[0]!.part)!));
    // Greedy: subsets that share no row with any already in a set join it.
    const sets: Numerator[][] = [];
    for (const s of subs) {
      const home = sets.find((set) => set.every((t) => disjoint(t.terms[0]!.part, s.terms[0]!.part)));
      if (home) home.push(s);
      else sets.push([s]);
    }
    for (const set of sets) {
      const remainder = JSON.stringify(['remainder', sup.key, ...set.map((s) => s.key)]);
      const label = `${sup.label}−${set.map((s) => s.label).join('−')}`;
      numerators.set(remainder, {
        key: remainder,
        terms: [{ part: supPart, sign: 1 }, ...set.map((s) => ({ part: s.terms[0]!.part, sign: -1 as const }))],
        datasets: sup.datasets,
        kind: 'remainder',
        label,
      });
      subsets.push({ whole: sup.key, parts: set.map((s) => s.key), remainder });
    }
  }

  // Groups of related numerators (union-find) and the periods published for each.
  const root = new Map<string, string>([...numerators.keys()].map((k) => [k, k]));
  const find = (k: string): string => {
    while (root.get(k) !== k) k = root.get(k)!;
    return k;
  };
  const join = (a: string, b: string) => root.set(find(b), find(a));
  for (const c of combined) for (const p of c.parts) join(c.whole, p);
  for (const s of subsets) for (const k of [...s.parts, s.remainder]) join(s.whole, k);
  const periodsOf = new Map<string, Set<string>>(); // numerator → published period ids
  const addPeriod = (numerator: string, period: string) => periodsOf.set(numerator, (periodsOf.get(numerator) ?? new Set()).add(period));
  const areas = new Set<string>();
  for (const f of input.figures) {
    const d = byId.get(f.indicator);
    if (!d) continue;
    areas.add(f.area);
    addPeriod(numeratorKey(d), f.period);
    if (d.denominator.kind === 'indicator') {
      const other = byId.get(d.denominator.indicator);
      if (other) addPeriod(numeratorKey(other), f.period);
    }
  }
  // Unpublished parts and remainders are targets at the periods of what defines them.
  for (const c of combined) for (const p of c.parts) for (const period of periodsOf.get(c.whole) ?? []) addPeriod(p, period);
  for (const s of subsets) for (const k of s.parts) for (const period of periodsOf.get(k) ?? []) addPeriod(s.remainder, period);

  const groups = new Map<string, string[]>();
  for (const k of numerators.keys()) groups.set(find(k), [...(groups.get(find(k)) ?? []), k]);

  const cells: AttackCell[] = [];
  // Cells by numerator, then area, then months (joined once per months array): lookups run for every
  // term of every relation, and one long joined key per lookup was most of the time spent writing the system down.
  const cellIndex = new Map<string, Map<string, Map<string, number>>>();
  const joined = new WeakMap<readonly string[], string>();
  const monthsKey = (ms: readonly string[]): string => {
    let k = joined.get(ms);
    if (k === undefined) {
      k = ms.join(',');
      joined.set(ms, k);
    }
    return k;
  };
  const lookup = (numerator: string, area: string, ms: readonly string[]): number | undefined => cellIndex.get(numerator)?.get(area)?.get(monthsKey(ms));
  const cellOf = (numerator: string, area: string, ms: readonly string[]): number => {
    let byArea = cellIndex.get(numerator);
    if (!byArea) cellIndex.set(numerator, (byArea = new Map()));
    let byMonths = byArea.get(area);
    if (!byMonths) byArea.set(area, (byMonths = new Map()));
    const mk = monthsKey(ms);
    let i = byMonths.get(mk);
    if (i === undefined) {
      const n = numerators.get(numerator)!;
      i = cells.length;
      byMonths.set(mk, i);
      const label = `${n.label}|${area}|${ms.length === 1 ? ms[0] : `${ms[0]}…${ms[ms.length - 1]}`}`;
      cells.push({ key: `${numerator}|${area}|${mk}`, label, kind: n.kind, area, months: ms, terms: n.terms, datasets: n.datasets, known: Number.NaN, withheld: false, byProvider: false });
    }
    return i;
  };

  type Eq = { cells: number[]; coefficients: number[]; kind: keyof Attack['equations'] };
  const equations: Eq[] = [];
  const children = new Map<string, string[]>();
  for (const [p, kids] of input.children) {
    const published = kids.filter((k) => areas.has(k));
    if (areas.has(p) && published.length > 0) children.set(p, published);
  }
  for (const members of groups.values()) {
    // Atoms: months grouped by the set of published periods (of any member) holding them.
    const periods = [...new Set(members.flatMap((m) => [...(periodsOf.get(m) ?? [])]))];
    const signature = new Map<string, string[]>();
    for (const p of periods) for (const m of months(p)) signature.set(m, [...(signature.get(m) ?? []), p]);
    const atomsBySignature = new Map<string, string[]>();
    for (const [m, ps] of [...signature].sort()) atomsBySignature.set(ps.join('|'), [...(atomsBySignature.get(ps.join('|')) ?? []), m]);
    const atoms = [...atomsBySignature.values()];
    const atomsOf = new Map(periods.map((p) => [p, atoms.filter((atom) => signature.get(atom[0]!)!.includes(p))]));
    for (const m of members) {
      for (const atom of atoms) {
        for (const [parent, kids] of children) {
          equations.push({ cells: [cellOf(m, parent, atom), ...kids.map((k) => cellOf(m, k, atom))], coefficients: [1, ...kids.map(() => -1)], kind: 'areas' });
        }
      }
      for (const p of periodsOf.get(m) ?? []) {
        const split = atomsOf.get(p) ?? [];
        if (split.length === 1 && split[0]!.join() === months(p).join()) continue;
        for (const a of areas) equations.push({ cells: [cellOf(m, a, months(p)), ...split.map((atom) => cellOf(m, a, atom))], coefficients: [1, ...split.map(() => -1)], kind: 'periods' });
      }
    }
    const inGroup = new Set(members);
    for (const c of combined.filter((x) => inGroup.has(x.whole))) {
      for (const atom of atoms) for (const a of areas) equations.push({ cells: [cellOf(c.whole, a, atom), ...c.parts.map((p) => cellOf(p, a, atom))], coefficients: [1, ...c.parts.map(() => -1)], kind: 'parts' });
    }
    for (const s of subsets.filter((x) => inGroup.has(x.whole))) {
      const terms = [...s.parts, s.remainder];
      for (const atom of atoms) for (const a of areas) equations.push({ cells: [cellOf(s.whole, a, atom), ...terms.map((p) => cellOf(p, a, atom))], coefficients: [1, ...terms.map(() => -1)], kind: 'subsets' });
    }
  }

  // What is published.
  const inconsistent: string[] = [];
  const publish = (i: number, value: number) => {
    const cell = cells[i]!;
    if (!Number.isNaN(cell.known) && cell.known !== value) inconsistent.push(`${cell.label}: published as ${cell.known} and as ${value}`);
    cell.known = value;
  };
  for (const f of input.figures) {
    const d = byId.get(f.indicator);
    if (!d) continue;
    const i = cellOf(numeratorKey(d), f.area, months(f.period));
    const other = d.denominator.kind === 'indicator' ? byId.get(d.denominator.indicator) : undefined;
    if (other && f.denominatorCount !== null) publish(cellOf(numeratorKey(other), f.area, months(f.period)), f.denominatorCount);
    if (f.withheld) {
      // A ratio withheld only because its denominator is says nothing about its numerator.
      const denominatorWithheld = other !== undefined && f.denominatorCount === null;
      if (!denominatorWithheld || f.byProvider) {
        cells[i]!.withheld = true;
        cells[i]!.byProvider ||= f.byProvider;
      }
    } else if (f.count !== null) publish(i, f.count);
  }

  const unknownIndex = new Int32Array(cells.length).fill(-1);
  const unknownCells: number[] = [];
  cells.forEach((c, i) => {
    if (Number.isNaN(c.known)) {
      unknownIndex[i] = unknownCells.length;
      unknownCells.push(i);
    }
  });
  const relations: Relation[] = [];
  for (const eq of equations) {
    let constant = 0;
    const rel = { cells: [] as number[], coefficients: [] as number[] };
    eq.cells.forEach((c, t) => {
      const coefficient = eq.coefficients[t]!;
      if (unknownIndex[c]! < 0) constant += coefficient * cells[c]!.known;
      else {
        rel.cells.push(unknownIndex[c]!);
        rel.coefficients.push(coefficient);
      }
    });
    if (rel.cells.length === 0) {
      if (constant !== 0) inconsistent.push(`${eq.kind}: ${eq.cells.map((c) => cells[c]!.label).join(' ')} off by ${constant}`);
      continue;
    }
    relations.push({ ...rel, lower: -constant, upper: -constant });
  }
  const count = (kind: Eq['kind']) => equations.filter((e) => e.kind === kind).length;
  const partsKeys = new WeakMap<readonly string[], string>();
  return {
    cells,
    unknownIndex,
    unknownCells,
    system: { cellCount: unknownCells.length, relations },
    equations: { areas: count('areas'), periods: count('periods'), parts: count('parts'), subsets: count('subsets') },
    inconsistent,
    written: equations.map((e) => e.cells),
    cellAt: (parts, area, ms) => {
      let key = partsKeys.get(parts);
      if (key === undefined) partsKeys.set(parts, (key = JSON.stringify([...parts].sort())));
      return lookup(key, area, ms);
    },
  };
}

/**
 * What must hold for each unknown cell, judged with the true counts (which the attacker does not
 * have): a count in 1 … threshold − 1 (of one dataset: a combined count is judged by its parts)
 * must have a range reaching the threshold; every withheld
 * figure, whatever its count, must not be pinned. Unpublished parts, remainders and atoms that are
 * 0 or at least the threshold may be worked out: that gives nothing away.
 */
export function requirementsOf(attack: Attack, truth: (cell: AttackCell) => number | null, threshold: (dataset: string) => number): Requirement[] {
  const requirements: Requirement[] = [];
  attack.unknownCells.forEach((c, u) => {
    const cell = attack.cells[c]!;
    const t = Math.max(0, ...cell.datasets.map(threshold));
    const value = truth(cell);
    // A combined count is small only through its parts, which are cells of their own.
    const combined = cell.terms.length > 1 && cell.terms.every((term) => term.sign === 1);
    if (!combined && value !== null && value > 0 && value < t) requirements.push({ cell: u, reach: t });
    else if (cell.withheld) requirements.push({ cell: u, reach: 0 });
  });
  return requirements;
}
