/**
 * Evidence of success: interventions and their evaluations, as the API takes and answers them.
 * The body POST /api/interventions takes is the pipeline's own intervention schema
 * (pipeline/boards/intervention-schema.ts, which imports only zod), declared here as is.
 */
import { z } from 'zod';
import { INTERVENTION_LEVELS, interventionAreasSchema, interventionComparisonSchema, interventionSchema } from '../../pipeline/boards/intervention-schema.ts';

export { INTERVENTION_LEVELS };
export const InterventionAreas = interventionAreasSchema;
export type InterventionAreas = z.infer<typeof InterventionAreas>;
export const InterventionComparison = interventionComparisonSchema;

/** An intervention as an analyst sends it. */
export const NewIntervention = interventionSchema.meta({ id: 'NewIntervention' });
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
