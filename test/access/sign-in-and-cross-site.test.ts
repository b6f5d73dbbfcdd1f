/**
 * Issue 10: signing in (token or password) gives a session cookie with the
 * right attributes; sign-in is rate-limited; disabled users and expired tokens
 * are refused; every state-changing route refuses a request another site could
 * make with the user's cookie; the server answers only its own host names.
 * Through the real Hono app over a real DuckDB file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken, disableUser, setPassword } from '../../pipeline/access/user-store.ts';
import { ACCESS_TABLE } from '../../server/access/access-table.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';
import { tokenSecret } from '../support/sign-in.ts';

const TODAY = '2026-11-23';
const PASSWORD = 'correct horse battery staple';
let obs: TempObservatory;
let token: string;

function newApp(today = TODAY) {
  return createApp(observatoryState(obs.observatory, { webDir: null, today: () => today, localSecret: 'l'.repeat(43) }));
}
let app: ReturnType<typeof newApp>;

beforeAll(async () => {
  obs = await openTempObservatory();
  await addUser(obs.observatory.db, 'ana', 'analyst');
  await setPassword(obs.observatory.db, 'ana', PASSWORD);
  token = (await createToken(obs.observatory.db, 'ana', { today: TODAY })).token;
  app = newApp();
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

function signIn(target: ReturnType<typeof newApp>, body: Record<string, string>, url = 'http://localhost/api/session') {
  return target.request(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url).origin }, body: JSON.stringify(body) });
}

/** The session cookie's name=value from a sign-in answer. */
function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const pair = header.split(';')[0] ?? '';
  expect(pair).toMatch(/^observatory_session=.+/);
  return pair;
}

describe('sign-in', () => {
  it('with a name and token sets an HttpOnly, SameSite=Strict cookie with an expiry, Secure only over HTTPS', async () => {
    const response = await signIn(app, { name: 'ana', token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ signedIn: true, name: 'ana', role: 'analyst' });
    const header = response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Expires=/);
    expect(header).not.toMatch(/Secure/);
    const secure = await signIn(app, { name: 'ana', token }, 'https://localhost/api/session');
    expect(secure.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('with a password works; the cookie then authenticates, and signing out ends it', async () => {
    const cookie = cookieOf(await signIn(app, { name: 'ana', password: PASSWORD }));
    const me = await app.request('/api/session', { headers: { cookie } });
    expect(await me.json()).toMatchObject({ signedIn: true, name: 'ana', via: 'session' });
    expect((await app.request('/api/extracts', { headers: { cookie } })).status).toBe(200);
    const out = await app.request('http://localhost/api/session', { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    expect(out.status).toBe(200);
    expect((await app.request('/api/extracts', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a wrong secret, or a token of another user, with a plain message', async () => {
    const wrong = await signIn(app, { name: 'ana', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { detail: string }).detail).toMatch(/do not match/);
    expect((await signIn(app, { name: 'someone-else', token })).status).toBe(401);
  });

  it('is rate-limited per name: after 10 failures even the right password waits', async () => {
    const limited = newApp();
    for (let i = 0; i < 10; i++) expect((await signIn(limited, { name: 'ana', password: `guess number ${i}` })).status).toBe(401);
    const blocked = await signIn(limited, { name: 'ana', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { detail: string }).detail).toMatch(/try again in/);
  });

  it('is rate-limited per address: one client cannot try many names', async () => {
    const limited = newApp();
    for (let i = 0; i < 30; i++) expect((await signIn(limited, { name: `user-${i}`, password: 'whatever it is' })).status).toBe(401);
    expect((await signIn(limited, { name: 'ana', password: PASSWORD })).status).toBe(429);
  });

  it('refuses an expired token and a disabled user', async () => {
    await addUser(obs.observatory.db, 'temp', 'executive');
    const short = await createToken(obs.observatory.db, 'temp', { today: TODAY, expires: TODAY });
    expect((await newApp(TODAY).request('/api/indicators', { headers: { authorization: `Bearer ${short.token}` } })).status).toBe(200);
    expect((await newApp('2026-11-24').request('/api/indicators', { headers: { authorization: `Bearer ${short.token}` } })).status).toBe(401);
    await disableUser(obs.observatory.db, 'temp');
    expect((await newApp(TODAY).request('/api/indicators', { headers: { authorization: `Bearer ${short.token}` } })).status).toBe(401);
    expect((await newApp(TODAY).request('/api/indicators', { headers: { authorization: 'Bearer obs_0000000000000000_nope' } })).status).toBe(401);
  });

  it('stores only salted hashes of tokens and passwords', async () => {
    const rows = await obs.observatory.db.all(`SELECT secret_hash AS h FROM access_token UNION ALL SELECT password_hash FROM observatory_user WHERE password_hash IS NOT NULL`);
    const secret = tokenSecret(token);
    for (const row of rows) {
      expect(String(row.h)).toMatch(/^(sha256|scrypt)\$/);
      expect(String(row.h)).not.toContain(secret);
      expect(String(row.h)).not.toContain(PASSWORD);
    }
  });
});

describe('cross-site requests', () => {
  const stateChanging = ACCESS_TABLE.filter((r) => r.method !== 'GET');

  function attempt(path: string, method: string, cookie: string, extra: Record<string, string>, body?: BodyInit, type = 'application/json') {
    return app.request(`http://localhost${path}`, { method, headers: { cookie, 'content-type': type, ...extra }, ...(body === undefined ? {} : { body }) });
  }

  it('a page on another site cannot use the session cookie on any state-changing route', async () => {
    const cookie = cookieOf(await signIn(app, { name: 'ana', token }));
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      {}, // a cookie request that cannot show it is same-origin
    ];
    const refusals: string[] = [];
    for (const rule of stateChanging) {
      const path = rule.path.replace(':id', 'EX-000001');
      for (const headers of foreign) {
        const body = rule.body === 'upload' ? 'a,b\n1,2\n' : JSON.stringify({ name: 'ana', token, files: ['/etc/hostname'], roots: ['/etc'], dataset: null, dryRun: true });
        const response = await attempt(path, rule.method, cookie, headers, rule.method === 'DELETE' ? undefined : body, rule.body === 'upload' ? 'text/csv' : 'application/json');
        if (response.status !== 403) refusals.push(`${rule.method} ${path} with ${JSON.stringify(headers)} answered ${response.status}`);
      }
    }
    expect(refusals).toEqual([]);
    // The session is still valid: the refusals were about where the requests came from.
    expect((await app.request('/api/extracts', { headers: { cookie } })).status).toBe(200);
  });

  it('the same requests from the site itself go through', async () => {
    const cookie = cookieOf(await signIn(app, { name: 'ana', token }));
    const upload = await attempt('/api/extracts?dryRun=true&name=x.csv', 'POST', cookie, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, 'a,b\n1,2\n', 'text/csv');
    expect(upload.status).toBe(422); // read and refused as an unknown layout: it got past every access check
  });

  it('JSON must be sent as application/json: a text/plain "simple" request is refused', async () => {
    const plain = await app.request('http://localhost/api/session', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'ana', token }) });
    expect(plain.status).toBe(415);
    const local = await app.request('http://localhost/api/extracts/local', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-observatory-local-secret': 'l'.repeat(43) },
      body: JSON.stringify({ files: ['/etc/hostname'], roots: ['/etc'], dataset: null, dryRun: true }),
    });
    expect(local.status).toBe(415);
    const form = await app.request('http://localhost/api/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=ana' });
    expect(form.status).toBe(415);
  });
});

describe('host names', () => {
  it('answers only the configured host names (DNS rebinding)', async () => {
    expect((await app.request('http://localhost/api/health')).status).toBe(200);
    expect((await app.request('http://127.0.0.1/api/health')).status).toBe(200);
    const rebound = await app.request('http://attacker.example/api/health');
    expect(rebound.status).toBe(421);
    expect((await app.request('http://attacker.example/', {})).status).toBe(421);
    expect((await app.request('http://attacker.example/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(421);
  });
});
