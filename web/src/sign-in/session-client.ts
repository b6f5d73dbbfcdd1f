/** The session endpoints as the web app uses them: sign in, who am I, sign out. */
import { z } from 'zod';

export const SessionState = z.union([
  z.object({ signedIn: z.literal(true), name: z.string(), role: z.string() }),
  z.object({ signedIn: z.literal(false), publicAggregates: z.boolean().optional() }),
]);
export type SessionState = z.infer<typeof SessionState>;

const Problem = z.object({ detail: z.string().optional(), title: z.string().optional() });

/** A sign-in that did not work, with a message to show as it is. */
export class SignInError extends Error {}

/** Whether a typed secret is a token (obs_…) rather than a password. */
export function looksLikeToken(secret: string): boolean {
  return /^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(secret.trim());
}

/** Who is signed in, from GET /api/session. */
export async function currentSession(fetchImpl: typeof fetch = fetch): Promise<SessionState> {
  const response = await fetchImpl('/api/session', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new SignInError(`The observatory answered ${response.status} when asked who is signed in.`);
  return SessionState.parse(await response.json());
}

/** The message to show for a refused sign-in, in plain English. */
export async function refusalMessage(response: Response): Promise<string> {
  if (response.status === 401) return 'That name and token or password do not match an active user. Check them and try again.';
  const problem = Problem.safeParse(await response.json().catch(() => null));
  const detail = problem.success ? (problem.data.detail ?? problem.data.title) : undefined;
  if (response.status === 429) return `Too many attempts: ${detail ?? 'wait a few minutes and try again.'}`;
  return detail ? `Sign-in did not work: ${detail}.` : `Sign-in did not work (the server answered ${response.status}).`;
}

/** Signs in with a name and a token or password; the server sets the session cookie. */
export async function signIn(name: string, secret: string, fetchImpl: typeof fetch = fetch): Promise<SessionState> {
  const body = looksLikeToken(secret) ? { name: name.trim(), token: secret.trim() } : { name: name.trim(), password: secret };
  let response: Response;
  try {
    response = await fetchImpl('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    throw new SignInError('The observatory server could not be reached.', { cause: error });
  }
  if (!response.ok) throw new SignInError(await refusalMessage(response));
  return SessionState.parse(await response.json());
}

/** Signs out (ends the session and clears the cookie). */
export async function signOut(fetchImpl: typeof fetch = fetch): Promise<void> {
  const response = await fetchImpl('/api/session', { method: 'DELETE', headers: { accept: 'application/json' } });
  if (!response.ok) throw new SignInError(`Signing out did not work (the server answered ${response.status}).`);
}

/** Where to go after signing in: a path on this site from ?next=, else the map. Never another site. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
