/**
 * Issue 11: a really full disk. Where the test may mount a small tmpfs (root, or CAP_SYS_ADMIN), the
 * database lives on one sized so it fits with little room to spare; elsewhere these tests are skipped
 * with the reason, and the file size limit tests (full-disk.test.ts, full-disk-server.test.ts) stand
 * in for them.
 * - The CLI: `observatory ingest` of a whole-force month (200,000 rows) runs out of room. It exits 2
 *   saying the disk is full and naming the database, without a stack trace; the database is exactly as
 *   before and `observatory check` passes on it, still full; once the tmpfs is grown the same ingest loads.
 * - The server and the upload page: the running server's database and upload directory on a tmpfs with
 *   2 MB free, an analyst uploads through the page (headless Chromium) a file several times that size.
 *   The page says in words that the server's disk is full and nothing was loaded; no partial upload is
 *   left beside the database, the extract log is as before, and the server answers the figures it did.
 */
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadDirOf } from '../../server/access/credentials.ts';
import { Problem } from '../../server/contract/index.ts';
import { jsonLines, runCliProcess } from '../ingest/support/cli.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, startObservatory, type RunningObservatory } from '../support/observatory-process.ts';
import { signInThroughPage } from '../browser/browser-page.ts';
import { makeTempDir, observatoryEnv, openTempObservatory, removeDir } from '../support/temp-observatory.ts';
import { tryMountTmpfs, type Tmpfs } from '../support/tmpfs.ts';
import { policeExtract, stateOf } from './support/full-disk.ts';

const MB = 1024 * 1024;

// Decided before the tests are collected, so that it.skipIf sees it: this mount is the CLI test's disk.
const probe = await tryMountTmpfs(256 * MB, 'filled-filesystem-cli-');
const mounts: Tmpfs[] = typeof probe === 'string' ? [] : [probe];
const cannotMount = typeof probe === 'string' ? probe : null;
if (cannotMount !== null) {
  console.warn(`filled-filesystem.test.ts: skipped, this machine may not mount a tmpfs: ${cannotMount}. The file size limit tests (test/hardening/full-disk*.test.ts) stand in.`);
}

let work = '';

beforeAll(async () => {
  // Outside any tmpfs: the extracts and the base database.
  work = await makeTempDir('filled-filesystem-');
}, 60_000);
afterAll(async () => {
  // Unmounted whatever happened (the server is stopped first, in its own afterAll).
  for (const mount of mounts) await mount.unmount();
  if (work) await removeDir(work);
});

/** The mount the probe made (only called in tests that run when it succeeded). */
function cliDisk(): Tmpfs {
  if (typeof probe === 'string') throw new Error(probe);
  return probe;
}

describe('the CLI on a filled filesystem', () => {
  it.skipIf(cannotMount !== null)(
    'an ingest that does not fit exits 2 naming the full disk, leaves the database exactly as before (check passes), and loads once there is room',
    async () => {
      const disk = cliDisk();
      const base = await openTempObservatory({ dir: await makeTempDir('filled-filesystem-base-') });
      await base.close();
      const db = join(disk.dir, 'observatory.duckdb');
      await copyFile(base.dbPath, db);
      await removeDir(base.dir);
      const env = observatoryEnv(db);
      const file = await policeExtract(work, 'police-2019-05-whole-force.csv', 200_000);
      const before = await stateOf(db);

      // The database fits, with 1 MB to spare: far less than the month needs.
      disk.resize((await disk.usedBytes()) + 1 * MB);
      expect(await disk.freeBytes()).toBeLessThan((await stat(file)).size / 4);
      const full = await runCliProcess(['ingest', file], env);
      expect(full.code, full.stdout + full.stderr).toBe(2);
      expect(full.stderr).not.toContain('unexpected error');
      expect(full.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(full.stderr).toMatch(/the disk is full \(or a file size limit was reached\) while (writing|checkpointing) the database/);
      expect(full.stderr).toContain(db);
      expect(full.stderr).toMatch(/No space left on device/i);

      // Still full: the database opens as it was, and the check passes on it.
      expect(await stateOf(db)).toBe(before);
      const check = await runCliProcess(['check', '--json'], env);
      expect(check.code, check.stdout + check.stderr).toBe(0);

      disk.resize(256 * MB);
      const loaded = await runCliProcess(['ingest', file, '--json'], env);
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(jsonLines(loaded.stdout)[0]).toMatchObject({ status: 'loaded', rowsRead: 200_000 });
      expect(await stateOf(db)).not.toBe(before);
      const checked = await runCliProcess(['check', '--json'], env);
      expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    },
    300_000,
  );
});

describe('an upload through the page to a server whose disk is full', () => {
  let disk: Tmpfs;
  let observatory: RunningObservatory | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    if (cannotMount !== null) return;
    const mounted = await tryMountTmpfs(2048 * MB, 'filled-filesystem-server-');
    if (typeof mounted === 'string') throw new Error(`the probe mounted a tmpfs but a second mount failed: ${mounted}`);
    disk = mounted;
    mounts.push(disk);
    observatory = await startObservatory({ directory: disk.dir });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await context.route('**/*', (route) => (route.request().url().startsWith(observatory!.baseUrl) ? route.continue() : route.abort()));
    page = await context.newPage();
    await signInThroughPage(page, observatory.baseUrl, demoUser(observatory, 'analyst'), '/upload');
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await observatory?.stop();
  });

  it.skipIf(cannotMount !== null)(
    'the page says the disk is full and nothing was loaded; no partial upload is left, and the server answers as before',
    async () => {
      const running = observatory!;
      const reader = { authorization: `Bearer ${demoUser(running, 'analyst').token}` };
      const get = async (path: string): Promise<string> => {
        const response = await fetch(new URL(path, running.baseUrl), { headers: reader });
        expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
        return response.text();
      };
      const figures = '/api/indicators/all-crime/values?level=lsoa&period=2019-01';
      const figuresBefore = await get(figures);
      const extractsBefore = await get('/api/extracts');
      const uploads = uploadDirOf(running.databasePath!);
      expect(await readdir(uploads)).toEqual([]);

      const file = await policeExtract(work, 'police-2019-05-lancashire-street.csv', 60_000);
      disk.resize((await disk.usedBytes()) + 2 * MB);
      const free = await disk.freeBytes();
      expect((await stat(file)).size).toBeGreaterThan(3 * free);

      await page.goto(new URL('upload', running.baseUrl).href);
      await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.pageState ?? ''), null, { timeout: 60_000 });
      await page.setInputFiles('#file', file);
      await page.locator('#preview-problems').waitFor({ timeout: 60_000 });
      await page.locator('#upload').click();
      const alert = page.locator('#upload-report .error[role=alert]');
      await alert.waitFor({ timeout: 120_000 });
      const said = await alert.innerText();
      expect(said, running.log().slice(-4000)).toMatch(/the disk is full .* on the server/);
      expect(said).toMatch(/nothing was loaded/);
      expect(said).not.toMatch(/\n\s+at |could not be sent|could not answer/);
      expect(said).not.toContain(disk.dir); // no server path reaches the page

      // The API's own answer to the same upload: 507, a problem document in the same words.
      const form = new FormData();
      form.set('file', new Blob([await readFile(file)], { type: 'text/csv' }), basename(file));
      const answer = await fetch(new URL('/api/extracts', running.baseUrl), { method: 'POST', headers: reader, body: form });
      expect(answer.status).toBe(507);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = Problem.parse(await answer.json());
      expect(problem).toMatchObject({ type: 'urn:observatory:storage-full', status: 507 });
      expect(problem.detail).toMatch(/the disk is full .* on the server, so the upload was not kept and nothing was loaded/);

      // Nothing left behind, nothing loaded, the same figures.
      expect(await readdir(uploads)).toEqual([]);
      expect(await get('/api/extracts')).toBe(extractsBefore);
      expect(await get(figures)).toBe(figuresBefore);
    },
    300_000,
  );
});
