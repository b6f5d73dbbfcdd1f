/**
 * What a build was computed from: per dataset, a SHA-256 of the ids of the extracts in force
 * (loaded, not superseded) when it ran. Stored with each build, so `observatory check` can tell
 * figures built from the extracts now in force from figures left behind by a change that was
 * never rebuilt (a process killed between an ingest's commit and its rebuild).
 */
import { z } from 'zod';
import type { WriteTransaction } from '../db/database.ts';
import { jsonText } from '../db/typed-rows.ts';

/** Dataset id → fingerprint of its extracts in force. */
export const buildInputsSchema = z.record(z.string(), z.string());
export type BuildInputs = z.infer<typeof buildInputsSchema>;

type Query = Pick<WriteTransaction, 'all'>;

/** The fingerprint of each dataset's extracts in force now (purged ones included: their figures are kept). */
export async function currentBuildInputs(query: Query): Promise<BuildInputs> {
  const rows = await query.all(
    `SELECT dataset, sha256(string_agg(extract_id, ',' ORDER BY extract_id)) AS fingerprint
     FROM extract_log WHERE status = 'loaded' AND superseded_by IS NULL AND dataset IS NOT NULL
     GROUP BY dataset ORDER BY dataset`,
    {},
    z.object({ dataset: z.string(), fingerprint: z.string() }),
  );
  return Object.fromEntries(rows.map((r) => [r.dataset, r.fingerprint]));
}

/** The latest build's id and recorded inputs (null inputs: built before they were recorded), or null if none. */
export async function latestBuildInputs(query: Query): Promise<{ buildId: number; inputs: BuildInputs | null } | null> {
  const [row] = await query.all(
    `SELECT build_id, inputs FROM indicator_build ORDER BY build_id DESC LIMIT 1`,
    {},
    z.object({ build_id: z.number().int(), inputs: jsonText(buildInputsSchema).nullable() }),
  );
  return row ? { buildId: row.build_id, inputs: row.inputs } : null;
}

/**
 * The inputs a build covers once it commits: a full build, every dataset as it is now; an
 * incremental one, the previous build's with its own dataset brought up to now.
 */
export async function inputsAfterBuild(query: Query, scope: { full: true } | { full: false; dataset: string }): Promise<BuildInputs> {
  const now = await currentBuildInputs(query);
  if (scope.full) return now;
  const previous = { ...((await latestBuildInputs(query))?.inputs ?? {}) };
  delete previous[scope.dataset];
  const own = now[scope.dataset];
  return Object.fromEntries(Object.entries({ ...previous, ...(own ? { [scope.dataset]: own } : {}) }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
