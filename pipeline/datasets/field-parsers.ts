import { z } from 'zod';
import { readMonth, readUkDate, readUkDateTime } from './date-formats.ts';

/**
 * zod schemas for the value formats partners use. Messages never echo the
 * input, because the input may be a value the agreement does not let us keep.
 */

/** "YYYY-MM" → the same string, checked. */
export const monthSchema = z
  .string()
  .trim()
  .refine((value) => readMonth(value) !== null, 'is not a month in the form YYYY-MM');

/** "DD/MM/YYYY" → "YYYY-MM-DD". */
export const ukDateSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const date = readUkDate(value);
    if (date === null) {
      ctx.addIssue({ code: 'custom', message: value === '' ? 'is empty (expected DD/MM/YYYY)' : 'is not a valid date in the form DD/MM/YYYY' });
      return z.NEVER;
    }
    return date;
  });

/** "DD/MM/YYYY HH:MM" (UK local time, kept as written) → "YYYY-MM-DD HH:MM:SS". */
export const ukDateTimeSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const dateTime = readUkDateTime(value);
    if (dateTime === null) {
      ctx.addIssue({ code: 'custom', message: value === '' ? 'is empty (expected DD/MM/YYYY HH:MM)' : 'is not a valid date-time in the form DD/MM/YYYY HH:MM' });
      return z.NEVER;
    }
    return dateTime;
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
