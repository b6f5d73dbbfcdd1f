/**
 * One load path for every dataset. A reader fills the stage (stage-native.ts:
 * DuckDB's read_csv for regular UTF-8 files; stage-streamed.ts: papaparse and
 * the Appender for everything else), holding the write connection, outside
 * any transaction. Then, inside one transaction, the judge-and-write step
 * judges each distinct combination of key values once in TypeScript (zod,
 * placement) and two INSERT … SELECT statements write the loaded and the
 * quarantined rows.
 */
import { access, constants } from 'node:fs/promises';
import { dateValue, type DuckDBDateValue } from '@duckdb/node-api';
import { z } from 'zod';
import type { Database, JsValue, TransactionOptions, WriteSession, WriteTransaction } from '../db/database.ts';
import { fieldRoles } from '../datasets/field-roles.ts';
import { bigintText } from '../db/typed-rows.ts';
import { appendStored } from './append-stored.ts';
import { countAt, judgeGroups, type FirstCount, type GroupOutcome, type KeyGroup } from './bulk-outcomes.ts';
import {
  APPENDED,
  groupsSql,
  insertSql,
  keyFields,
  OUTCOME,
  outcomeDdl,
  quarantineSql,
  RAGGED,
  requiredTextFields,
  STAGE,
  storedKeyFields,
  type BulkSqlInput,
} from './bulk-load-sql.ts';
import { CancelledError } from '../errors.ts';
import { cancelledErrorOf, throwIfCancelled } from './cancellation.ts';
import { nextExtractId } from './extract-log.ts';
import { unreadable } from './extract-reader.ts';
import { emptyTally, type LoadTally } from './load-tally.ts';
import { BulkLoadUnsupported, type LoadInput, type Staged } from './stage.ts';
import { stageNatively } from './stage-native.ts';
import { stageStreamed } from './stage-streamed.ts';

/**
 * DuckDB's memory limit while a bulk load runs: the stage of a multi-gigabyte
 * file spills to the database's temp directory instead of growing the
 * process, and written blocks are not kept cached, so memory stays flat
 * whatever the file size.
 */
export const BULK_MEMORY_LIMIT_BYTES = 448 * 2 ** 20;

/** What DuckDB answers an INSERT with: the rows it wrote. */
const insertCount = z.object({ Count: bigintText });

/** The grouped stage, read a column at a time, as judgeable groups; refuses two combinations that share a hash. */
function toGroups(columns: Record<string, JsValue[]>, sqlInput: BulkSqlInput): KeyGroup[] {
  const keys = keyFields(sqlInput).map((f) => [f.name, columns[`k_${f.name}`] ?? []] as const);
  const blanks = requiredTextFields(sqlInput).map((f) => [f.name, columns[`b_${f.name}`] ?? []] as const);
  const { gkey = [], n = [], first_row: firstRow = [], undecodable = [] } = columns;
  const groups: KeyGroup[] = new Array<KeyGroup>(gkey.length);
  const seen = new Set<bigint>();
  for (let i = 0; i < gkey.length; i++) {
    const hash = gkey[i];
    if (typeof hash !== 'bigint') throw new Error(`the stage's group hash came back as ${typeof hash}, not a UBIGINT`);
    // Outcomes join the stage on the hash: two combinations sharing one (about one load in 10^8 at a million combinations) cannot be told apart.
    if (seen.has(hash)) throw new Error('two combinations of key values in this file share a hash, so the load cannot tell their rows apart; nothing was loaded');
    seen.add(hash);
    const keyValues: Record<string, string> = {};
    for (const [name, values] of keys) keyValues[name] = String(values[i] ?? '');
    const blank: Record<string, boolean> = {};
    for (const [name, values] of blanks) blank[name] = values[i] === true;
    const bad = undecodable[i];
    groups[i] = { gkey: hash, keys: keyValues, blank, undecodable: typeof bad === 'string' ? bad : null, rows: Number(n[i]), firstRow: Number(firstRow[i]) };
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

/** The judge-and-write step: judges the staged rows and writes the loaded and quarantined ones, inside the transaction. */
async function judgeAndWrite(tx: WriteTransaction, input: LoadInput, sqlInput: BulkSqlInput, staged: Staged, extractId: string): Promise<LoadTally> {
  const { lines, base } = staged;
  const groups = toGroups(await tx.columns(groupsSql(sqlInput), { base }), sqlInput);
  const judgement = judgeGroups(groups, {
    module: input.module,
    roles: sqlInput.roles,
    encoding: input.encoding.encoding,
    placer: input.placer,
    lineOf: (row) => lines.lineOf(row),
  });
  await writeOutcomes(tx, sqlInput, judgement.outcomes);
  // Reasons count ragged records too, so both order by editor line.
  for (const [reason, count] of staged.ragged.reasons) countAt(judgement.reasons, reason, count.count, count.firstLine);

  const line = await lines.sql(tx, `(s.rowid - $base)`);
  const params = { extractId, base };
  const [loadedCount] = await tx.all(insertSql(sqlInput, line, staged.otherWhitespace), params, insertCount);
  const [quarantinedCount] = await tx.all(quarantineSql(sqlInput, line), params, insertCount);
  const loaded = Number(loadedCount?.Count ?? -1n);
  const quarantined = Number(quarantinedCount?.Count ?? -1n);
  const expectedQuarantine = judgement.rowsQuarantined + staged.ragged.count;
  if (loaded !== judgement.rowsLoaded || quarantined !== expectedQuarantine) {
    throw new Error(`the load wrote ${loaded} rows and ${quarantined} quarantined, expected ${judgement.rowsLoaded} and ${expectedQuarantine}`);
  }

  const tally = emptyTally();
  tally.rowsRead = staged.rows + staged.ragged.count;
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

/** Fills the stage with DuckDB's reader where it may and can, else with the streaming reader; tells onReader which is about to read. */
async function fillStage(session: WriteSession, input: LoadInput, sqlInput: BulkSqlInput): Promise<Staged> {
  if (input.native.ok) {
    input.onReader?.('native', null);
    try {
      return await stageNatively(session, input, sqlInput, input.native.lineBreak);
    } catch (error) {
      // A file gone or unreadable since it was planned is refused, whichever reader met it.
      await access(input.file, constants.R_OK).catch((gone: Error) => {
        throw unreadable(input.file, gone);
      });
      if (!(error instanceof BulkLoadUnsupported)) throw error;
      throwIfCancelled(input.signal);
      // Nothing of the native attempt is kept: the streaming reader starts afresh.
      await session.run(`DELETE FROM ${RAGGED}`);
      input.onReader?.('streaming', error.why);
    }
  } else input.onReader?.('streaming', input.native.why);
  return stageStreamed(session, input, sqlInput);
}

/**
 * Loads one extract: fills the stage holding the write connection, then in
 * one transaction judges, loads and quarantines its rows and calls finish
 * (which completes the load: supersession, extract log) before the commit;
 * with `{ rollback: true }` (a dry run) the transaction rolls back instead.
 */
export async function loadExtract<T>(
  session: WriteSession,
  input: LoadInput,
  finish: (tx: WriteTransaction, extractId: string, tally: LoadTally) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const sqlInput: BulkSqlInput = {
    module: input.module,
    roles: fieldRoles(input.module),
    columnOf: input.columnOf,
    headerFields: input.headerFields,
    kept: input.kept,
    pseudonymised: input.pseudonymised,
  };
  const { signal } = input;
  throwIfCancelled(signal);
  // A cancel while DuckDB runs one of the load's statements stops that statement (an interrupt error), and the load throws CancelledError.
  const interrupt = () => session.interrupt();
  signal?.addEventListener('abort', interrupt);
  try {
    await session.run(`CREATE OR REPLACE TEMP TABLE ${RAGGED} (line_number INTEGER, reason VARCHAR)`);
    const staged = await fillStage(session, input, sqlInput);
    await input.pause?.('staged', signal ?? null);
    throwIfCancelled(signal);
    return await session.transaction(async (tx) => {
      const extractId = await nextExtractId(tx);
      const tally = await judgeAndWrite(tx, input, sqlInput, staged, extractId);
      throwIfCancelled(signal);
      // No interrupt from here on: the statement it stopped could be the COMMIT, whose outcome must be certain.
      signal?.removeEventListener('abort', interrupt);
      const value = await finish(tx, extractId, tally);
      // The last look before the commit: a cancel after it is too late, and the load finishes.
      throwIfCancelled(signal);
      return value;
    }, options);
  } catch (error) {
    // An interrupted statement fails with DuckDB's own error: report the cancel it stands for.
    if (signal?.aborted && !(error instanceof CancelledError)) throw cancelledErrorOf(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', interrupt);
    // Temporary tables live as long as the connection: drop them whatever happened.
    for (const table of [APPENDED, STAGE, OUTCOME, RAGGED, 'bulk_line_shift']) await session.run(`DROP TABLE IF EXISTS ${table}`);
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
