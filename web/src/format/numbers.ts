/**
 * en-GB number formatting for figures shown on the page and in the table.
 *
 * One indicator's values share a number of decimal places, chosen from the
 * values themselves: whole numbers show none, small rates show two, the rest one.
 */

const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(decimals: number): Intl.NumberFormat {
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, formatter);
  }
  return formatter;
}

/** Decimal places for a set of values of one indicator. */
export function decimalsFor(values: ReadonlyArray<number | null | undefined>): number {
  const finite = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (finite.length === 0 || finite.every((value) => Number.isInteger(value))) return 0;
  const largest = Math.max(...finite.map((value) => Math.abs(value)));
  return largest < 10 ? 2 : 1;
}

/** A figure with `decimals` places and thousands separators; an empty string for null. */
export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return formatterFor(decimals).format(value);
}

/** A whole count (numerator, denominator) with thousands separators. */
export function formatCount(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return formatterFor(Number.isInteger(value) ? 0 : 1).format(value);
}
