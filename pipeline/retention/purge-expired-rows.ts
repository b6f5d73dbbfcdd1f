/**
 * Retention (DESIGN.md §3): raw rows are kept for the number of days their
 * agreement allows, counted from the day the extract was loaded; aggregates
 * (indicator_value) may outlive them and are not touched here. The purge is
 * recorded in extract_log.purged_at, from which later builds keep the figures
 * of the purged periods (build-indicators.ts).
 */
import { z } from 'zod';
import { addDays } from '../agreements/agreement-deadlines.ts';
import type { Agreement } from '../agreements/agreement-schema.ts';
import type { Database, WriteTransaction } from '../db/database.ts';
import { datasetById, supersededTableOf } from '../datasets/registry.ts';
import { systemClock } from '../clock.ts';
import { InputError } from '../errors.ts';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD');

export type PurgeOptions = {
  /** The day retention is judged on (YYYY-MM-DD); today by default. */
  today?: string;
  /** Report what would be purged without deleting anything. */
  dryRun?: boolean;
  /** Who runs the purge, for the audit log. */
  actor: string;
};

/** One extract whose raw rows are past retention. */
export type PurgedExtract = {
  extractId: string;
  dataset: string;
  agreement: { id: string; version: string };
  loadedOn: string;
  retentionDays: number;
  /** The last day the rows could be kept (loadedOn + retentionDays). */
  keepUntil: string;
  datasetRows: number;
  quarantineRows: number;
};

/** What a purge did (or, in a dry run, would do). */
export type PurgeSummary = {
  today: string;
  dryRun: boolean;
  extracts: PurgedExtract[];
  /** Dataset and quarantine rows together: what extract_log.rows_purged adds up. */
  rowsPurged: number;
  /** Loaded extracts not judged, and why (e.g. their agreement is no longer in the partnership folder). */
  skipped: { extractId: string; reason: string }[];
};

/** A loaded extract not yet purged, as the extract log holds it. */
const candidateRow = z
  .object({ extract_id: z.string(), dataset: z.string(), agreement_id: z.string(), agreement_version: z.string(), loaded_on: isoDay })
  .transform((r) => ({ extractId: r.extract_id, dataset: r.dataset, agreementId: r.agreement_id, agreementVersion: r.agreement_version, loadedOn: r.loaded_on }));

/** The last day an extract's raw rows may be kept: the day it was loaded plus its agreement's retention. */
export function keepUntilDay(loadedOn: string, retentionDays: number): string {
  return addDays(loadedOn, retentionDays);
}

/** The agreement an extract was loaded under, else the latest version of the same agreement. */
function retentionAgreement(agreements: readonly Agreement[], id: string, version: string): Agreement | null {
  const sameId = agreements.filter((a) => a.id === id);
  return sameId.find((a) => a.version === version) ?? [...sameId].sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0] ?? null;
}

async function countRows(query: Pick<WriteTransaction, 'all'>, table: string, extractId: string): Promise<number> {
  const [row] = await query.all(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE extract_id = $extractId`, { extractId }, z.object({ n: z.number().int() }));
  return row?.n ?? 0;
}

/**
 * Deletes the raw rows (dataset table, superseded rows and quarantine) of every extract whose
 * loaded day plus its agreement's retentionDays is before today, records
 * purged_at and rows_purged in the extract log and audits it, in one transaction.
 */
export async function purgeExpiredRows(db: Database, agreements: readonly Agreement[], options: PurgeOptions): Promise<PurgeSummary> {
  const parsedToday = isoDay.safeParse(options.today ?? systemClock.today());
  if (!parsedToday.success) throw new InputError(`today ${parsedToday.error.issues[0]?.message ?? 'is invalid'}`, { field: 'today' });
  const today = parsedToday.data;
  const dryRun = options.dryRun ?? false;

  const work = async (tx: Pick<WriteTransaction, 'all'>, write: WriteTransaction | null): Promise<PurgeSummary> => {
    const candidates = await tx.all(
      `SELECT extract_id, dataset, agreement_id, agreement_version, strftime(loaded_at, '%Y-%m-%d') AS loaded_on
       FROM extract_log WHERE status = 'loaded' AND purged_at IS NULL ORDER BY extract_id`,
      {},
      candidateRow,
    );
    const summary: PurgeSummary = { today, dryRun, extracts: [], rowsPurged: 0, skipped: [] };
    for (const candidate of candidates) {
      const module = datasetById(candidate.dataset);
      const agreement = retentionAgreement(agreements, candidate.agreementId, candidate.agreementVersion);
      if (!module || !agreement) {
        // Without its agreement the retention period is unknown; deleting on a guess is not ours to do.
        const reason = module ? `agreement ${candidate.agreementId} is not in the partnership folder` : `dataset ${candidate.dataset} is not known`;
        summary.skipped.push({ extractId: candidate.extractId, reason });
        continue;
      }
      const keepUntil = keepUntilDay(candidate.loadedOn, agreement.retentionDays);
      if (keepUntil >= today) continue;
      const purged: PurgedExtract = {
        extractId: candidate.extractId,
        dataset: candidate.dataset,
        agreement: { id: agreement.id, version: agreement.version },
        loadedOn: candidate.loadedOn,
        retentionDays: agreement.retentionDays,
        keepUntil,
        // A superseded extract's rows wait aside for a reinstatement; retention ends that too.
        datasetRows: (await countRows(tx, module.table, candidate.extractId)) + (await countRows(tx, supersededTableOf(module), candidate.extractId)),
        quarantineRows: await countRows(tx, 'quarantine', candidate.extractId),
      };
      summary.extracts.push(purged);
      summary.rowsPurged += purged.datasetRows + purged.quarantineRows;
      if (!write) continue;
      const params = { extractId: candidate.extractId };
      await write.run(`DELETE FROM ${module.table} WHERE extract_id = $extractId`, params);
      await write.run(`DELETE FROM ${supersededTableOf(module)} WHERE extract_id = $extractId`, params);
      await write.run(`DELETE FROM quarantine WHERE extract_id = $extractId`, params);
      await write.run(`UPDATE extract_log SET purged_at = now()::TIMESTAMP, rows_purged = $rows WHERE extract_id = $extractId`, {
        ...params,
        rows: purged.datasetRows + purged.quarantineRows,
      });
      const outcome =
        `purged ${purged.datasetRows} rows and ${purged.quarantineRows} quarantined rows: loaded ${purged.loadedOn}, ` +
        `kept ${purged.retentionDays} days under ${agreement.id} v${agreement.version} (until ${keepUntil})`;
      await audit(write, options.actor, candidate.extractId, outcome);
    }
    // The run itself is audited even when nothing expired: it shows retention was enforced on that day.
    if (write) await audit(write, options.actor, 'retention', `${summary.extracts.length} extracts, ${summary.rowsPurged} rows purged as of ${today}`);
    return summary;
  };

  return dryRun ? work(db, null) : db.transaction((tx) => work(tx, tx));
}

async function audit(tx: WriteTransaction, actor: string, target: string, outcome: string): Promise<void> {
  await tx.run(`INSERT INTO audit_log VALUES (now()::TIMESTAMP, $actor, 'purge', $target, $outcome)`, { actor, target, outcome });
}
