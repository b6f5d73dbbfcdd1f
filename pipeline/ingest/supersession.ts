/**
 * Revisions without loss (DESIGN.md §2). A newer extract replaces older extracts of the same
 * dataset whole, never in part, and only when its sender says so: a file for periods already
 * loaded is held until confirmed (one crafted two-line file must not be able to empty a month).
 * The replaced rows are moved aside, not deleted, so an extract can be reinstated; the extract log
 * says which replaced which.
 */
import { z } from 'zod';
import type { Database, WriteTransaction } from '../db/database.ts';
import type { DatasetModule } from '../datasets/dataset-module.ts';
import { datasetById, supersededTableOf } from '../datasets/registry.ts';
import { ExtractRefusedError, InputError, NotFoundError } from '../errors.ts';

/** A loaded extract that a new file would replace, as the refusal and the API name it. */
export const replacedExtractSchema = z.object({
  extractId: z.string(),
  file: z.string(),
  /** The months of this extract the new file also has rows for. */
  months: z.array(z.string()),
  rowsLoaded: z.number(),
  loadedAt: z.string(),
  loadedBy: z.string(),
});
export type ReplacedExtract = z.infer<typeof replacedExtractSchema>;

/** A file for periods already loaded, held until its sender confirms the replacement. */
export class ReplacementNotConfirmedError extends ExtractRefusedError {
  constructor(readonly replaces: ReplacedExtract[]) {
    const described = replaces
      .map((r) => `${r.extractId} (${r.file}, ${monthSpan(r.months)}, ${r.rowsLoaded} rows, loaded ${r.loadedAt} by ${r.loadedBy})`)
      .join('; ');
    super(
      `${monthSpan([...new Set(replaces.flatMap((r) => r.months))].sort())} is already loaded as ${described}. ` +
        `Loading this file would replace ${replaces.length === 1 ? 'that extract' : 'those extracts'}: if that is meant, send it again with --replace ` +
        `(observatory ingest) or replace=true (upload); the replaced rows are kept and can be reinstated (observatory extract reinstate <id>)`,
      {},
    );
  }
}

function monthSpan(months: readonly string[]): string {
  if (months.length <= 3) return months.join(', ');
  return `${months[0]} to ${months[months.length - 1]} (${months.length} months)`;
}

/** The months from `first` to `last` ("YYYY-MM"), inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let ym = Number(first.slice(0, 4)) * 12 + Number(first.slice(5, 7)) - 1; ym <= Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1; ym++) {
    out.push(`${Math.floor(ym / 12)}-${String((ym % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

const currentOverlapRow = z.object({
  extract_id: z.string(),
  file_name: z.string(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  rows_loaded: z.number(),
  loaded_at: z.string(),
  loaded_by: z.string(),
  overlap: z.array(z.string()),
});

/**
 * The current extracts of a dataset holding rows for any month that `rowsOf` (an SQL subquery of
 * periods, with its parameters) has: the ones a new or reinstated extract would replace.
 */
async function currentExtractsOverlapping(tx: WriteTransaction, module: DatasetModule, extractId: string, periods: string) {
  return tx.all(
    `SELECT e.extract_id, e.file_name, strftime(e.period_start, '%Y-%m') AS first, strftime(e.period_end, '%Y-%m') AS last,
            e.rows_loaded, strftime(e.loaded_at, '%Y-%m-%d %H:%M UTC') AS loaded_at, e.loaded_by,
            list_sort(list(DISTINCT strftime(t.period, '%Y-%m'))) AS overlap
     FROM ${module.table} t JOIN extract_log e USING (extract_id)
     WHERE t.extract_id <> $extractId AND t.period IN (${periods})
     GROUP BY ALL ORDER BY e.extract_id`,
    { extractId },
    currentOverlapRow,
  );
}

/** Refuses a revision that would replace only part of an older extract (the difference would publish the rest). */
function refuseIfPartial(older: z.infer<typeof currentOverlapRow>[], months: readonly string[], verb: string): void {
  const covered = new Set(months);
  for (const row of older) {
    const [first, last] = [row.first ?? months[0] ?? '', row.last ?? months[months.length - 1] ?? ''];
    const missing = monthRange(first, last).filter((m) => !covered.has(m));
    if (missing.length > 0) {
      throw new ExtractRefusedError(
        `it would replace only part of extract ${row.extract_id} (${first} to ${last}; ${verb} has no rows for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''}): a revision must replace whole extracts, so send one covering ${first} to ${last}`,
        {},
      );
    }
  }
}

/** Moves an extract's rows between the dataset table and its superseded rows, and records who supersedes it. */
async function setAside(tx: WriteTransaction, module: DatasetModule, extractId: string, supersededBy: string): Promise<void> {
  await tx.run(`INSERT INTO ${supersededTableOf(module)} SELECT * FROM ${module.table} WHERE extract_id = $extractId`, { extractId });
  await tx.run(`DELETE FROM ${module.table} WHERE extract_id = $extractId`, { extractId });
  await tx.run(`UPDATE extract_log SET superseded_by = $supersededBy WHERE extract_id = $extractId`, { extractId, supersededBy });
}

/**
 * Called inside the load's transaction once the new extract's rows are in: the current extracts
 * it overlaps are set aside when `replace` is true; otherwise the load is refused naming them.
 * A newer extract must cover every month of each older extract it overlaps, or it is refused:
 * the figures before and after a revision can be subtracted, and replacing one month of a
 * quarter's extract would publish that month.
 */
export async function supersedeOlderRows(tx: WriteTransaction, module: DatasetModule, extractId: string, months: readonly string[], replace: boolean): Promise<string[]> {
  const older = await currentExtractsOverlapping(tx, module, extractId, `SELECT DISTINCT period FROM ${module.table} WHERE extract_id = $extractId`);
  if (older.length === 0) return [];
  refuseIfPartial(older, months, 'this file');
  if (!replace) {
    throw new ReplacementNotConfirmedError(
      older.map((r) => ({ extractId: r.extract_id, file: r.file_name, months: r.overlap, rowsLoaded: r.rows_loaded, loadedAt: r.loaded_at, loadedBy: r.loaded_by })),
    );
  }
  for (const row of older) await setAside(tx, module, row.extract_id, extractId);
  return older.map((r) => r.extract_id);
}

const extractRow = z.object({
  extract_id: z.string(),
  dataset: z.string().nullable(),
  status: z.string(),
  superseded_by: z.string().nullable(),
  purged: z.boolean(),
});

/** What a reinstatement changed: the extract made current, those it set aside, and the months of both. */
export type Reinstatement = { extractId: string; dataset: string; superseded: string[]; months: string[] };

/**
 * Makes a superseded extract current again, inside the caller's transaction: its kept rows return
 * to the dataset table and the current extracts holding its months are set aside in turn (whole,
 * as any revision). The audit log records who did it.
 */
export async function reinstateInTransaction(tx: WriteTransaction, extractId: string, actor: string): Promise<Reinstatement> {
  const [extract] = await tx.all(
    `SELECT extract_id, dataset, status, superseded_by, purged_at IS NOT NULL AS purged FROM extract_log WHERE extract_id = $extractId`,
    { extractId },
    extractRow,
  );
  if (!extract) throw new NotFoundError(`no extract "${extractId}"; observatory extracts lists them`, { field: 'extract-id' });
  const module = extract.dataset ? datasetById(extract.dataset) : undefined;
  if (extract.status !== 'loaded' || !module) throw new InputError(`extract ${extractId} was ${extract.status}, never loaded, so there is nothing to reinstate`, { field: 'extract-id' });
  if (extract.superseded_by === null) throw new InputError(`extract ${extractId} is current already: nothing superseded it`, { field: 'extract-id' });
  if (extract.purged) throw new InputError(`extract ${extractId}'s rows were purged at the end of their retention, so it cannot be reinstated`, { field: 'extract-id' });
  const held = supersededTableOf(module);
  const own = await tx.all(
    `SELECT DISTINCT strftime(period, '%Y-%m') AS month FROM ${held} WHERE extract_id = $extractId ORDER BY 1`,
    { extractId },
    z.object({ month: z.string() }),
  );
  const months = own.map((r) => r.month);
  if (months.length === 0) throw new InputError(`extract ${extractId}'s rows were not kept when it was superseded (before this version kept them), so it cannot be reinstated; send its file again`, { field: 'extract-id' });
  const current = await currentExtractsOverlapping(tx, module, extractId, `SELECT DISTINCT period FROM ${held} WHERE extract_id = $extractId`);
  refuseIfPartial(current, months, `extract ${extractId}`);
  for (const row of current) await setAside(tx, module, row.extract_id, extractId);
  await tx.run(`INSERT INTO ${module.table} SELECT * FROM ${held} WHERE extract_id = $extractId`, { extractId });
  await tx.run(`DELETE FROM ${held} WHERE extract_id = $extractId`, { extractId });
  await tx.run(`UPDATE extract_log SET superseded_by = NULL WHERE extract_id = $extractId`, { extractId });
  const superseded = current.map((r) => r.extract_id);
  const replacedMonths = current.flatMap((r) => (r.first && r.last ? monthRange(r.first, r.last) : r.overlap));
  await tx.run(`INSERT INTO audit_log VALUES (now()::TIMESTAMP, $actor, 'reinstate', $extractId, $outcome)`, {
    actor,
    extractId,
    outcome: `reinstated (had been superseded by ${extract.superseded_by}); ${superseded.length ? `superseded ${superseded.join(', ')}` : 'no current extract held its months'}`,
  });
  return { extractId, dataset: module.id, superseded, months: [...new Set([...months, ...replacedMonths])].sort() };
}

/** Makes a superseded extract current again, in its own transaction (see reinstateInTransaction). */
export async function reinstateExtract(db: Database, extractId: string, actor: string): Promise<Reinstatement> {
  return db.transaction((tx) => reinstateInTransaction(tx, extractId, actor));
}
