import { Hono } from 'hono';
import { auditFilterSchema, queryAuditEvents } from '../../pipeline/access/audit-store.ts';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';

/**
 * GET /api/audit?user&partner&dataset&period&from&to&limit: the audit, newest
 * first. Admins see all of it; a partner only events about figures and extracts
 * built on its own data. There is no route that changes it. Records still in the
 * buffer are flushed first when the writer is free, so a reader sees recent requests.
 */
export function auditRoutes(state: ObservatoryState) {
  return new Hono().get('/', async (c) => {
    const filter = parseInput(auditFilterSchema, c.req.query());
    await state.auditBuffer.settleForReader();
    const principal = c.get('principal');
    const own = principal ? partnerOfRole(principal.role) : null;
    const events = await queryAuditEvents(state.db, filter, own);
    return c.json({ events, pending: state.auditBuffer.size }, 200);
  });
}
