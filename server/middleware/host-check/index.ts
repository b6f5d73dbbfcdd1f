import type { MiddlewareHandler } from 'hono';
import { MisdirectedError } from '../../../pipeline/errors.ts';

/**
 * Answers only requests addressed to a configured host name (default localhost
 * and 127.0.0.1). A page on an attacker's domain that re-points its DNS name at
 * this machine (DNS rebinding) sends its own name as Host, and is refused.
 */
export function hostCheck(allowedHosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
  return async function checkHost(c, next) {
    const host = new URL(c.req.url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (!allowed.has(host)) {
      throw new MisdirectedError(`this server does not answer for the host "${host.slice(0, 100)}"; it answers ${[...allowed].join(', ')} (OBSERVATORY_ALLOWED_HOSTS)`);
    }
    await next();
  };
}
