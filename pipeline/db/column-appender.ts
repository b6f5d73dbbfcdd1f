/**
 * Bulk appends of numbers through DuckDB data chunks: whole typed-array columns copied into a
 * reused chunk (one `set` per column where the vector keeps a typed array of the same kind), rather
 * than one appender call per value. Plus a helper for a few rows of any values.
 */
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBType, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api';
import type { WriteTransaction } from './database.ts';

/** Rows a DuckDB data chunk holds. */
export const CHUNK_ROWS = 2048;

/** A column of numbers to append. */
export type Column = Float64Array | Int32Array;

/**
 * Appends rows given as typed-array columns to a table through one reused data chunk. A numeric
 * vector keeps its values in a typed array of the same kind: when it does, a column is copied with
 * one `set`, else value by value.
 */
export class ColumnAppender {
  private readonly full: DuckDBDataChunk;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: readonly DuckDBType[],
  ) {
    this.full = DuckDBDataChunk.create(types, CHUNK_ROWS);
  }

  /** Appends rowCount rows, one column per table column, in table order. */
  append(columns: readonly Column[], rowCount: number): void {
    for (let from = 0; from < rowCount; from += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rowCount - from);
      const chunk = n === CHUNK_ROWS ? this.full : DuckDBDataChunk.create(this.types, n);
      columns.forEach((column, c) => fill(chunk.getColumnVector(c), column, from, n));
      this.appender.appendDataChunk(chunk);
    }
  }

  /** Flushes and closes the underlying appender. */
  close(): void {
    this.appender.flushSync();
    this.appender.closeSync();
  }
}

function fill(vector: DuckDBVector, source: Column, from: number, n: number): void {
  const items: unknown = Reflect.get(vector, 'items');
  if ((items instanceof Float64Array && source instanceof Float64Array) || (items instanceof Int32Array && source instanceof Int32Array)) {
    items.set(source.subarray(from, from + n));
  } else {
    for (let i = 0; i < n; i++) vector.setItem(i, source[from + i] ?? null);
  }
  vector.flush();
}

/** Appends a few rows of any values through data chunks. */
export async function appendRows(tx: WriteTransaction, table: string, types: readonly DuckDBType[], rows: readonly (readonly DuckDBValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await tx.appender(table);
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
    const slice = rows.slice(from, from + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(types, slice.length);
    types.forEach((_, c) => chunk.setColumnValues(c, slice.map((r) => r[c] ?? null)));
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}
