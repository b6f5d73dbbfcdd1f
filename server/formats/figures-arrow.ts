/**
 * Indicator figures as an Apache Arrow IPC stream, so analysts can open a map's
 * figures directly in pandas/pyarrow, R's arrow or DuckDB with exact types
 * (nulls stay nulls: a withheld figure never turns into 0 or an empty string).
 */
import { Bool, Field, Float64, Schema, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';

/** A column of a figures download: its name, type and how to read it from one figure. */
export type ArrowColumn<Row> = { name: string; kind: 'string' | 'number' | 'boolean'; nullable: boolean; of: (row: Row) => string | number | boolean | null };

function arrowType(kind: ArrowColumn<unknown>['kind']): DataType {
  return kind === 'string' ? new Utf8() : kind === 'number' ? new Float64() : new Bool();
}

/** The figures as an Arrow IPC stream, with the download's metadata in the schema metadata. */
export function figuresToArrow<Row>(columns: readonly ArrowColumn<Row>[], rows: readonly Row[], metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
  const schema = new Schema(
    columns.map((c) => new Field(c.name, arrowType(c.kind), c.nullable)),
    new Map(Object.entries(metadata)),
  );
  const vectors = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray(rows.map((r) => c.of(r)), arrowType(c.kind))]));
  return new Uint8Array(tableToIPC(new Table(schema, vectors), 'stream'));
}
