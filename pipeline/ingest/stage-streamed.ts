/**
 * The streaming reader: papaparse reads the file in any encoding and dialect
 * the partners use (extract-reader.ts), and its rows go through DuckDB's
 * Appender into a raw table, which becomes the same stage as DuckDB's own
 * reader leaves. Records that cannot be rows (bad quoting, the wrong number of
 * fields) go to the ragged table with their reason.
 */
import { z } from 'zod';
import type { WriteSession } from '../db/database.ts';
import { bigintText } from '../db/typed-rows.ts';
import { countAt, type FirstCount } from './bulk-outcomes.ts';
import { rowCancelCheck } from './cancellation.ts';
import { APPENDED, appendedColumns, appendedDdl, RAGGED, STAGE, stageSql, type BulkSqlInput } from './bulk-load-sql.ts';
import { QUOTING_PROBLEMS, readExtractRecords, type ReadProgress } from './extract-reader.ts';
import { RowLineMap } from './row-line-map.ts';
import { raggedReason, type LoadInput, type Staged } from './stage.ts';

/** Reads the file with papaparse into the stage (outside any transaction), with each row's editor line. */
export async function stageStreamed(session: WriteSession, input: LoadInput, sqlInput: BulkSqlInput): Promise<Staged> {
  await session.run(appendedDdl(sqlInput));
  const appended = appendedColumns(sqlInput);
  const isAppended = new Set(appended);
  const rowsOut = await session.appender(APPENDED, 'temp');
  const raggedOut = await session.appender(RAGGED, 'temp');
  const reasons = new Map<string, FirstCount>();
  // Row k of the stage is on line k + shift; the shift changes only after a blank line, a ragged record or a value over several lines.
  const shiftFrom: number[] = [];
  const shiftValue: number[] = [];
  let rows = 0;
  let raggedCount = 0;
  let seenHeader = false;
  let progress: ReadProgress = { bytesRead: 0, totalBytes: input.fileBytes };
  // Throwing here ends the read (readExtractRecords rejects with it); the stage is dropped and nothing was committed.
  const cancelCheck = rowCancelCheck(input.signal);
  const ragged = (line: number, reason: string) => {
    raggedOut.appendInteger(line);
    raggedOut.appendVarchar(reason);
    raggedOut.endRow();
    raggedCount++;
    countAt(reasons, reason, 1, line);
  };
  await readExtractRecords(
    input.file,
    input.encoding,
    input.delimiter,
    (records) => {
      for (const record of records) {
        cancelCheck();
        if (!seenHeader) {
          seenHeader = true;
          continue;
        }
        if (record.quoting) ragged(record.line, QUOTING_PROBLEMS[record.quoting]);
        else if (record.cells.length !== input.headerFields) ragged(record.line, raggedReason(record.cells.length, input.headerFields));
        else {
          // An empty value is NULL, as DuckDB's reader leaves it; of a column no field reads, only its bytes count.
          for (const index of appended) {
            const cell = record.cells[index] ?? '';
            if (cell === '') rowsOut.appendNull();
            else rowsOut.appendVarchar(cell);
          }
          let otherBytes = 0;
          for (let index = 0; index < record.cells.length; index++) {
            if (!isAppended.has(index)) otherBytes += Buffer.byteLength(record.cells[index] ?? '', 'utf8');
          }
          rowsOut.appendBigInt(BigInt(otherBytes));
          rowsOut.endRow();
          const shift = record.line - rows;
          if (shiftValue[shiftValue.length - 1] !== shift) {
            shiftFrom.push(rows);
            shiftValue.push(shift);
          }
          rows++;
        }
      }
      input.onProgress?.({ rows: rows + raggedCount, ...progress });
    },
    (read) => {
      progress = read;
    },
  );
  rowsOut.flushSync();
  rowsOut.closeSync();
  raggedOut.flushSync();
  raggedOut.closeSync();

  // Ordered by rowid in its SQL, so its plan needs no check.
  const stage = stageSql(sqlInput, { kind: 'appended' }, input.pseudonymiser);
  await session.run(stage.sql, stage.params, stage.types);
  await session.run(`DROP TABLE IF EXISTS ${APPENDED}`);
  const [totals] = await session.all(
    `SELECT count(*)::BIGINT AS n, coalesce(min(rowid), 0)::BIGINT AS base, coalesce(max(rowid) - min(rowid) + 1, 0)::BIGINT AS span FROM ${STAGE}`,
    {},
    z.object({ n: bigintText, base: bigintText, span: bigintText }),
  );
  if (Number(totals?.n ?? -1n) !== rows || Number(totals?.span ?? -1n) !== rows) {
    throw new Error(`the stage holds ${totals?.n ?? '?'} rows over ${totals?.span ?? '?'} row ids where the streaming reader appended ${rows}`);
  }
  return {
    rows,
    base: totals?.base ?? 0n,
    lines: new RowLineMap(shiftFrom.length === 0 ? [0] : shiftFrom, shiftValue.length === 0 ? [0] : shiftValue, rows),
    ragged: { count: raggedCount, reasons },
    otherWhitespace: true,
  };
}
