/** Data-sharing agreements as the API answers them: the definition, its deadlines and its plain-English text. */
import { z } from 'zod';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const DeadlineLevel = z
  .enum(['passed', 'within-30-days', 'within-90-days', 'ok'])
  .meta({ id: 'DeadlineLevel', description: 'How near a deadline is: passed, within 30 days, within 90 days, or further off.' });
export type DeadlineLevel = z.infer<typeof DeadlineLevel>;

export const Deadline = z
  .object({ on: IsoDay, daysLeft: z.number().int().meta({ description: 'Days from today; negative once passed.' }), level: DeadlineLevel })
  .meta({ id: 'Deadline' });
export type Deadline = z.infer<typeof Deadline>;

export const AgreementDeadlines = z
  .object({ inForce: z.boolean(), validity: Deadline, review: Deadline.nullable(), level: DeadlineLevel.meta({ description: 'The worse of the end and the review.' }) })
  .meta({ id: 'AgreementDeadlines' });
export type AgreementDeadlines = z.infer<typeof AgreementDeadlines>;

const FieldOf = z.object({ name: z.string(), type: z.string() });

export const PlainEnglishSection = z
  .object({
    id: z.enum(['purpose', 'signatories', 'validity', 'fields', 'publication', 'retention', 'access', 'indicators']),
    heading: z.string(),
    sentences: z.array(z.string()),
  })
  .meta({ id: 'PlainEnglishSection', description: 'A part of the agreement in plain English, generated from its definition.' });
export type PlainEnglishSection = z.infer<typeof PlainEnglishSection>;

export const IndicatorRef = z.object({ id: z.string(), title: z.string() }).meta({ id: 'IndicatorRef' });
export type IndicatorRef = z.infer<typeof IndicatorRef>;

/** One line of the agreements list. */
export const AgreementSummary = z
  .object({
    id: z.string(),
    version: z.string(),
    partner: z.string(),
    partnerName: z.string(),
    dataset: z.string(),
    validFrom: IsoDay,
    validTo: IsoDay,
    reviewOn: IsoDay.nullable(),
    deadlines: AgreementDeadlines,
  })
  .meta({ id: 'AgreementSummary' });
export type AgreementSummary = z.infer<typeof AgreementSummary>;

export const AgreementList = z
  .object({
    today: IsoDay.meta({ description: 'The day deadlines are judged on.' }),
    agreements: z.array(AgreementSummary),
  })
  .meta({ id: 'AgreementList' });
export type AgreementList = z.infer<typeof AgreementList>;

export const AgreementListQuery = z.object({
  attention: z.enum(['true', 'false']).optional().meta({ description: 'true: only agreements whose end or review is within 90 days or passed.' }),
});

/** One agreement in full. */
export const AgreementDetail = AgreementSummary.extend({
  purpose: z.string(),
  lawfulBasis: z.string(),
  signatories: z.array(z.object({ name: z.string(), role: z.string(), organisation: z.string(), signedOn: IsoDay })),
  fields: z.object({ kept: z.array(FieldOf), pseudonymised: z.array(FieldOf), dropped: z.array(z.string()) }),
  finestGeography: z.enum(['lsoa', 'ward', 'lad']),
  suppression: z.object({ threshold: z.number().int(), roundingBase: z.number().int().nullable() }),
  retention: z.object({
    days: z.number().int(),
    extractsHeld: z.number().int().meta({ description: 'Loaded extracts under this version whose raw rows are still stored.' }),
    nextPurgeDue: IsoDay.nullable().meta({ description: 'The first day the oldest held raw rows may be purged.' }),
    lastPurgedOn: IsoDay.nullable(),
  }),
  access: z.object({ rawRows: z.array(z.string()), aggregates: z.array(z.string()) }),
  indicators: z.array(IndicatorRef),
  otherVersions: z.array(z.string()).meta({ description: 'Other versions of this agreement, for ?version=.' }),
  plainEnglish: z.array(PlainEnglishSection),
}).meta({ id: 'AgreementDetail' });
export type AgreementDetail = z.infer<typeof AgreementDetail>;

export const AgreementQuery = z.object({
  version: z.string().regex(/^\d+(\.\d+)*$/, 'must be a version number like 1 or 1.2').optional(),
});
