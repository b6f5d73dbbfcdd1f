/**
 * `observatory check`: whether the database agrees with itself. Every extract's counts add up and
 * match the rows it left; no row belongs to no extract in force; the published figures come from
 * builds that exist and cover the extracts now in force; every extract's agreement is known and
 * valid; no raw row is kept past its retention; users and tokens are well-formed. Read-only.
 */
import { z } from 'zod';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { loadAgreements } from '../agreements/load-agreements.ts';
import { roleSchema } from '../access/role.ts';
import type { Database } from '../db/database.ts';
import { DATASETS, datasetById, supersededTableOf } from '../datasets/registry.ts';
import { ObservatoryError } from '../errors.ts';
import { currentBuildInputs, latestBuildInputs } from '../indicators/build-inputs.ts';
import { purgeExpiredRows } from '../retention/purge-expired-rows.ts';

/** The areas a check covers, each named in its problems. */
export type CheckArea = 'extract-counts' | 'orphan-rows' | 'indicators' | 'agreements' | 'retention' | 'users';

export type CheckProblem = { check: CheckArea; problem: string };
export type CheckReport = { ok: boolean; extracts: number; problems: CheckProblem[] };

const logRow = z.object({
  extract_id: z.string(),
  dataset: z.string().nullable(),
  status: z.string(),
  agreement_id: z.string().nullable(),
  agreement_version: z.string().nullable(),
  rows_read: z.number(),
  rows_loaded: z.number(),
  rows_quarantined: z.number(),
  rows_outside_area: z.number(),
  superseded_by: z.string().nullable(),
  purged: z.boolean(),
});
type LogRow = z.infer<typeof logRow>;

const countRow = z.object({ extract_id: z.string(), n: z.number() });

async function countsByExtract(db: Database, table: string): Promise<Map<string, number>> {
  const rows = await db.all(`SELECT extract_id, count(*)::INTEGER AS n FROM ${table} GROUP BY 1`, {}, countRow);
  return new Map(rows.map((r) => [r.extract_id, r.n]));
}

/** Checks one extract's counts against each other and against the rows it left. */
function extractCountProblems(
  e: LogRow,
  rows: { current: Map<string, number>; set: Map<string, number>; quarantine: Map<string, number> },
): string[] {
  const problems: string[] = [];
  const current = rows.current.get(e.extract_id) ?? 0;
  const setAside = rows.set.get(e.extract_id) ?? 0;
  const quarantined = rows.quarantine.get(e.extract_id) ?? 0;
  if (e.status !== 'loaded') {
    if (current + setAside + quarantined > 0) problems.push(`${e.extract_id} was ${e.status} yet has ${current + setAside} rows and ${quarantined} quarantined rows`);
    return problems;
  }
  if (e.rows_read !== e.rows_loaded + e.rows_quarantined + e.rows_outside_area) {
    problems.push(`${e.extract_id}: rows read ${e.rows_read} ≠ loaded ${e.rows_loaded} + quarantined ${e.rows_quarantined} + outside the area ${e.rows_outside_area}`);
  }
  if (e.purged) {
    if (current + setAside + quarantined > 0) problems.push(`${e.extract_id} was purged yet still has ${current + setAside} rows and ${quarantined} quarantined rows`);
    return problems;
  }
  const [held, elsewhere, where] = e.superseded_by === null ? [current, setAside, 'in force'] : [setAside, current, `superseded by ${e.superseded_by}`];
  if (held !== e.rows_loaded) problems.push(`${e.extract_id} (${where}) logged ${e.rows_loaded} rows loaded, but ${held} are where they belong`);
  if (elsewhere > 0) problems.push(`${e.extract_id} (${where}) has ${elsewhere} rows in the wrong table (${e.superseded_by === null ? 'set aside' : 'in force'})`);
  if (quarantined !== e.rows_quarantined) problems.push(`${e.extract_id} logged ${e.rows_quarantined} rows quarantined, but the quarantine holds ${quarantined}`);
  return problems;
}

/** Checks the database; `today` (YYYY-MM-DD) judges retention. */
export async function checkDatabase(db: Database, partnershipDir: string, today: string): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const add = (check: CheckArea, problem: string) => problems.push({ check, problem });
  const log = await db.all(
    `SELECT extract_id, dataset, status, agreement_id, agreement_version, rows_read, rows_loaded, rows_quarantined, rows_outside_area,
            superseded_by, purged_at IS NOT NULL AS purged
     FROM extract_log ORDER BY extract_id`,
    {},
    logRow,
  );
  const byId = new Map(log.map((e) => [e.extract_id, e]));

  // Counts, and rows no extract accounts for.
  const quarantine = await countsByExtract(db, 'quarantine');
  for (const [id, n] of quarantine) if (!byId.has(id)) add('orphan-rows', `${n} quarantined rows belong to ${id}, which is not in the extract log`);
  for (const module of DATASETS) {
    const current = await countsByExtract(db, module.table);
    const set = await countsByExtract(db, supersededTableOf(module));
    for (const [table, counts] of [[module.table, current], [supersededTableOf(module), set]] as const) {
      for (const [id, n] of counts) {
        const e = byId.get(id);
        if (!e) add('orphan-rows', `${n} rows of ${table} belong to ${id}, which is not in the extract log`);
        else if (e.dataset !== module.id) add('orphan-rows', `${n} rows of ${table} belong to ${id}, an extract of ${e.dataset ?? 'no dataset'}`);
      }
    }
    for (const e of log.filter((x) => x.dataset === module.id)) {
      for (const problem of extractCountProblems(e, { current, set, quarantine })) add('extract-counts', problem);
    }
  }
  for (const e of log.filter((x) => x.status !== 'loaded' && !(x.dataset && datasetById(x.dataset)) && quarantine.has(x.extract_id))) {
    add('extract-counts', `${e.extract_id} was ${e.status} yet has ${quarantine.get(e.extract_id) ?? 0} quarantined rows`);
  }
  for (const e of log.filter((x) => x.status === 'loaded' && !(x.dataset && datasetById(x.dataset)))) add('extract-counts', `${e.extract_id} is loaded for an unknown dataset "${e.dataset ?? ''}"`);
  for (const e of log.filter((x) => x.superseded_by !== null && !byId.has(x.superseded_by))) add('extract-counts', `${e.extract_id} is superseded by ${e.superseded_by ?? ''}, which is not in the extract log`);

  // Published figures: from builds that exist, covering the extracts in force.
  const strays = await db.all(
    `SELECT DISTINCT f.build_id FROM indicator_figure f ANTI JOIN indicator_build b USING (build_id) ORDER BY 1`,
    {},
    z.object({ build_id: z.number() }),
  );
  for (const s of strays) add('indicators', `figures of build ${s.build_id} are published, but no build ${s.build_id} is recorded`);
  const now = await currentBuildInputs(db);
  const latest = await latestBuildInputs(db);
  if (!latest) {
    if (Object.keys(now).length > 0) add('indicators', `extracts are loaded (${Object.keys(now).join(', ')}) but no indicators were ever built: run observatory build`);
  } else if (latest.inputs === null) {
    add('indicators', `build ${latest.buildId} did not record which extracts it read: run observatory build`);
  } else {
    for (const dataset of [...new Set([...Object.keys(now), ...Object.keys(latest.inputs)])].sort()) {
      if (now[dataset] !== latest.inputs[dataset]) {
        add('indicators', `the figures of ${dataset} (build ${latest.buildId}) were not built from the extracts now in force: run observatory build`);
      }
    }
  }

  // Agreements: valid files, and each extract's own one among them.
  let agreements: Agreement[] | null = null;
  try {
    agreements = loadAgreements(partnershipDir);
  } catch (error) {
    if (!(error instanceof ObservatoryError)) throw error;
    add('agreements', error.describe());
  }
  if (agreements) {
    const known = new Set(agreements.map((a) => `${a.id} v${a.version}`));
    for (const e of log.filter((x) => x.status === 'loaded')) {
      const own = `${e.agreement_id ?? '?'} v${e.agreement_version ?? '?'}`;
      if (!known.has(own)) add('agreements', `${e.extract_id} was loaded under ${own}, which is not in the partnership folder`);
    }
    // Retention: what a purge today would delete is overdue.
    const due = await purgeExpiredRows(db, agreements, { today, dryRun: true, actor: 'check' });
    for (const e of due.extracts) add('retention', `${e.extractId}'s ${e.datasetRows + e.quarantineRows} raw rows were to be kept until ${e.keepUntil}: run observatory purge`);
  }

  // People: roles that parse, tokens of known users.
  const users = await db.all(`SELECT name, role FROM observatory_user ORDER BY name`, {}, z.object({ name: z.string(), role: z.string() }));
  for (const u of users) if (!roleSchema.safeParse(u.role).success) add('users', `user ${u.name} has the unknown role "${u.role}"`);
  const tokens = await db.all(
    `SELECT token_id, user_name FROM access_token t WHERE NOT EXISTS (SELECT 1 FROM observatory_user u WHERE u.name = t.user_name) ORDER BY 1`,
    {},
    z.object({ token_id: z.string(), user_name: z.string() }),
  );
  for (const t of tokens) add('users', `token ${t.token_id} belongs to ${t.user_name}, who is not a user`);

  return { ok: problems.length === 0, extracts: log.length, problems };
}
