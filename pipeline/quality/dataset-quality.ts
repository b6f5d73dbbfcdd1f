/**
 * A dataset's data quality over time, from the extract log and the loaded rows: whether the
 * latest month is in, rows per month against the usual, quarantine by reason per extract,
 * and points that disagree with the area code the partner supplied.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { jsonText } from '../db/typed-rows.ts';
import type { DatasetModule } from '../datasets/dataset-module.ts';

export type MonthRows = { period: string; rows: number; usual: number; unusual: boolean; why: string | null };

export type ExtractQualityLine = {
  extractId: string;
  file: string;
  periodStart: string | null;
  periodEnd: string | null;
  rowsRead: number;
  rowsQuarantined: number;
  quarantineRate: number;
  reasons: { reason: string; rows: number; rate: number }[];
  codeDisagreements: number | null;
};

export type DatasetQualityReport = {
  dataset: string;
  title: string;
  freshness: { latestMonth: string | null; expectedMonth: string; monthsBehind: number | null; fresh: boolean };
  periods: MonthRows[];
  extracts: ExtractQualityLine[];
  method: string;
};

/** A month is unusual when it is this far from the median, in robust standard deviations (1.4826 × MAD)… */
const UNUSUAL_DEVIATIONS = 3;
/** …and at least this share away from it, so a dataset with almost no spread does not flag every wobble. */
const UNUSUAL_SHARE = 0.25;

export const QUALITY_METHOD =
  `Rows per month are the loaded rows of the extracts in force (replaced extracts excluded); a month missing between the first and the last counts 0 rows. The usual is the median over the dataset's months; ` +
  `a month is unusual when it is more than ${UNUSUAL_DEVIATIONS} robust standard deviations (1.4826 × the median absolute deviation) and more than ` +
  `${UNUSUAL_SHARE * 100}% from the median. The latest month is expected to be the last whole month before today. Quarantine rates are per extract ` +
  `(a quarantined row's own date may be unreadable, so it is counted in the extract's months); code disagreements are rows whose point lies in ` +
  `another LSOA than the code the partner supplied (the point wins).`;

/** The median of numbers (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Flags months whose rows are far from the usual (the median), by the rule in QUALITY_METHOD. */
export function flagUnusualMonths(months: readonly { period: string; rows: number }[]): MonthRows[] {
  const counts = months.map((m) => m.rows);
  const usual = median(counts);
  const spread = 1.4826 * median(counts.map((n) => Math.abs(n - usual)));
  return months.map(({ period, rows }) => {
    const distance = Math.abs(rows - usual);
    const unusual = usual > 0 && distance > UNUSUAL_SHARE * usual && (spread === 0 || distance > UNUSUAL_DEVIATIONS * spread);
    const why = unusual && rows === 0 ? 'no rows: a month missing between the first and the last' : unusual ? `${rows.toLocaleString('en-GB')} rows against a usual ${Math.round(usual).toLocaleString('en-GB')} (${rows > usual ? '+' : '−'}${Math.round((distance / usual) * 100)}%)` : null;
    return { period, rows, usual, unusual, why };
  });
}

/** Months with rows, with every month missing between the first and the last added at 0 rows (a gap is news too). */
export function fillMonthGaps(months: readonly { period: string; rows: number }[]): { period: string; rows: number }[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const rows = new Map(months.map((m) => [m.period, m.rows]));
  const filled: { period: string; rows: number }[] = [];
  for (let i = monthIndex(first.period); i <= monthIndex(last.period); i++) {
    const period = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    filled.push({ period, rows: rows.get(period) ?? 0 });
  }
  return filled;
}

/** The YYYY-MM before the month of a YYYY-MM-DD day. */
export function lastWholeMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

const logRow = z.object({
  extract_id: z.string(),
  file_name: z.string(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  rows_read: z.number().int(),
  rows_quarantined: z.number().int(),
  quarantine_reasons: jsonText(z.record(z.string(), z.number())),
  quality: jsonText(z.object({ codeDisagreements: z.number().optional() }).loose()),
});

/** The quality report of one dataset on a day. The table name comes from the dataset module, never from input. */
export async function datasetQuality(db: Database, module: DatasetModule, today: string): Promise<DatasetQualityReport> {
  const months = await db.all(
    `SELECT strftime(period, '%Y-%m') AS period, count(*)::INTEGER AS rows FROM ${module.table} GROUP BY period ORDER BY period`,
    {},
    z.object({ period: z.string(), rows: z.number().int() }),
  );
  const log = await db.all(
    `SELECT extract_id, file_name, strftime(period_start, '%Y-%m') AS period_start, strftime(period_end, '%Y-%m') AS period_end,
            rows_read, rows_quarantined, quarantine_reasons, quality
     FROM extract_log
     WHERE dataset = $dataset AND status = 'loaded' AND superseded_by IS NULL
     ORDER BY period_start NULLS LAST, extract_id`,
    { dataset: module.id },
    logRow,
  );
  const latestMonth = months.length > 0 ? (months[months.length - 1]?.period ?? null) : null;
  const expectedMonth = lastWholeMonth(today);
  const monthsBehind = latestMonth === null ? null : Math.max(0, monthIndex(expectedMonth) - monthIndex(latestMonth));
  return {
    dataset: module.id,
    title: module.title,
    freshness: { latestMonth, expectedMonth, monthsBehind, fresh: monthsBehind === 0 },
    periods: flagUnusualMonths(fillMonthGaps(months)),
    extracts: log.map((row) => ({
      extractId: row.extract_id,
      file: row.file_name,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      rowsRead: row.rows_read,
      rowsQuarantined: row.rows_quarantined,
      quarantineRate: row.rows_read > 0 ? row.rows_quarantined / row.rows_read : 0,
      reasons: Object.entries(row.quarantine_reasons)
        .map(([reason, rows]) => ({ reason, rows, rate: row.rows_read > 0 ? rows / row.rows_read : 0 }))
        .sort((a, b) => b.rows - a.rows),
      codeDisagreements: row.quality.codeDisagreements ?? null,
    })),
    method: QUALITY_METHOD,
  };
}
