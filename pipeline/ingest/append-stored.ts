import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { FieldSpec, StoredValue } from '../datasets/dataset-module.ts';

/** Appends one typed field value in the column type its spec stores it as (NULL when absent). */
export function appendStored(appender: DuckDBAppender, field: FieldSpec, value: StoredValue): void {
  if (value === null) return appender.appendNull();
  switch (field.storage) {
    case 'VARCHAR':
      return appender.appendVarchar(String(value));
    case 'INTEGER':
      return appender.appendInteger(Number(value));
    case 'DOUBLE':
      return appender.appendDouble(Number(value));
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(value));
    case 'TIMESTAMP': {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(value));
      if (!m) return appender.appendNull();
      return appender.appendTimestamp(
        DuckDBTimestampValue.fromParts({
          date: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
          time: { hour: Number(m[4]), min: Number(m[5]), sec: Number(m[6]), micros: 0 },
        }),
      );
    }
    case undefined:
      return appender.appendNull();
  }
}
