/**
 * Issue 10: revoking one token ends the browser sessions signed in with it, at once on the running
 * app (those stored and one still waiting to be written) and after a restart on the same DuckDB file;
 * the same user's sessions signed in with a password or another token stay signed in. Setting a new
 * password ends those signed in with the old one, not the token ones. A session signed in with a
 * token that has a last day ends with that day at the latest.
 * Through the real Hono app over a real DuckDB file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken, setPassword } from '../../pipeline/access/user-store.ts';
import type { AccessSettings } from '../../server/observatory-state.ts';
import { cookieOf, RestartableObservatory, signIn, whoIs, type Server } from '../support/restartable-app.ts';
import { disposeTemplates } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const PASSWORD = 'correct horse battery staple';
const LOCAL_SECRET = 'l'.repeat(43);
/** The observatory and its restartable app. */
let observatory: RestartableObservatory;
let adminToken = '';

beforeAll(async () => {
  observatory = await RestartableObservatory.open();
  await addUser(observatory.current.db, 'admin', 'admin');
  adminToken = (await createToken(observatory.current.db, 'admin', { today: TODAY })).token;
}, 60_000);
afterAll(async () => {
  await observatory?.dispose();
  await disposeTemplates();
});

/** A server on the current database. */
const start = (access: Partial<AccessSettings> = {}): Server => observatory.start({ today: TODAY, access, localSecret: LOCAL_SECRET });

const restart = (server: Server): Promise<void> => observatory.restart(server);

const extractsStatus = async (server: Server, cookie: string) => (await server.app.request('/api/extracts', { headers: { cookie } })).status;

/** The token ids of a user's stored sessions (null for a password), sorted with nulls last. */
async function storedTokenIds(name: string): Promise<(string | null)[]> {
  const rows = await observatory.current.db.all(`SELECT token_id FROM observatory_session WHERE user_name = $name ORDER BY token_id NULLS LAST`, { name });
  return rows.map((r) => (r.token_id === null ? null : String(r.token_id)));
}

describe('revoking one token through the API', () => {
  it('ends the sessions signed in with it at once and after a restart; the password and other-token sessions stay', async () => {
    await addUser(observatory.current.db, 'tia', 'analyst');
    await setPassword(observatory.current.db, 'tia', PASSWORD);
    const laptop = await createToken(observatory.current.db, 'tia', { today: TODAY, label: 'laptop' });
    const desk = await createToken(observatory.current.db, 'tia', { today: TODAY, label: 'desk' });
    const server = start();
    const withLaptop = cookieOf(await signIn(server, { name: 'tia', token: laptop.token }));
    const withDesk = cookieOf(await signIn(server, { name: 'tia', token: desk.token }));
    const withPassword = cookieOf(await signIn(server, { name: 'tia', password: PASSWORD }));
    await server.state.accessWrites.flush(); // stored, as they would be a second after signing in
    // Signed in again with the laptop token: this one is still waiting for the writer when it is revoked.
    const withLaptopWaiting = cookieOf(await signIn(server, { name: 'tia', token: laptop.token }));
    expect(await storedTokenIds('tia')).toEqual([...[laptop.id, desk.id].sort(), null]);
    for (const cookie of [withLaptop, withDesk, withPassword, withLaptopWaiting]) expect(await extractsStatus(server, cookie)).toBe(200);

    const revoked = await server.app.request(`http://localhost/api/users/tia/tokens/${laptop.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
    expect(revoked.status).toBe(200);

    // At once on the running server (its memory held all four).
    for (const cookie of [withLaptop, withLaptopWaiting]) {
      expect(await extractsStatus(server, cookie)).toBe(401);
      expect(await whoIs(server, cookie)).toMatchObject({ signedIn: false });
    }
    for (const cookie of [withDesk, withPassword]) {
      expect(await extractsStatus(server, cookie)).toBe(200);
      expect(await whoIs(server, cookie)).toMatchObject({ signedIn: true, name: 'tia', via: 'session' });
    }
    // The laptop's stored session went with the revocation; the waiting one is never written.
    expect(await storedTokenIds('tia')).toEqual([desk.id, null]);
    await server.state.accessWrites.flush();
    expect(await storedTokenIds('tia')).toEqual([desk.id, null]);

    await restart(server);
    const after = start();
    expect(await storedTokenIds('tia')).toEqual([desk.id, null]);
    for (const cookie of [withLaptop, withLaptopWaiting]) {
      expect(await whoIs(after, cookie)).toMatchObject({ signedIn: false });
      expect(await extractsStatus(after, cookie)).toBe(401);
    }
    for (const cookie of [withDesk, withPassword]) expect(await whoIs(after, cookie)).toMatchObject({ signedIn: true, name: 'tia' });
    // The revoked token cannot start a new session either.
    expect((await signIn(after, { name: 'tia', token: laptop.token })).status).toBe(401);
  });
});

describe('setting a new password (the CLI’s hand-off to a running server)', () => {
  it('ends the sessions signed in with the old password at once and after a restart; token sessions stay', async () => {
    await addUser(observatory.current.db, 'vic', 'analyst');
    await setPassword(observatory.current.db, 'vic', PASSWORD);
    const token = await createToken(observatory.current.db, 'vic', { today: TODAY });
    const server = start();
    const withPassword = cookieOf(await signIn(server, { name: 'vic', password: PASSWORD }));
    const withToken = cookieOf(await signIn(server, { name: 'vic', token: token.token }));
    await server.state.accessWrites.flush();
    const withPasswordWaiting = cookieOf(await signIn(server, { name: 'vic', password: PASSWORD }));
    expect(await storedTokenIds('vic')).toEqual([token.id, null]);

    const changed = await server.app.request('http://localhost/api/users/vic/password', {
      method: 'POST',
      headers: { 'x-observatory-local-secret': LOCAL_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'a new and longer passphrase' }),
    });
    expect(changed.status).toBe(200);
    for (const cookie of [withPassword, withPasswordWaiting]) expect(await extractsStatus(server, cookie)).toBe(401);
    expect(await extractsStatus(server, withToken)).toBe(200);
    expect(await storedTokenIds('vic')).toEqual([token.id]);
    const withNewPassword = cookieOf(await signIn(server, { name: 'vic', password: 'a new and longer passphrase' }));

    await restart(server);
    const after = start();
    for (const cookie of [withPassword, withPasswordWaiting]) expect(await whoIs(after, cookie)).toMatchObject({ signedIn: false });
    for (const cookie of [withToken, withNewPassword]) expect(await whoIs(after, cookie)).toMatchObject({ signedIn: true, name: 'vic' });
  });
});

describe('a session signed in with a token that has a last day', () => {
  it('expires at the end of that day (UTC) when that comes before the session lifetime; without one, after the lifetime', async () => {
    // The cap is judged by the wall clock, so the token's last day is the real one here.
    const realToday = new Date().toISOString().slice(0, 10);
    const endOfDay = new Date(Date.parse(`${realToday}T00:00:00Z`) + 86_400_000);
    await addUser(observatory.current.db, 'uma', 'analyst');
    const lastDay = await createToken(observatory.current.db, 'uma', { today: TODAY, expires: realToday });
    const noEnd = await createToken(observatory.current.db, 'uma', { today: TODAY });
    const server = start({ sessionHours: 48 });

    const capped = await signIn(server, { name: 'uma', token: lastDay.token });
    cookieOf(capped);
    expect(((await capped.json()) as { expiresAt: string }).expiresAt).toBe(endOfDay.toISOString());
    expect(capped.headers.get('set-cookie')).toContain(`Expires=${endOfDay.toUTCString()}`);
    await server.state.accessWrites.flush();
    const stored = await observatory.current.db.all(`SELECT epoch_ms(expires_at)::DOUBLE AS ms FROM observatory_session WHERE token_id = $id`, { id: lastDay.id });
    expect(stored.map((r) => Number(r.ms))).toEqual([endOfDay.getTime()]);

    const before = Date.now();
    const full = await signIn(server, { name: 'uma', token: noEnd.token });
    const fullEnd = Date.parse(((await full.json()) as { expiresAt: string }).expiresAt);
    expect(fullEnd).toBeGreaterThanOrEqual(before + 48 * 3_600_000);
    expect(fullEnd).toBeLessThan(Date.now() + 48 * 3_600_000 + 1000);
  });
});
