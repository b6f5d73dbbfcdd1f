/**
 * Issue 10, the speed of a signed-in read: a checked token is kept in memory for a few seconds so a
 * request does not read the database for it, but never past a change. A revoked token (its user
 * disabled through the API) is refused on the very next request, and one that expires today stops at
 * midnight on the same running app, though both were checked and cached a moment before.
 * Through the real Hono app over a real DuckDB file.
 */
import { describe, expect, it } from 'vitest';
import { queryAuditEvents } from '../../pipeline/access/audit-store.ts';
import { addUser, createToken } from '../../pipeline/access/user-store.ts';
import { Problem, TokenList, TokenListing, UserList } from '../../server/contract/index.ts';
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

  it('one revoked token fails on the very next request though it was cached; the user’s other token still works', async () => {
    const state = observatoryState(temporary().observatory, { webDir: null, today: () => TODAY });
    const app = createApp(state);
    const db = temporary().observatory.db;
    const admin = await bearerFor(db, 'admin', TODAY);
    await addUser(db, 'two-tokens', 'analyst');
    const laptop = await createToken(db, 'two-tokens', { today: TODAY, label: 'laptop script' });
    const server = await createToken(db, 'two-tokens', { today: TODAY, expires: '2027-03-31' });
    const asLaptop = { authorization: `Bearer ${laptop.token}` };
    const asServer = { authorization: `Bearer ${server.token}` };
    // Both checked, so both are in the credential cache.
    for (const bearer of [asLaptop, asServer, asLaptop]) expect((await app.request('/api/extracts', { headers: bearer })).status).toBe(200);

    const listed = await app.request('/api/users/two-tokens/tokens', { headers: admin });
    expect(listed.status).toBe(200);
    const before = TokenList.parse(await listed.json());
    expect(before.tokens.map((t) => [t.id, t.label, t.expires, t.status]).sort()).toEqual(
      [
        [laptop.id, 'laptop script', null, 'live'],
        [server.id, null, '2027-03-31', 'live'],
      ].sort(),
    );
    const listedText = JSON.stringify(before);
    for (const issued of [laptop, server]) expect(listedText).not.toContain(issued.token.slice(-43));

    const revoked = await app.request(`http://localhost/api/users/two-tokens/tokens/${laptop.id}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    expect(TokenListing.parse(await revoked.json())).toMatchObject({ id: laptop.id, status: 'revoked', revokedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

    const refused = await app.request('/api/extracts', { headers: asLaptop });
    expect(refused.status).toBe(401);
    expect((await app.request('/api/extracts', { headers: asServer })).status).toBe(200);
    // A fresh app (nothing cached) agrees: the revocation is in the database, not only in this process.
    expect((await createApp(observatoryState(temporary().observatory, { webDir: null, today: () => TODAY })).request('/api/extracts', { headers: asLaptop })).status).toBe(401);

    const after = TokenList.parse(await (await app.request('/api/users/two-tokens/tokens', { headers: admin })).json());
    expect(after.tokens.find((t) => t.id === laptop.id)?.status).toBe('revoked');
    expect(after.tokens.find((t) => t.id === server.id)?.status).toBe('live');
    const users = UserList.parse(await (await app.request('/api/users', { headers: admin })).json());
    expect(users.users.find((u) => u.name === 'two-tokens')?.activeTokens).toBe(1);
    // Revoking again changes nothing and says so with the same token.
    const again = await app.request(`http://localhost/api/users/two-tokens/tokens/${laptop.id}`, { method: 'DELETE', headers: admin });
    expect(TokenListing.parse(await again.json()).revokedAt).toBe(after.tokens.find((t) => t.id === laptop.id)?.revokedAt);

    await state.auditBuffer.flush();
    const audited = await queryAuditEvents(db, { action: 'revoke-token', limit: 10 });
    expect(audited[0]).toMatchObject({ actor: 'test-admin', role: 'admin', method: 'DELETE', route: '/api/users/:name/tokens/:id', outcome: 200 });
    expect(audited[0]?.parameters).toContain(laptop.id);
  });

  it('refuses to revoke an unknown or malformed token id, another user’s token, for a non-admin, or from another site', async () => {
    const app = createApp(observatoryState(temporary().observatory, { webDir: null, today: () => TODAY }));
    const db = temporary().observatory.db;
    const admin = await bearerFor(db, 'admin', TODAY);
    const analyst = await bearerFor(db, 'analyst', TODAY);
    await addUser(db, 'owner-a', 'executive');
    await addUser(db, 'owner-b', 'executive');
    const ofA = await createToken(db, 'owner-a', { today: TODAY });
    const del = (path: string, headers: Record<string, string>) => app.request(`http://localhost${path}`, { method: 'DELETE', headers });
    const unknown = await del('/api/users/owner-a/tokens/0000000000000000', admin);
    expect(unknown.status).toBe(404);
    expect(Problem.parse(await unknown.json())).toMatchObject({ parameter: 'id' });
    expect((await del('/api/users/owner-a/tokens/not-a-token', admin)).status).toBe(400);
    // The id is owner-a's: under owner-b's name it is not found, and it keeps working.
    expect((await del(`/api/users/owner-b/tokens/${ofA.id}`, admin)).status).toBe(404);
    expect((await del(`/api/users/nobody/tokens/${ofA.id}`, admin)).status).toBe(404);
    expect((await del(`/api/users/owner-a/tokens/${ofA.id}`, analyst)).status).toBe(403);
    expect((await del(`/api/users/owner-a/tokens/${ofA.id}`, { ...admin, origin: 'https://elsewhere.example' })).status).toBe(403);
    expect((await app.request('/api/users/owner-a/tokens', { headers: analyst })).status).toBe(403);
    expect((await app.request('/api/extracts', { headers: { authorization: `Bearer ${ofA.token}` } })).status).toBe(403); // an executive: refused by role, not by token
    expect((await app.request('/api/indicators', { headers: { authorization: `Bearer ${ofA.token}` } })).status).toBe(200);
  });
});
