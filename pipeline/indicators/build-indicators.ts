import type { Agreement } from '../agreements/agreement-schema.ts';
import { agreementInForce } from '../agreements/load-agreements.ts';
import type { Database } from '../db/database.ts';
import { systemClock } from '../clock.ts';
import { datasetById } from '../datasets/registry.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import { loadAreaHierarchy, type AreaHierarchy } from './area-hierarchy.ts';
import { compileNumeratorPart } from './compile-numerator.ts';
import type { PartCounts, PartRule } from './counted-cells.ts';
import { computeCountedFamily, type FamilyMemberInput } from './compute-counted-indicator.ts';
import { computeReferenceIndicator } from './compute-reference-indicator.ts';
import { familyRelations, groupIntoFamilies, incrementalScope, type IndicatorFamily } from './indicator-families.ts';
import { sourceDatasets, type IndicatorDefinition, type NumeratorPart } from './indicator-definition.ts';
import { IndicatorValueWriter } from './indicator-value-writer.ts';
import { completePeriods } from './periods.ts';
import { loadSolver } from './disclosure/attacker-intervals.ts';
import { filtersDisjoint, partKey } from './disclosure/publication-system.ts';
import type { MonthCount, ProtectionSummary } from './disclosure/protect-publication.ts';
import type { DistrictProtectionSummary } from './disclosure/protect-by-district.ts';
import { publicationGate } from './publication-gate.ts';
import { announceBuild } from './published-figures.ts';
import { inputsAfterBuild } from './build-inputs.ts';

export type BuildSummary = {
  buildId: number;
  full: boolean;
  indicators: { id: string; periods: number; values: number; milliseconds: number }[];
  valuesWritten: number;
  /** Periods whose figures were kept as published, since raw rows behind them were purged. */
  kept: { id: string; periods: string[] }[];
  /** The attacker's check per family that has small counts: rounds, cells it added, time taken. */
  protection: ({ family: string[] } & ProtectionSummary & Partial<Pick<DistrictProtectionSummary, 'districts' | 'linked' | 'linkRuns'>>)[];
  milliseconds: number;
};

/**
 * How secondary suppression is chosen: `attacker-checked` (the default) checks each family's whole
 * publication by the attacker's linear programs and withholds more until every small count is
 * protected; `group-rules` stops at the fast per-group rules (no withheld part alone in a published
 * total), which an attacker who combines relations can defeat: for benchmarks and comparison only.
 * `decomposition` says how the attacker-checked search is split: `whole` (each family's publication
 * as one system) or `per-district` (each district, then the links between districts; the same
 * guarantee, see protect-by-district.ts). By default per district when there are more than
 * PER_DISTRICT_FROM districts.
 */
export type BuildOptions = { disclosure?: 'attacker-checked' | 'group-rules'; decomposition?: 'whole' | 'per-district' };

/** From this many districts on, the attacker-checked search runs per district by default. */
export const PER_DISTRICT_FROM = 3;

/** What changed since the last build: datasets and months touched by new extracts. */
export type BuildScope = { full: true } | { full: false; dataset: string; months: string[] };

/** Months as integers (year × 12 + month − 1), so SQL and JS agree without formatting dates. */
const ymOf = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (ym: number): string => `${Math.floor(ym / 12)}-${String((ym % 12) + 1).padStart(2, '0')}`;

// LSOAs numbered in code order, the same in every query of a build (area codes are unique).
const LSOA_NUMBERS = `SELECT code, (row_number() OVER (ORDER BY code) - 1)::INTEGER AS n FROM area WHERE level = 'lsoa'`;

function tableOf(dataset: string): string {
  const module = datasetById(dataset);
  if (!module) throw new IndicatorDefinitionError(`unknown dataset "${dataset}"`, { field: 'numerator' });
  return module.table;
}

/**
 * The months of each dataset whose raw rows were purged, from the extract log: the months of every
 * extract with purged_at set. Their figures can no longer be recomputed, so builds keep them.
 */
async function purgedMonths(db: Database): Promise<Map<string, Set<string>>> {
  const rows = await db.all(
    `SELECT dataset, (year(period_start) * 12 + month(period_start) - 1)::INTEGER AS first, (year(period_end) * 12 + month(period_end) - 1)::INTEGER AS last
     FROM extract_log WHERE purged_at IS NOT NULL AND dataset IS NOT NULL AND period_start IS NOT NULL AND period_end IS NOT NULL`,
  );
  const byDataset = new Map<string, Set<string>>();
  for (const r of rows) {
    const months = byDataset.get(String(r.dataset)) ?? new Set<string>();
    for (let ym = Number(r.first); ym <= Number(r.last); ym++) months.add(monthOf(ym));
    byDataset.set(String(r.dataset), months);
  }
  return byDataset;
}

/**
 * The months every dataset of each family member covers (one query per dataset). Purged months count
 * as covered: their periods keep existing, and keep their figures (see planFamily).
 */
async function coveredMonths(db: Database, families: readonly IndicatorFamily[], purged: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<IndicatorFamily, Set<string>[]>> {
  const byDataset = new Map<string, Set<string>>();
  for (const dataset of new Set(families.flatMap((f) => f.datasets))) {
    // The table name comes from the registry, never from input.
    const [yms = new Float64Array(0)] = await db.numberColumns(`SELECT DISTINCT (year(period) * 12 + month(period) - 1)::INTEGER AS ym FROM ${tableOf(dataset)}`);
    byDataset.set(dataset, new Set([...Array.from(yms, monthOf), ...(purged.get(dataset) ?? [])]));
  }
  return new Map(
    families.map((family) => [
      family,
      family.members.map((member) => {
        const [first, ...rest] = sourceDatasets(member, family.members).map((d) => byDataset.get(d) ?? new Set<string>());
        return new Set([...(first ?? [])].filter((m) => rest.every((months) => months.has(m))));
      }),
    ]),
  );
}

/** One family's work: its members' periods and publication, and the figures it replaces. */
type FamilyPlan = {
  family: IndicatorFamily;
  members: FamilyMemberInput[];
  /** Per member, the period ids whose old figures go (incremental builds). */
  replace: string[][];
  /** Per member, the period ids whose figures stay as they are (raw rows behind them were purged). */
  keep: string[][];
  /** The months the members' periods span, or null when there is nothing to compute. */
  range: { from: string; to: string } | null;
};

/**
 * Which periods of a family to compute and publish: all of them, or what a change reaches; never
 * those a purge reaches. A period holding a month whose raw rows were purged keeps its figures, and
 * so does every period that secondary suppression or a trend ties to it (the periods an incremental
 * build for those months would rewrite): recomputed from what remains they would be wrong, and could
 * give away what the kept figures withhold.
 */
function planFamily(family: IndicatorFamily, covered: readonly ReadonlySet<string>[], purged: readonly string[], scope: BuildScope): FamilyPlan {
  const all = family.members.map((m, k) => completePeriods(m.grain, covered[k] ?? new Set()));
  // Ratios are tied to their denominators period by period, so both are recomputed together.
  const { reach } = familyRelations(family.members, all);
  const frozen = purged.length > 0 ? incrementalScope(all, reach, purged).republish : all.map(() => new Set<number>());
  const keep = all.map((periods, k) => periods.filter((_, t) => frozen[k]!.has(t)).map((p) => p.id));
  const kept = keep.map((ids) => new Set(ids));
  // A family a change reaches is computed whole: the attacker-checked suppression of one period
  // depends on every period and level it is published with, so a window would choose other cells
  // than a full build does. Only the periods a purge froze keep their figures.
  const members: FamilyMemberInput[] = family.members.map((definition, k) => ({
    definition,
    periods: all[k]!,
    parts: [],
    publish: frozen[k]!.size === 0 ? null : new Set(all[k]!.filter((_, t) => !frozen[k]!.has(t)).map((p) => p.id)),
  }));
  const replace: string[][] = scope.full ? [] : all.map((periods, k) => periods.map((p) => p.id).filter((id) => !kept[k]!.has(id)));
  const months = members.flatMap((m) => m.periods.flatMap((p) => p.months)).sort();
  return { family, members, replace, keep, range: months.length > 0 ? { from: months[0]!, to: months[months.length - 1]! } : null };
}

/** LSOA × month counts of one numerator part, as columns: LSOA number, month, count, withheld by the sender (1). */
type PartRows = { lsoa: Float64Array; ym: Float64Array; n: Float64Array; senderWithheld: Float64Array };

async function fetchPart(db: Database, part: NumeratorPart, index: number, range: { from: string; to: string }): Promise<PartRows> {
  const compiled = compileNumeratorPart(part, `p${index}_`);
  const [lsoa, ym, n, senderWithheld] = await db.numberColumns(
    `WITH lsoa AS (${LSOA_NUMBERS})
     SELECT lsoa.n AS lsoa, (year(c.period) * 12 + month(c.period) - 1)::INTEGER AS ym, c.n::DOUBLE AS n, c.sender_withheld::INTEGER AS withheld
     FROM (${compiled.sql}) c JOIN lsoa ON lsoa.code = c.lsoa21_code
     WHERE c.period BETWEEN CAST($range_from AS DATE) AND CAST($range_to AS DATE)`,
    { ...compiled.params, range_from: `${range.from}-01`, range_to: `${range.to}-01` },
  );
  if (!lsoa || !ym || !n || !senderWithheld) throw new RangeError('the count query returned too few columns');
  return { lsoa, ym, n, senderWithheld };
}

/** Adds one part's LSOA × month counts into the periods of each member given (those counting that numerator). */
function partCounts(
  rows: PartRows,
  lsoaOfNumber: Int32Array,
  hierarchy: AreaHierarchy,
  range: { from: string; to: string },
  members: readonly FamilyMemberInput[],
  rule: PartRule,
): PartCounts[] {
  const first = ymOf(range.from);
  const span = ymOf(range.to) - first + 1;
  return members.map((m) => {
    const nP = m.periods.length;
    // The periods (indexes) holding each month of the range: one at most, except for rolling windows.
    const periodsOfMonth: number[][] = Array.from({ length: span }, () => []);
    m.periods.forEach((p, t) => {
      for (const month of p.months) periodsOfMonth[ymOf(month) - first]?.push(t);
    });
    const single = periodsOfMonth.every((list) => list.length <= 1);
    const periodOfMonth = Int32Array.from(periodsOfMonth, (list) => list[0] ?? -1);
    const counts = new Float64Array(hierarchy.lsoaCount * nP);
    const senderWithheld = new Uint8Array(hierarchy.lsoaCount * nP);
    for (let r = 0; r < rows.lsoa.length; r++) {
      const l = lsoaOfNumber[rows.lsoa[r]!] ?? -1;
      if (l < 0) continue;
      const n = rows.n[r]!;
      const withheld = rows.senderWithheld[r] === 1;
      const month = rows.ym[r]! - first;
      if (single) {
        const t = periodOfMonth[month] ?? -1;
        if (t < 0) continue;
        counts[l * nP + t]! += n;
        if (withheld) senderWithheld[l * nP + t] = 1;
        continue;
      }
      for (const t of periodsOfMonth[month] ?? []) {
        counts[l * nP + t]! += n;
        if (withheld) senderWithheld[l * nP + t] = 1;
      }
    }
    return { counts, senderWithheld, rule };
  });
}

/**
 * Pairs of numerator parts of one family that no loaded row satisfies both of (false alarms are
 * never fires): an attacker who knows the domain knows that much, so disclosure control assumes it.
 */
async function disjointParts(db: Database, families: readonly IndicatorFamily[]): Promise<Set<string>> {
  const disjoint = new Set<string>();
  for (const family of families) {
    const parts = [...new Map(family.numerators.flatMap((n) => n.parts).map((p) => [partKey(p), p])).values()];
    for (const [i, a] of parts.entries()) {
      for (const b of parts.slice(i + 1)) {
        if (a.dataset !== b.dataset) continue;
        if (filtersDisjoint(a, b)) continue;
        const both = compileNumeratorPart({ dataset: a.dataset, where: [...a.where, ...b.where] }, 'both_');
        const [n] = await db.numberColumns(`SELECT count(*)::DOUBLE AS n FROM (${both.sql})`, both.params);
        if ((n?.[0] ?? 1) === 0) {
          disjoint.add(`${partKey(a)}|${partKey(b)}`);
          disjoint.add(`${partKey(b)}|${partKey(a)}`);
        }
      }
    }
  }
  return disjoint;
}

/** The true LSOA × month counts of a family's parts, from the rows fetched for it (for the attacker's check). */
function monthCounts(family: IndicatorFamily, rows: readonly PartRows[][], lsoaOfNumber: Int32Array): MonthCount {
  const byPart = new Map<string, Map<number, number | null>>();
  family.numerators.forEach((numerator, c) => {
    numerator.parts.forEach((part, p) => {
      const key = partKey(part);
      const got = rows[c]?.[p];
      if (byPart.has(key) || !got) return;
      const counts = new Map<number, number | null>();
      for (let r = 0; r < got.lsoa.length; r++) {
        const l = lsoaOfNumber[got.lsoa[r]!] ?? -1;
        if (l < 0) continue;
        const at = l * 100_000 + got.ym[r]!;
        const before = counts.get(at);
        counts.set(at, got.senderWithheld[r] === 1 || before === null ? null : (before ?? 0) + got.n[r]!);
      }
      byPart.set(key, counts);
    });
  });
  return (part, lsoa, month) => {
    const n = byPart.get(part)?.get(lsoa * 100_000 + ymOf(month));
    return n === undefined ? 0 : n;
  };
}

/**
 * Builds indicator values into DuckDB in one transaction. A full build replaces everything; an
 * incremental build recomputes only the indicator families fed by the changed dataset, and only
 * the periods a change reaches (the periods holding the changed months, those added up with them,
 * and the later periods whose trends read them). Counts for the next family are fetched while the
 * current one is computed.
 */
export async function buildIndicators(
  db: Database,
  definitions: readonly IndicatorDefinition[],
  agreements: readonly Agreement[],
  scope: BuildScope = { full: true },
  today = systemClock.today(),
  options: BuildOptions = {},
): Promise<BuildSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const hierarchy = await loadAreaHierarchy(db);
  const families = groupIntoFamilies(definitions).filter((f) => scope.full || f.datasets.includes(scope.dataset));
  const references = scope.full ? definitions.filter((d) => d.kind === 'reference') : [];
  const purged = await purgedMonths(db);
  const covered = await coveredMonths(db, families, purged);
  const plans = families.map((family) => {
    const months = [...new Set(family.datasets.flatMap((d) => [...(purged.get(d) ?? [])]))].sort();
    return planFamily(family, covered.get(family) ?? [], months, scope);
  });
  // Per family, per numerator, per part: the disclosure rule of the part's dataset.
  const rules = families.map((family) =>
    family.numerators.map((numerator) =>
      numerator.parts.map((part) => {
        const agreement = agreementInForce(agreements, part.dataset, today);
        return { threshold: agreement.suppression.threshold, roundingBase: agreement.suppression.rounding?.base ?? null };
      }),
    ),
  );
  const codes = (await db.all(`SELECT code FROM (${LSOA_NUMBERS}) ORDER BY n`)).map((r) => r.code);
  const disjoint = await disjointParts(db, families);
  const highs = await loadSolver();
  const thresholdOf = (dataset: string): number => agreementInForce(agreements, dataset, today).suppression.threshold;
  const districtCount = hierarchy.areas.filter((a) => a.level === 'lad').length;
  const perDistrict = (options.decomposition ?? (districtCount >= PER_DISTRICT_FROM ? 'per-district' : 'whole')) === 'per-district';
  const lsoaOfNumber = Int32Array.from(codes, (code) => hierarchy.lsoaIndex.get(String(code)) ?? -1);
  // Per numerator of the family, per part: its LSOA × month counts, one query after another.
  const fetchFamily = (plan: FamilyPlan | undefined): Promise<PartRows[][]> => {
    const range = plan?.range;
    if (!plan || !range) return Promise.resolve([]);
    const fetched = plan.family.numerators.reduce<Promise<PartRows[][]>>(
      async (done, numerator) => [
        ...(await done),
        await numerator.parts.reduce<Promise<PartRows[]>>(async (parts, part, index) => [...(await parts), await fetchPart(db, part, index, range)], Promise.resolve([])),
      ],
      Promise.resolve([]),
    );
    // Awaited later; a failure before then must not surface as an unhandled rejection.
    fetched.catch(() => undefined);
    return fetched;
  };

  // Held from just before the commit until the new build is announced: no answer reads across it.
  const publication = { release: (): void => undefined };
  try {
    const built = await db.transaction(async (tx) => {
      const next = await tx.all(`SELECT (coalesce(max(build_id), 0) + 1)::INTEGER AS id FROM indicator_build`);
      const buildId = Number(next[0]?.id ?? 1);
      const kept = plans.flatMap((plan) => plan.keep.map((periods, k) => ({ id: plan.members[k]!.definition.id, periods }))).filter((k) => k.periods.length > 0);
      const summary: BuildSummary = { buildId, full: scope.full, indicators: [], valuesWritten: 0, kept, protection: [], milliseconds: 0 };
      const replace = plans.flatMap((plan) => plan.replace.map((periods, k) => ({ indicator: plan.members[k]!.definition.id, periods })));
      const keep = kept.map((k) => ({ indicator: k.id, periods: k.periods }));
      const writer = await IndicatorValueWriter.open(tx, buildId, hierarchy, scope.full ? { full: true, keep } : { full: false, replace });
      let fetching = fetchFamily(plans[0]);
      for (const definition of references) {
        const t0 = performance.now();
        const values = await computeReferenceIndicator(db, definition, hierarchy);
        await writer.writeValues(values);
        summary.indicators.push({ id: definition.id, periods: new Set(values.map((v) => v.periodId)).size, values: values.length, milliseconds: Math.round(performance.now() - t0) });
        summary.valuesWritten += values.length;
      }
      for (const [k, plan] of plans.entries()) {
        const t0 = performance.now();
        const rows = await fetching;
        fetching = fetchFamily(plans[k + 1]);
        const inputs = [...plan.members];
        if (plan.range) {
          const range = plan.range;
          plan.family.numerators.forEach((numerator, c) => {
            const members = numerator.members.map((j) => plan.members[j]!);
            // Per part, per member of this numerator.
            const counts = (rows[c] ?? []).map((r, p) => partCounts(r, lsoaOfNumber, hierarchy, range, members, rules[k]![c]![p]!));
            numerator.members.forEach((j, position) => {
              inputs[j] = { ...plan.members[j]!, parts: counts.map((perMember) => perMember[position]!) };
            });
          });
        }
        const figures = computeCountedFamily(hierarchy, inputs, options.disclosure === 'group-rules' ? undefined : {
          highs,
          monthCount: monthCounts(plan.family, rows, lsoaOfNumber),
          threshold: thresholdOf,
          perDistrict,
          disjoint: (a, b) => disjoint.has(`${partKey(a)}|${partKey(b)}`),
          onSummary: (s) => summary.protection.push({ family: plan.family.members.map((m) => m.id), ...s }),
        });
        const shared = (performance.now() - t0) / Math.max(1, figures.length);
        for (const f of figures) {
          const t1 = performance.now();
          const written = await writer.writeCounted(f);
          summary.indicators.push({ id: f.definition.id, periods: f.publish.reduce((n, p) => n + p, 0), values: written, milliseconds: Math.round(shared + performance.now() - t1) });
          summary.valuesWritten += written;
        }
      }
      await fetching;
      await writer.finish();
      const order = new Map(definitions.map((d, i) => [d.id, i]));
      summary.indicators.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      summary.milliseconds = Math.round(performance.now() - started);
      const inputs = await inputsAfterBuild(tx, scope);
      await tx.run(
        `INSERT INTO indicator_build (build_id, started_at, finished_at, full_rebuild, indicators, values_written, milliseconds, inputs)
         VALUES ($buildId, CAST($startedAt AS TIMESTAMP), now()::TIMESTAMP, $full, $indicators, $values, $ms, $inputs)`,
        { buildId, startedAt, full: scope.full, indicators: summary.indicators.length, values: summary.valuesWritten, ms: summary.milliseconds, inputs: JSON.stringify(inputs) },
      );
      publication.release = await publicationGate(db).holdForPublication();
      return summary;
    });
    // Published figures change only here: readers holding figures of an older build drop them.
    announceBuild(db, built.buildId);
    return built;
  } finally {
    publication.release();
  }
}
