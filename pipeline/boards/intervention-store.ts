/** Interventions: those shipped in interventions.json and those analysts added (stored in the database). */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { interventionProblem, interventionSchema, localityProblem, type Intervention, type InterventionAreas, type LocalityKinds } from './interventions.ts';

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

const localityRow = z.object({ code: z.string(), kind: z.string(), kind_name: z.string() });

/** Each locality's kind by code, as loaded from localities.json. */
async function localityKinds(db: Database): Promise<LocalityKinds> {
  const rows = await db.all(`SELECT l.code, k.id AS kind, k.name AS kind_name FROM locality l JOIN locality_kind k ON k.id = l.kind ORDER BY l.code`, {}, localityRow);
  return new Map(rows.map((r) => [r.code, { kind: r.kind, kindName: r.kind_name }]));
}

/**
 * The areas an intervention's comparison is drawn from: every area of its level or, for localities,
 * every locality of its kind (localities of other kinds overlap them), with that kind.
 */
export async function interventionAreaPool(db: Database, areas: InterventionAreas): Promise<{ areasAtLevel: string[]; localityKind: { id: string; name: string } | null }> {
  if (areas.level !== 'locality') {
    const rows = await db.all(`SELECT code FROM area WHERE level = $level ORDER BY code`, { level: areas.level });
    return { areasAtLevel: rows.map((r) => String(r.code)), localityKind: null };
  }
  const kinds = await localityKinds(db);
  const kind = kinds.get(areas.codes[0]!);
  if (!kind) throw new NotFoundError(`no locality "${areas.codes[0]}" in the partnership`, { field: 'areas.codes.0' });
  return { areasAtLevel: [...kinds].filter(([, k]) => k.kind === kind.kind).map(([code]) => code), localityKind: { id: kind.kind, name: kind.kindName } };
}

/** Adds an intervention after checking its indicators, that its areas exist at its level (localities: of one kind) and that its id is new. */
export async function addIntervention(db: Database, shipped: readonly Intervention[], definitions: readonly IndicatorDefinition[], intervention: Intervention, recordedBy: string): Promise<void> {
  const problem = interventionProblem(intervention, definitions) ?? localityProblem(intervention.areas, await localityKinds(db));
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
