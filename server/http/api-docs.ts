import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { docsSecurityHeaders } from './security-headers.ts';

/** The Scalar reference's browser bundle, served from the installed package: no CDN at run time. */
function scalarBundle(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return readFileSync(join(dirname(entry), 'browser', 'standalone.js'), 'utf8');
}

/** GET /api/docs: the interactive API reference over /api/openapi.json, its script from this server. */
export function apiDocs(openApiPath: string, bundlePath: string) {
  let bundle: string | null = null;
  return new Hono()
    .get('/scalar.js', (c) => {
      bundle ??= scalarBundle();
      return c.body(bundle, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' });
    })
    .use('/', docsSecurityHeaders())
    .get(
      '/',
      Scalar((c) => ({
        url: openApiPath,
        cdn: bundlePath,
        pageTitle: 'Neighbourhood Observatory API',
        nonce: String(c.get('secureHeadersNonce') ?? ''),
        withDefaultFonts: false,
        hideClientButton: true,
        telemetry: false,
      })),
    );
}
