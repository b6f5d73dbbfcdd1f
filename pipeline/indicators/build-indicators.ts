import type { Agreement } from '../agreements/agreement-schema.ts';
import { agreementInForce } from '../agreements/load-agreements.ts';
import type { Database, WriteTransaction } from '../db/database.ts';
import { datasetById } from '../datasets/registry.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import { loadAreaHierarchy, type AreaHierarchy } from './area-hierarchy.ts';
import { compileNumeratorPart } from './compile-numerator.ts';
import { computeCountedIndicator, type PartCounts } from './compute-counted-indicator.ts';
import { computeReferenceIndicator } from './compute-reference-indicator.ts';
import type { CountedIndicator, IndicatorDefinition } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import { completePeriods, periodsContaining, type Period } from './periods.ts';

export type BuildSummary = {
  buildId: number;
  full: boolean;
  indicators: { id: string; periods: number; values: number; milliseconds: number }[];
  valuesWritten: number;
  milliseconds: number;
};

/** What changed since the last build: datasets and months touched by new extracts. */
export type BuildScope = { full: true } | { full: false; dataset: string; months: string[] };

async function coveredMonths(db: Database, definition: CountedIndicator): Promise<Set<string>> {
  let covered: Set<string> | undefined;
  for (const part of definition.numerator.parts) {
    const module = datasetById(part.dataset);
    if (!module) throw new IndicatorDefinitionError(`unknown dataset "${part.dataset}"`, { field: 'numerator' });
    // The table name comes from the registry, never from input.
    const rows = await db.all(`SELECT DISTINCT strftime(period, '%Y-%m') AS month FROM ${module.table}`);
    const months = new Set(rows.map((r) => String(r.month)));
    const previous: Set<string> | undefined = covered;
    covered = previous === undefined ? months : new Set([...previous].filter((m) => months.has(m)));
  }
  return covered ?? new Set();
}

async function partCounts(db: Database, definition: CountedIndicator, hierarchy: AreaHierarchy, periods: Period[], agreements: readonly Agreement[], today: string): Promise<PartCounts[]> {
  const periodIndex = new Map(periods.map((p, i) => [p.id, i]));
  const nP = periods.length;
  const result: PartCounts[] = [];
  for (const [index, part] of definition.numerator.parts.entries()) {
    const agreement = agreementInForce(agreements, part.dataset, today);
    const counts = new Float64Array(hierarchy.lsoaCount * nP);
    const senderWithheld = new Uint8Array(hierarchy.lsoaCount * nP);
    const compiled = compileNumeratorPart(part, `p${index}_`);
    const rows = await db.all(
      `SELECT lsoa21_code, strftime(period, '%Y-%m') AS month, n::DOUBLE AS n, sender_withheld FROM (${compiled.sql})`,
      compiled.params,
    );
    for (const row of rows) {
      const l = hierarchy.lsoaIndex.get(String(row.lsoa21_code));
      if (l === undefined) continue;
      for (const period of periodsContaining(definition.grain, String(row.month))) {
        const t = periodIndex.get(period.id);
        if (t === undefined) continue;
        counts[l * nP + t]! += Number(row.n);
        if (row.sender_withheld === true) senderWithheld[l * nP + t] = 1;
      }
    }
    result.push({ counts, senderWithheld, rule: { threshold: agreement.suppression.threshold, roundingBase: agreement.suppression.rounding?.base ?? null } });
  }
  return result;
}

/** Computes one indicator's figures, limited to the periods a change touches when incremental. */
async function computeIndicator(
  db: Database,
  definition: IndicatorDefinition,
  hierarchy: AreaHierarchy,
  agreements: readonly Agreement[],
  scope: BuildScope,
  today: string,
): Promise<{ values: IndicatorValue[]; periods: string[] | null }> {
  if (definition.kind === 'reference') return { values: await computeReferenceIndicator(db, definition, hierarchy), periods: null };
  const all = completePeriods(definition.grain, await coveredMonths(db, definition));
  if (scope.full) {
    return { values: computeCountedIndicator(definition, hierarchy, all, await partCounts(db, definition, hierarchy, all, agreements, today)), periods: null };
  }
  // Periods holding a changed month, plus the four before each, which their trends need.
  const touched = new Set(scope.months.flatMap((m) => periodsContaining(definition.grain, m).map((p) => p.id)));
  const publish = all.filter((p) => touched.has(p.id));
  if (publish.length === 0) return { values: [], periods: [...touched] };
  const first = all.indexOf(publish[0]!);
  const window = all.slice(Math.max(0, first - 4), all.indexOf(publish[publish.length - 1]!) + 1);
  const counts = await partCounts(db, definition, hierarchy, window, agreements, today);
  return { values: computeCountedIndicator(definition, hierarchy, window, counts, new Set(publish.map((p) => p.id))), periods: [...touched] };
}

async function writeValues(tx: WriteTransaction, buildId: number, values: readonly IndicatorValue[]): Promise<void> {
  const appender = await tx.appender('indicator_value');
  const maybe = (v: number | null) => (v === null || !Number.isFinite(v) ? appender.appendNull() : appender.appendDouble(v));
  const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
  for (const v of values) {
    appender.appendInteger(buildId);
    appender.appendVarchar(v.indicatorId);
    appender.appendVarchar(v.level);
    appender.appendVarchar(v.areaCode);
    appender.appendVarchar(v.periodId);
    appender.appendVarchar(v.periodStart);
    maybe(v.numerator);
    maybe(v.denominator);
    maybe(v.value);
    maybe(v.lower);
    maybe(v.upper);
    appender.appendBoolean(v.suppressed);
    text(v.suppressionReason);
    text(v.comparison ? JSON.stringify(v.comparison) : null);
    text(v.trend ? JSON.stringify(v.trend) : null);
    text(v.rag);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Builds indicator values into DuckDB in one transaction. A full build replaces
 * everything; an incremental build recomputes only the indicators fed by the
 * changed dataset, and only the periods holding the changed months.
 */
export async function buildIndicators(
  db: Database,
  definitions: readonly IndicatorDefinition[],
  agreements: readonly Agreement[],
  scope: BuildScope = { full: true },
  today = new Date().toISOString().slice(0, 10),
): Promise<BuildSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const hierarchy = await loadAreaHierarchy(db);
  const affected = scope.full
    ? definitions
    : definitions.filter((d) => d.kind === 'counted' && d.numerator.parts.some((p) => p.dataset === scope.dataset));
  return db.transaction(async (tx) => {
    const next = await tx.all(`SELECT (coalesce(max(build_id), 0) + 1)::INTEGER AS id FROM indicator_build`);
    const buildId = Number(next[0]?.id ?? 1);
    const summary: BuildSummary = { buildId, full: scope.full, indicators: [], valuesWritten: 0, milliseconds: 0 };
    if (scope.full) await tx.run(`DELETE FROM indicator_value`);
    for (const definition of affected) {
      const t0 = performance.now();
      const { values, periods } = await computeIndicator(db, definition, hierarchy, agreements, scope, today);
      if (!scope.full) {
        for (const periodId of periods ?? []) {
          await tx.run(`DELETE FROM indicator_value WHERE indicator_id = $id AND period_id = $periodId`, { id: definition.id, periodId });
        }
      }
      await writeValues(tx, buildId, values);
      summary.indicators.push({ id: definition.id, periods: new Set(values.map((v) => v.periodId)).size, values: values.length, milliseconds: Math.round(performance.now() - t0) });
      summary.valuesWritten += values.length;
    }
    summary.milliseconds = Math.round(performance.now() - started);
    await tx.run(
      `INSERT INTO indicator_build VALUES ($buildId, CAST($startedAt AS TIMESTAMP), now()::TIMESTAMP, $full, $indicators, $values, $ms)`,
      { buildId, startedAt, full: scope.full, indicators: summary.indicators.length, values: summary.valuesWritten, ms: summary.milliseconds },
    );
    return summary;
  });
}
