/**
 * Minimal CSV reading (papaparse + zod) and writing helpers for the dataset tools.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { z } from 'zod';

/** Parses a header-first CSV (optionally `.gz`, BOM tolerated) and validates every row with the given schema. */
export function readCsv<S extends z.ZodType>(path: string, schema: S): z.infer<S>[] {
  const raw = readFileSync(path);
  let text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message ?? 'parse error'}`);
  return parsed.data.map((row, i) => {
    const result = schema.safeParse(row);
    if (!result.success) throw new Error(`${path} row ${i + 2}: ${result.error.message}`);
    return result.data;
  });
}

/** Quotes a field only when CSV needs it (comma, quote, CR or LF), doubling embedded quotes. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Joins fields into one CSV record without the line ending. */
export function csvLine(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',');
}
