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

    const list = await runCliInProcess(['user', 'list', '--json'], env);
    expect(json(list.stdout)).toEqual({ users: [expect.objectContaining({ name: 'alice', role: 'partner:police', disabled: false, activeTokens: 1, hasPassword: false })] });
    expect(list.stdout).not.toContain(String(issued.token).slice(22));

    const disabled = await runCliInProcess(['user', 'disable', 'alice', '--json'], env);
    expect(json(disabled.stdout)).toMatchObject({ name: 'alice', disabled: true });
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
