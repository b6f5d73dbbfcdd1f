/**
 * What an intervention is, as a partnership's interventions.json and POST /api/interventions both
 * state it: one schema, which the API contract declares as is (so it imports only zod and pure parts).
 */
import { z } from 'zod';
import { gssCode, localityCode } from '../reference/area-codes.ts';
import { boardId, isoMonth, monthIndex } from './board-schema-parts.ts';

/** The levels an intervention can cover. */
export const INTERVENTION_LEVELS = ['ward', 'lsoa', 'locality'] as const;

/**
 * The areas an intervention covered, all of one level: wards or LSOAs by GSS code, or localities
 * (datasets/<partnership>/localities.json) by their code, all of one kind.
 */
export const interventionAreasSchema = z
  .discriminatedUnion('level', [
    z.object({ level: z.enum(['ward', 'lsoa']), codes: z.array(gssCode).min(1) }).strict(),
    z.object({ level: z.literal('locality'), codes: z.array(localityCode).min(1) }).strict(),
  ])
  .meta({
    id: 'InterventionAreas',
    description:
      'The areas it covered, all of one level: wards or LSOAs by GSS code, or localities (GET /api/geographies/locality) by their code, all of one kind. Localities of one kind are compared only with the other localities of that kind.',
  });
export type InterventionAreas = z.infer<typeof interventionAreasSchema>;

/** What the intervention's areas are compared with. */
export const interventionComparisonSchema = z.enum(['rest-of-partnership', 'matched']).meta({
  id: 'InterventionComparison',
  description: 'rest-of-partnership: every other area of its level (for localities, every other locality of its kind); matched: for each intervention area the two others nearest on the published IMD 2025 score and the baseline rate.',
});

/** An intervention as a partnership or an analyst states it. */
export const interventionSchema = z
  .object({
    id: boardId,
    title: z.string().min(3),
    description: z.string().min(10),
    lead: z.string().min(2).optional(),
    areas: interventionAreasSchema,
    start: isoMonth.meta({ description: 'The first month it ran.' }),
    end: isoMonth.optional().meta({ description: 'The last month it ran (none while it runs).' }),
    indicators: z.array(boardId).min(1, 'name at least one indicator it meant to move').meta({ description: 'The counted indicators it meant to move (not rolling 12-month ones).' }),
    comparison: interventionComparisonSchema.default('rest-of-partnership'),
  })
  .strict()
  .refine((i) => !i.end || monthIndex(i.end) >= monthIndex(i.start), { message: 'must not be before the start', path: ['end'] })
  .refine((i) => new Set(i.areas.codes).size === i.areas.codes.length, { message: 'names an area twice', path: ['areas', 'codes'] });

/** An intervention once checked (the comparison defaulted). */
export type Intervention = z.infer<typeof interventionSchema>;
