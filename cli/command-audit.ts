/**
 * The audit record of a user or token command run on the database directly (no server
 * holds it). Handed to a running server, the same command is audited by the API, with the
 * same action names; here the actor is `local:<OBSERVATORY_USER>` as there.
 */
import { randomUUID } from 'node:crypto';
import { appendAuditEvents, type AuditEvent } from '../pipeline/access/audit-store.ts';
import type { ObservatoryConfig } from '../pipeline/config.ts';
import type { Database } from '../pipeline/db/database.ts';
import { DatabaseError, ObservatoryError } from '../pipeline/errors.ts';
import { statusOfErrorKind } from '../server/http/error-status.ts';

/** What a command did, as the audit names it: the access table's action and the command line's parameters (never a secret). */
export type AuditedCommand = { action: string; command: string; parameters: Record<string, string>; successStatus: 200 | 201 };

function eventOf(config: ObservatoryConfig, command: AuditedCommand, outcome: number): AuditEvent {
  return {
    occurredAt: new Date().toISOString(),
    requestId: `cli-${randomUUID()}`,
    actor: `local:${config.user}`,
    role: 'admin',
    action: command.action,
    method: 'CLI',
    route: `observatory ${command.command}`,
    parameters: JSON.stringify(command.parameters).slice(0, 500),
    indicator: null,
    area: null,
    extract: null,
    period: null,
    datasets: [],
    partners: [],
    outcome,
  };
}

/** Runs a command on the database and appends its audit record, refusals included (with the status the API would answer). */
export async function runAudited<T>(db: Database, config: ObservatoryConfig, command: AuditedCommand, run: () => Promise<T>): Promise<T> {
  let result: { value: T } | { error: unknown };
  try {
    result = { value: await run() };
  } catch (error) {
    result = { error };
  }
  const outcome = 'value' in result ? command.successStatus : result.error instanceof ObservatoryError ? statusOfErrorKind[result.error.kind] : 500;
  try {
    await appendAuditEvents(db, [eventOf(config, command, outcome)]);
  } catch (auditError) {
    const what = 'value' in result ? 'was done' : 'failed';
    throw new DatabaseError(`the command ${what}, but its audit record could not be written`, {}, { cause: 'value' in result ? auditError : [result.error, auditError] });
  }
  if ('error' in result) throw result.error;
  return result.value;
}
