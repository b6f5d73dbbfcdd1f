import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

/**
 * Security headers for the web app and the API: a strict Content-Security-Policy (everything from this
 * origin; MapLibre's workers from blob:; no inline scripts or styles, no plugins, no framing). When the
 * partnership sets a basemap style, the map may fetch (style, tiles, sprites, glyphs) from that style's
 * origin, and from no other.
 */
export function appSecurityHeaders(basemapStyleUrl: string | null = null): MiddlewareHandler {
  const basemap = basemapStyleUrl === null ? [] : [new URL(basemapStyleUrl).origin];
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...basemap],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ['blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The API reference page's headers: the same policy, except that its two scripts run by nonce and the
 * reference (a Vue app) injects its own styles.
 */
export function docsSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  });
}
