import type { Database, JsonRow, WriteTransaction } from '../db/database.ts';
import type { IngestResult } from './ingest-result.ts';

/** The next extract id (EX-000001, …); safe because writes are serialised. */
export async function nextExtractId(tx: WriteTransaction): Promise<string> {
  const rows = await tx.all(`SELECT (count(*) + 1)::INTEGER AS next FROM extract_log`);
  return `EX-${String(rows[0]?.next ?? 1).padStart(6, '0')}`;
}

/** Writes an ingest's outcome to the extract log. */
export async function recordExtract(tx: WriteTransaction, result: IngestResult, loadedBy: string, _note: string | null): Promise<void> {
  await tx.run(
    `INSERT INTO extract_log (extract_id, partner, dataset, agreement_id, agreement_version, file_name, sha256, generated,
       period_start, period_end, rows_read, rows_loaded, rows_quarantined, fields_dropped, quarantine_reasons, quality,
       loaded_by, loaded_at, status, refusal_reason)
     VALUES ($extractId, $partner, $dataset, $agreementId, $agreementVersion, $fileName, $sha256, $generated,
       CAST($periodStart AS DATE), CAST($periodEnd AS DATE), $rowsRead, $rowsLoaded, $rowsQuarantined, $fieldsDropped,
       $quarantineReasons, $quality, $loadedBy, now()::TIMESTAMP, $status, $reason)`,
    {
      extractId: result.extractId ?? '',
      partner: result.partner,
      dataset: result.dataset,
      agreementId: result.agreement?.id ?? null,
      agreementVersion: result.agreement?.version ?? null,
      fileName: result.file,
      sha256: result.sha256,
      generated: result.generated,
      periodStart: result.periodStart ? `${result.periodStart}-01` : null,
      periodEnd: result.periodEnd ? `${result.periodEnd}-01` : null,
      rowsRead: result.rowsRead,
      rowsLoaded: result.rowsLoaded,
      rowsQuarantined: result.rowsQuarantined,
      fieldsDropped: JSON.stringify(result.fieldsDropped),
      quarantineReasons: JSON.stringify(result.quarantineReasons),
      quality: JSON.stringify(result.quality ?? {}),
      loadedBy,
      status: result.status,
      reason: result.reason,
    },
  );
}

/** The extract log, newest first. */
export async function listExtracts(db: Database, partner?: string): Promise<JsonRow[]> {
  return db.all(
    `SELECT extract_id AS "extractId", partner, dataset, agreement_id AS "agreementId", agreement_version AS "agreementVersion",
            file_name AS "file", sha256, generated, strftime(period_start, '%Y-%m') AS "periodStart", strftime(period_end, '%Y-%m') AS "periodEnd",
            rows_read AS "rowsRead", rows_loaded AS "rowsLoaded", rows_quarantined AS "rowsQuarantined",
            fields_dropped AS "fieldsDropped", quarantine_reasons AS "quarantineReasons", quality,
            loaded_by AS "loadedBy", strftime(loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS "loadedAt", status,
            refusal_reason AS "refusalReason", superseded_by AS "supersededBy",
            strftime(purged_at, '%Y-%m-%dT%H:%M:%SZ') AS "purgedAt", rows_purged AS "rowsPurged"
     FROM extract_log
     WHERE $partner IS NULL OR partner = $partner
     ORDER BY extract_id DESC`,
    { partner: partner ?? null },
  );
}

/** An extract's quarantined rows in line order. */
export async function quarantinedRows(db: Database, extractId: string): Promise<JsonRow[]> {
  return db.all(
    `SELECT line_number AS "line", field, reason, kept_values AS "keptValues"
     FROM quarantine WHERE extract_id = $extractId ORDER BY line_number`,
    { extractId },
  );
}
