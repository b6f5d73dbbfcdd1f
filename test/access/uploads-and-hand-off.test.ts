/**
 * Issue 10: uploads stream into a directory beside the database (never the
 * system temp folder, never whole in memory), are limited in size, and record
 * the signed-in user as "loaded by"; the CLI's hand-off needs the secret from
 * the file beside the database and reads only regular files under the
 * directories it names.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../pipeline/access/user-store.ts';
import { ACCESS_TABLE } from '../../server/access/access-table.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { resetUploadDir } from '../../server/uploads/upload-dir.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { bearerFor } from '../support/sign-in.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const SECRET = 's'.repeat(43);
let obs: TempObservatory;
let auth: { authorization: string };

function newApp(uploadLimitBytes?: number) {
  return createApp(
    observatoryState(obs.observatory, { webDir: null, today: () => TODAY, localSecret: SECRET, ...(uploadLimitBytes ? { access: { uploadLimitBytes } } : {}) }),
  );
}

function fireCsv(rows = 20): Buffer {
  return render(FIRE_HEADER, Array.from({ length: rows }, () => fireRow())).bytes;
}

function tempUploads(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('observatory-upload'));
}

beforeAll(async () => {
  obs = await openTempObservatory();
  auth = await bearerFor(obs.observatory.db, 'analyst', TODAY);
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

describe('uploads', () => {
  it('stream to the directory beside the database, leave nothing behind, and record the signed-in user as loaded by', async () => {
    const before = tempUploads();
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(fireCsv())]), 'fire-upload.csv');
    const response = await newApp().request('/api/extracts', { method: 'POST', headers: auth, body: form });
    const { result } = (await response.json()) as { result: { status: string; extractId: string } };
    expect(response.status, JSON.stringify(result)).toBe(200);
    expect(result.status).toBe('loaded');
    const rows = await obs.all(`SELECT loaded_by FROM extract_log WHERE extract_id = $id`, { id: result.extractId });
    expect(rows[0]?.loaded_by).toBe('test-analyst');
    const dir = `${obs.dbPath}.uploads`;
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(tempUploads()).toEqual(before);
  });

  it('take a text/csv body with the fields in the query string', async () => {
    const response = await newApp().request('/api/extracts?dryRun=true&replace=true&name=fire.csv', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: new Uint8Array(fireCsv(5)),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { status: string } }).result.status).toBe('validated');
  });

  it('over the size limit answer 413 and leave no partial file', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(fireCsv(200))]), 'big.csv');
    const response = await newApp(2000).request('/api/extracts', { method: 'POST', headers: auth, body: form });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/limit/);
    expect(readdirSync(`${obs.dbPath}.uploads`)).toEqual([]);
  });

  it('a crash leaves at most a file in the upload directory, which start-up clears', () => {
    const dir = `${obs.dbPath}.uploads`;
    writeFileSync(join(dir, 'left-by-a-crash.csv'), 'caller_name\nSomeone\n');
    resetUploadDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the CLI hand-off (POST /api/extracts/local)', () => {
  let root: string;
  let outside: string;

  beforeAll(() => {
    root = join(obs.dir, 'named');
    outside = join(obs.dir, 'not-named');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(root, 'fire.csv'), fireCsv(5));
    writeFileSync(join(outside, 'secret.csv'), fireCsv(5));
    symlinkSync(join(outside, 'secret.csv'), join(root, 'link-out.csv'));
    execFileSync('mkfifo', [join(root, 'fifo.csv')]);
  });

  function handOff(files: string[], roots: string[], headers: Record<string, string> = { 'x-observatory-local-secret': SECRET }) {
    return newApp().request('/api/extracts/local', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ files, roots, dataset: null, dryRun: true, replace: true, loadedBy: 'somebody else' }),
    });
  }

  it('reads a regular file under a named directory, as the server’s own user', async () => {
    const response = await handOff([join(root, 'fire.csv')], [root]);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { results: { status: string }[] }).results[0]?.status).toBe('validated');
  });

  it('needs the secret from the file beside the database', async () => {
    expect((await handOff([join(root, 'fire.csv')], [root], {})).status).toBe(401);
    expect((await handOff([join(root, 'fire.csv')], [root], { 'x-observatory-local-secret': 'x'.repeat(43) })).status).toBe(401);
    expect((await handOff([join(root, 'fire.csv')], [root], { 'x-observatory-local-secret': SECRET, ...auth })).status).toBe(200);
  });

  it('is never reachable from a browser, whatever it sends', async () => {
    const response = await handOff([join(root, 'fire.csv')], [root], { 'x-observatory-local-secret': SECRET, 'sec-fetch-site': 'same-origin', origin: 'http://localhost' });
    expect(response.status).toBe(403);
  });

  it('refuses files outside the named directories, links out of them, FIFOs and devices, without hanging', async () => {
    const started = Date.now();
    for (const [files, roots] of [
      [[join(outside, 'secret.csv')], [root]],
      [[join(root, 'link-out.csv')], [root]],
      [[join(root, 'fifo.csv')], [root]],
      [['/dev/zero'], ['/dev']],
      [['/etc/shadow'], [root]],
      [[join(root, '..', 'not-named', 'secret.csv')], [root]],
    ] as const) {
      const response = await handOff([...files], [...roots]);
      expect(response.status, `${files[0]}`).toBe(400);
      const { detail } = (await response.json()) as { detail: string };
      expect(detail).not.toMatch(/[0-9a-f]{64}/); // no hash of a file it should not read
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the hand-off secret on other routes', () => {
  const withSecret = (path: string, method: string, extra: Record<string, string> = {}, body?: unknown) =>
    newApp().request(`http://localhost${path}`, {
      method,
      headers: { 'x-observatory-local-secret': SECRET, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('opens only the rows the access table marks for the hand-off; on every other route it counts for nothing', async () => {
    const opened: string[] = [];
    for (const rule of ACCESS_TABLE) {
      if (rule.who === 'anyone' || rule.who === 'local' || rule.localHandOff) continue;
      const path = rule.path.replace(/:[a-z]+/g, 'x');
      const status = (await withSecret(path, rule.method)).status;
      if (status !== 401) opened.push(`${rule.method} ${rule.path} answered ${status}`);
    }
    expect(opened).toEqual([]);
  });

  it('manages users on the routes marked for it, as the server’s local user with the admin role', async () => {
    await addUser(obs.observatory.db, 'hand-off-target', 'analyst');
    expect((await withSecret('/api/users', 'GET')).status).toBe(200);
    expect((await withSecret('/api/users/hand-off-target/password', 'POST', {}, { password: 'twelve chars or more' })).status).toBe(200);
    expect((await withSecret('/api/users/nobody/password', 'POST', {}, { password: 'twelve chars or more' })).status).toBe(404);
    expect((await withSecret('/api/users/hand-off-target/password', 'POST', {}, { password: 'short' })).status).toBe(400);
    // A wrong secret, a browser, or a signed-in user without the secret cannot set a password.
    expect((await withSecret('/api/users', 'GET', { 'x-observatory-local-secret': 'x'.repeat(43) })).status).toBe(401);
    expect((await withSecret('/api/users/hand-off-target/password', 'POST', { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, { password: 'twelve chars or more' })).status).toBe(403);
    const admin = await bearerFor(obs.observatory.db, 'admin', TODAY);
    const noSecret = await newApp().request('/api/users/hand-off-target/password', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'twelve chars or more' }) });
    expect(noSecret.status).toBe(401);
    // The analyst role still may not list users without the secret.
    expect((await newApp().request('/api/users', { headers: auth })).status).toBe(403);
  });
});
