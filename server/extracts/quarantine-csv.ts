import { csvLine } from '../formats/csv-cells.ts';
import type { QuarantineRow } from '../contract/extracts.ts';

/**
 * An extract's quarantine as CSV: line, field, reason, then one column per kept field (empty when the
 * caller may not see raw values). Cells are neutralised against spreadsheet formulas.
 */
export function quarantineCsv(rows: readonly QuarantineRow[]): string {
  const valueColumns = [...new Set(rows.flatMap((row) => Object.keys(row.keptValues ?? {})))];
  const lines = [csvLine(['line', 'field', 'reason', ...valueColumns])];
  for (const row of rows) lines.push(csvLine([row.line, row.field, row.reason, ...valueColumns.map((name) => row.keptValues?.[name] ?? null)]));
  return `${lines.join('\r\n')}\r\n`;
}
