import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual } from '../../../pipeline/access/secret-hash.ts';
import { partnerOfRole } from '../../../pipeline/access/role.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../pipeline/errors.ts';
import { loadMultiAgencyConfig } from '../../../pipeline/indicators/multi-agency-view.ts';
import { roleKind, type AccessRule } from '../../access/access-table.ts';
import { LOCAL_SECRET_HEADER } from '../../access/credentials.ts';
import { datasetsOfIndicator, mayReadIndicator } from '../../access/data-access.ts';
import type { ObservatoryState } from '../../observatory-state.ts';

/** Registered once per access-table row on its method and path: marks the request with its row and parameters. */
export function markAccessRule(rule: AccessRule): MiddlewareHandler {
  return async function mark(c, next) {
    c.set('accessRule', rule);
    c.set('accessParams', c.req.param());
    await next();
  };
}

/**
 * Enforces the access table: a request no row matched is a 404 (nothing is open
 * by accident), no credentials where a role is needed is a 401, the wrong role a
 * 403, and the row's data-level rule (agreement lists, a partner's own data)
 * decides the rest. Routes then filter lists by the same rules.
 */
export function authorization(state: ObservatoryState): MiddlewareHandler {
  const multiAgencyInputs = loadMultiAgencyConfig(state.partnership.dir, state.definitions)?.inputs ?? [];
  return async function authorize(c, next) {
    const rule = c.get('accessRule') ?? null;
    if (!rule) throw new NotFoundError(`no such API endpoint: ${c.req.method} ${c.req.path}`);
    const secret = c.req.header(LOCAL_SECRET_HEADER);
    if (rule.who === 'local' || (rule.localHandOff === true && secret !== undefined)) {
      // The CLI's hand-off: only the secret in the file beside the database opens it, never a cookie or token,
      // and never a browser (which would send Sec-Fetch-* or Origin, and cannot add the header cross-origin).
      // It acts as the server's local user with the admin role: whoever can read the file can open the database itself.
      if (c.req.header('sec-fetch-site') !== undefined || c.req.header('origin') !== undefined) {
        throw new ForbiddenError('the local hand-off does not accept requests from a browser');
      }
      if (!state.access.localSecret || !secret || !constantTimeEqual(secret, state.access.localSecret)) {
        throw new UnauthenticatedError(`the local hand-off needs the secret in the file beside the database (${LOCAL_SECRET_HEADER})`);
      }
      c.set('principal', { name: `local:${state.ingest.loadedBy}`, role: 'admin', via: 'local' });
      return next();
    }
    if (rule.who === 'anyone') return next();
    const principal = c.get('principal');
    if (!principal) throw new UnauthenticatedError('sign in first: send Authorization: Bearer <token>, or sign in at /sign-in');
    if (!rule.who.includes(roleKind(principal.role))) {
      throw new ForbiddenError(`the ${principal.role} role may not ${rule.action.replace('-', ' ')}`);
    }
    const params = c.get('accessParams');
    switch (rule.data) {
      case 'indicator-aggregates': {
        const definition = state.definitions.find((d) => d.id === params.id);
        if (!definition) break; // the route answers 404
        c.set('auditDatasets', datasetsOfIndicator(state, definition));
        if (!mayReadIndicator(state, principal.role, definition)) {
          throw new ForbiddenError(`the agreements behind "${definition.id}" do not let ${principal.role} see its figures`);
        }
        break;
      }
      case 'all-inputs-aggregates': {
        const inputs = state.definitions.filter((d) => multiAgencyInputs.includes(d.id));
        c.set('auditDatasets', inputs.flatMap((d) => datasetsOfIndicator(state, d)));
        const hidden = inputs.filter((d) => !mayReadIndicator(state, principal.role, d));
        if (hidden.length > 0) {
          throw new ForbiddenError(`the agreements behind ${hidden.map((d) => d.id).join(', ')} do not let ${principal.role} see their figures`);
        }
        break;
      }
      case 'own-extract': {
        const own = partnerOfRole(principal.role);
        if (own === null) break;
        const rows = await state.db.all(`SELECT partner FROM extract_log WHERE extract_id = $id`, { id: params.id ?? '' });
        const row = rows[0];
        if (row && row.partner !== own) throw new ForbiddenError(`this extract belongs to another partner; ${principal.role} may see only its own`);
        break;
      }
      case 'own-extracts': {
        const own = partnerOfRole(principal.role);
        const asked = c.req.query('partner');
        if (own !== null && asked !== undefined && asked !== own) throw new ForbiddenError(`${principal.role} may see only its own extracts`);
        break;
      }
      case 'own-audit': {
        const own = partnerOfRole(principal.role);
        const asked = c.req.query('partner');
        if (own !== null && asked !== undefined && asked !== own) throw new ForbiddenError(`${principal.role} may read only the audit of its own data`);
        break;
      }
      case 'own-agreements': {
        const own = partnerOfRole(principal.role);
        const agreement = params.id === undefined ? undefined : state.agreements.find((a) => a.id === params.id);
        if (own !== null && agreement !== undefined && agreement.partner !== own) {
          throw new ForbiddenError(`you do not have access to agreement ${agreement.id}: it is ${agreement.partnerName}'s, and ${principal.role} may see only its own agreements`);
        }
        break;
      }
      case 'own-partner': {
        const own = partnerOfRole(principal.role);
        if (own !== null && params.id !== own) throw new ForbiddenError(`you do not have access to partner "${params.id ?? ''}": ${principal.role} may see only its own window`);
        break;
      }
      case 'own-datasets':
      case 'visible-indicators':
      case 'none':
        break;
    }
    await next();
  };
}
