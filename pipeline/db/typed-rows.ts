/**
 * Rows read from DuckDB, checked with zod: the row types come from the schema instead of
 * `String(row.x)` at every use, and a row that does not fit fails loudly, naming the column.
 */
import { z } from 'zod';
import { DatabaseError } from '../errors.ts';

/** Checks every row against the schema; a misfit is a DatabaseError naming the row, the column and the query. */
export function parseRows<S extends z.ZodType>(rows: readonly Record<string, unknown>[], schema: S, sql: string): z.infer<S>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const column = issue?.path.join('.') ?? '';
    const firstLine = sql.trim().split('\n')[0]?.slice(0, 120) ?? '';
    throw new DatabaseError(`row ${index + 1}, column ${column || '(row)'}: ${issue?.message ?? 'does not fit'} (while reading: ${firstLine})`, { field: column });
  });
}

/** A VARCHAR column holding JSON text: parsed once here, then checked with the schema. */
export function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A BIGINT column, which DuckDB's JSON rows give as decimal text. */
export const bigintText = z
  .string()
  .regex(/^-?\d+$/, 'is not a whole number')
  .transform((text) => BigInt(text));
