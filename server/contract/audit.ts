/** The audit log as GET /api/audit answers it. */
import { z } from 'zod';

export const AuditEvent = z
  .object({
    occurredAt: z.string(),
    requestId: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    method: z.string(),
    route: z.string(),
    parameters: z.string(),
    indicator: z.string().nullable(),
    area: z.string().nullable(),
    extract: z.string().nullable(),
    period: z.string().nullable(),
    datasets: z.array(z.string()),
    partners: z.array(z.string()),
    outcome: z.number().int(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditLog = z
  .object({ events: z.array(AuditEvent), pending: z.number().int().meta({ description: 'Records still in the buffer, not yet written.' }) })
  .meta({ id: 'AuditLog' });
export type AuditLog = z.infer<typeof AuditLog>;
