import { z } from 'zod';
import type { Database, JsonRow, WriteTransaction } from '../db/database.ts';
import type { IngestResult } from './ingest-result.ts';

/** The next extract id (EX-000001, …); safe because writes are serialised. */
export async function nextExtractId(tx: WriteTransaction): Promise<string> {
  const [row] = await tx.all(`SELECT (count(*) + 1)::INTEGER AS next FROM extract_log`, {}, z.object({ next: z.number().int() }));
  return `EX-${String(row?.next ?? 1).padStart(6, '0')}`;
}

/** Writes an ingest's outcome to the extract log. */
export async function recordExtract(tx: WriteTransaction, result: IngestResult, loadedBy: string, _note: string | null): Promise<void> {
  await tx.run(
    `INSERT INTO extract_log (extract_id, partner, dataset, agreement_id, agreement_version, file_name, sha256, generated,
       period_start, period_end, rows_read, rows_loaded, rows_quarantined, rows_outside_area, outside_area_districts,
       fields_dropped, quarantine_reasons, quality, loaded_by, loaded_at, status, refusal_reason)
     VALUES ($extractId, $partner, $dataset, $agreementId, $agreementVersion, $fileName, $sha256, $generated,
       CAST($periodStart AS DATE), CAST($periodEnd AS DATE), $rowsRead, $rowsLoaded, $rowsQuarantined, $rowsOutsideArea,
       $outsideAreaDistricts, $fieldsDropped, $quarantineReasons, $quality, $loadedBy, now()::TIMESTAMP, $status, $reason)`,
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
      rowsOutsideArea: result.rowsOutsideArea,
      outsideAreaDistricts: JSON.stringify(result.outsideAreaByDistrict),
      fieldsDropped: JSON.stringify(result.fieldsDropped),
      quarantineReasons: JSON.stringify(result.quarantineReasons),
      quality: JSON.stringify(result.quality ?? {}),
      loadedBy,
      status: result.status,
      reason: result.reason,
    },
  );
}

const EXTRACT_COLUMNS = `extract_id AS "extractId", partner, dataset, agreement_id AS "agreementId", agreement_version AS "agreementVersion",
            file_name AS "file", sha256, generated, strftime(period_start, '%Y-%m') AS "periodStart", strftime(period_end, '%Y-%m') AS "periodEnd",
            rows_read AS "rowsRead", rows_loaded AS "rowsLoaded", rows_quarantined AS "rowsQuarantined",
            rows_outside_area AS "rowsOutsideArea", outside_area_districts AS "outsideAreaByDistrict",
            fields_dropped AS "fieldsDropped", quarantine_reasons AS "quarantineReasons", quality,
            loaded_by AS "loadedBy", strftime(loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS "loadedAt", status,
            refusal_reason AS "refusalReason", superseded_by AS "supersededBy",
            strftime(purged_at, '%Y-%m-%dT%H:%M:%SZ') AS "purgedAt", rows_purged AS "rowsPurged"`;

/** The extract log, newest first. */
export async function listExtracts(db: Database, partner?: string): Promise<JsonRow[]> {
  return db.all(
    `SELECT ${EXTRACT_COLUMNS}
     FROM extract_log
     WHERE $partner IS NULL OR partner = $partner
     ORDER BY extract_id DESC`,
    { partner: partner ?? null },
  );
}

/** One extract's log row, or undefined. */
export async function extractById(db: Database, extractId: string): Promise<JsonRow | undefined> {
  const rows = await db.all(`SELECT ${EXTRACT_COLUMNS} FROM extract_log WHERE extract_id = $extractId`, { extractId });
  return rows[0];
}

/** The extracts an extract replaced whole (their superseded_by names it). */
export async function extractsReplacedBy(db: Database, extractId: string): Promise<string[]> {
  const rows = await db.all(`SELECT extract_id FROM extract_log WHERE superseded_by = $extractId ORDER BY extract_id`, { extractId }, z.object({ extract_id: z.string() }));
  return rows.map((row) => row.extract_id);
}

/** An extract's quarantined rows by reason, most first. */
export async function quarantineReasonCounts(db: Database, extractId: string): Promise<{ reason: string; rows: number }[]> {
  return db.all(
    `SELECT reason, count(*)::INTEGER AS rows FROM quarantine WHERE extract_id = $extractId GROUP BY reason ORDER BY rows DESC, reason`,
    { extractId },
    z.object({ reason: z.string(), rows: z.number().int() }),
  );
}

const quarantineRow = z.object({ line: z.number().int(), field: z.string().nullable(), reason: z.string(), keptValues: z.string() });
export type StoredQuarantineRow = z.infer<typeof quarantineRow>;

/** A page of an extract's quarantined rows in line order, optionally of one reason, with how many match. */
export async function quarantinePage(
  db: Database,
  extractId: string,
  options: { reason: string | null; offset: number; limit: number },
): Promise<{ total: number; rows: StoredQuarantineRow[] }> {
  const params = { extractId, reason: options.reason };
  const [count] = await db.all(
    `SELECT count(*)::INTEGER AS total FROM quarantine WHERE extract_id = $extractId AND ($reason IS NULL OR reason = $reason)`,
    params,
    z.object({ total: z.number().int() }),
  );
  const rows = await db.all(
    `SELECT line_number AS "line", field, reason, kept_values AS "keptValues"
     FROM quarantine WHERE extract_id = $extractId AND ($reason IS NULL OR reason = $reason)
     ORDER BY line_number LIMIT $limit OFFSET $offset`,
    { ...params, limit: options.limit, offset: options.offset },
    quarantineRow,
  );
  return { total: count?.total ?? 0, rows };
}

/** An extract's quarantined rows in line order. */
export async function quarantinedRows(db: Database, extractId: string): Promise<JsonRow[]> {
  return db.all(
    `SELECT line_number AS "line", field, reason, kept_values AS "keptValues"
     FROM quarantine WHERE extract_id = $extractId ORDER BY line_number`,
    { extractId },
  );
}
