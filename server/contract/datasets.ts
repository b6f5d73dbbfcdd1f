/** The partner datasets (their layouts, for the upload preview) and their data quality over time, as the API answers them. */
import { z } from 'zod';

export const DateFormat = z.enum(['month', 'uk-date', 'uk-date-time']).meta({ id: 'DateFormat' });

/** A column of a dataset's layout, with what the agreement in force does with it. */
export const LayoutField = z
  .object({
    name: z.string(),
    header: z.string().meta({ description: 'As the partner writes it; matched ignoring case, spaces, underscores and dashes.' }),
    required: z.boolean(),
    dateFormat: DateFormat.nullable(),
    handling: z.enum(['kept', 'pseudonymised', 'dropped', 'used']).meta({ description: 'used: read to date or place the row, not stored.' }),
    personal: z.boolean().meta({ description: 'Personal data the observatory never stores.' }),
  })
  .meta({ id: 'LayoutField' });
export type LayoutField = z.infer<typeof LayoutField>;

export const DatasetLayout = z
  .object({
    id: z.string(),
    partner: z.string(),
    partnerName: z.string().nullable(),
    title: z.string(),
    fields: z.array(LayoutField),
    agreement: z.object({ id: z.string(), version: z.string(), validFrom: z.string(), validTo: z.string(), inForce: z.boolean() }).nullable(),
  })
  .meta({ id: 'DatasetLayout' });
export type DatasetLayout = z.infer<typeof DatasetLayout>;

export const DatasetList = z.object({ datasets: z.array(DatasetLayout) }).meta({ id: 'DatasetList' });
export type DatasetList = z.infer<typeof DatasetList>;

export const PeriodRows = z
  .object({
    period: z.string().meta({ description: 'A month, YYYY-MM.' }),
    rows: z.number().int(),
    usual: z.number().meta({ description: 'The median over the dataset’s months.' }),
    unusual: z.boolean(),
    why: z.string().nullable(),
  })
  .meta({ id: 'PeriodRows' });
export type PeriodRows = z.infer<typeof PeriodRows>;

export const ExtractQualityLine = z
  .object({
    extractId: z.string(),
    file: z.string(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsQuarantined: z.number().int(),
    quarantineRate: z.number().meta({ description: 'Quarantined ÷ read, 0 to 1.' }),
    reasons: z.array(z.object({ reason: z.string(), rows: z.number().int(), rate: z.number() })),
    codeDisagreements: z.number().int().nullable().meta({ description: 'Rows whose point lies in another LSOA than the supplied code; null where the extract recorded none.' }),
  })
  .meta({ id: 'ExtractQualityLine' });
export type ExtractQualityLine = z.infer<typeof ExtractQualityLine>;

export const DatasetQuality = z
  .object({
    dataset: z.string(),
    title: z.string(),
    freshness: z.object({
      latestMonth: z.string().nullable(),
      expectedMonth: z.string().meta({ description: 'The last whole month before today.' }),
      monthsBehind: z.number().int().nullable(),
      fresh: z.boolean(),
    }),
    periods: z.array(PeriodRows),
    extracts: z.array(ExtractQualityLine).meta({ description: 'Extracts in force (not replaced), oldest period first.' }),
    method: z.string(),
  })
  .meta({ id: 'DatasetQuality' });
export type DatasetQuality = z.infer<typeof DatasetQuality>;

export const DatasetParams = z.object({ id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_]+$/, 'is not a dataset id (partner.dataset)').meta({ param: { name: 'id', in: 'path' }, example: 'fire.incidents' }) });
