import type { MiddlewareHandler } from 'hono';
import { MisdirectedError } from '../../../pipeline/errors.ts';

/**
 * Answers only requests addressed to a configured host name (default localhost
 * and 127.0.0.1). A page on an attacker's domain that re-points its DNS name at
 * this machine (DNS rebinding) sends its own name as Host, and is refused.
 */
export function hostCheck(allowedHosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
  // Parsing the URL is most of this check's cost, and clients send few distinct origins: each is parsed once.
  const hostOfOrigin = new Map<string, string>();
  return async function checkHost(c, next) {
    const url = c.req.url;
    // Everything before the path's first '/' holds the whole authority, so it decides the host name.
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const origin = pathStart === -1 ? url : url.slice(0, pathStart);
    let host = hostOfOrigin.get(origin);
    if (host === undefined) {
      host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
      if (hostOfOrigin.size >= 1000) hostOfOrigin.clear();
      hostOfOrigin.set(origin, host);
    }
    if (!allowed.has(host)) {
      throw new MisdirectedError(`this server does not answer for the host "${host.slice(0, 100)}"; it answers ${[...allowed].join(', ')} (OBSERVATORY_ALLOWED_HOSTS)`);
    }
    await next();
  };
}
