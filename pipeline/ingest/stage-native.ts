/**
 * The native reader: holding the write connection, DuckDB's read_csv reads the
 * file into the stage outside any transaction, so that every later scan of it
 * runs in parallel, while a byte scan on this thread checks the file and finds
 * line numbers. Whenever it cannot be sure the stage is the one the streaming
 * reader would leave (an irregular file, a read it cannot check), it throws
 * BulkLoadUnsupported and the streaming reader reads the file instead.
 */
import { z } from 'zod';
import type { WriteSession } from '../db/database.ts';
import { bigintText } from '../db/typed-rows.ts';
import { countAt, type FirstCount } from './bulk-outcomes.ts';
import { throwIfCancelled } from './cancellation.ts';
import { RAGGED, STAGE, stageSql, type BulkSqlInput } from './bulk-load-sql.ts';
import { POSITION_CHECK_MODULUS, scanCsvShape, type CsvShape, type LineBreak, type ShapeVerdict } from './csv-shape-scan.ts';
import { RowLineMap } from './row-line-map.ts';
import { assertFileOrderPlan, BulkLoadUnsupported, raggedReason, type LoadInput, type Staged } from './stage.ts';

type StageTotals = { rows: number; valueBytes: number; positionalChecksum: number; base: bigint };

/**
 * Squares the native read with the byte scan: the same rows, the same value
 * bytes, in the same order (a checksum weighting each row's bytes by its
 * position); lists ragged records when DuckDB skipped some.
 */
async function checkedShape(input: LoadInput, lineBreak: LineBreak, scanning: Promise<ShapeVerdict>, totals: StageTotals): Promise<CsvShape> {
  let verdict = await scanning;
  if (!verdict.regular) throw new BulkLoadUnsupported(verdict.why);
  if (verdict.shape.rows !== totals.rows || verdict.shape.valueBytes !== totals.valueBytes) {
    // Records with the wrong number of fields were skipped natively: count fields to find them.
    verdict = await scanCsvShape(input.file, { lineBreak, headerFields: input.headerFields, mode: 'fields' });
    if (!verdict.regular) throw new BulkLoadUnsupported(verdict.why);
  }
  const shape = verdict.shape;
  if (shape.rows !== totals.rows) throw new BulkLoadUnsupported(`DuckDB read ${totals.rows} rows where the byte scan found ${shape.rows}`);
  if (shape.valueBytes !== totals.valueBytes) throw new BulkLoadUnsupported(`DuckDB read ${totals.valueBytes} value bytes where the byte scan found ${shape.valueBytes}`);
  if (shape.positionalChecksum !== totals.positionalChecksum) throw new BulkLoadUnsupported('the stage rows are not in file order');
  if (shape.replacementCharacter) throw new BulkLoadUnsupported('the file holds U+FFFD, which is reported per field');
  // The streaming reader turns CR and CRLF into LF everywhere; inside quotes that changes values (rare: old Mac exports).
  if (shape.carriageReturnInQuotes) throw new BulkLoadUnsupported('a quoted value holds a carriage return');
  return shape;
}

/** Reads the file into the stage with DuckDB's reader (outside any transaction), squares it with the byte scan, and lists its ragged records. */
export async function stageNatively(session: WriteSession, input: LoadInput, sqlInput: BulkSqlInput, lineBreak: LineBreak): Promise<Staged> {
  const stage = stageSql(sqlInput, { kind: 'csv', path: input.file, lineBreak }, input.pseudonymiser);
  await assertFileOrderPlan(session, stage);
  // The byte scan runs on this thread while DuckDB parses on its own; it also drives the progress bar.
  const scanning = scanCsvShape(input.file, { lineBreak, headerFields: input.headerFields, mode: 'lines' }, (progress) =>
    input.onProgress?.({ ...progress, totalBytes: input.fileBytes }),
  );
  try {
    // Cancelled meanwhile: DuckDB's read is the long statement, so look before it and after it (bulk-load.ts interrupts it).
    throwIfCancelled(input.signal);
    await session.run(stage.sql, stage.params, stage.types);
    throwIfCancelled(input.signal);
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
  const shape = await checkedShape(input, lineBreak, scanning, totals);
  input.onProgress?.({ rows: shape.rows + shape.ragged.length, bytesRead: input.fileBytes, totalBytes: input.fileBytes });

  const reasons = new Map<string, FirstCount>();
  const ragged = await session.appender(RAGGED, 'temp');
  for (const record of shape.ragged) {
    const reason = raggedReason(record.fields, input.headerFields);
    ragged.appendInteger(record.line);
    ragged.appendVarchar(reason);
    ragged.endRow();
    countAt(reasons, reason, 1, record.line);
  }
  ragged.flushSync();
  ragged.closeSync();
  return {
    rows: shape.rows,
    base: totals.base,
    lines: new RowLineMap(shape.shiftFrom, shape.shiftValue, shape.rows),
    ragged: { count: shape.ragged.length, reasons },
    otherWhitespace: shape.otherWhitespace,
  };
}
