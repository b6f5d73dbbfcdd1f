/**
 * Evidence of success: interventions and their evaluations, as the API takes and answers them.
 * POST /api/interventions checks a body with NewIntervention (as the OpenAPI document declares it), then
 * with the pipeline's own schema (pipeline/boards/interventions.ts, with its refinements): keep the two alike.
 */
import { z } from 'zod';

const GSS = z.string().regex(/^[EW]0[0-9]{7}$/, 'is not a GSS area code');
const LocalityCode = z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'must be 3 to 40 lower case letters, digits and dashes, starting with a letter');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/** The levels an intervention can cover. */
export const INTERVENTION_LEVELS = ['ward', 'lsoa', 'locality'] as const;

export const InterventionAreas = z
  .discriminatedUnion('level', [
    z.object({ level: z.enum(['ward', 'lsoa']), codes: z.array(GSS).min(1) }).strict(),
    z.object({ level: z.literal('locality'), codes: z.array(LocalityCode).min(1) }).strict(),
  ])
  .meta({
    id: 'InterventionAreas',
    description:
      'The areas it covered, all of one level: wards or LSOAs by GSS code, or localities (GET /api/geographies/locality) by their code, all of one kind. Localities of one kind are compared only with the other localities of that kind.',
  });
export type InterventionAreas = z.infer<typeof InterventionAreas>;

export const InterventionComparison = z.enum(['rest-of-partnership', 'matched']).meta({
  id: 'InterventionComparison',
  description: 'rest-of-partnership: every other area of its level (for localities, every other locality of its kind); matched: for each intervention area the two others nearest on the published IMD 2025 score and the baseline rate.',
});

export const NewIntervention = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower case letters, digits and dashes'),
    title: z.string().min(3),
    description: z.string().min(10),
    lead: z.string().min(2).optional(),
    areas: InterventionAreas,
    start: Month.meta({ description: 'The first month it ran.' }),
    end: Month.optional().meta({ description: 'The last month it ran (none while it runs).' }),
    indicators: z.array(z.string()).min(1).meta({ description: 'The counted indicators it meant to move (not rolling 12-month ones).' }),
    comparison: InterventionComparison.default('rest-of-partnership'),
  })
  .strict()
  .meta({ id: 'NewIntervention' });
export type NewIntervention = z.input<typeof NewIntervention>;

export const Intervention = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    lead: z.string().optional(),
    areas: InterventionAreas,
    start: z.string(),
    end: z.string().optional(),
    indicators: z.array(z.string()),
    comparison: InterventionComparison,
    source: z.enum(['partnership', 'added']).meta({ description: 'partnership: shipped in interventions.json; added: recorded through the API.' }),
    recordedBy: z.string().nullable(),
    recordedAt: z.string().nullable(),
  })
  .meta({ id: 'Intervention' });
export type Intervention = z.infer<typeof Intervention>;

const Counts = z.object({ count: z.number(), denominator: z.number() });
const GroupRates = z.object({ before: z.number(), after: z.number() });

export const IndicatorEvaluation = z
  .object({
    indicator: z.string(),
    title: z.string(),
    unit: z.string(),
    polarity: z.string(),
    comparisonMethod: InterventionComparison,
    comparisonAreas: z.array(z.string()),
    before: z.array(z.string()).meta({ description: 'The periods before the start that are compared.' }),
    after: z.array(z.string()).meta({ description: 'As many periods from the start (to the end).' }),
    evaluable: z.boolean(),
    reason: z.string().nullable().meta({ description: 'Why it cannot be evaluated (a withheld figure, too few periods, no comparison areas…).' }),
    counts: z.object({ intervention: z.object({ before: Counts, after: Counts }), comparison: z.object({ before: Counts, after: Counts }) }).nullable(),
    rates: z.object({ intervention: GroupRates, comparison: GroupRates }).nullable(),
    result: z
      .object({ ratio: z.number(), lower: z.number(), upper: z.number(), significance: z.enum(['fall', 'rise', 'no significant change']), verdict: z.string() })
      .nullable()
      .meta({ description: 'The difference in differences as a rate ratio with its 95% CI, and the verdict in plain words.' }),
    chart: z.array(z.object({ period: z.string(), label: z.string(), phase: z.enum(['before', 'after', 'outside']), intervention: z.number().nullable(), comparison: z.number().nullable() })),
    limits: z.array(z.string()),
  })
  .meta({ id: 'IndicatorEvaluation' });
export type IndicatorEvaluation = z.infer<typeof IndicatorEvaluation>;

export const InterventionEvaluation = z
  .object({
    method: z.string(),
    areaNames: z.record(z.string(), z.string()).meta({ description: 'The names of the intervention’s and the comparison areas (wards, LSOAs or localities), by code.' }),
    indicators: z.array(IndicatorEvaluation),
  })
  .meta({ id: 'InterventionEvaluation' });

export const InterventionVerdict = z.object({ indicator: z.string(), title: z.string(), evaluable: z.boolean(), verdict: z.string().nullable() });

export const InterventionList = z.object({ interventions: z.array(Intervention.extend({ verdicts: z.array(InterventionVerdict) })) }).meta({ id: 'InterventionList' });
export type InterventionList = z.infer<typeof InterventionList>;

export const InterventionDetail = z.object({ intervention: Intervention, evaluation: InterventionEvaluation }).meta({ id: 'InterventionDetail' });
export type InterventionDetail = z.infer<typeof InterventionDetail>;

export const InterventionIdParam = z.object({ id: z.string().min(1).meta({ param: { name: 'id', in: 'path' } }) });
