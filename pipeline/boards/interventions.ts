/**
 * Interventions whose effect the partnership wants evidenced (datasets/<partnership>/interventions.json,
 * and those analysts add through the API): the areas covered, when it ran, what it meant to move.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { BoardDefinitionError } from './board-definition-error.ts';
import { localityCode, readLocalityKinds } from '../reference/localities.ts';
import { readBoardFile } from './board-file.ts';
import { boardId, isoMonth, monthIndex } from './board-schema-parts.ts';

/**
 * The areas an intervention covered, all of one level: wards or LSOAs by GSS code, or localities
 * (datasets/<partnership>/localities.json) by their code, all of one kind.
 */
export const interventionAreasSchema = z.discriminatedUnion('level', [
  z.object({ level: z.enum(['ward', 'lsoa']), codes: z.array(z.string().regex(/^[EW]0[0-9]{7}$/, 'is not a GSS area code')).min(1) }).strict(),
  z.object({ level: z.literal('locality'), codes: z.array(localityCode).min(1) }).strict(),
]);
export type InterventionAreas = z.infer<typeof interventionAreasSchema>;

export const interventionSchema = z
  .object({
    id: boardId,
    title: z.string().min(3),
    description: z.string().min(10),
    lead: z.string().min(2).optional(),
    /** The areas it covered, all of one level (wards, LSOAs, or localities of one kind). */
    areas: interventionAreasSchema,
    /** The first month it ran, and the last (none while it runs). */
    start: isoMonth,
    end: isoMonth.optional(),
    indicators: z.array(boardId).min(1, 'name at least one indicator it meant to move'),
    /** The rest of the partnership, or the areas most like the intervention's on deprivation and the baseline rate. */
    comparison: z.enum(['rest-of-partnership', 'matched']).default('rest-of-partnership'),
  })
  .strict()
  .refine((i) => !i.end || monthIndex(i.end) >= monthIndex(i.start), { message: 'must not be before the start', path: ['end'] })
  .refine((i) => new Set(i.areas.codes).size === i.areas.codes.length, { message: 'names an area twice', path: ['areas', 'codes'] });

export type Intervention = z.infer<typeof interventionSchema>;

/**
 * What the schema cannot check, against the indicator definitions: each indicator exists, is counted
 * over time, and has periods that do not overlap (rolling 12-month figures share months, so
 * before and after would not be separate). Returns the problem and its field, or null.
 */
export function interventionProblem(intervention: Intervention, definitions: readonly IndicatorDefinition[]): { message: string; field: string } | null {
  for (const [k, id] of intervention.indicators.entries()) {
    const definition = definitions.find((d) => d.id === id);
    if (!definition) return { message: `no indicator "${id}"`, field: `indicators.${k}` };
    if (definition.kind !== 'counted') return { message: `"${id}" is a reference indicator with one period; it cannot show a before and after`, field: `indicators.${k}` };
    if (definition.grain === 'rolling-12-months') return { message: `"${id}" is a rolling 12-month indicator whose periods overlap; choose one by month, quarter or financial year`, field: `indicators.${k}` };
  }
  return null;
}

/** A locality's kind, by locality code, as an intervention's localities are checked against. */
export type LocalityKinds = ReadonlyMap<string, { kind: string; kindName: string }>;

/**
 * For an intervention over localities: each code is a locality of the partnership and all are of one
 * kind (the comparison is the other localities of that kind). Returns the problem and its field, or null.
 */
export function localityProblem(areas: InterventionAreas, kinds: LocalityKinds): { message: string; field: string } | null {
  if (areas.level !== 'locality') return null;
  if (kinds.size === 0) return { message: 'the partnership defines no localities (localities.json)', field: 'areas.level' };
  let first: { code: string; kind: string; kindName: string } | null = null;
  for (const [k, code] of areas.codes.entries()) {
    const found = kinds.get(code);
    if (!found) return { message: `no locality "${code}" in the partnership; the localities are ${[...kinds.keys()].sort().join(', ')}`, field: `areas.codes.${k}` };
    if (first === null) first = { code, ...found };
    else if (found.kind !== first.kind) {
      return { message: `"${code}" is one of the ${found.kindName.toLowerCase()} but "${first.code}" is one of the ${first.kindName.toLowerCase()}: an intervention's localities must all be of one kind`, field: `areas.codes.${k}` };
    }
  }
  return null;
}

export const interventionsFileSchema = z.object({ interventions: z.array(interventionSchema) }).strict();

/** Loads and checks datasets/<partnership>/interventions.json (none when the file is absent); localities against localities.json. */
export function loadInterventions(partnershipDir: string, definitions: readonly IndicatorDefinition[]): Intervention[] {
  const file = join(partnershipDir, 'interventions.json');
  const { interventions } = readBoardFile(file, interventionsFileSchema, { interventions: [] });
  const localitiesFile = join(partnershipDir, 'localities.json');
  const kinds: LocalityKinds = interventions.some((i) => i.areas.level === 'locality') && existsSync(localitiesFile) ? readLocalityKinds(localitiesFile) : new Map();
  const ids = new Set<string>();
  interventions.forEach((intervention, i) => {
    if (ids.has(intervention.id)) throw new BoardDefinitionError(`intervention id "${intervention.id}" is used twice`, { file, field: `interventions.${i}.id` });
    ids.add(intervention.id);
    const problem = interventionProblem(intervention, definitions) ?? localityProblem(intervention.areas, kinds);
    if (problem) throw new BoardDefinitionError(problem.message, { file, field: `interventions.${i}.${problem.field}` });
  });
  return interventions;
}
