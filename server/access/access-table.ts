import type { Role } from '../../pipeline/access/role.ts';

/**
 * What each role may do: ONE table, role × route × action. The authorization
 * middleware enforces it for every request under /api (a route missing from it
 * answers 404, so nothing is open by accident), and test/access/role-table.test.ts
 * walks it for every endpoint and every role. The data-level rule of a row says
 * which agreement list (access.aggregates or access.rawRows) or ownership check
 * applies on top of the role; server/access/data-access.ts implements them.
 */

/** Kinds of role as the table names them; `partner` stands for every `partner:<id>`. */
export type RoleKind = 'admin' | 'analyst' | 'executive' | 'partner' | 'public';

export const ROLE_KINDS: readonly RoleKind[] = ['admin', 'analyst', 'executive', 'partner', 'public'];

/**
 * Data-level rules:
 * - none: the role is enough.
 * - indicator-aggregates: the role must be in access.aggregates of every agreement the indicator (:id) is built on.
 * - visible-indicators: the route shows only indicators whose agreements' access.aggregates name the role.
 * - all-inputs-aggregates: the role must be allowed the aggregates of every input of the multi-agency view.
 * - own-extracts: a partner sees only its own extracts.
 * - own-extract: the extract (:id) must be the partner's own; its raw values go only to roles its agreement's access.rawRows names (the route masks them).
 * - own-datasets: a partner sees only its own datasets (the route filters the list and refuses another's :id).
 * - own-audit: a partner sees only audit events about figures built on its own data.
 * - own-agreements: a partner lists only its own agreements, and an agreement (:id) must be its own.
 * - own-partner: a partner may open only its own window (:id is its partner id).
 */
export type DataRule = 'none' | 'indicator-aggregates' | 'visible-indicators' | 'all-inputs-aggregates' | 'own-extracts' | 'own-extract' | 'own-datasets' | 'own-audit' | 'own-agreements' | 'own-partner';

export type AccessRule = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The Hono route pattern, from the root. */
  path: string;
  /**
   * What the request does, as the audit records it. A partner's usage report counts the reads of its
   * data by these names (USAGE_ACTIONS in pipeline/access/partner-usage.ts), so a view or page that reads
   * figures gets its own name (read-profile, read-multi-agency) rather than the one-indicator read-figures.
   */
  action: string;
  /**
   * Who may: role kinds (a signed-in user, or the anonymous public when the partnership publishes
   * aggregates), `anyone` (no credentials needed) or `local` (only the CLI's hand-off secret).
   */
  who: readonly RoleKind[] | 'anyone' | 'local';
  data: DataRule;
  /** Whether the request reads or changes data, and so is written to the audit. */
  audited: boolean;
  /**
   * Whether the CLI's hand-off secret also opens the row (the `user` and `token` commands while a
   * server holds the database): a request carrying it acts as the server's local user, with the
   * admin role, since whoever can read that file can open the database file itself.
   */
  localHandOff?: boolean;
  /**
   * What body a state-changing request may carry: JSON (the default), an extract upload (multipart form or
   * text/csv), or none (a DELETE whose route reads no body: an empty one is accepted whatever its framing).
   */
  body?: 'json' | 'upload' | 'none';
};

const ALL_ROLES: readonly RoleKind[] = ROLE_KINDS;
const SIGNED_IN_STAFF: readonly RoleKind[] = ['admin', 'analyst', 'executive', 'partner'];
/** Board views combine figures of every partner's datasets, so only the partnership's own staff see them. */
const BOARD_READERS: readonly RoleKind[] = ['admin', 'analyst', 'executive'];

/** The table. Keep one row per route the API serves. */
export const ACCESS_TABLE: readonly AccessRule[] = [
  { method: 'GET', path: '/api/health', action: 'check-health', who: 'anyone', data: 'none', audited: false },
  { method: 'GET', path: '/api/openapi.json', action: 'read-api-contract', who: 'anyone', data: 'none', audited: false },
  { method: 'GET', path: '/api/docs', action: 'read-api-reference', who: 'anyone', data: 'none', audited: false },
  { method: 'GET', path: '/api/docs/scalar.js', action: 'read-api-reference', who: 'anyone', data: 'none', audited: false },
  { method: 'GET', path: '/api/session', action: 'show-session', who: 'anyone', data: 'none', audited: false },
  { method: 'POST', path: '/api/session', action: 'sign-in', who: 'anyone', data: 'none', audited: true },
  { method: 'DELETE', path: '/api/session', action: 'sign-out', who: ALL_ROLES, data: 'none', audited: true },
  { method: 'GET', path: '/api/indicators', action: 'read-catalogue', who: ALL_ROLES, data: 'visible-indicators', audited: true },
  { method: 'GET', path: '/api/indicators/:id/values', action: 'read-figures', who: ALL_ROLES, data: 'indicator-aggregates', audited: true },
  { method: 'GET', path: '/api/indicators/:id/series', action: 'read-figures', who: ALL_ROLES, data: 'indicator-aggregates', audited: true },
  { method: 'GET', path: '/api/indicators/:id/lineage', action: 'read-lineage', who: SIGNED_IN_STAFF, data: 'indicator-aggregates', audited: true },
  { method: 'GET', path: '/api/areas/:code/profile', action: 'read-profile', who: ALL_ROLES, data: 'visible-indicators', audited: true },
  { method: 'GET', path: '/api/multi-agency', action: 'read-multi-agency', who: ALL_ROLES, data: 'all-inputs-aggregates', audited: true },
  // Police and NHS figures side by side: the partnership's own staff, and the route checks each input's agreements too.
  { method: 'GET', path: '/api/serious-violence', action: 'read-serious-violence', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'GET', path: '/api/geographies/:level', action: 'read-boundaries', who: ALL_ROLES, data: 'none', audited: false },
  { method: 'GET', path: '/api/geographies/:level/index', action: 'read-boundaries', who: ALL_ROLES, data: 'none', audited: false },
  { method: 'GET', path: '/api/geographies/:level/tiles/:z/:x/:y', action: 'read-boundaries', who: ALL_ROLES, data: 'none', audited: false },
  { method: 'GET', path: '/api/extracts', action: 'list-extracts', who: ['admin', 'analyst', 'partner'], data: 'own-extracts', audited: true },
  { method: 'GET', path: '/api/extracts/:id', action: 'read-extract-report', who: ['admin', 'analyst', 'partner'], data: 'own-extract', audited: true },
  { method: 'GET', path: '/api/extracts/:id/quarantine', action: 'read-quarantine', who: ['admin', 'analyst', 'partner'], data: 'own-extract', audited: true },
  // An upload job's state, from the database after a restart; the route lets only the uploader or an admin read it.
  { method: 'GET', path: '/api/extracts/jobs/:id/status', action: 'read-upload-job', who: ['admin', 'analyst', 'partner'], data: 'none', audited: true },
  // A partner uploads its own datasets, so it follows its own upload's progress; the route lets only a job's uploader (or an admin) follow it.
  { method: 'GET', path: '/api/extracts/jobs/:id/progress', action: 'follow-upload', who: ['admin', 'analyst', 'partner'], data: 'none', audited: true },
  // Cancelling an upload before it loads: the route lets only the job's uploader (or an admin) cancel it.
  { method: 'POST', path: '/api/extracts/jobs/:id/cancel', action: 'cancel-upload', who: ['admin', 'analyst', 'partner'], data: 'none', audited: true, body: 'none' },
  { method: 'GET', path: '/api/datasets', action: 'list-datasets', who: ['admin', 'analyst', 'partner'], data: 'own-datasets', audited: true },
  { method: 'GET', path: '/api/datasets/:id/quality', action: 'read-data-quality', who: ['admin', 'analyst', 'partner'], data: 'own-datasets', audited: true },
  // Partners upload too, only their own datasets: the ingest refuses another partner's file once its header says whose it is.
  { method: 'POST', path: '/api/extracts', action: 'upload-extract', who: ['admin', 'analyst', 'partner'], data: 'none', audited: true, body: 'upload' },
  { method: 'POST', path: '/api/extracts/local', action: 'local-ingest', who: 'local', data: 'none', audited: true },
  { method: 'GET', path: '/api/audit', action: 'read-audit', who: ['admin', 'partner'], data: 'own-audit', audited: true },
  { method: 'GET', path: '/api/agreements', action: 'read-agreements', who: SIGNED_IN_STAFF, data: 'own-agreements', audited: true },
  { method: 'GET', path: '/api/agreements/:id', action: 'read-agreements', who: SIGNED_IN_STAFF, data: 'own-agreements', audited: true },
  { method: 'GET', path: '/api/partners/:id', action: 'read-partner', who: ['admin', 'analyst', 'partner'], data: 'own-partner', audited: true },
  { method: 'GET', path: '/api/partners/:id/usage', action: 'read-partner-usage', who: ['admin', 'partner'], data: 'own-partner', audited: true },
  { method: 'GET', path: '/api/users', action: 'list-users', who: ['admin'], data: 'none', audited: true, localHandOff: true },
  { method: 'POST', path: '/api/users', action: 'add-user', who: ['admin'], data: 'none', audited: true, localHandOff: true },
  { method: 'POST', path: '/api/users/:name/disable', action: 'disable-user', who: ['admin'], data: 'none', audited: true, localHandOff: true },
  { method: 'POST', path: '/api/users/:name/tokens', action: 'issue-token', who: ['admin'], data: 'none', audited: true, localHandOff: true },
  { method: 'GET', path: '/api/users/:name/tokens', action: 'list-tokens', who: ['admin'], data: 'none', audited: true, localHandOff: true },
  { method: 'DELETE', path: '/api/users/:name/tokens/:id', action: 'revoke-token', who: ['admin'], data: 'none', audited: true, localHandOff: true, body: 'none' },
  // `observatory user password` while a server runs: the password travels in the JSON body, never a URL, and is never logged or audited.
  { method: 'POST', path: '/api/users/:name/password', action: 'set-password', who: 'local', data: 'none', audited: true },
  { method: 'GET', path: '/api/priorities', action: 'read-priorities', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'GET', path: '/api/priorities/:id', action: 'read-priorities', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'GET', path: '/api/risks', action: 'read-risks', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'GET', path: '/api/risks/:id', action: 'read-risks', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'PUT', path: '/api/risks/:id/reviews', action: 'review-risk', who: ['admin'], data: 'none', audited: true },
  { method: 'GET', path: '/api/interventions', action: 'read-interventions', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'GET', path: '/api/interventions/:id', action: 'read-interventions', who: BOARD_READERS, data: 'none', audited: true },
  { method: 'POST', path: '/api/interventions', action: 'add-intervention', who: ['admin', 'analyst'], data: 'none', audited: true },
];

/** The kind of a role as the table names it. */
export function roleKind(role: Role): RoleKind {
  switch (role) {
    case 'admin':
    case 'analyst':
    case 'executive':
    case 'public':
      return role;
    default:
      return 'partner';
  }
}
