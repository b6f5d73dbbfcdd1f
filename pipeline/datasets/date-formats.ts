/**
 * The date formats partners write, read the one way the pipeline and the web's upload preview
 * both use. Pure (it imports nothing), so the browser runs these same rules on a file's first
 * rows (see .dependency-cruiser.cjs).
 */

/** A date format a dataset's field is written in. */
export type DateFormat = 'month' | 'uk-date' | 'uk-date-time';

/** How each format is written, as people read it. */
export const DATE_FORMAT_LABELS: Readonly<Record<DateFormat, string>> = {
  month: 'YYYY-MM',
  'uk-date': 'DD/MM/YYYY',
  'uk-date-time': 'DD/MM/YYYY HH:MM',
};

const MONTH = /^(\d{4})-(\d{2})$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const UK_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Whether a day exists in the calendar, in the years an extract may cover (1990–2100). */
export function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && year >= 1990 && year <= 2100;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM" → the same string, or null when it is not a real month. */
export function readMonth(value: string): string | null {
  const m = MONTH.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), 1) ? value : null;
}

/** "DD/MM/YYYY" → "YYYY-MM-DD", or null when it is not a real day in that form. */
export function readUkDate(value: string): string | null {
  const m = UK_DATE.exec(value);
  if (!m || !validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return null;
  return `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
}

/** "DD/MM/YYYY HH:MM[:SS]" (UK local time, kept as written) → "YYYY-MM-DD HH:MM:SS", or null. */
export function readUkDateTime(value: string): string | null {
  const m = UK_DATE_TIME.exec(value);
  if (!m) return null;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (!validDate(Number(m[3]), Number(m[2]), Number(m[1])) || hour > 23 || minute > 59 || second > 59) return null;
  return `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** Reads a trimmed value in a format: the normalised date, or null when the pipeline would refuse it. */
export function readDate(format: DateFormat, value: string): string | null {
  switch (format) {
    case 'month':
      return readMonth(value);
    case 'uk-date':
      return readUkDate(value);
    case 'uk-date-time':
      return readUkDateTime(value);
  }
}
