/** Interventions: those shipped in interventions.json and those analysts added (stored in the database). */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { jsonText } from '../db/typed-rows.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { interventionSchema, type Intervention, type InterventionAreas } from './intervention-schema.ts';
import { interventionProblem, localityProblem, type LocalityKinds } from './interventions.ts';

/** An intervention with where it came from. */
export type ListedIntervention = Intervention & { source: 'partnership' | 'added'; recordedBy: string | null; recordedAt: string | null };

const addedRow = z.object({ definition: jsonText(interventionSchema), recorded_by: z.string(), recorded_at: z.string() });

/** Every intervention, shipped ones first, then added ones in the order they were added. */
export async function listInterventions(db: Database, shipped: readonly Intervention[]): Promise<ListedIntervention[]> {
  const rows = await db.all(`SELECT definition, recorded_by, recorded_at::VARCHAR AS recorded_at FROM intervention ORDER BY recorded_at, intervention_id`, {}, addedRow);
  const added = rows.map((r): ListedIntervention => ({ ...r.definition, source: 'added', recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
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

/** Each locality's kind by code, as the reference data loaded them from localities.json. */
export async function localityKinds(db: Database): Promise<LocalityKinds> {
  const rows = await db.all(`SELECT l.code, k.id AS kind, k.name AS kind_name FROM locality l JOIN locality_kind k ON k.id = l.kind ORDER BY l.code`, {}, localityRow);
  return new Map(rows.map((r) => [r.code, { kind: r.kind, kindName: r.kind_name }]));
}

const areaRow = z.object({ code: z.string(), level: z.string() });

/** Every area an intervention can cover or be compared with, read once: codes by level, and each locality's kind. */
export type AreaPools = { codesAtLevel: ReadonlyMap<string, readonly string[]>; kinds: LocalityKinds };

/** Reads the area pools (one query for the codes, one for the localities' kinds). */
export async function readAreaPools(db: Database): Promise<AreaPools> {
  const rows = await db.all(`SELECT code, level FROM area WHERE level IN ('lsoa', 'ward', 'locality') ORDER BY code`, {}, areaRow);
  const codesAtLevel = new Map<string, string[]>();
  for (const row of rows) {
    const codes = codesAtLevel.get(row.level);
    if (codes) codes.push(row.code);
    else codesAtLevel.set(row.level, [row.code]);
  }
  return { codesAtLevel, kinds: await localityKinds(db) };
}

/**
 * The areas an intervention's comparison is drawn from: every area of its level or, for localities,
 * every locality of its kind (localities of other kinds overlap them), with that kind.
 */
export function interventionAreaPool(pools: AreaPools, areas: InterventionAreas): { areasAtLevel: string[]; localityKind: { id: string; name: string } | null } {
  if (areas.level !== 'locality') return { areasAtLevel: [...(pools.codesAtLevel.get(areas.level) ?? [])], localityKind: null };
  const kind = pools.kinds.get(areas.codes[0]!);
  if (!kind) throw new NotFoundError(`no locality "${areas.codes[0]}" in the partnership`, { field: 'areas.codes.0' });
  return { areasAtLevel: [...pools.kinds].filter(([, k]) => k.kind === kind.kind).map(([code]) => code), localityKind: { id: kind.kind, name: kind.kindName } };
}

/** Adds an intervention after checking its indicators, that its areas exist at its level (localities: of one kind) and that its id is new. */
export async function addIntervention(db: Database, shipped: readonly Intervention[], definitions: readonly IndicatorDefinition[], intervention: Intervention, recordedBy: string): Promise<void> {
  const pools = await readAreaPools(db);
  const problem = interventionProblem(intervention, definitions) ?? localityProblem(intervention.areas, pools.kinds);
  if (problem) throw new InputError(problem.message, { field: problem.field });
  const codes = new Set(pools.codesAtLevel.get(intervention.areas.level));
  const unknown = intervention.areas.codes.findIndex((c) => !codes.has(c));
  if (unknown >= 0) throw new InputError(`no ${intervention.areas.level} "${intervention.areas.codes[unknown]}" in the partnership`, { field: `areas.codes.${unknown}` });
  if ((await listInterventions(db, shipped)).some((i) => i.id === intervention.id)) throw new InputError(`an intervention "${intervention.id}" already exists`, { field: 'id' });
  await db.transaction((tx) =>
    tx.run(`INSERT INTO intervention VALUES ($id, $definition, $by, now()::TIMESTAMP)`, { id: intervention.id, definition: JSON.stringify(intervention), by: recordedBy }),
  );
}
