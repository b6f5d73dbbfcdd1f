/**
 * The web app's pages are paths of one HTML page: every path in WEB_PAGES (the map, the charts,
 * the board, extract and governance pages) answers the built index.html under the strict CSP, so
 * a deep link opens the page it names; /sign-in answers sign-in.html; anything else is a 404.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { WEB_PAGES } from '../../server/http/web-pages.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { makeTempDir, openTempObservatory, removeDir, type TempObservatory } from '../support/temp-observatory.ts';

const INDEX = '<!doctype html><title>app</title><main id="main"></main>';
const SIGN_IN = '<!doctype html><title>sign in</title>';

let temp: TempObservatory;
let webDir: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  temp = await openTempObservatory();
  webDir = await makeTempDir('observatory-web-');
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), INDEX);
  await writeFile(join(webDir, 'sign-in.html'), SIGN_IN);
  app = createApp(observatoryState(temp.observatory, { webDir }));
});
afterAll(async () => {
  await temp?.dispose();
  if (webDir) await removeDir(webDir);
});

/** A concrete path for a route pattern (`:id` becomes an id). */
const concrete = (pattern: string): string => pattern.replace(/:[a-z]+/g, 'some-id');

describe('the web app’s pages', () => {
  it('answers every page’s path, the board, extract and governance pages included, with index.html under the strict CSP', async () => {
    for (const path of ['/priorities', '/risks', '/interventions/:id', '/upload', '/extracts/:id', '/datasets/:id', '/agreements/:id', '/partners/:id', '/admin']) {
      expect(WEB_PAGES, path).toContain(path);
    }
    for (const pattern of WEB_PAGES) {
      const response = await app.request(concrete(pattern));
      expect(response.status, pattern).toBe(200);
      expect(await response.text(), pattern).toBe(INDEX);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, pattern).toContain("script-src 'self'");
      expect(csp, pattern).toContain("connect-src 'self';");
    }
  });

  it('answers /sign-in with its own page', async () => {
    const response = await app.request('/sign-in');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SIGN_IN);
  });

  it('answers the old separate pages and unknown paths with a 404 page', async () => {
    for (const path of ['/governance.html', '/extracts.html', '/nowhere', '/partners/a/b']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain('Page not found');
    }
  });
});
