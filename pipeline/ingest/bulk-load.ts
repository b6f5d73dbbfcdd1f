/**
 * The native bulk load: DuckDB parses a large, regular UTF-8 extract into a
 * temporary stage (kept values only), the key fields are judged in TypeScript
 * once per distinct combination, and two INSERT … SELECT statements write the
 * loaded and the quarantined rows, all inside the caller's transaction. It
 * reproduces the streaming path row for row; whenever it cannot be sure of
 * that (an irregular file, a read it cannot check), it throws
 * BulkLoadUnsupported before anything is committed and the caller falls back.
 */
import { dateValue } from '@duckdb/node-api';
import type { Database, SqlParams, SqlTypes, WriteTransaction } from '../db/database.ts';
import type { BulkRecipe, DatasetModule } from '../datasets/dataset-module.ts';
import type { RecordPlacer } from '../placement/record-placer.ts';
import { appendStored } from './append-stored.ts';
import { judgeGroups, type FirstCount, type StageGroup } from './bulk-outcomes.ts';
import { groupsSql, insertSql, keyFields, outcomeDdl, quarantineSql, requiredTextFields, stageSql, storedKeyFields, type BulkSqlInput } from './bulk-load-sql.ts';
import { POSITION_CHECK_MODULUS, scanCsvShape, type CsvShape, type LineBreak, type ShapeVerdict } from './csv-shape-scan.ts';
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
 * process, so memory stays flat whatever the file size.
 */
export const BULK_MEMORY_LIMIT_BYTES = 512 * 2 ** 20;

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
  extractId: string;
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

/** Plan operators that keep the CSV's row order all the way into the stage, so a stage rowid is a file row. */
const FILE_ORDER_OPERATORS = new Set(['BATCH_CREATE_TABLE_AS', 'PROJECTION', 'READ_CSV']);

type PlanNode = { name?: string; children?: PlanNode[] };

/**
 * Checks, from DuckDB's own plan, that the stage keeps file order: a plain
 * chain of projections from the reader into an order-preserving table write.
 * Anything else (a join the optimiser made of an IN list, say) would
 * scramble the line numbers, so the load is refused instead.
 */
async function assertFileOrderPlan(tx: WriteTransaction, stage: { sql: string; params: SqlParams; types: SqlTypes }): Promise<void> {
  const rows = await tx.all(`EXPLAIN (FORMAT json) ${stage.sql}`, stage.params, stage.types);
  const plan = rows.find((row) => row.explain_key === 'physical_plan');
  const names: string[] = [];
  let nodes = JSON.parse(String(plan?.explain_value ?? '[]')) as PlanNode[];
  while (nodes.length > 0) {
    if (nodes.length > 1) throw new BulkLoadUnsupported('the stage plan branches');
    const node = nodes[0] as PlanNode;
    names.push(node.name ?? '?');
    nodes = node.children ?? [];
  }
  if (names.length === 0 || names.some((name) => !FILE_ORDER_OPERATORS.has(name)) || names[0] !== 'BATCH_CREATE_TABLE_AS') {
    throw new BulkLoadUnsupported(`the stage plan (${names.join(' ← ')}) would not keep file order`);
  }
}

/** Checks the native read against the byte scan: same rows, same value bytes, same order; lists ragged records when DuckDB skipped some. */
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

async function readGroups(tx: WriteTransaction, sqlInput: BulkSqlInput, base: bigint): Promise<StageGroup[]> {
  const keys = keyFields(sqlInput).map((f) => f.name);
  const blanks = requiredTextFields(sqlInput).map((f) => f.name);
  const rows = await tx.all(groupsSql(sqlInput), { base });
  return rows.map((row) => {
    const gkey = String(row.gkey);
    // Two combinations with one hash would share an outcome: refuse rather than guess.
    if (row.mixed === true) throw new BulkLoadUnsupported('two key combinations hash alike');
    return {
      gkey: BigInt(gkey),
      keys: Object.fromEntries(keys.map((name) => [name, String(row[`k_${name}`] ?? '')])),
      blank: Object.fromEntries(blanks.map((name) => [name, row[`b_${name}`] === true])),
      rows: Number(row.n),
      firstRow: Number(row.first_row),
    };
  });
}

/** Counts in the streaming path's order: first occurrence in the file. */
function inFileOrder(counts: Map<string, FirstCount>): Map<string, number> {
  return new Map([...counts].sort((a, b) => a[1].firstLine - b[1].firstLine).map(([key, value]) => [key, value.count]));
}

/** Loads one extract natively inside the caller's transaction and returns what it counted. */
const T0 = { t: 0, c: process.cpuUsage() };
function mark(label: string): void {
  if (!process.env.BULK_TIMING) return;
  const now = performance.now();
  const cpu = process.cpuUsage(T0.c);
  console.error(`[bulk] ${label} wall ${((now - T0.t) / 1000).toFixed(3)}s cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)}s`);
  T0.t = now;
  T0.c = process.cpuUsage();
}
export async function loadInBulk(tx: WriteTransaction, input: BulkLoadInput): Promise<LoadTally> {
  T0.t = performance.now();
  T0.c = process.cpuUsage();
  const sqlInput: BulkSqlInput = {
    module: input.module,
    roles: input.recipe.roles,
    columnOf: input.columnOf,
    headerFields: input.headerFields,
    lineBreak: input.lineBreak,
    kept: input.kept,
    pseudonymised: input.pseudonymised,
  };
  {
    // The byte scan runs on this thread while DuckDB parses on its own; it also drives the progress bar.
    const scanning = scanCsvShape(input.file, { lineBreak: input.lineBreak, headerFields: input.headerFields, mode: 'lines' }, (progress) =>
      input.onProgress?.({ ...progress, totalBytes: input.fileBytes }),
    );
    const stage = stageSql(sqlInput, input.file, input.pseudonymiser);
    try {
      await assertFileOrderPlan(tx, stage);
      await tx.run(stage.sql, stage.params, stage.types);
    } finally {
      await scanning.catch(() => undefined);
    }
    const totalsRow = (
      await tx.all(
        `SELECT count(*)::BIGINT AS n, coalesce(sum(row_bytes), 0)::BIGINT AS bytes, coalesce(min(rowid), 0)::BIGINT AS base,
           coalesce(sum(((rowid - (SELECT min(rowid) FROM bulk_stage) + 1) * row_bytes) % ${POSITION_CHECK_MODULUS}) % ${POSITION_CHECK_MODULUS}, 0)::BIGINT AS positional
         FROM bulk_stage`,
      )
    )[0];
    const totals: StageTotals = {
      rows: Number(totalsRow?.n ?? 0),
      valueBytes: Number(totalsRow?.bytes ?? 0),
      positionalChecksum: Number(totalsRow?.positional ?? 0),
      base: BigInt(String(totalsRow?.base ?? 0)),
    };
    mark('stage+totals');
    const shape = await checkedShape(input, scanning, totals);
    mark('shape');
    input.onProgress?.({ rows: shape.rows + shape.ragged.length, bytesRead: input.fileBytes, totalBytes: input.fileBytes });

    const lines = new RowLineMap(shape.shiftFrom, shape.shiftValue, shape.rows);
    const groupRows = await readGroups(tx, sqlInput, totals.base);
    mark(`groups query (${groupRows.length})`);
    const judgement = judgeGroups(groupRows, {
      module: input.module,
      recipe: input.recipe,
      placer: input.placer,
      lineOf: (row) => lines.lineOf(row),
    });

    mark('groups+judge');
    await tx.run(outcomeDdl(sqlInput));
    const outcomes = await tx.appender('bulk_outcome', 'temp');
    const valueFields = storedKeyFields(sqlInput);
    for (const outcome of judgement.outcomes) {
      outcomes.appendUBigInt(outcome.gkey);
      outcomes.appendBoolean(outcome.ok);
      if (outcome.ok) {
        outcomes.appendDate(dateValue({ year: Number(outcome.period.slice(0, 4)), month: Number(outcome.period.slice(5, 7)), day: 1 }));
        outcomes.appendVarchar(outcome.lsoa21);
        outcomes.appendNull();
        outcomes.appendNull();
        for (const field of valueFields) appendStored(outcomes, field, outcome.values[field.name] ?? null);
      } else {
        outcomes.appendNull();
        outcomes.appendNull();
        outcomes.appendVarchar(outcome.field);
        outcomes.appendVarchar(outcome.reason);
        for (let i = 0; i < valueFields.length; i++) outcomes.appendNull();
      }
      outcomes.endRow();
    }
    outcomes.flushSync();
    outcomes.closeSync();

    await tx.run(`CREATE OR REPLACE TEMP TABLE bulk_ragged (line_number INTEGER, reason VARCHAR)`);
    const ragged = await tx.appender('bulk_ragged', 'temp');
    const raggedReasons = new Map<string, FirstCount>();
    for (const record of shape.ragged) {
      const reason = `row has ${record.fields} fields but the header has ${input.headerFields}`;
      ragged.appendInteger(record.line);
      ragged.appendVarchar(reason);
      ragged.endRow();
      const entry = raggedReasons.get(reason);
      if (entry) entry.count++;
      else raggedReasons.set(reason, { count: 1, firstLine: record.line });
    }
    ragged.flushSync();
    ragged.closeSync();

    mark('outcome tables');
    const line = await lines.sql(tx, `(s.rowid - $base)`);
    const params = { extractId: input.extractId, base: totals.base };
    const loaded = Number((await tx.all(insertSql(sqlInput, line, shape.otherWhitespace), params))[0]?.Count ?? -1);
    mark('insert');
    const quarantined = Number((await tx.all(quarantineSql(sqlInput, line), params))[0]?.Count ?? -1);
    const expectedQuarantine = judgement.rowsQuarantined + shape.ragged.length;
    if (loaded !== judgement.rowsLoaded || quarantined !== expectedQuarantine) {
      throw new Error(`bulk load wrote ${loaded} rows and ${quarantined} quarantined, expected ${judgement.rowsLoaded} and ${expectedQuarantine}`);
    }
    mark('quarantine');
    // Temporary tables would outlive the transaction on this connection: drop them before it commits.
    for (const table of ['bulk_stage', 'bulk_outcome', 'bulk_ragged', 'bulk_line_shift']) await tx.run(`DROP TABLE IF EXISTS ${table}`);

    for (const [reason, count] of raggedReasons) {
      const entry = judgement.reasons.get(reason);
      if (entry) {
        entry.count += count.count;
        entry.firstLine = Math.min(entry.firstLine, count.firstLine);
      } else judgement.reasons.set(reason, count);
    }
    const tally = emptyTally();
    tally.rowsRead = totals.rows + shape.ragged.length;
    tally.rowsLoaded = loaded;
    tally.rowsQuarantined = quarantined;
    tally.reasons = inFileOrder(judgement.reasons);
    tally.placedBy = inFileOrder(judgement.placedBy);
    tally.codeDisagreements = judgement.codeDisagreements;
    tally.senderSuppressed = judgement.senderSuppressed;
    tally.ambiguous = judgement.ambiguous;
    tally.periods = judgement.periods;
    return tally;
  }
}

/**
 * Runs fn with DuckDB's memory limit lowered to BULK_MEMORY_LIMIT_BYTES (never
 * raised), restoring it afterwards, outside any transaction so that a
 * rolled-back load cannot leave the limit changed.
 */
export async function withBulkMemoryLimit<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const previous = String((await db.all(`SELECT current_setting('memory_limit') AS value`))[0]?.value ?? '');
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
