import { DuckDBTimestampValue, INTEGER, TIMESTAMP, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { z } from 'zod';
import { appendRows } from '../db/column-appender.ts';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';

/** The longest text the audit keeps in a field, and in a request's parameters. */
export const AUDIT_FIELD_LIMIT = 100;
export const AUDIT_PARAMETERS_LIMIT = 500;

const field = z.string().max(AUDIT_FIELD_LIMIT);
/** A dataset or partner id: stored comma-delimited, so it may hold no comma. */
const listedId = z.string().min(1).max(AUDIT_FIELD_LIMIT).regex(/^[^,]*$/, 'must not contain a comma');

/**
 * One audited request: who, in what role, did what to which data, when, and how it ended. Every field is
 * bounded and typed as the audit_event table takes it, so a record that passes can always be appended.
 */
export const auditEventSchema = z.object({
  occurredAt: z.iso.datetime({ offset: true }),
  requestId: field,
  actor: field.min(1),
  role: field.min(1),
  action: z.string().regex(/^[a-z-]{1,40}$/, 'is not an action (e.g. read-figures)'),
  method: z.string().regex(/^[A-Z]{1,10}$/, 'is not a method (GET, POST… or CLI)'),
  route: z.string().min(1).max(200),
  parameters: z.string().max(AUDIT_PARAMETERS_LIMIT),
  indicator: field.nullable(),
  area: field.nullable(),
  extract: field.nullable(),
  period: field.nullable(),
  datasets: z.array(listedId).max(100),
  partners: z.array(listedId).max(100),
  outcome: z.number().int().min(0).max(999),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Filters of GET /api/audit and their limits. */
export const auditFilterSchema = z.object({
  user: z.string().max(64).optional(),
  action: z.string().regex(/^[a-z-]{1,40}$/, 'is not an action (e.g. read-figures)').optional(),
  partner: z.string().regex(/^[a-z0-9-]+$/, 'is not a partner id').optional(),
  dataset: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_]+$/, 'is not a dataset id (partner.dataset)').optional(),
  period: z.string().regex(/^[A-Za-z0-9-]{4,20}$/, 'is not a period id').optional(),
  from: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The audit_event table's column types, in table order. */
const COLUMN_TYPES: readonly DuckDBType[] = [TIMESTAMP, ...Array<DuckDBType>(13).fill(VARCHAR), INTEGER];

/** `,a,b,` so that contains(column, ',a,') finds exactly a. */
function delimited(values: readonly string[]): string {
  return values.length === 0 ? ',' : `,${values.join(',')},`;
}

/** An ISO instant as a TIMESTAMP (UTC, microseconds); refuses text that is not one. */
function timestampOf(iso: string): DuckDBTimestampValue {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new InputError(`"${iso.slice(0, 40)}" is not an instant`, { field: 'occurredAt' });
  return new DuckDBTimestampValue(BigInt(ms) * 1000n);
}

/**
 * Appends audit events in one transaction, through DuckDB's appender: a busy server buffers
 * thousands a second, and binding them as named parameters of INSERTs took the event loop
 * for tens of milliseconds per flush (DuckDB looks each name up among all of the statement's).
 */
export async function appendAuditEvents(db: Database, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => [
    timestampOf(event.occurredAt),
    event.requestId,
    event.actor,
    event.role,
    event.action,
    event.method,
    event.route,
    event.parameters,
    event.indicator,
    event.area,
    event.extract,
    event.period,
    delimited(event.datasets),
    delimited(event.partners),
    event.outcome,
  ]);
  await db.transaction((tx) => appendRows(tx, 'audit_event', COLUMN_TYPES, rows));
}

/** Audit events matching the filters, newest first; `onlyPartner` limits them to events about that partner's data. */
export async function queryAuditEvents(db: Database, filter: AuditFilter, onlyPartner: string | null = null): Promise<AuditEvent[]> {
  const rows = await db.all(
    `SELECT strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, request_id, actor, role, action, method, route, parameters,
            indicator, area, extract, period, datasets, partners, outcome
     FROM audit_event
     WHERE ($user IS NULL OR actor = $user)
       AND ($action IS NULL OR action = $action)
       AND ($partner IS NULL OR contains(partners, ',' || $partner || ','))
       AND ($only IS NULL OR contains(partners, ',' || $only || ','))
       AND ($dataset IS NULL OR contains(datasets, ',' || $dataset || ','))
       AND ($period IS NULL OR period = $period)
       AND ($from IS NULL OR occurred_at >= CAST($from AS TIMESTAMP))
       AND ($to IS NULL OR occurred_at <= CAST($to AS TIMESTAMP))
     ORDER BY occurred_at DESC
     LIMIT $limit`,
    {
      user: filter.user ?? null,
      action: filter.action ?? null,
      partner: filter.partner ?? null,
      only: onlyPartner,
      dataset: filter.dataset ?? null,
      period: filter.period ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      limit: filter.limit,
    },
  );
  const list = (text: unknown) => String(text).split(',').filter(Boolean);
  return rows.map((r) => ({
    occurredAt: String(r.occurred_at),
    requestId: String(r.request_id),
    actor: String(r.actor),
    role: String(r.role),
    action: String(r.action),
    method: String(r.method),
    route: String(r.route),
    parameters: String(r.parameters),
    indicator: r.indicator === null ? null : String(r.indicator),
    area: r.area === null ? null : String(r.area),
    extract: r.extract === null ? null : String(r.extract),
    period: r.period === null ? null : String(r.period),
    datasets: list(r.datasets),
    partners: list(r.partners),
    outcome: Number(r.outcome),
  }));
}

/** Deletes audit events older than the audit's own retention; returns how many went. */
export async function purgeAuditEvents(db: Database, retentionDays: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.all(
      `DELETE FROM audit_event WHERE occurred_at < now()::TIMESTAMP - to_days(CAST($days AS INTEGER)) RETURNING 1`,
      { days: retentionDays },
    );
    return rows.length;
  });
}
