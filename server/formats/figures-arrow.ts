/**
 * Indicator figures as an Apache Arrow IPC stream, so analysts can open a map's
 * figures directly in pandas/pyarrow, R's arrow or DuckDB with exact types
 * (nulls stay nulls: a withheld figure never turns into 0 or an empty string).
 */
import { Bool, Field, Float64, Schema, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';

/** One published figure, as the values endpoint serves it. */
export type FigureRow = {
  area: string;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  rag: string | null;
};

const numberColumns = ['value', 'numerator', 'denominator', 'lower', 'upper'] as const;

/** The figures as an Arrow IPC stream, with the indicator, level and period in the schema metadata. */
export function figuresToArrow(rows: readonly FigureRow[], metadata: Record<string, string>): Uint8Array {
  const fields = [
    new Field('area', new Utf8(), false),
    new Field('name', new Utf8(), false),
    ...numberColumns.map((column) => new Field(column, new Float64(), true)),
    new Field('suppressed', new Bool(), false),
    new Field('suppression_reason', new Utf8(), true),
    new Field('rag', new Utf8(), true),
  ];
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const columns = {
    area: vectorFromArray(rows.map((r) => r.area), new Utf8()),
    name: vectorFromArray(rows.map((r) => r.name), new Utf8()),
    ...Object.fromEntries(numberColumns.map((column) => [column, vectorFromArray(rows.map((r) => r[column]), new Float64())])),
    suppressed: vectorFromArray(rows.map((r) => r.suppressed), new Bool()),
    suppression_reason: vectorFromArray(rows.map((r) => r.suppressionReason), new Utf8()),
    rag: vectorFromArray(rows.map((r) => r.rag), new Utf8()),
  };
  const table = new Table(schema, columns);
  return tableToIPC(table, 'stream');
}
