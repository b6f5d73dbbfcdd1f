/**
 * The native bulk load. Holding the write connection, DuckDB reads the file
 * into a temporary stage (kept values only) outside the transaction, so that
 * every later scan of it runs in parallel, while a byte scan on this thread
 * checks the file and finds line numbers. Then, inside one transaction, each
 * distinct combination of key values is judged in TypeScript once, and two
 * INSERT … SELECT statements write the loaded and the quarantined rows.
 * It reproduces the streaming path row for row; whenever it cannot be sure of
 * that (an irregular file, a read it cannot check), it throws
 * BulkLoadUnsupported before anything is committed and the caller falls back.
 */
import { dateValue, type DuckDBDateValue } from '@duckdb/node-api';
import { z } from 'zod';
import type { Database, JsValue, SqlParams, SqlTypes, WriteSession, WriteTransaction } from '../db/database.ts';
import type { BulkRecipe, DatasetModule } from '../datasets/dataset-module.ts';
import { bigintText, jsonText } from '../db/typed-rows.ts';
import type { RecordPlacer } from '../placement/record-placer.ts';
import { appendStored } from './append-stored.ts';
import { countAt, judgeGroups, type FirstCount, type GroupOutcome, type KeyGroup } from './bulk-outcomes.ts';
import {
  groupsSql,
  insertSql,
  keyFields,
  OUTCOME,
  outcomeDdl,
  quarantineSql,
  RAGGED,
  requiredTextFields,
  STAGE,
  stageSql,
  storedKeyFields,
  type BulkSqlInput,
} from './bulk-load-sql.ts';
import { POSITION_CHECK_MODULUS, scanCsvShape, type CsvShape, type LineBreak, type ShapeVerdict } from './csv-shape-scan.ts';
import { nextExtractId } from './extract-log.ts';
import { emptyTally, type LoadTally } from './load-tally.ts';
import type { Pseudonymiser } from './pseudonymiser.ts';
import { RowLineMap } from './row-line-map.ts';

/** The bulk path cannot reproduce the streaming path for this file; nothing it did is kept. */
export class BulkLoadUnsupported extends Error {
  constructor(readonly why: string) {
    super(`native bulk load not possible: ${why}`);
  }
}

/**
 * DuckDB's memory limit while a bulk load runs: the stage of a multi-gigabyte
 * file spills to the database's temp directory instead of growing the
 * process, and written blocks are not kept cached, so memory stays flat
 * whatever the file size.
 */
export const BULK_MEMORY_LIMIT_BYTES = 448 * 2 ** 20;

export type BulkLoadInput = {
  file: string;
  fileBytes: number;
  module: DatasetModule;
  recipe: BulkRecipe;
  columnOf: ReadonlyMap<string, number>;
  headerFields: number;
  lineBreak: LineBreak;
  kept: ReadonlySet<string>;
  pseudonymised: ReadonlySet<string>;
  placer: RecordPlacer;
  pseudonymiser: Pseudonymiser;
  onProgress?: (progress: { rows: number; bytesRead: number; totalBytes: number }) => void;
};

/** Why an agreement's field policy keeps a dataset off the bulk path, or null when it may take it. */
export function bulkPolicyProblem(module: DatasetModule, recipe: BulkRecipe, kept: ReadonlySet<string>, pseudonymised: ReadonlySet<string>): string | null {
  for (const field of module.fields) {
    const role = recipe.roles[field.name];
    if (role === undefined) return `field ${field.name} has no bulk role`;
    // A key's raw values are staged and grouped, so the agreement must let us hold them.
    if (role === 'key' && field.storage !== undefined && !kept.has(field.name)) return `key field ${field.name} is not kept`;
    if (role !== 'key' && kept.has(field.name) && field.storage !== 'VARCHAR') return `text field ${field.name} is stored as ${field.storage ?? 'nothing'}`;
    if (pseudonymised.has(field.name) && (role === 'key' || field.storage !== 'VARCHAR')) return `field ${field.name} cannot be pseudonymised natively`;
  }
  return null;
}

type StageTotals = { rows: number; valueBytes: number; positionalChecksum: number; base: bigint };

/** Plan operators that keep the CSV's row order all the way into the stage, so a stage rowid is a file row (a filter drops rows, never reorders them). */
const FILE_ORDER_OPERATORS = new Set(['BATCH_CREATE_TABLE_AS', 'PROJECTION', 'FILTER', 'READ_CSV']);

type PlanNode = { name?: string | undefined; children?: PlanNode[] | undefined };

const planNode: z.ZodType<PlanNode> = z.lazy(() => z.object({ name: z.string().optional(), children: z.array(planNode).optional() }).loose());
/** What DuckDB answers an INSERT with: the rows it wrote. */
const insertCount = z.object({ Count: bigintText });
const explainRow = z.object({ explain_key: z.string(), explain_value: jsonText(z.array(planNode)) });

/**
 * Checks, from DuckDB's own plan, that the stage keeps file order: a plain
 * chain of projections from the reader into an order-preserving table write.
 * Anything else (a join the optimiser made of an IN list, say) would scramble
 * the line numbers, so the load is refused instead.
 */
async function assertFileOrderPlan(session: WriteTransaction, stage: { sql: string; params: SqlParams; types: SqlTypes }): Promise<void> {
  const rows = await session.all(`EXPLAIN (FORMAT json) ${stage.sql}`, stage.params, explainRow, stage.types);
  const plan = rows.find((row) => row.explain_key === 'physical_plan');
  const names: string[] = [];
  let nodes: PlanNode[] = plan?.explain_value ?? [];
  while (nodes.length > 0) {
    if (nodes.length > 1) throw new BulkLoadUnsupported('the stage plan branches');
    const node = nodes[0] as PlanNode;
    names.push(node.name ?? '?');
    nodes = node.children ?? [];
  }
  if (names[0] !== 'BATCH_CREATE_TABLE_AS' || names.some((name) => !FILE_ORDER_OPERATORS.has(name))) {
    throw new BulkLoadUnsupported(`the stage plan (${names.join(' ← ')}) would not keep file order`);
  }
}

/**
 * Squares the native read with the byte scan: the same rows, the same value
 * bytes, in the same order (a checksum weighting each row's bytes by its
 * position); lists ragged records when DuckDB skipped some.
 */
async function checkedShape(input: BulkLoadInput, scanning: Promise<ShapeVerdict>, totals: StageTotals): Promise<CsvShape> {
  let verdict = await scanning;
  if (!verdict.regular) throw new BulkLoadUnsupported(verdict.why);
  if (verdict.shape.rows !== totals.rows || verdict.shape.valueBytes !== totals.valueBytes) {
    // Records with the wrong number of fields were skipped natively: count fields to find them.
    verdict = await scanCsvShape(input.file, { lineBreak: input.lineBreak, headerFields: input.headerFields, mode: 'fields' });
    if (!verdict.regular) throw new BulkLoadUnsupported(verdict.why);
  }
  const shape = verdict.shape;
  if (shape.rows !== totals.rows) throw new BulkLoadUnsupported(`DuckDB read ${totals.rows} rows where the byte scan found ${shape.rows}`);
  if (shape.valueBytes !== totals.valueBytes) throw new BulkLoadUnsupported(`DuckDB read ${totals.valueBytes} value bytes where the byte scan found ${shape.valueBytes}`);
  if (shape.positionalChecksum !== totals.positionalChecksum) throw new BulkLoadUnsupported('the stage rows are not in file order');
  if (shape.replacementCharacter) throw new BulkLoadUnsupported('the file holds U+FFFD, which the streaming path reports per field');
  // The streaming reader turns CR and CRLF into LF everywhere; inside quotes that changes values (rare: old Mac exports).
  if (shape.carriageReturnInQuotes) throw new BulkLoadUnsupported('a quoted value holds a carriage return');
  return shape;
}

/** Reads the file into the stage (outside any transaction) and squares it with the byte scan. */
async function stageFile(session: WriteSession, input: BulkLoadInput, sqlInput: BulkSqlInput): Promise<{ shape: CsvShape; base: bigint }> {
  const stage = stageSql(sqlInput, input.file, input.pseudonymiser);
  await assertFileOrderPlan(session, stage);
  // The byte scan runs on this thread while DuckDB parses on its own; it also drives the progress bar.
  const scanning = scanCsvShape(input.file, { lineBreak: input.lineBreak, headerFields: input.headerFields, mode: 'lines' }, (progress) =>
    input.onProgress?.({ ...progress, totalBytes: input.fileBytes }),
  );
  try {
    await session.run(stage.sql, stage.params, stage.types);
  } finally {
    await scanning.catch(() => undefined);
  }
  const [totalsRow] = await session.all(
    `SELECT count(*)::BIGINT AS n, coalesce(sum(row_bytes), 0)::BIGINT AS bytes, coalesce(min(rowid), 0)::BIGINT AS base,
       coalesce(sum(((rowid - (SELECT min(rowid) FROM ${STAGE}) + 1) * row_bytes) % ${POSITION_CHECK_MODULUS}) % ${POSITION_CHECK_MODULUS}, 0)::BIGINT AS positional
     FROM ${STAGE}`,
    {},
    z.object({ n: bigintText, bytes: bigintText, base: bigintText, positional: bigintText }),
  );
  const totals: StageTotals = {
    rows: Number(totalsRow?.n ?? 0n),
    valueBytes: Number(totalsRow?.bytes ?? 0n),
    positionalChecksum: Number(totalsRow?.positional ?? 0n),
    base: totalsRow?.base ?? 0n,
  };
  const shape = await checkedShape(input, scanning, totals);
  input.onProgress?.({ rows: shape.rows + shape.ragged.length, bytesRead: input.fileBytes, totalBytes: input.fileBytes });
  return { shape, base: totals.base };
}

/** The grouped stage, read a column at a time, as judgeable groups; refuses two combinations that share a hash. */
function toGroups(columns: Record<string, JsValue[]>, sqlInput: BulkSqlInput): KeyGroup[] {
  const keys = keyFields(sqlInput).map((f) => [f.name, columns[`k_${f.name}`] ?? []] as const);
  const blanks = requiredTextFields(sqlInput).map((f) => [f.name, columns[`b_${f.name}`] ?? []] as const);
  const { gkey = [], n = [], first_row: firstRow = [] } = columns;
  const groups: KeyGroup[] = new Array<KeyGroup>(gkey.length);
  const seen = new Set<bigint>();
  for (let i = 0; i < gkey.length; i++) {
    const hash = gkey[i];
    if (typeof hash !== 'bigint') throw new Error(`the stage's group hash came back as ${typeof hash}, not a UBIGINT`);
    if (seen.has(hash)) throw new BulkLoadUnsupported('two key combinations hash alike');
    seen.add(hash);
    const keyValues: Record<string, string> = {};
    for (const [name, values] of keys) keyValues[name] = String(values[i] ?? '');
    const blank: Record<string, boolean> = {};
    for (const [name, values] of blanks) blank[name] = values[i] === true;
    groups[i] = { gkey: hash, keys: keyValues, blank, rows: Number(n[i]), firstRow: Number(firstRow[i]) };
  }
  return groups;
}

async function writeOutcomes(tx: WriteTransaction, sqlInput: BulkSqlInput, outcomes: readonly GroupOutcome[]): Promise<void> {
  await tx.run(outcomeDdl(sqlInput));
  const appender = await tx.appender(OUTCOME, 'temp');
  const valueFields = storedKeyFields(sqlInput);
  // A file covers a few periods: build each DATE value once, not once per group.
  const periods = new Map<string, DuckDBDateValue>();
  const periodDate = (period: string): DuckDBDateValue => {
    let date = periods.get(period);
    if (!date) periods.set(period, (date = dateValue({ year: Number(period.slice(0, 4)), month: Number(period.slice(5, 7)), day: 1 })));
    return date;
  };
  for (const outcome of outcomes) {
    appender.appendUBigInt(outcome.gkey);
    appender.appendBoolean(outcome.ok);
    if (outcome.ok) {
      appender.appendDate(periodDate(outcome.period));
      appender.appendVarchar(outcome.lsoa21);
      appender.appendNull();
      appender.appendNull();
      for (const field of valueFields) appendStored(appender, field, outcome.values[field.name] ?? null);
    } else {
      appender.appendNull();
      appender.appendNull();
      appender.appendVarchar(outcome.field);
      appender.appendVarchar(outcome.reason);
      for (let i = 0; i < valueFields.length; i++) appender.appendNull();
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/** Counts in the streaming path's order: by the line where each key first happened. */
function inFileOrder(counts: Map<string, FirstCount>): Map<string, number> {
  return new Map([...counts].sort((a, b) => a[1].firstLine - b[1].firstLine).map(([key, value]) => [key, value.count]));
}

/** Judges the staged rows and writes the loaded and quarantined ones, inside the transaction. */
async function loadStaged(tx: WriteTransaction, input: BulkLoadInput, sqlInput: BulkSqlInput, shape: CsvShape, base: bigint, extractId: string): Promise<LoadTally> {
  const lines = new RowLineMap(shape.shiftFrom, shape.shiftValue, shape.rows);
  const groups = toGroups(await tx.columns(groupsSql(sqlInput), { base }), sqlInput);
  // Reasons count ragged records too (below), so both order by editor line.
  const judgement = judgeGroups(groups, { module: input.module, recipe: input.recipe, placer: input.placer, lineOf: (row) => lines.lineOf(row) });
  await writeOutcomes(tx, sqlInput, judgement.outcomes);

  await tx.run(`CREATE OR REPLACE TEMP TABLE ${RAGGED} (line_number INTEGER, reason VARCHAR)`);
  const ragged = await tx.appender(RAGGED, 'temp');
  for (const record of shape.ragged) {
    const reason = `row has ${record.fields} fields but the header has ${input.headerFields}`;
    ragged.appendInteger(record.line);
    ragged.appendVarchar(reason);
    ragged.endRow();
    countAt(judgement.reasons, reason, 1, record.line);
  }
  ragged.flushSync();
  ragged.closeSync();

  const line = await lines.sql(tx, `(s.rowid - $base)`);
  const params = { extractId, base };
  const [loadedCount] = await tx.all(insertSql(sqlInput, line, shape.otherWhitespace), params, insertCount);
  const [quarantinedCount] = await tx.all(quarantineSql(sqlInput, line), params, insertCount);
  const loaded = Number(loadedCount?.Count ?? -1n);
  const quarantined = Number(quarantinedCount?.Count ?? -1n);
  const expectedQuarantine = judgement.rowsQuarantined + shape.ragged.length;
  if (loaded !== judgement.rowsLoaded || quarantined !== expectedQuarantine) {
    throw new Error(`bulk load wrote ${loaded} rows and ${quarantined} quarantined, expected ${judgement.rowsLoaded} and ${expectedQuarantine}`);
  }

  const tally = emptyTally();
  tally.rowsRead = shape.rows + shape.ragged.length;
  tally.rowsLoaded = loaded;
  tally.rowsQuarantined = quarantined;
  tally.rowsOutsideArea = judgement.rowsOutsideArea;
  tally.outsideByDistrict = judgement.outsideByDistrict;
  tally.reasons = inFileOrder(judgement.reasons);
  tally.placedBy = inFileOrder(judgement.placedBy);
  tally.codeDisagreements = judgement.codeDisagreements;
  tally.senderSuppressed = judgement.senderSuppressed;
  tally.ambiguous = judgement.ambiguous;
  tally.periods = judgement.periods;
  return tally;
}

/**
 * Loads one extract natively: stages it holding the write connection, then
 * in one transaction judges, loads and quarantines its rows and calls finish
 * (which completes the load: supersession, extract log) before the commit.
 */
export async function loadNatively<T>(
  session: WriteSession,
  input: BulkLoadInput,
  finish: (tx: WriteTransaction, extractId: string, tally: LoadTally) => Promise<T>,
): Promise<T> {
  const sqlInput: BulkSqlInput = {
    module: input.module,
    roles: input.recipe.roles,
    columnOf: input.columnOf,
    headerFields: input.headerFields,
    lineBreak: input.lineBreak,
    kept: input.kept,
    pseudonymised: input.pseudonymised,
  };
  try {
    const { shape, base } = await stageFile(session, input, sqlInput);
    return await session.transaction(async (tx) => {
      const extractId = await nextExtractId(tx);
      return finish(tx, extractId, await loadStaged(tx, input, sqlInput, shape, base, extractId));
    });
  } finally {
    // Temporary tables live as long as the connection: drop them whatever happened.
    for (const table of [STAGE, OUTCOME, RAGGED, 'bulk_line_shift']) await session.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * Runs fn with DuckDB's memory limit lowered to BULK_MEMORY_LIMIT_BYTES (never
 * raised), restoring it afterwards, outside any transaction so that a
 * rolled-back load cannot leave the limit changed.
 */
export async function withBulkMemoryLimit<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const [setting] = await db.all(`SELECT current_setting('memory_limit') AS value`, {}, z.object({ value: z.string() }));
  const previous = setting?.value ?? '';
  const previousBytes = settingBytes(previous);
  if (previousBytes === null || previousBytes <= BULK_MEMORY_LIMIT_BYTES) return fn();
  // Settings are instance-wide; the value restored came from DuckDB itself.
  await db.exec(`SET memory_limit = '${BULK_MEMORY_LIMIT_BYTES}B'`);
  try {
    return await fn();
  } finally {
    await db.exec(`SET memory_limit = '${previous}'`);
  }
}

/** Bytes of a DuckDB size setting such as "18.8 GiB" or "512.0 MiB"; null when it is not one. */
function settingBytes(setting: string): number | null {
  const m = /^([\d.]+)\s*(bytes|B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)$/i.exec(setting.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase();
  const scale: Record<string, number> = { bytes: 1, b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };
  return Number(m[1]) * (scale[unit] ?? Number.NaN);
}
