/** The serious-violence view (police violence beside A&E assault attendances), as the API answers it. */
import { z } from 'zod';
import { Period, PeriodId } from './common.ts';

export const SeriousViolenceQuery = z.object({
  level: z.enum(['lsoa', 'ward'], { message: 'must be lsoa or ward' }).default('lsoa'),
  period: PeriodId.optional(),
});

/** One of the view's figures for an area: published value and CI, or withheld (nulls with the public reason). */
export const SeriousViolenceFigure = z
  .object({
    value: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    count: z.number().nullable(),
    withheld: z.boolean(),
    withheldReason: z.string().nullable(),
    significantlyHigh: z.boolean().nullable().meta({ description: 'The 95% CI lies wholly above the partnership’s rate; null when the figure is withheld and cannot be judged.' }),
  })
  .meta({ id: 'SeriousViolenceFigure' });
export type SeriousViolenceFigure = z.infer<typeof SeriousViolenceFigure>;

export const SeriousViolenceArea = z
  .object({
    area: z.string(),
    name: z.string(),
    police: SeriousViolenceFigure,
    hospital: SeriousViolenceFigure,
    /** The combined demand: the two published counts added over the same residents, with a Byar CI; withheld wherever either is. */
    combined: SeriousViolenceFigure,
    highOnBoth: z.boolean(),
  })
  .meta({ id: 'SeriousViolenceArea' });
export type SeriousViolenceArea = z.infer<typeof SeriousViolenceArea>;

const Input = z.object({ id: z.string(), title: z.string(), unit: z.string(), withdrawn: z.boolean() });

export const SeriousViolenceView = z
  .object({
    title: z.string(),
    level: z.enum(['lsoa', 'ward']),
    period: Period,
    method: z.string(),
    inputs: z.object({ police: Input, hospital: Input }),
    partnership: z.object({ police: z.number().nullable(), hospital: z.number().nullable(), combined: z.number().nullable() }),
    areas: z.array(SeriousViolenceArea),
    highOnBoth: z.array(z.string()).meta({ description: 'Codes of the areas significantly above the partnership on police violence and on A&E assault alike.' }),
    unjudged: z.number().int().meta({ description: 'Areas whose police or A&E figure is withheld, so they cannot be judged.' }),
  })
  .meta({ id: 'SeriousViolenceView' });
export type SeriousViolenceView = z.infer<typeof SeriousViolenceView>;
