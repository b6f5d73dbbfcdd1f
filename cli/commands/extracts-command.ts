import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { NotFoundError } from '../../pipeline/errors.ts';
import { listExtracts, quarantinedRows } from '../../pipeline/ingest/extract-log.ts';
import { formatTable } from '../summary-table.ts';
import type { CommandIo } from '../command-io.ts';

async function withDatabase<T>(config: ObservatoryConfig, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(config.databasePath);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The log stores these as JSON text; --json prints them as JSON values, as the API does. */
const JSON_TEXT_COLUMNS = ['fieldsDropped', 'quarantineReasons', 'quality'] as const;

/** observatory extracts [--json]: the extract log. */
export async function extractsCommand(config: ObservatoryConfig, options: { json: boolean }, io: CommandIo): Promise<number> {
  const rows = await withDatabase(config, (db) => listExtracts(db));
  if (options.json) {
    for (const row of rows) {
      const parsed = { ...row };
      for (const column of JSON_TEXT_COLUMNS) if (typeof row[column] === 'string') parsed[column] = JSON.parse(row[column]) as unknown;
      io.out(JSON.stringify(parsed));
    }
  } else {
    io.out(
      formatTable(
        ['extract', 'dataset', 'file', 'status', 'period', 'read', 'loaded', 'quarantined', 'superseded by'],
        rows.map((r) => [
          String(r.extractId),
          String(r.dataset ?? '?'),
          String(r.file),
          String(r.status),
          r.periodStart ? `${String(r.periodStart)}…${String(r.periodEnd)}` : '',
          Number(r.rowsRead),
          Number(r.rowsLoaded),
          Number(r.rowsQuarantined),
          String(r.supersededBy ?? ''),
        ]),
      ),
    );
  }
  return 0;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** observatory quarantine <extract-id> [--csv]: an extract's quarantined rows. */
export async function quarantineCommand(config: ObservatoryConfig, options: { extractId: string; csv: boolean }, io: CommandIo): Promise<number> {
  const rows = await withDatabase(config, async (db) => {
    const known = await db.all(`SELECT extract_id FROM extract_log WHERE extract_id = $id`, { id: options.extractId });
    if (known.length === 0) throw new NotFoundError(`no extract "${options.extractId}"; observatory extracts lists them`, { field: 'extract-id' });
    return quarantinedRows(db, options.extractId);
  });
  if (options.csv) {
    io.out('line,field,reason,kept_values');
    for (const r of rows) io.out([r.line, r.field, r.reason, r.keptValues].map(csvCell).join(','));
  } else {
    io.out(formatTable(['line', 'field', 'reason'], rows.map((r) => [Number(r.line), String(r.field ?? ''), String(r.reason)])));
    io.out(`${rows.length.toLocaleString('en-GB')} quarantined rows`);
  }
  return 0;
}
