/**
 * CSV cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
 * return) are prefixed with a single quote, so a downloaded file cannot run anything when opened
 * (CSV injection). Numbers are written as numbers: a negative number is data, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when it holds a delimiter, a quote or a line break; neutralised when it starts like a formula. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line of cells. */
export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return cells.map(csvCell).join(',');
}
