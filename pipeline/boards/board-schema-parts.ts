/** Schema pieces shared by the board files (priorities, risks, interventions). */
import { z } from 'zod';

/** An id as board files spell them: lower case letters, digits and dashes. */
export const boardId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower case letters, digits and dashes');

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');

/** A month, YYYY-MM. */
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/** Who answers for something: a named post (and optionally its holder). */
export const owner = z.object({ role: z.string().min(2), name: z.string().min(2).optional() }).strict();
export type Owner = z.infer<typeof owner>;

/** Counts months: "2019-03" → 2019·12 + 2. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}
