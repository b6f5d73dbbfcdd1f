/** Interventions: those shipped in interventions.json and those analysts added (stored in the database). */
import type { Database } from '../db/database.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { interventionProblem, interventionSchema, type Intervention } from './interventions.ts';

/** An intervention with where it came from. */
export type ListedIntervention = Intervention & { source: 'partnership' | 'added'; recordedBy: string | null; recordedAt: string | null };

/** Every intervention, shipped ones first, then added ones in the order they were added. */
export async function listInterventions(db: Database, shipped: readonly Intervention[]): Promise<ListedIntervention[]> {
  const rows = await db.all(`SELECT definition, recorded_by, recorded_at::VARCHAR AS recorded_at FROM intervention ORDER BY recorded_at, intervention_id`);
  const added = rows.map((r): ListedIntervention => ({ ...interventionSchema.parse(JSON.parse(String(r.definition))), source: 'added', recordedBy: String(r.recorded_by), recordedAt: String(r.recorded_at) }));
  return [...shipped.map((i): ListedIntervention => ({ ...i, source: 'partnership', recordedBy: null, recordedAt: null })), ...added];
}

/** One intervention by id, or a NotFoundError naming the ones there are. */
export async function findIntervention(db: Database, shipped: readonly Intervention[], id: string): Promise<ListedIntervention> {
  const all = await listInterventions(db, shipped);
  const found = all.find((i) => i.id === id);
  if (!found) throw new NotFoundError(`no intervention "${id}"; GET /api/interventions lists them (${all.map((i) => i.id).join(', ')})`, { field: 'id' });
  return found;
}

/** Adds an intervention after checking its indicators, that its areas exist at its level and that its id is new. */
export async function addIntervention(db: Database, shipped: readonly Intervention[], definitions: readonly IndicatorDefinition[], intervention: Intervention, recordedBy: string): Promise<void> {
  const problem = interventionProblem(intervention, definitions);
  if (problem) throw new InputError(problem.message, { field: problem.field });
  const rows = await db.all(`SELECT code FROM area WHERE level = $level`, { level: intervention.areas.level });
  const codes = new Set(rows.map((r) => String(r.code)));
  const unknown = intervention.areas.codes.findIndex((c) => !codes.has(c));
  if (unknown >= 0) throw new InputError(`no ${intervention.areas.level} "${intervention.areas.codes[unknown]}" in the partnership`, { field: `areas.codes.${unknown}` });
  if ((await listInterventions(db, shipped)).some((i) => i.id === intervention.id)) throw new InputError(`an intervention "${intervention.id}" already exists`, { field: 'id' });
  await db.transaction((tx) =>
    tx.run(`INSERT INTO intervention VALUES ($id, $definition, $by, now()::TIMESTAMP)`, { id: intervention.id, definition: JSON.stringify(intervention), by: recordedBy }),
  );
}
