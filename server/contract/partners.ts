/** A partner's window: its agreements, extracts, the indicators it feeds, and who used its data. */
import { z } from 'zod';
import { AgreementSummary, IndicatorRef } from './agreements.ts';

export const PartnerExtract = z
  .object({
    extractId: z.string(),
    dataset: z.string().nullable(),
    file: z.string(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    status: z.string(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsQuarantined: z.number().int(),
    loadedAt: z.string(),
    supersededBy: z.string().nullable(),
    purgedAt: z.string().nullable(),
  })
  .meta({ id: 'PartnerExtract' });
export type PartnerExtract = z.infer<typeof PartnerExtract>;

export const PartnerWindow = z
  .object({
    id: z.string(),
    name: z.string(),
    datasets: z.array(z.string()),
    agreements: z.array(AgreementSummary),
    extractSummary: z.object({
      extracts: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      rowsLoaded: z.number().int(),
      rowsQuarantined: z.number().int(),
      latestPeriod: z.string().nullable(),
      lastLoadedAt: z.string().nullable(),
    }),
    extracts: z.array(PartnerExtract).meta({ description: 'The extract history, newest first (at most 200).' }),
    indicators: z.array(IndicatorRef.extend({ datasets: z.array(z.string()) })),
  })
  .meta({ id: 'PartnerWindow' });
export type PartnerWindow = z.infer<typeof PartnerWindow>;

export const UsageRow = z
  .object({
    week: z.string().meta({ example: '2026-W49' }),
    weekStart: z.string(),
    role: z.string(),
    action: z.string().meta({
      description: 'The access table’s action: read-figures, read-lineage, read-profile, read-multi-agency, read-serious-violence, read-catalogue, list-extracts, read-extract-report, read-quarantine, read-data-quality, read-priorities, read-risks or read-interventions.',
      example: 'read-profile',
    }),
    indicator: z.string().nullable().meta({ description: 'The indicator read; null when the read was not about one (a profile, a view, the catalogue, extracts).' }),
    requests: z.number().int(),
    users: z.number().int(),
  })
  .meta({ id: 'UsageRow', description: 'In one ISO week, how often one role did one thing with the partner’s data.' });
export type UsageRow = z.infer<typeof UsageRow>;

export const PartnerUsage = z
  .object({ partner: z.string(), from: z.string().nullable(), to: z.string().nullable(), rows: z.array(UsageRow), pending: z.number().int() })
  .meta({ id: 'PartnerUsage' });
export type PartnerUsage = z.infer<typeof PartnerUsage>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const PartnerUsageQuery = z.object({
  from: Day.optional(),
  to: Day.optional(),
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).optional(),
});
