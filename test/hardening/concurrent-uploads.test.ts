/**
 * Issue 11: identical files uploaded at the same moment end as exactly one loaded extract, the
 * others answered as unchanged. The hash is checked again inside the load's transaction, under the
 * write lock; a check before it alone lets every upload load (each checked before any committed).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { bearerFor } from '../support/sign-in.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
let obs: TempObservatory;
let auth: { authorization: string };

beforeAll(async () => {
  obs = await openTempObservatory();
  auth = await bearerFor(obs.observatory.db, 'analyst', TODAY);
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

it('four identical uploads at once give one "loaded" and three "unchanged", and one extract’s rows', async () => {
  const app = createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY }));
  const bytes = render(FIRE_HEADER, Array.from({ length: 200 }, (_, i) => fireRow({ incident_number: `F${i}` }))).bytes;
  const upload = (name: string) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), name);
    return app.request('/api/extracts', { method: 'POST', headers: auth, body: form });
  };

  const responses = await Promise.all(['a.csv', 'b.csv', 'c.csv', 'd.csv'].map(upload));

  expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const results = await Promise.all(responses.map(async (r) => ((await r.json()) as { result: { status: string; extractId: string } }).result));
  const loaded = results.filter((r) => r.status === 'loaded');
  expect(loaded).toHaveLength(1);
  expect(results.filter((r) => r.status === 'unchanged').map((r) => r.extractId)).toEqual(Array(3).fill(loaded[0]?.extractId));
  expect(await obs.all(`SELECT extract_id, status FROM extract_log`)).toEqual([{ extract_id: loaded[0]?.extractId, status: 'loaded' }]);
  expect(await obs.all(`SELECT extract_id, count(*)::INTEGER AS n FROM fire_incidents GROUP BY 1`)).toEqual([{ extract_id: loaded[0]?.extractId, n: 200 }]);
});
