/**
 * An attacker's audit of published indicator figures, written apart from the pipeline: it reads
 * only indicator_value, the area table, the indicator definitions and the agreements' thresholds.
 *
 * (a) Every published count is 0 or at least the strictest threshold of its sources, and every
 *     withheld figure shows nothing derived from its count (numerator, value, limits, comparison,
 *     RAG, trend) but does show a reason. A ratio over another indicator publishes that indicator's
 *     count as its denominator: it must be the count that indicator publishes, and nothing where that
 *     one is withheld; a ratio withheld only because its denominator is ("denominator withheld")
 *     withholds nothing of its own numerator, and its denominator must really be withheld.
 * (b) Additive relations an outsider can write down from what is published:
 *     - areas: an LSOA's ward, a ward's local authority, a local authority's partnership, and a
 *       locality's LSOAs (localities cut across wards: a locality less its wards' published LSOAs);
 *     - periods of indicators counting the same rows: months and quarters within quarters, years and
 *       12-month windows (every finer period must be published as a figure of that numerator);
 *     - parts: a combined indicator (asb-combined) is the sum of its parts, each part being the
 *       numerator of its own dataset, published by another indicator or not at all;
 *     - remainders: a proportion's denominator indicator counts its numerator's rows and more, so
 *       denominator = numerator + remainder, the remainder being published nowhere (in every period
 *       both publish, with the areas and periods of the remainder related like those of a count).
 *     Starting from the published numerators, any relation with exactly one unknown term gives that
 *     term away; this repeats until nothing more can be worked out (so chains across relations are
 *     followed too). A withheld figure that can be worked out is a finding; so is an unpublished
 *     part or remainder that can be worked out and is a small number under its own agreement(s).
 */
import type { CountedIndicator, IndicatorDefinition, NumeratorPart } from '../../pipeline/indicators/indicator-definition.ts';

/** One row of indicator_value, as the audit needs it. */
export type AuditRow = {
  indicatorId: string;
  areaCode: string;
  periodId: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  comparison: string | null;
  rag: string | null;
  trend: string | null;
};

/** One row of the area table; a locality with the LSOAs it is made of. */
export type AuditArea = { code: string; level: string; wardCode: string | null; ladCode: string | null; partnershipCode: string; lsoas?: readonly string[] };

export type AuditInput = {
  rows: readonly AuditRow[];
  areas: readonly AuditArea[];
  definitions: readonly IndicatorDefinition[];
  /** Suppression threshold of each dataset's agreement. */
  thresholds: ReadonlyMap<string, number>;
};

export type AuditReport = {
  findings: string[];
  /** How many relations of each kind were checked, and how much was worked out (for sanity checks). */
  relations: { areas: number; periods: number; parts: number; remainders: number };
  published: number;
  withheld: number;
  derived: number;
};

/** The months a period id covers ("2019-Q1", "FY2018-19", "12M-2019-03", "2019-01"); [] for others. */
export function monthsOf(periodId: string): string[] {
  // Months as year × 12 + month − 1, so ranges cross year ends without care.
  const range = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `${Math.floor((from + i) / 12)}-${String(((from + i) % 12) + 1).padStart(2, '0')}`);
  let match: RegExpExecArray | null;
  if (/^\d{4}-\d{2}$/.test(periodId)) return [periodId];
  if ((match = /^(\d{4})-Q([1-4])$/.exec(periodId))) return range(Number(match[1]) * 12 + (Number(match[2]) - 1) * 3, 3);
  if ((match = /^FY(\d{4})-\d{2}$/.exec(periodId))) return range(Number(match[1]) * 12 + 3, 12);
  if ((match = /^12M-(\d{4})-(\d{2})$/.exec(periodId))) return range(Number(match[1]) * 12 + Number(match[2]) - 1 - 11, 12);
  return [];
}

function partKey(part: NumeratorPart): string {
  const where = part.where.map((c) => JSON.stringify(Object.entries(c).map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : v]))).sort();
  return JSON.stringify([part.dataset, where]);
}

const familyOf = (d: CountedIndicator): string => JSON.stringify(d.numerator.parts.map(partKey).sort());

/** The reason a ratio shows when only the figure it divides by is withheld. */
const DENOMINATOR_WITHHELD = /^denominator withheld/;

type Cell = { key: string; known: boolean; value: number; withheld: boolean; virtualThreshold: number | null; relations: number[] };

/** Audits a table of published figures; see the module doc for what is checked. */
export function auditDisclosure(input: AuditInput): AuditReport {
  const findings: string[] = [];
  const counted = input.definitions.filter((d): d is CountedIndicator => d.kind === 'counted');
  const byId = new Map(counted.map((d) => [d.id, d]));
  const strictest = (d: CountedIndicator) => Math.max(0, ...d.numerator.parts.map((p) => input.thresholds.get(p.dataset) ?? Number.POSITIVE_INFINITY));
  let published = 0;
  let withheld = 0;

  // (a) Row by row.
  const rowOf = new Map(input.rows.map((r) => [`${r.indicatorId}|${r.areaCode}|${r.periodId}`, r]));
  const denominatorOf = (d: CountedIndicator): CountedIndicator | undefined =>
    d.denominator.kind === 'indicator' ? byId.get(d.denominator.indicator) : undefined;
  for (const r of input.rows) {
    const d = byId.get(r.indicatorId);
    const other = d ? denominatorOf(d) : undefined;
    if (!other || !r.suppressionReason || !DENOMINATOR_WITHHELD.test(r.suppressionReason)) continue;
    const theirs = rowOf.get(`${other.id}|${r.areaCode}|${r.periodId}`);
    if (theirs && !theirs.suppressed) findings.push(`${r.indicatorId} ${r.areaCode} ${r.periodId}: withheld for its denominator, which ${other.id} publishes`);
  }
  for (const r of input.rows) {
    const d = byId.get(r.indicatorId);
    if (!d) continue;
    const where = `${r.indicatorId} ${r.areaCode} ${r.periodId}`;
    if (r.suppressed) {
      withheld++;
      if (r.numerator !== null || r.value !== null || r.lower !== null || r.upper !== null) findings.push(`${where}: withheld but shows a number`);
      if (!r.suppressionReason) findings.push(`${where}: withheld without a reason`);
      if (r.comparison !== null || r.rag !== null) findings.push(`${where}: withheld but compared or rated`);
      if (r.trend !== null && !r.trend.includes('cannot-calculate')) findings.push(`${where}: withheld but has a trend`);
    } else {
      published++;
      const t = strictest(d);
      if (r.numerator === null) findings.push(`${where}: published without a numerator`);
      else if (r.numerator > 0 && r.numerator < t) findings.push(`${where}: published count ${r.numerator} is below the threshold ${t}`);
      if (r.suppressionReason !== null) findings.push(`${where}: published with a withholding reason`);
    }
  }

  // Cells: family × area × period. Same-grain members of a family share cells. Families are named
  // after their indicators (an unpublished part after its combined indicator and dataset).
  const names = new Map<string, string>();
  for (const d of counted) names.set(familyOf(d), names.has(familyOf(d)) ? `${names.get(familyOf(d))}+${d.id}` : d.id);
  for (const d of counted) {
    if (d.numerator.parts.length < 2) continue;
    for (const p of d.numerator.parts) {
      const pf = JSON.stringify([partKey(p)]);
      if (!names.has(pf)) names.set(pf, `${d.id}[${p.dataset}]`);
    }
  }
  const cells = new Map<string, Cell>();
  const cellOf = (family: string, area: string, period: string): Cell | undefined => cells.get(`${family}|${area}|${period}`);
  const ensure = (family: string, area: string, period: string, virtualThreshold: number | null): Cell => {
    let cell = cells.get(`${family}|${area}|${period}`);
    if (!cell) {
      const key = `${names.get(family) ?? family}|${area}|${period}`;
      cell = { key, known: false, value: Number.NaN, withheld: false, virtualThreshold, relations: [] };
      cells.set(`${family}|${area}|${period}`, cell);
    }
    return cell;
  };
  const periodsByFamily = new Map<string, Set<string>>();
  const addPeriod = (family: string, period: string) => periodsByFamily.set(family, (periodsByFamily.get(family) ?? new Set()).add(period));
  const publish = (cell: Cell, count: number) => {
    if (cell.known && cell.value !== count) findings.push(`${cell.key}: two indicators publish different counts`);
    cell.known = true;
    cell.value = count;
  };
  for (const r of input.rows) {
    const d = byId.get(r.indicatorId);
    if (!d) continue;
    const family = familyOf(d);
    addPeriod(family, r.periodId);
    const cell = ensure(family, r.areaCode, r.periodId, null);
    cell.virtualThreshold = null;
    // Withheld only for its denominator: the numerator count itself was not withheld to protect it.
    const forDenominator = r.suppressed && r.suppressionReason !== null && DENOMINATOR_WITHHELD.test(r.suppressionReason);
    if (r.suppressed && !forDenominator) cell.withheld = true;
    else if (r.numerator !== null) publish(cell, r.numerator);
    // A ratio's denominator is a publication of its denominator indicator's count.
    const other = denominatorOf(d);
    if (other && r.denominator !== null) {
      addPeriod(familyOf(other), r.periodId);
      const theirs = ensure(familyOf(other), r.areaCode, r.periodId, null);
      theirs.virtualThreshold = null;
      publish(theirs, r.denominator);
    }
  }
  for (const cell of cells.values()) {
    if (cell.known && cell.withheld) findings.push(`${cell.key}: published by one indicator and withheld by another`);
  }

  // Relations: total = sum of parts.
  type Kind = 'areas' | 'periods' | 'parts' | 'remainders';
  const relations: { total: Cell; parts: Cell[]; kind: Kind }[] = [];
  const relate = (total: Cell | undefined, parts: (Cell | undefined)[], kind: Kind) => {
    if (!total || parts.length === 0 || parts.some((p) => !p)) return;
    relations.push({ total, parts: parts as Cell[], kind });
  };
  // Parts of combined indicators (creating the unpublished part cells first, so they get relations too).
  const combined = counted.filter((d) => d.numerator.parts.length > 1);
  const partRelations: { family: string; partFamilies: string[] }[] = [];
  for (const d of combined) {
    const family = familyOf(d);
    const partFamilies = d.numerator.parts.map((p) => JSON.stringify([partKey(p)]));
    partRelations.push({ family, partFamilies });
    d.numerator.parts.forEach((part, k) => {
      const pf = partFamilies[k]!;
      for (const period of periodsByFamily.get(family) ?? []) {
        addPeriod(pf, period);
        for (const area of input.areas) ensure(pf, area.code, period, input.thresholds.get(part.dataset) ?? Number.POSITIVE_INFINITY);
      }
    });
  }
  // Remainders of proportions over another indicator (virtual cells first, as for parts), in every
  // period both the numerator's and the denominator's families publish.
  const remainderRelations: { numerator: string; denominator: string; remainder: string }[] = [];
  for (const d of counted) {
    const other = denominatorOf(d);
    if (!other || d.statistic !== 'proportion') continue;
    const [numerator, denominator] = [familyOf(d), familyOf(other)];
    const remainder = JSON.stringify(['remainder', numerator, denominator]);
    if (remainderRelations.some((r) => r.remainder === remainder)) continue;
    remainderRelations.push({ numerator, denominator, remainder });
    names.set(remainder, `${names.get(denominator) ?? other.id}−${d.id}`);
    const theirs = periodsByFamily.get(denominator) ?? new Set<string>();
    for (const period of periodsByFamily.get(numerator) ?? []) {
      if (!theirs.has(period)) continue;
      addPeriod(remainder, period);
      for (const area of input.areas) ensure(remainder, area.code, period, strictest(other));
    }
  }
  const children = new Map<string, string[]>();
  for (const a of input.areas) {
    const parent = a.level === 'lsoa' ? a.wardCode : a.level === 'ward' ? a.ladCode : a.level === 'lad' ? a.partnershipCode : null;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), a.code]);
    if (a.lsoas) children.set(a.code, [...a.lsoas]);
  }
  for (const [family, periods] of periodsByFamily) {
    for (const period of periods) {
      for (const [parent, kids] of children) relate(cellOf(family, parent, period), kids.map((k) => cellOf(family, k, period)), 'areas');
    }
    // Other periods of the same family that exactly tile a period (or cover the same months).
    const byMonths = new Map<string, string[]>();
    for (const p of periods) byMonths.set(monthsOf(p).join(','), [...(byMonths.get(monthsOf(p).join(',')) ?? []), p]);
    for (const coarse of periods) {
      const months = monthsOf(coarse);
      for (const size of [1, 3, 12]) {
        if (months.length === 0 || months.length % size !== 0) continue;
        const tiles: string[] = [];
        for (let i = 0; i < months.length; i += size) {
          const tile = (byMonths.get(months.slice(i, i + size).join(',')) ?? []).find((t) => t !== coarse);
          if (tile) tiles.push(tile);
        }
        if (tiles.length * size !== months.length) continue;
        // Equal periods (a 12-month window that is a financial year) are related once.
        if (tiles.length === 1 && tiles[0]! < coarse) continue;
        for (const area of input.areas) relate(cellOf(family, area.code, coarse), tiles.map((t) => cellOf(family, area.code, t)), 'periods');
      }
    }
  }
  for (const { family, partFamilies } of partRelations) {
    for (const period of periodsByFamily.get(family) ?? []) {
      for (const area of input.areas) relate(cellOf(family, area.code, period), partFamilies.map((pf) => cellOf(pf, area.code, period)), 'parts');
    }
  }

  for (const { numerator, denominator, remainder } of remainderRelations) {
    for (const period of periodsByFamily.get(remainder) ?? []) {
      for (const area of input.areas) relate(cellOf(denominator, area.code, period), [cellOf(numerator, area.code, period), cellOf(remainder, area.code, period)], 'remainders');
    }
  }

  // Work out everything that follows from the published numerators.
  relations.forEach((rel, i) => [rel.total, ...rel.parts].forEach((c) => c.relations.push(i)));
  const unknown = relations.map((rel) => [rel.total, ...rel.parts].filter((c) => !c.known).length);
  const queue = relations.map((_, i) => i).filter((i) => unknown[i] === 1);
  let derived = 0;
  while (queue.length > 0) {
    const i = queue.pop()!;
    if (unknown[i] !== 1) continue;
    const rel = relations[i]!;
    const target = [rel.total, ...rel.parts].find((c) => !c.known)!;
    const partsSum = rel.parts.filter((c) => c !== target).reduce((s, c) => s + c.value, 0);
    target.value = target === rel.total ? partsSum : rel.total.value - partsSum;
    target.known = true;
    derived++;
    const how = `${rel.kind}: ${rel.total.key} = ${rel.parts.map((c) => c.key).join(' + ')}`;
    if (target.withheld) findings.push(`withheld ${target.key} can be worked out as ${target.value} (${how})`);
    else if (target.virtualThreshold !== null && target.value > 0 && target.value < target.virtualThreshold) {
      findings.push(`unpublished ${rel.kind === 'remainders' ? 'remainder' : 'part'} ${target.key} can be worked out as ${target.value}, below its threshold ${target.virtualThreshold} (${how})`);
    }
    for (const j of target.relations) {
      unknown[j] = (unknown[j] ?? 0) - 1;
      if (unknown[j] === 1) queue.push(j);
    }
  }
  const count = (kind: Kind) => relations.filter((r) => r.kind === kind).length;
  return { findings, relations: { areas: count('areas'), periods: count('periods'), parts: count('parts'), remainders: count('remainders') }, published, withheld, derived };
}
