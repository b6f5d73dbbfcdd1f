import { z } from 'zod';

/**
 * zod schemas for the value formats partners use. Messages never echo the
 * input, because the input may be a value the agreement does not let us keep.
 */

const MONTH = /^(\d{4})-(\d{2})$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const UK_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && year >= 1990 && year <= 2100;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM" → the same string, checked. */
export const monthSchema = z
  .string()
  .trim()
  .refine((value) => {
    const m = MONTH.exec(value);
    return m !== null && validDate(Number(m[1]), Number(m[2]), 1);
  }, 'is not a month in the form YYYY-MM');

/** "DD/MM/YYYY" → "YYYY-MM-DD". */
export const ukDateSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const m = UK_DATE.exec(value);
    if (!m || !validDate(Number(m[3]), Number(m[2]), Number(m[1]))) {
      ctx.addIssue({ code: 'custom', message: value === '' ? 'is empty (expected DD/MM/YYYY)' : 'is not a valid date in the form DD/MM/YYYY' });
      return z.NEVER;
    }
    return `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  });

/** "DD/MM/YYYY HH:MM" (UK local time, kept as written) → "YYYY-MM-DD HH:MM:SS". */
export const ukDateTimeSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const m = UK_DATE_TIME.exec(value);
    const hour = Number(m?.[4]);
    const minute = Number(m?.[5]);
    const second = Number(m?.[6] ?? 0);
    if (!m || !validDate(Number(m[3]), Number(m[2]), Number(m[1])) || hour > 23 || minute > 59 || second > 59) {
      ctx.addIssue({ code: 'custom', message: value === '' ? 'is empty (expected DD/MM/YYYY HH:MM)' : 'is not a valid date-time in the form DD/MM/YYYY HH:MM' });
      return z.NEVER;
    }
    return `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
  });

/** An optional decimal number: "" → null. */
export const optionalNumberSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '') return null;
    // Plain decimals only: Number() would also accept "0x10", "1e3" and "Infinity", which no partner means.
    const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'is not a plain decimal number (digits with an optional point)' });
      return z.NEVER;
    }
    return n;
  });

/** Free text, trimmed; "" → null. */
export const optionalTextSchema = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value));

/** Required free text. */
export const requiredTextSchema = z.string().trim().min(1, 'is empty');

/** Yes/No, Y/N, true/false, 1/0 → boolean; "" → null. */
export const yesNoSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const v = value.toLowerCase();
    if (v === '') return null;
    if (['yes', 'y', 'true', '1'].includes(v)) return true;
    if (['no', 'n', 'false', '0'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'is not Yes or No' });
    return z.NEVER;
  });

/** A GSS LSOA code (2011 or 2021, England E01 or Wales W01). */
export const lsoaCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[EW]01\d{6}$/, 'is not an LSOA code (E01 or W01 followed by six digits)');

/** The YYYY-MM of an ISO date or date-time string. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** Turns the first zod issue into a field and a reason. */
export function firstProblem(error: z.ZodError): { field: string; reason: string } {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? 'row');
  return { field, reason: `${field} ${issue?.message ?? 'is invalid'}` };
}
