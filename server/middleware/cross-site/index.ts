import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, UnsupportedMediaTypeError } from '../../../pipeline/errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPES = ['application/json'];
const UPLOAD_TYPES = ['multipart/form-data', 'text/csv'];

/**
 * Refuses state-changing requests (POST, PUT, PATCH, DELETE) that another site
 * could have made: a browser's Sec-Fetch-Site or Origin naming another site is
 * refused outright, and a cookie session must show it is same-origin (a token in
 * an Authorization header cannot be sent cross-site without a CORS preflight,
 * which this server never grants). Bodies must be JSON sent as
 * application/json (an upload route also takes multipart/form-data or text/csv),
 * so a cross-site `text/plain` form cannot pose as JSON.
 */
export function crossSiteProtection(): MiddlewareHandler {
  return async function protect(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      throw new ForbiddenError(`a ${fetchSite} request may not change anything here`);
    }
    if (origin !== undefined && origin !== own) throw new ForbiddenError(`a request from ${origin.slice(0, 100)} may not change anything here`);
    if (c.get('principal')?.via === 'session' && fetchSite !== 'same-origin' && origin !== own) {
      throw new ForbiddenError('a signed-in browser request that changes something must come from this site (Origin or Sec-Fetch-Site)');
    }
    const rule = c.get('accessRule');
    if (rule?.body === 'none') {
      // The route reads no body, so none can pose as JSON; one that says it has bytes is refused all the same.
      const length = c.req.header('content-length');
      if ((length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined) {
        throw new UnsupportedMediaTypeError('this request takes no body', { field: 'content-type' });
      }
      return next();
    }
    const allowed = rule?.body === 'upload' ? UPLOAD_TYPES : JSON_TYPES;
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const hasBody = c.req.header('content-length') !== undefined ? c.req.header('content-length') !== '0' : c.req.header('transfer-encoding') !== undefined || c.req.raw.body !== null;
    if (hasBody && !allowed.includes(type)) {
      throw new UnsupportedMediaTypeError(`send the body as ${allowed.join(' or ')}, not "${type.slice(0, 60) || 'no content type'}"`, { field: 'content-type' });
    }
    await next();
  };
}
