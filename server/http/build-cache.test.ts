import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../pipeline/db/database.ts';
import { announceBuild } from '../../pipeline/indicators/published-figures.ts';
import { BuildCache } from './build-cache.ts';

/** A database as the cache sees it: only its identity (the build it last announced) matters. */
function fakeDatabase(): Database {
  return Object.create(null) as Database;
}

function cachedApp(db: Database, options: { varyBy?: (role: string) => string } = {}) {
  const calls = { figures: 0, missing: 0 };
  const cache = new BuildCache(db, () => '2026-12-07');
  const app = new Hono()
    .use('*', cache.middleware({ cacheControl: 'private, no-cache', ...(options.varyBy ? { varyBy: (c) => options.varyBy!(c.req.header('x-role') ?? '') } : {}) }))
    .get('/figures', async (c) => {
      calls.figures++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return c.json({ calls: calls.figures, role: c.req.header('x-role') ?? null }, 200);
    })
    .get('/missing', (c) => {
      calls.missing++;
      return c.json({ detail: 'no' }, 404);
    });
  return { app, calls };
}

describe('BuildCache', () => {
  it('answers repeated reads of one build from memory, with one ETag, and 304 when the client has it', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const { app, calls } = cachedApp(db);
    const first = await app.request('/figures');
    const second = await app.request('/figures');
    expect(calls.figures).toBe(1);
    expect(await second.json()).toEqual(await first.json());
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"b1-/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe('private, no-cache');
    expect((await app.request('/figures', { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304);
  });

  it('computes an answer once when many requests miss together', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const { app, calls } = cachedApp(db);
    const answers = await Promise.all(Array.from({ length: 32 }, () => app.request('/figures')));
    expect(calls.figures).toBe(1);
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
  });

  it('drops answers of an older build once a new build is announced', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const { app, calls } = cachedApp(db);
    const before = await app.request('/figures');
    announceBuild(db, 2);
    const after = await app.request('/figures');
    expect(calls.figures).toBe(2);
    expect(after.headers.get('etag')).toMatch(/^"b2-/);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });

  it('never caches an error answer', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const { app, calls } = cachedApp(db);
    expect((await app.request('/missing')).status).toBe(404);
    expect((await app.request('/missing')).status).toBe(404);
    expect(calls.missing).toBe(2);
  });

  it('keeps answers apart by what they vary by (the caller’s role)', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const { app, calls } = cachedApp(db, { varyBy: (role) => role });
    const analyst = (await (await app.request('/figures', { headers: { 'x-role': 'analyst' } })).json()) as { role: string };
    const partner = (await (await app.request('/figures', { headers: { 'x-role': 'partner:police' } })).json()) as { role: string };
    expect([analyst.role, partner.role]).toEqual(['analyst', 'partner:police']);
    expect(calls.figures).toBe(2);
  });

  it('keeps the headers set before the answer (the request id) on a hit as on a miss', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const cache = new BuildCache(db, () => '2026-12-07');
    let served = 0;
    const app = new Hono()
      .use('*', async (c, next) => {
        c.header('x-request-id', `request-${++served}`);
        await next();
        c.res.headers.set('x-after', 'yes');
      })
      .use('*', cache.middleware({ cacheControl: 'private, no-cache' }))
      .get('/figures', (c) => c.json({ figures: [1, 2, 3] }, 200));
    const miss = await app.request('/figures');
    const hit = await app.request('/figures');
    const notModified = await app.request('/figures', { headers: { 'if-none-match': hit.headers.get('etag') ?? '' } });
    expect([miss.headers.get('x-request-id'), hit.headers.get('x-request-id'), notModified.headers.get('x-request-id')]).toEqual(['request-1', 'request-2', 'request-3']);
    expect(hit.headers.get('x-after')).toBe('yes');
    expect(await hit.json()).toEqual({ figures: [1, 2, 3] });
    expect(hit.headers.get('content-type')).toMatch(/^application\/json/);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-type')).toBeNull();
  });

  it('gzips an answer for a client that accepts it, once', async () => {
    const db = fakeDatabase();
    announceBuild(db, 1);
    const cache = new BuildCache(db, () => '2026-12-07');
    const big = 'x'.repeat(10_000);
    const app = new Hono().use('*', cache.middleware({ cacheControl: 'no-cache' })).get('/big', (c) => c.text(big, 200));
    const zipped = await app.request('/big', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const plain = await app.request('/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(big);
  });
});
