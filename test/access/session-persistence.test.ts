/**
 * Sessions and sign-in limits outlive a restart: two app instances, one after the
 * other, on the same DuckDB file (the first shut down as the server does, writing
 * what it holds). Signing out, and disabling a user through the API, take effect
 * at once on the running app (no 10-second cache), and are durable across a restart.
 * Through the real Hono app over a real DuckDB file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken, setPassword } from '../../pipeline/access/user-store.ts';
import type { AccessSettings } from '../../server/observatory-state.ts';
import { cookieOf, RestartableObservatory, signIn, whoIs, type Server } from '../support/restartable-app.ts';
import { disposeTemplates } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const PASSWORD = 'correct horse battery staple';
/** The observatory and its restartable app. */
let observatory: RestartableObservatory;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  observatory = await RestartableObservatory.open();
  for (const [name, role] of [['admin', 'admin'], ['ana', 'analyst'], ['eve', 'executive'], ['pat', 'analyst'], ['sam', 'analyst']] as const) {
    await addUser(observatory.current.db, name, role);
    tokens[name] = (await createToken(observatory.current.db, name, { today: TODAY })).token;
  }
  await setPassword(observatory.current.db, 'ana', PASSWORD);
}, 60_000);
afterAll(async () => {
  await observatory?.dispose();
  await disposeTemplates();
});

/** A server on the current database. */
const start = (access: Partial<AccessSettings> = {}): Server => observatory.start({ today: TODAY, access });

const restart = (server: Server): Promise<void> => observatory.restart(server);

const asAdmin = (server: Server, path: string) =>
  server.app.request(`http://localhost${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}` } });

describe('sessions across a restart', () => {
  it('keeps a signed-in user signed in, storing only a hash of the cookie value', async () => {
    const first = start();
    const cookie = cookieOf(await signIn(first, { name: 'ana', password: PASSWORD }));
    expect(await whoIs(first, cookie)).toMatchObject({ signedIn: true, name: 'ana', via: 'session' });
    await restart(first);

    const rows = await observatory.current.db.all(`SELECT session_hash, user_name FROM observatory_session`);
    const value = cookie.split('=')[1] ?? '';
    expect(rows.map((r) => r.user_name)).toEqual(['ana']);
    expect(rows.every((r) => !String(r.session_hash).includes(value))).toBe(true);

    const second = start();
    expect(await whoIs(second, cookie)).toMatchObject({ signedIn: true, name: 'ana', via: 'session' });
    expect((await second.app.request('/api/extracts', { headers: { cookie } })).status).toBe(200);
  });

  it('a signed-out session stays signed out after a restart', async () => {
    const first = start();
    const cookie = cookieOf(await signIn(first, { name: 'eve', token: tokens.eve ?? '' }));
    await restart(first); // the session is now stored
    const second = start();
    expect(await whoIs(second, cookie)).toMatchObject({ signedIn: true, name: 'eve' });
    const out = await second.app.request('http://localhost/api/session', { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    expect(out.status).toBe(200);
    expect(await whoIs(second, cookie)).toMatchObject({ signedIn: false });
    await restart(second);
    expect(await whoIs(start(), cookie)).toMatchObject({ signedIn: false });
  });

  it('an expired session is refused and purged', async () => {
    const first = start({ sessionHours: 0.5 / 3600 }); // half a second
    const cookie = cookieOf(await signIn(first, { name: 'pat', token: tokens.pat ?? '' }));
    await first.state.accessWrites.flush();
    expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'pat'`)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await whoIs(first, cookie)).toMatchObject({ signedIn: false });
    await first.state.accessWrites.purge();
    expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'pat'`)).toHaveLength(0);
    await restart(first);
  });
});

describe('sessions while the writer is busy', () => {
  it('signing in does not wait for an ingest holding the writer; the session is written once it is free', async () => {
    const server = start();
    let release = () => {};
    const held = observatory.current.db.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    let cookie: string;
    try {
      const started = Date.now();
      cookie = cookieOf(await signIn(server, { name: 'eve', token: tokens.eve ?? '' }));
      expect(await whoIs(server, cookie)).toMatchObject({ signedIn: true, name: 'eve' });
      expect(Date.now() - started).toBeLessThan(5000);
      await server.state.accessWrites.flushIfIdle(); // the writer is busy: nothing is written, nothing waits
      expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'eve'`)).toHaveLength(0);
    } finally {
      release();
      await held;
    }
    await server.state.accessWrites.flushIfIdle();
    expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'eve'`)).toHaveLength(1);
    await server.app.request('http://localhost/api/session', { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'eve'`)).toHaveLength(0);
  });
});

describe('disabling a user through the API', () => {
  it('stops their sessions and tokens at once on the running server, and after a restart', async () => {
    const server = start();
    const cookie = cookieOf(await signIn(server, { name: 'sam', token: tokens.sam ?? '' }));
    await server.state.accessWrites.flush(); // stored, as it would be a second after signing in
    const bearer = { authorization: `Bearer ${tokens.sam}` };
    // Both credentials are checked and cached now.
    expect((await server.app.request('/api/extracts', { headers: { cookie } })).status).toBe(200);
    expect((await server.app.request('/api/extracts', { headers: bearer })).status).toBe(200);

    const disabled = await asAdmin(server, '/api/users/sam/disable');
    expect(disabled.status).toBe(200);
    // Immediately, not after the cache's 10 seconds.
    expect((await server.app.request('/api/extracts', { headers: { cookie } })).status).toBe(401);
    expect((await server.app.request('/api/extracts', { headers: bearer })).status).toBe(401);
    expect(await observatory.current.db.all(`SELECT 1 FROM observatory_session WHERE user_name = 'sam'`)).toHaveLength(0);

    await server.state.auditBuffer.flush();
    const audit = await observatory.current.db.all(`SELECT actor, outcome FROM audit_event WHERE action = 'disable-user' AND parameters LIKE '%sam%'`);
    expect(audit).toEqual([{ actor: 'admin', outcome: 200 }]);

    await restart(server);
    const after = start();
    expect(await whoIs(after, cookie)).toMatchObject({ signedIn: false });
    expect((await after.app.request('/api/extracts', { headers: bearer })).status).toBe(401);
  });
});

describe('sign-in limits across a restart', () => {
  it('a name that used up its failures is still blocked after a restart, and the attempts are stored by hash', async () => {
    const first = start();
    for (let i = 0; i < 10; i++) expect((await signIn(first, { name: 'Ana', password: `guess number ${i}` })).status).toBe(401);
    expect((await signIn(first, { name: 'ana', password: PASSWORD })).status).toBe(429);
    await restart(first);

    const stored = await observatory.current.db.all(`SELECT scope, key_hash FROM sign_in_attempt`);
    expect(stored.filter((r) => r.scope === 'name-failure')).toHaveLength(10);
    expect(stored.every((r) => !/ana|127\.0\.0\.1|unknown/i.test(String(r.key_hash)))).toBe(true);

    const second = start();
    const blocked = await signIn(second, { name: 'ana', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { detail: string }).detail).toMatch(/try again in/);
    // Another user is not blocked by ana's failures (the address still has attempts left).
    expect((await signIn(second, { name: 'eve', token: tokens.eve ?? '' })).status).toBe(200);
  });
});
