/**
 * Month arithmetic, UK-style date formatting and seasonal multipliers for generated extracts.
 */

/** A calendar month. */
export interface YearMonth {
  year: number;
  month: number; // 1..12
}

/** Parses `YYYY-MM`. */
export function parseYearMonth(text: string): YearMonth {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`expected YYYY-MM, got ${text}`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new Error(`month out of range: ${text}`);
  return { year: Number(m[1]), month };
}

/** `count` consecutive months starting at `start`. */
export function monthRange(start: YearMonth, count: number): YearMonth[] {
  const out: YearMonth[] = [];
  for (let i = 0; i < count; i++) {
    const idx = start.year * 12 + (start.month - 1) + i;
    out.push({ year: Math.floor(idx / 12), month: (idx % 12) + 1 });
  }
  return out;
}

const pad2 = (n: number): string => n.toString().padStart(2, '0');

/** `YYYY-MM`, as police and health files write periods. */
export function ymText(ym: YearMonth): string {
  return `${ym.year}-${pad2(ym.month)}`;
}

/** Calendar quarter label such as `2017-Q2`. */
export function quarterLabel(ym: YearMonth): string {
  return `${ym.year}-Q${Math.floor((ym.month - 1) / 3) + 1}`;
}

/** Start year of the financial year (April to March) holding this month. */
export function financialYearStart(ym: YearMonth): number {
  return ym.month >= 4 ? ym.year : ym.year - 1;
}

/** Number of days in the month. */
export function daysInMonth(ym: YearMonth): number {
  return new Date(Date.UTC(ym.year, ym.month, 0)).getUTCDate();
}

/** `DD/MM/YYYY`. */
export function ukDate(ym: YearMonth, day: number): string {
  return `${pad2(day)}/${pad2(ym.month)}/${ym.year}`;
}

/** `DD/MM/YYYY HH:MM`. */
export function ukDateTime(ym: YearMonth, day: number, hour: number, minute: number): string {
  return `${ukDate(ym, day)} ${pad2(hour)}:${pad2(minute)}`;
}

/** Seasonal multiplier peaking in July (amp > 0) or, with peak = 1, in January; averages 1 over a year. */
export function seasonal(ym: YearMonth, amp: number, peakMonth = 7): number {
  return 1 + amp * Math.cos((2 * Math.PI * (ym.month - peakMonth)) / 12);
}
