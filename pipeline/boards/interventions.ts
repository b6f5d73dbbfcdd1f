/**
 * Interventions whose effect the partnership wants evidenced: loading datasets/<partnership>/interventions.json,
 * and the checks the schema (intervention-schema.ts) cannot make, which analysts' additions through the API pass too.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { BoardDefinitionError } from './board-definition-error.ts';
import { readBoardFile } from './board-file.ts';
import { interventionSchema, type Intervention, type InterventionAreas } from './intervention-schema.ts';

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

/**
 * Loads and checks datasets/<partnership>/interventions.json (none when the file is absent); localities
 * against the partnership's localities as the reference data loaded them.
 */
export function loadInterventions(partnershipDir: string, definitions: readonly IndicatorDefinition[], kinds: LocalityKinds): Intervention[] {
  const file = join(partnershipDir, 'interventions.json');
  const { interventions } = readBoardFile(file, interventionsFileSchema, { interventions: [] });
  const ids = new Set<string>();
  interventions.forEach((intervention, i) => {
    if (ids.has(intervention.id)) throw new BoardDefinitionError(`intervention id "${intervention.id}" is used twice`, { file, field: `interventions.${i}.id` });
    ids.add(intervention.id);
    const problem = interventionProblem(intervention, definitions) ?? localityProblem(intervention.areas, kinds);
    if (problem) throw new BoardDefinitionError(problem.message, { file, field: `interventions.${i}.${problem.field}` });
  });
  return interventions;
}
