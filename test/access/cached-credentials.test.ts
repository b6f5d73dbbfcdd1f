/**
 * Issue 10, the speed of a signed-in read: a checked token is kept in memory for a few seconds so a
 * request does not read the database for it, but never past a change. A revoked token (its user
 * disabled through the API) is refused on the very next request, and one that expires today stops at
 * midnight on the same running app, though both were checked and cached a moment before.
 * Through the real Hono app over a real DuckDB file.
 */
import { describe, expect, it } from 'vitest';
import { addUser, createToken } from '../../pipeline/access/user-store.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { bearerFor } from '../support/sign-in.ts';
import { temporaryObservatoryPerFile } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const temporary = temporaryObservatoryPerFile();

describe('cached credentials', () => {
  it('a revoked token (its user disabled) fails on the next request, though it was just checked and cached', async () => {
    let loads = 0;
    const state = observatoryState(temporary().observatory, { webDir: null, today: () => TODAY });
    const checkToken = state.credentials.token.bind(state.credentials);
    state.credentials.token = (hash, today, load) => checkToken(hash, today, () => (loads++, load()));
    const app = createApp(state);
    const admin = await bearerFor(temporary().observatory.db, 'admin', TODAY);
    await addUser(temporary().observatory.db, 'rev', 'executive');
    const { token } = await createToken(temporary().observatory.db, 'rev', { today: TODAY });
    const bearer = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 3; i++) expect((await app.request('/api/indicators', { headers: bearer })).status).toBe(200);
    const loadsForRev = loads;

    const disabled = await app.request('http://localhost/api/users/rev/disable', { method: 'POST', headers: admin });
    expect(disabled.status).toBe(200);
    const refused = await app.request('/api/indicators', { headers: bearer });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/unknown, expired or its user is disabled/);
    // It was cached: the three reads checked the database once between them (the admin's token once more).
    expect(loadsForRev).toBeLessThanOrEqual(2);
  });

  it('a token that expires today stops at midnight on the same running app', async () => {
    let today = TODAY;
    const app = createApp(observatoryState(temporary().observatory, { webDir: null, today: () => today }));
    await addUser(temporary().observatory.db, 'short', 'executive');
    const { token } = await createToken(temporary().observatory.db, 'short', { today: TODAY, expires: TODAY });
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.request('/api/indicators', { headers: bearer })).status).toBe(200);
    expect((await app.request('/api/indicators', { headers: bearer })).status).toBe(200);
    today = '2026-11-24';
    expect((await app.request('/api/indicators', { headers: bearer })).status).toBe(401);
  });

  it('a token issued through the API works at once', async () => {
    const app = createApp(observatoryState(temporary().observatory, { webDir: null, today: () => TODAY }));
    const admin = await bearerFor(temporary().observatory.db, 'admin', TODAY);
    await addUser(temporary().observatory.db, 'fresh', 'analyst');
    const issued = await app.request('http://localhost/api/users/fresh/tokens', { method: 'POST', headers: admin });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    expect((await app.request('/api/extracts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
