import type { Context, MiddlewareHandler } from 'hono';
import { AUDIT_FIELD_LIMIT, AUDIT_PARAMETERS_LIMIT, type AuditEvent } from '../../../pipeline/access/audit-store.ts';
import type { AuditBuffer } from '../../audit/audit-buffer.ts';

/** How much of a request's parameters the audit keeps: enough to know what was asked, bounded so long query strings cannot fill the disk. */
export const AUDIT_PARAMETER_LIMIT = AUDIT_PARAMETERS_LIMIT;
const FIELD_LIMIT = AUDIT_FIELD_LIMIT;

function cut(text: string | undefined | null, limit = FIELD_LIMIT): string | null {
  if (text === undefined || text === null || text === '') return null;
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The audit record of a finished request, from what the access middleware learned about it. */
export function auditEventOf(c: Context): AuditEvent | null {
  const rule = c.get('accessRule');
  if (!rule?.audited) return null;
  const principal = c.get('principal');
  const params = c.get('accessParams') ?? {};
  const query = c.req.query();
  const datasets = [...new Set(c.get('auditDatasets') ?? [])].sort();
  const parameters = JSON.stringify({ ...params, ...query });
  return {
    occurredAt: new Date().toISOString(),
    requestId: cut(c.get('requestId')) ?? '',
    actor: cut(principal?.name) ?? 'anonymous',
    role: principal?.role ?? 'none',
    action: rule.action,
    method: c.req.method,
    route: rule.path,
    parameters: cut(parameters, AUDIT_PARAMETER_LIMIT) ?? '{}',
    indicator: rule.path.startsWith('/api/indicators/') ? cut(params.id) : null,
    area: cut(params.code ?? query.area),
    extract: rule.path.startsWith('/api/extracts/') ? cut(params.id) : null,
    period: cut(query.period),
    datasets,
    partners: [...new Set(datasets.map((d) => d.split('.')[0] ?? d))].sort(),
    outcome: c.res.status,
  };
}

/**
 * Writes every request that reads or changes data to the audit: who, role,
 * action, indicator/area/extract, when, outcome and request id. Records go to an
 * in-memory buffer that is appended when the database writer is free, so this
 * never makes a request wait or fail.
 */
export function audit(buffer: AuditBuffer): MiddlewareHandler {
  return async function auditRequest(c, next) {
    c.set('auditDatasets', []);
    await next();
    try {
      const event = auditEventOf(c);
      if (event) buffer.record(event);
    } catch (error) {
      // The answer is already made; a broken audit record must not replace it with a 500.
      console.error('audit: could not record a request', error);
    }
  };
}
