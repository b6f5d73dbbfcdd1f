import type { WriteTransaction } from '../db/database.ts';

/** Rows per bucket of the line-shift table: small enough that a row meets few intervals, large enough to keep the table small. */
const BUCKET = 4096;

/**
 * The editor line on which each row of a native read starts: row k (0-based,
 * file order) is on line k + shift, the shift changing only after a blank
 * line, a ragged record or a value over several lines.
 */
export class RowLineMap {
  constructor(
    private readonly shiftFrom: readonly number[],
    private readonly shiftValue: readonly number[],
    private readonly rows: number,
  ) {}

  /** The line of row k. */
  lineOf(row: number): number {
    let low = 0;
    let high = this.shiftFrom.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.shiftFrom[middle] ?? 0) <= row) low = middle;
      else high = middle - 1;
    }
    return row + (this.shiftValue[low] ?? 0);
  }

  /**
   * SQL for the line of a row whose 0-based ordinal is `ordinal`, and the join
   * it needs: a constant offset in the usual case of one shift, else an
   * equi-join on buckets of a small temp table of intervals (a range join over
   * millions of rows would sort them).
   */
  async sql(tx: WriteTransaction, ordinal: string): Promise<{ line: string; join: string }> {
    if (this.shiftFrom.length <= 1) return { line: `(${ordinal} + ${this.shiftValue[0] ?? 0})::INTEGER`, join: '' };
    await tx.run(`CREATE OR REPLACE TEMP TABLE bulk_line_shift (bucket BIGINT, from_row BIGINT, to_row BIGINT, shift BIGINT)`);
    const appender = await tx.appender('bulk_line_shift', 'temp');
    for (let i = 0; i < this.shiftFrom.length; i++) {
      const from = this.shiftFrom[i] ?? 0;
      const to = (this.shiftFrom[i + 1] ?? this.rows) - 1;
      for (let bucket = Math.floor(from / BUCKET); bucket <= Math.floor(to / BUCKET); bucket++) {
        appender.appendBigInt(BigInt(bucket));
        appender.appendBigInt(BigInt(from));
        appender.appendBigInt(BigInt(to));
        appender.appendBigInt(BigInt(this.shiftValue[i] ?? 0));
        appender.endRow();
      }
    }
    appender.flushSync();
    appender.closeSync();
    return {
      line: `(${ordinal} + ls.shift)::INTEGER`,
      join: `JOIN bulk_line_shift ls ON ls.bucket = (${ordinal}) // ${BUCKET} AND (${ordinal}) BETWEEN ls.from_row AND ls.to_row`,
    };
  }
}
