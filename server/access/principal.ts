import type { Role } from '../../pipeline/access/role.ts';
import type { AccessRule } from './access-table.ts';

/** Who is making a request and how they proved it. */
export type Principal = {
  name: string;
  role: Role;
  /** token: Authorization: Bearer; session: the sign-in cookie; anonymous: public figures without sign-in; local: the CLI's hand-off secret. */
  via: 'token' | 'session' | 'anonymous' | 'local';
};

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the authentication middleware; null when the request carries no valid credentials. */
    principal: Principal | null;
    /** The access table's row for this request, set by the authorization middleware. */
    accessRule: AccessRule | null;
    /** The route parameters the access rule matched (id, code …), for data-level checks and the audit. */
    accessParams: Record<string, string>;
    /** Datasets the request touched, for the audit (set by data-level checks and routes). */
    auditDatasets: string[];
  }
}
