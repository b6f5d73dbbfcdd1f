/**
 * Issue 10: the user, token and demo-users commands (each with --json printing
 * one object), and the CLI's hand-off to a running server authenticated by the
 * secret file beside the database, with "loaded by" the server's local user.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { Database } from '../../pipeline/db/database.ts';
import type { CommandIo } from '../../cli/command-io.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { runCliInProcess, runCliProcess, startCliProcess, waitForOutput } from '../ingest/support/cli.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

let obs: TempObservatory;
let env: Record<string, string>;

beforeAll(async () => {
  obs = await openTempObservatory();
  await obs.close();
  env = observatoryEnv(obs.dbPath);
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

const json = (stdout: string): unknown => JSON.parse(stdout);

describe('observatory user and token', () => {
  it('adds a user, issues a token once (--json), lists users without secrets, disables them', async () => {
    const added = await runCliInProcess(['user', 'add', 'alice', '--role', 'partner:police', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(json(added.stdout)).toEqual({ name: 'alice', role: 'partner:police', disabled: false });
    expect((await runCliInProcess(['user', 'add', 'alice', '--role', 'analyst'], env)).code).toBe(1);
    expect((await runCliInProcess(['user', 'add', 'bob', '--role', 'superuser'], env)).stderr).toMatch(/role.*must be admin, analyst/);

    const token = await runCliInProcess(['token', 'create', 'alice', '--expires', '2099-12-31', '--json'], env);
    expect(token.code, token.stderr).toBe(0);
    const issued = json(token.stdout) as Record<string, unknown>;
    expect(issued).toEqual({ name: 'alice', role: 'partner:police', token: expect.stringMatching(/^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/), expires: '2099-12-31' });
    expect((await runCliInProcess(['token', 'create', 'alice', '--expires', '2001-01-01'], env)).stderr).toMatch(/in the past/);

    const labelled = await runCliInProcess(['token', 'create', 'alice', '--label', 'nightly load', '--json'], env);
    expect(labelled.code, labelled.stderr).toBe(0);
    const labelledId = String((json(labelled.stdout) as { token: string }).token).slice(4, 20);
    const tokens = await runCliInProcess(['token', 'list', 'alice'], env);
    expect(tokens.stdout).toMatch(new RegExp(`${labelledId}.*nightly load.*live`));
    const revoked = await runCliInProcess(['token', 'revoke', 'alice', labelledId], env);
    expect(revoked.stdout).toContain(`Revoked token ${labelledId} of alice`);
    expect((await runCliInProcess(['token', 'revoke', 'alice', '0000000000000000'], env)).stderr).toMatch(/has no token "0000000000000000"/);

    const list = await runCliInProcess(['user', 'list', '--json'], env);
    expect(json(list.stdout)).toEqual({ users: [expect.objectContaining({ name: 'alice', role: 'partner:police', disabled: false, activeTokens: 1, hasPassword: false })] });
    expect(list.stdout).not.toContain(String(issued.token).slice(22));

    const disabled = await runCliInProcess(['user', 'disable', 'alice', '--json'], env);
    expect(json(disabled.stdout)).toMatchObject({ name: 'alice', disabled: true });

    // Run on the database directly, each command is audited as the local user, refusals included.
    const db = await Database.open(obs.dbPath);
    try {
      const audit = await db.all(`SELECT actor, role, action, method, route, outcome FROM audit_event WHERE method = 'CLI' ORDER BY occurred_at`);
      expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual(['add-user 201', 'add-user 400', 'add-user 400', 'issue-token 201', 'issue-token 400', 'issue-token 201', 'list-tokens 200', 'revoke-token 200', 'revoke-token 404', 'list-users 200', 'disable-user 200']);
      expect(audit.every((a) => a.actor === 'local:test-runner' && a.role === 'admin')).toBe(true);
      expect(audit[0]).toMatchObject({ route: 'observatory user add' });
    } finally {
      await db.close();
    }
  });

  it('sets a password read from standard input, refusing a short one', async () => {
    await runCliInProcess(['user', 'add', 'carol', '--role', 'executive'], env);
    const io = (secret: string, out: string[]): CommandIo => ({ out: (l) => out.push(l), err: (l) => out.push(l), isTty: false, readSecret: async () => secret });
    const out: string[] = [];
    expect(await runCli(['user', 'password', 'carol', '--json'], io('a long enough passphrase', out), env)).toBe(0);
    expect(JSON.parse(out[0] ?? '')).toEqual({ name: 'carol', role: 'executive', password: 'set' });
    await expect(runCli(['user', 'password', 'carol'], io('short', []), env)).rejects.toThrow(/at least 12/);
  });

  it('demo-users makes one user per role and partner and prints their tokens as one JSON object', async () => {
    const run = await runCliInProcess(['demo-users', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const { users } = json(run.stdout) as { users: { name: string; role: string; token: string }[] };
    expect(users.map((u) => u.role).sort()).toEqual(['admin', 'analyst', 'executive', 'partner:council', 'partner:fire', 'partner:health', 'partner:police', 'public']);
    for (const u of users) expect(u.token).toMatch(/^obs_/);
  });
});

describe('user and token commands while a server holds the database', () => {
  const PASSWORD = 'a passphrase long enough to use';

  it('are handed to it with the local secret: same output, a token printed once, disabling takes effect at once, all audited; sessions outlive a restart', async () => {
    const server = startCliProcess(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    let url = '';
    let erinCookie = '';
    let danaCookie = '';
    try {
      await waitForOutput(server, () => /Observatory ready at/.test(server.stdout()));
      url = /Observatory ready at (\S+)/.exec(server.stdout())?.[1] ?? '';

      const added = await runCliInProcess(['user', 'add', 'dana', '--role', 'analyst', '--json'], env);
      expect(added.stderr).toMatch(/held by the running server at .*handing the command to it/);
      expect(added.code, added.stderr).toBe(0);
      expect(json(added.stdout)).toEqual({ name: 'dana', role: 'analyst', disabled: false });
      const again = await runCliInProcess(['user', 'add', 'dana', '--role', 'analyst'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/a user "dana" already exists/);

      // The real binary: the token on stdout once, the note on stderr without it.
      const created = await runCliProcess(['token', 'create', 'dana'], env);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toMatch(/shown only now/);
      expect(created.stderr).not.toContain(token);
      const asJson = await runCliInProcess(['token', 'create', 'dana', '--expires', '2099-01-31', '--json'], env);
      expect(json(asJson.stdout)).toEqual({ name: 'dana', role: 'analyst', token: expect.stringMatching(/^obs_/), expires: '2099-01-31' });

      const out: string[] = [];
      const io: CommandIo = { out: (l) => out.push(l), err: () => undefined, isTty: false, readSecret: async () => PASSWORD };
      expect(await runCli(['user', 'password', 'dana', '--json'], io, env)).toBe(0);
      expect(JSON.parse(out[0] ?? '')).toEqual({ name: 'dana', role: 'analyst', password: 'set' });

      const list = await runCliInProcess(['user', 'list', '--json'], env);
      expect((json(list.stdout) as { users: unknown[] }).users).toContainEqual(expect.objectContaining({ name: 'dana', hasPassword: true, activeTokens: 2, disabled: false }));

      // dana signs in on the running server with the password, and scripts use the token.
      const signIn = await fetch(new URL('api/session', url), { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url).origin }, body: JSON.stringify({ name: 'dana', password: PASSWORD }) });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const extracts = (headers: Record<string, string>) => fetch(new URL('api/extracts', url), { headers }).then((r) => r.status);
      expect(await extracts({ cookie })).toBe(200);
      expect(await extracts({ authorization: `Bearer ${token}` })).toBe(200);

      // One token listed and revoked through the server: refused from the next request, the session untouched.
      const tokenId = token.slice(4, 20);
      const listed = await runCliInProcess(['token', 'list', 'dana', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect((json(listed.stdout) as { tokens: { id: string; status: string }[] }).tokens).toContainEqual(expect.objectContaining({ id: tokenId, status: 'live' }));
      expect(listed.stdout).not.toContain(token.slice(-43));
      const revoked = await runCliInProcess(['token', 'revoke', 'dana', tokenId, '--json'], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(json(revoked.stdout)).toMatchObject({ name: 'dana', id: tokenId, status: 'revoked' });
      expect(await extracts({ authorization: `Bearer ${token}` })).toBe(401);
      expect(await extracts({ cookie })).toBe(200);

      const disabled = await runCliInProcess(['user', 'disable', 'dana', '--json'], env);
      expect(json(disabled.stdout)).toEqual({ name: 'dana', role: 'analyst', disabled: true });
      // At once on the running server, not within 10 s.
      expect(await extracts({ cookie })).toBe(401);
      expect(await extracts({ authorization: `Bearer ${token}` })).toBe(401);

      const missing = await runCliInProcess(['user', 'disable', 'nobody'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no user "nobody"/);

      // Someone else signs in now, and is still signed in after the server restarts (below).
      await runCliInProcess(['user', 'add', 'erin', '--role', 'executive'], env);
      expect(await runCli(['user', 'password', 'erin'], { ...io, out: () => undefined }, env)).toBe(0);
      const erin = await fetch(new URL('api/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'erin', password: PASSWORD }) });
      expect(erin.status).toBe(200);
      erinCookie = (erin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      danaCookie = cookie;
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(`${server.stdout()}${server.stderr()}`).not.toContain(PASSWORD);

    const restarted = startCliProcess(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    try {
      await waitForOutput(restarted, () => /Observatory ready at/.test(restarted.stdout()));
      const again = /Observatory ready at (\S+)/.exec(restarted.stdout())?.[1] ?? '';
      const session = (cookie: string) => fetch(new URL('api/session', again), { headers: { cookie } }).then((r) => r.json());
      expect(await session(erinCookie)).toMatchObject({ signedIn: true, name: 'erin', via: 'session' });
      expect(await session(danaCookie)).toMatchObject({ signedIn: false });
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
    const db = await Database.open(obs.dbPath);
    try {
      const audit = await db.all(`SELECT actor, role, action, parameters, outcome FROM audit_event WHERE actor = 'local:test-runner' AND method <> 'CLI' ORDER BY occurred_at`);
      expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
        'add-user 201',
        'add-user 400',
        'issue-token 201',
        'issue-token 201',
        'set-password 200',
        'list-users 200',
        'list-tokens 200',
        'revoke-token 200',
        'disable-user 200',
        'disable-user 404',
        'add-user 201',
        'set-password 200',
      ]);
      expect(audit.every((a) => a.role === 'admin' && !String(a.parameters).includes(PASSWORD))).toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000);
});

describe('the hand-off to a running server', () => {
  it('authenticates with the secret file (mode 600) and records the server’s local user as loaded by', async () => {
    const file = join(obs.dir, 'fire-handoff.csv');
    writeFileSync(file, render(FIRE_HEADER, [fireRow(), fireRow()]).bytes);
    const server = startCliProcess(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    try {
      await waitForOutput(server, () => /Observatory ready at/.test(server.stdout()));
      expect(statSync(`${obs.dbPath}.local-secret`).mode & 0o777).toBe(0o600);
      const ingest = await runCliProcess(['ingest', '--json', file], { ...env, OBSERVATORY_USER: 'someone-else' });
      expect(ingest.stderr).toMatch(/handing the ingest to it/);
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(JSON.parse(ingest.stdout.trim().split('\n')[0] ?? '')).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const reopened = await Database.open(obs.dbPath);
    try {
      const rows = await reopened.all(`SELECT loaded_by FROM extract_log WHERE file_name = 'fire-handoff.csv'`);
      expect(rows.map((r) => r.loaded_by)).toEqual(['local:test-runner']);
      // The buffered audit was written on shutdown.
      const audit = await reopened.all(`SELECT actor, action, outcome FROM audit_event WHERE action = 'local-ingest'`);
      expect(audit).toEqual([{ actor: 'local:test-runner', action: 'local-ingest', outcome: 200 }]);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
