/**
 * Who has used a partner's data, from the audit: successful reads of figures,
 * lineage, area profiles, the multi-agency and serious-violence views, the
 * indicator catalogue, extracts and raw rows that touched one of its datasets,
 * counted by ISO week, role, action and indicator. A read is about the partner's
 * data when the audit recorded one of its datasets: the server sets them from
 * what it answered (an indicator's sources; for a profile, view or the
 * catalogue, the sources of every indicator it showed), never from the request.
 * Names of the people are not given: a partner sees which roles read figures
 * built on its data, not who in another organisation did.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';

/** One line of the usage report: in one ISO week, how often one role did one thing with the partner's data. */
export type UsageRow = {
  /** ISO week, e.g. 2026-W49. */
  week: string;
  /** The Monday that starts the week (YYYY-MM-DD). */
  weekStart: string;
  role: string;
  action: string;
  /** The indicator read, or null for reads not about one indicator (profiles, views, the catalogue, extracts, raw rows). */
  indicator: string | null;
  requests: number;
  /** How many different users (of that role) made them. */
  users: number;
};

/**
 * The audit actions that read a partner's data (the access table's names, fixed here, never from input;
 * test/api/partner-usage-reads.test.ts checks each is one): one indicator's figures or lineage, an area
 * profile, the multi-agency and serious-violence views, the catalogue (its periods and levels come from
 * the data), the extract log, an extract's report and its quarantine (its raw rows, for the roles allowed
 * them), and a dataset's quality over time (rows and quarantine reasons per period).
 */
export const USAGE_ACTIONS = [
  'read-figures',
  'read-lineage',
  'read-profile',
  'read-multi-agency',
  'read-serious-violence',
  'read-catalogue',
  'list-extracts',
  'read-extract-report',
  'read-quarantine',
  'read-data-quality',
  'read-priorities',
  'read-risks',
  'read-interventions',
] as const;
const ACTIONS_SQL = USAGE_ACTIONS.map((action) => `'${action}'`).join(', ');

const usageRow = z
  .object({ iso_year: z.number().int(), iso_week: z.number().int(), week_start: z.string(), role: z.string(), action: z.string(), indicator: z.string().nullable(), requests: z.number().int(), users: z.number().int() })
  .transform((r): UsageRow => ({
    week: `${r.iso_year}-W${String(r.iso_week).padStart(2, '0')}`,
    weekStart: r.week_start,
    role: r.role,
    action: r.action,
    indicator: r.indicator,
    requests: r.requests,
    users: r.users,
  }));

/** Usage of a partner's data by week (newest first), optionally between two days (inclusive). */
export async function partnerUsageByWeek(db: Database, partner: string, range: { from?: string | undefined; to?: string | undefined } = {}): Promise<UsageRow[]> {
  return db.all(
    `SELECT isoyear(occurred_at)::INTEGER AS iso_year, weekofyear(occurred_at)::INTEGER AS iso_week,
            strftime(date_trunc('week', occurred_at), '%Y-%m-%d') AS week_start,
            role, action, indicator, count(*)::INTEGER AS requests, count(DISTINCT actor)::INTEGER AS users
     FROM audit_event
     WHERE contains(partners, ',' || $partner || ',')
       AND outcome < 400
       AND action IN (${ACTIONS_SQL})
       AND ($from IS NULL OR occurred_at >= CAST($from AS TIMESTAMP))
       AND ($to IS NULL OR occurred_at < CAST($to AS TIMESTAMP) + INTERVAL 1 DAY)
     GROUP BY ALL
     ORDER BY week_start DESC, requests DESC, role, action, indicator NULLS LAST`,
    { partner, from: range.from ?? null, to: range.to ?? null },
    usageRow,
  );
}
