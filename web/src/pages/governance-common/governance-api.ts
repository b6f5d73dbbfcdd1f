/**
 * The agreement, partner, user and audit endpoints as the governance pages call
 * them: every answer parsed with the API contract's schema, every refusal an
 * ApiError carrying the problem's detail and status (so a 403 becomes the
 * "You do not have access" page, not a broken screen).
 */
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import {
  AgreementDetail,
  AgreementList,
  AuditLog,
  IssuedToken,
  PartnerUsage,
  PartnerWindow,
  Problem,
  TokenList,
  TokenListing,
  User,
  UserList,
} from '../../../../server/contract/index.ts';

async function problemDetail(response: Response): Promise<string> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  const problem = Problem.partial().safeParse(await response.json().catch(() => null));
  return problem.success ? (problem.data.detail ?? problem.data.title ?? fallback) : fallback;
}

async function call<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) } });
  } catch (error) {
    throw new ApiError('The observatory server could not be reached.', 0, path, { cause: error });
  }
  if (!response.ok) throw new ApiError(await problemDetail(response), response.status, path);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new ApiError(`The server sent an unexpected answer for ${path}.`, response.status, path, { cause: parsed.error });
  return parsed.data;
}

const post = <S extends z.ZodType>(path: string, schema: S, body?: unknown) =>
  call(path, schema, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** Filters of the audit log, as the admin page's form and URL hold them. */
export type AuditFilters = { user?: string; action?: string; from?: string; to?: string; limit?: string };

/** The governance endpoints. */
export const governanceApi = {
  agreements: (attention = false) => call(`/api/agreements${attention ? '?attention=true' : ''}`, AgreementList),
  agreement: (id: string, version?: string | null) => call(`/api/agreements/${encodeURIComponent(id)}${version ? `?${new URLSearchParams({ version })}` : ''}`, AgreementDetail),
  partner: (id: string) => call(`/api/partners/${encodeURIComponent(id)}`, PartnerWindow),
  usage: (id: string) => call(`/api/partners/${encodeURIComponent(id)}/usage`, PartnerUsage),
  /** Where the usage CSV downloads from. */
  usageCsvUrl: (id: string) => `/api/partners/${encodeURIComponent(id)}/usage?format=csv`,
  users: () => call('/api/users', UserList),
  addUser: (name: string, role: string) => post('/api/users', User, { name, role }),
  disableUser: (name: string) => post(`/api/users/${encodeURIComponent(name)}/disable`, User),
  issueToken: (name: string, expires: string | null, label: string | null = null) =>
    post(`/api/users/${encodeURIComponent(name)}/tokens`, IssuedToken, { ...(expires ? { expires } : {}), ...(label ? { label } : {}) }),
  tokens: (name: string) => call(`/api/users/${encodeURIComponent(name)}/tokens`, TokenList),
  revokeToken: (name: string, id: string) => call(`/api/users/${encodeURIComponent(name)}/tokens/${encodeURIComponent(id)}`, TokenListing, { method: 'DELETE' }),
  audit: (filters: AuditFilters) => {
    const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return call(`/api/audit${query.size > 0 ? `?${query}` : ''}`, AuditLog);
  },
};
