import { z } from 'zod';
import type { DatasetModule } from './dataset-module.ts';
import { firstProblem, lsoaCodeSchema, monthSchema, requiredTextSchema } from './field-parsers.ts';

/** Counts the sender withheld: "suppressed", never zero. */
const SENDER_SUPPRESSED = new Set(['*', '<5', 'c', '..']);

/** The largest count the stored INTEGER column holds. */
const MAX_COUNT = 2_147_483_647;

const countSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (SENDER_SUPPRESSED.has(value)) return null;
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: value === '' ? 'is empty' : 'is not a whole number, "*" or "<5"' });
      return z.NEVER;
    }
    const count = Number(value);
    // The column is a 32-bit INTEGER; no LSOA has two billion of anything in a month.
    if (count > MAX_COUNT) {
      ctx.addIssue({ code: 'custom', message: `is larger than any possible count (over ${MAX_COUNT.toLocaleString('en-GB')})` });
      return z.NEVER;
    }
    return count;
  });

/** Activity counts already aggregated by the NHS partner, per LSOA and month. */
const rowSchema = z.object({
  lsoa_code: lsoaCodeSchema,
  period: monthSchema,
  measure: requiredTextSchema.regex(/^[a-z0-9_]+$/, 'is not a measure name (lower case, digits, underscores)'),
  count: countSchema,
});

export const healthActivity: DatasetModule = {
  id: 'health.activity',
  partner: 'health',
  title: 'Hospital activity by neighbourhood (pre-aggregated)',
  table: 'health_activity',
  countColumn: 'count',
  rowSchema,
  fields: [
    { name: 'lsoa_code', header: 'lsoa_code', storage: 'VARCHAR', required: true },
    { name: 'period', header: 'period', required: true, dateFormat: 'month' },
    { name: 'measure', header: 'measure', storage: 'VARCHAR', required: true },
    { name: 'count', header: 'count', storage: 'INTEGER', required: true },
  ],
  parseRow(raw) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    return {
      ok: true,
      period: row.period,
      location: { kind: 'lsoa', code: row.lsoa_code },
      values: { lsoa_code: row.lsoa_code, measure: row.measure, count: row.count },
      senderSuppressed: row.count === null,
    };
  },
};
