/** The multi-agency view, as the API answers it. */
import { z } from 'zod';
import { Period, PeriodId } from './common.ts';

/** weights=crime-annual:2,housing-disrepair:0.5 (ids of the view's inputs; finite, non-negative weights). */
export const WEIGHTS_PATTERN = '^[a-z0-9-]+:\\d{1,6}(?:\\.\\d{1,6})?(?:,[a-z0-9-]+:\\d{1,6}(?:\\.\\d{1,6})?)*$';

export const MultiAgencyQuery = z.object({
  period: PeriodId.optional(),
  weights: z.string().regex(new RegExp(WEIGHTS_PATTERN), 'must look like indicator:weight,indicator:weight (weights are non-negative numbers)').optional(),
});

export const MultiAgencyArea = z
  .object({
    area: z.string(),
    name: z.string(),
    highDemand: z.array(z.string()),
    highDemandCount: z.number().int(),
    composite: z.number().nullable(),
    withheldInputs: z.array(z.string()),
    inputs: z.record(z.string(), z.object({ value: z.number().nullable(), significance: z.string().nullable(), zScore: z.number().nullable() })),
  })
  .meta({ id: 'MultiAgencyArea' });

export const MultiAgencyView = z
  .object({
    title: z.string(),
    period: Period,
    method: z.string(),
    inputs: z.array(z.object({ id: z.string(), title: z.string(), unit: z.string(), partners: z.array(z.string()), withdrawn: z.boolean() })),
    weights: z.record(z.string(), z.number()),
    areas: z.array(MultiAgencyArea),
  })
  .meta({ id: 'MultiAgencyView' });
export type MultiAgencyView = z.infer<typeof MultiAgencyView>;
