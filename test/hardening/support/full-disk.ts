/**
 * Shared by the full-disk tests (a file size limit, a filled tmpfs): a large police month built from the
 * pilot's real file, and what an ingest changes as one comparable text.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../../pipeline/db/database.ts';
import { tableCounts } from '../../ingest/support/extracts.ts';
import { PILOT_EXTRACTS } from '../../support/temp-observatory.ts';

/** Rows of the pilot's real March 2019 police file (real spread of points), repeated under new ids as May 2019, written to dir/name. */
export async function policeExtract(dir: string, name: string, rows: number): Promise<string> {
  const [header = '', ...lines] = (await readFile(join(PILOT_EXTRACTS, 'police', 'generated-2019-03-lancashire-street.csv'), 'utf8')).trim().split('\n');
  const out = [header];
  for (let i = 1; out.length <= rows; i++) {
    const fields = (lines[i % lines.length] ?? '').split(',');
    fields[0] = i.toString(16).padStart(64, '0');
    out.push(fields.join(',').replace(',2019-03,', ',2019-05,'));
  }
  const file = join(dir, name);
  await writeFile(file, `${out.join('\n')}\n`);
  return file;
}

/** What an ingest changes (extract log, rows of every table; figures too unless rawOnly) as one comparable text. */
export async function stateOf(dbPath: string, rawOnly = false): Promise<string> {
  const db = await Database.open(dbPath);
  try {
    const counts = await tableCounts({ all: (sql, params) => db.all(sql, params) });
    const rawCounts = Object.entries(counts).filter(([table]) => !table.startsWith('audit') && !(rawOnly && table.startsWith('indicator')));
    const log = await db.all(`SELECT extract_id, file_name, sha256, status, rows_loaded FROM extract_log ORDER BY extract_id`);
    return JSON.stringify({ rawCounts, log });
  } finally {
    await db.close();
  }
}
