/**
 * Issue 11 (load): the real server on loopback (`observatory start`) serves 64 concurrent readers of
 * published figures while an upload through the server ingests a police month and rebuilds. No reader
 * fails, and every answer names one build (the Observatory-Build header) and is exactly that build's
 * answer: the answer taken, once the server is quiet, before the upload (the build before) or after it
 * (the build after), never a mix of the two. Half the readers bypass the build cache, so their answers are
 * computed from the database while the build commits. Latency is measured by the bench
 * (`npm run bench:readers`), not asserted here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFiguresUntil } from '../support/figure-readers.ts';
import { movedPoliceExtract } from '../support/figure-readers.ts';
import { demoUser, startObservatory, type RunningObservatory } from '../support/observatory-process.ts';
import { PILOT_EXTRACTS } from '../support/temp-observatory.ts';

const READERS = 64;
/** Figures answers, several of which read the figures in more than one query. */
const URLS = [
  '/api/areas/E07000118/profile',
  '/api/multi-agency',
  '/api/indicators/all-crime/series?area=E07000118',
  '/api/indicators/all-crime/values?level=ward&period=2019-01',
  '/api/indicators/all-crime/lineage?area=E07000118&period=2019-01',
  '/api/indicators',
];

let observatory: RunningObservatory;

beforeAll(async () => {
  observatory = await startObservatory();
}, 180_000);
afterAll(async () => observatory?.stop());

/** Every URL's answer now, with the build it names (the server is quiet). */
async function referenceAnswers(headers: Record<string, string>, tag: string): Promise<{ build: string; bodies: Map<string, string> }> {
  const bodies = new Map<string, string>();
  let build: string | null = null;
  for (const url of URLS) {
    // A query parameter of its own, so the answer is computed now rather than taken from the cache.
    const response = await fetch(new URL(`${url}${url.includes('?') ? '&' : '?'}n=${tag}`, observatory.baseUrl), { headers });
    expect(response.status, `${url}: ${await response.clone().text()}`).toBe(200);
    const named = response.headers.get('observatory-build');
    expect(named, url).toMatch(/^\d+$/);
    if (build !== null) expect(named, url).toBe(build);
    build = named;
    bodies.set(url, await response.text());
  }
  return { build: build!, bodies };
}

it(`serves ${READERS} readers through an upload's ingest and rebuild: no failure, every answer from exactly one build`, async () => {
  const reader = { authorization: `Bearer ${demoUser(observatory, 'analyst').token}` };
  const admin = { authorization: `Bearer ${demoUser(observatory, 'admin').token}` };
  const before = await referenceAnswers(reader, 'before');

  const text = await readFile(join(PILOT_EXTRACTS, 'police', '2019-01-lancashire-street.csv'), 'utf8');
  const form = new FormData();
  form.set('file', new Blob([movedPoliceExtract(text, '2019-01', '2019-04')], { type: 'text/csv' }), '2019-04-lancashire-street.csv');
  const started = performance.now();
  let uploadMs = 0;
  const upload = (async () => {
    // Let the readers get going first, so the commit lands among them.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const response = await fetch(new URL('/api/extracts', observatory.baseUrl), { method: 'POST', headers: admin, body: form });
    uploadMs = performance.now() - started;
    return { status: response.status, body: await response.text() };
  })();
  const answers = await readFiguresUntil({ baseUrl: observatory.baseUrl, urls: URLS, headers: reader, readers: READERS, bypassCache: true }, upload);
  const uploaded = await upload;
  expect(uploaded.status, uploaded.body).toBe(200);
  expect(JSON.parse(uploaded.body)).toMatchObject({ result: { status: 'loaded' } });

  const after = await referenceAnswers(reader, 'after');
  expect(Number(after.build)).toBeGreaterThan(Number(before.build));
  const references = new Map([
    [before.build, before.bodies],
    [after.build, after.bodies],
  ]);
  const failed = answers.filter((a) => a.error !== null || a.status !== 200).map((a) => `${a.url}: ${a.status} ${a.error ?? a.body.slice(0, 200)}`);
  expect(failed.slice(0, 10)).toEqual([]);
  const byBuild = new Map<string, number>();
  const inconsistent: string[] = [];
  for (const answer of answers) {
    byBuild.set(answer.build ?? 'none', (byBuild.get(answer.build ?? 'none') ?? 0) + 1);
    const expected = references.get(answer.build ?? '')?.get(answer.url);
    if (expected === undefined) inconsistent.push(`${answer.url}: names build ${answer.build}, neither ${before.build} nor ${after.build}`);
    else if (answer.body !== expected) inconsistent.push(`${answer.url}: named build ${answer.build} but is not its answer`);
  }
  expect(inconsistent.slice(0, 10)).toEqual([]);
  // The answers changed with the build, and the readers saw both sides of it.
  expect([...after.bodies].filter(([url, body]) => before.bodies.get(url) !== body).length).toBeGreaterThan(0);
  expect(byBuild.get(before.build) ?? 0).toBeGreaterThan(0);
  expect(byBuild.get(after.build) ?? 0).toBeGreaterThan(0);
  console.log(
    `readers during rebuild: ${answers.length} answers from ${READERS} readers over ${Math.round(uploadMs)} ms of upload, ingest and rebuild; by build ${JSON.stringify(Object.fromEntries(byBuild))}; changed answers: ${[...after.bodies].filter(([url, body]) => before.bodies.get(url) !== body).map(([url]) => url).join(', ')}`,
  );
}, 300_000);
