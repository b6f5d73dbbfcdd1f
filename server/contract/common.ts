/**
 * Shapes shared by every response of the API. This folder is the API contract: the server declares its
 * routes with these schemas, and the web app and the tests parse responses with them. Plain zod only
 * (no Node modules), so the browser can import it.
 */
import { z } from 'zod';
import { problemDocumentSchema } from '../../pipeline/problem-document.ts';

export const LEVELS = ['lsoa', 'ward', 'lad', 'partnership', 'locality'] as const;
export const Level = z.enum(LEVELS, { message: 'must be lsoa, ward, lad, partnership or locality' }).meta({
  id: 'Level',
  description: 'A level of geography: LSOA, ward, local authority district, the whole partnership, or a locality (a named group of LSOAs, such as a neighbourhood policing team, that need not nest in wards).',
});
export type Level = z.infer<typeof Level>;

export const Polarity = z.enum(['high-is-good', 'low-is-good', 'no-judgement']).meta({ id: 'Polarity' });
export type Polarity = z.infer<typeof Polarity>;

/**
 * A period id, in the one format every endpoint takes and answers with: a month `2019-01`, a quarter
 * `2019-Q1`, a financial year `FY2018-19`, twelve months to a month `12M-2019-03`, or a reference
 * period the catalogue lists (`IoD2025`, `Census2021`).
 */
export const PERIOD_ID_PATTERN = '^(?:\\d{4}-(?:0[1-9]|1[0-2])|\\d{4}-Q[1-4]|FY\\d{4}-\\d{2}|12M-\\d{4}-(?:0[1-9]|1[0-2])|IoD\\d{4}|Census\\d{4})$';
export const PeriodId = z
  .string()
  .regex(new RegExp(PERIOD_ID_PATTERN), 'must be a period id: 2019-01, 2019-Q1, FY2018-19, 12M-2019-03 or a reference period the catalogue lists')
  .meta({ id: 'PeriodId', example: '2019-01' });
export type PeriodId = z.infer<typeof PeriodId>;

export const Period = z.object({ id: z.string(), label: z.string() }).meta({ id: 'Period', description: 'A period id and its label ("2019-Q1", "Jan 2019 to Mar 2019").' });
export type Period = z.infer<typeof Period>;

/** A GSS area code as the API takes it in a path or query. */
export const AreaCode = z.string().regex(/^[A-Za-z0-9-]{3,40}$/, 'is not an area code').meta({ example: 'E01024915' });

/** How a figure compares with its benchmark. */
export const Comparison = z
  .object({ benchmark: z.string(), significance: z.string(), judgement: z.string() })
  .loose()
  .meta({ id: 'Comparison', description: 'How the figure compares with its benchmark area (significance from the confidence intervals).' });
export type Comparison = z.infer<typeof Comparison>;

/** The direction of a figure over its last periods. */
export const Trend = z
  .object({ direction: z.string(), judgement: z.string().nullable(), periodsUsed: z.number() })
  .loose()
  .meta({ id: 'Trend', description: 'The direction of the figure over its most recent periods.' });
export type Trend = z.infer<typeof Trend>;

/** A published figure after disclosure control: withheld figures are nulls with a reason, never zeros. */
export const Figure = z
  .object({
    value: z.number().nullable(),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    suppressed: z.boolean(),
    suppressionReason: z.string().nullable().meta({ description: 'Why a figure is withheld, in the one public wording ("withheld to protect confidentiality" or "withheld by the data provider"): never which rule withheld it, which would tell a range.' }),
    withholdingRule: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'The rule that withheld the figure (small number below the threshold, withheld beside another, denominator withheld, sender). Only for roles that every source agreement lets see raw rows; absent for everyone else.' }),
    comparison: Comparison.nullable(),
    trend: Trend.nullable(),
    rag: z.string().nullable(),
  })
  .meta({ id: 'Figure' });
export type Figure = z.infer<typeof Figure>;

/** An RFC 9457 problem document: every error the API answers (its fields are the pipeline's, which upload jobs keep too). */
export const Problem = problemDocumentSchema.meta({ id: 'Problem', description: 'An error, as application/problem+json (RFC 9457).' });
export type Problem = z.infer<typeof Problem>;
