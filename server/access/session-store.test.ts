/**
 * SessionStore remembers which credential signed each session in: ending a token forgets its
 * sessions (in memory and waiting to be written) and no other, and a token's last day caps a
 * session's expiry. On a clock the test moves, over a real DuckDB file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken, revokeToken } from '../../pipeline/access/user-store.ts';
import { Database } from '../../pipeline/db/database.ts';
import { AccessWriteBehind } from './access-write-behind.ts';
import { SessionStore } from './session-store.ts';

const HOUR = 3_600_000;
const TODAY = '2026-12-07';
const dir = mkdtempSync(join(tmpdir(), 'observatory-sessions-'));
let db: Database;

/** A real token's id (a stored session's token must be one, unrevoked). */
const tokenOf = async (name: string) => (await createToken(db, name, { today: TODAY })).id;

beforeAll(async () => {
  db = await Database.open(join(dir, 'sessions.duckdb'));
  await addUser(db, 'ana', 'analyst');
  await addUser(db, 'bo', 'analyst');
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  let now = Date.parse('2026-12-07T09:00:00Z');
  const clock = () => now;
  const writes = new AccessWriteBehind({ db, attemptWindowMs: 15 * 60_000, now: clock, log: () => {} });
  const sessions = new SessionStore(db, writes, 8 * HOUR, 10_000, clock);
  return { sessions, writes, advance: (ms: number) => (now += ms) };
}

async function storedTokenIds(name: string): Promise<(string | null)[]> {
  const rows = await db.all(`SELECT token_id FROM observatory_session WHERE user_name = $name ORDER BY token_id NULLS LAST`, { name });
  return rows.map((r) => (r.token_id === null ? null : String(r.token_id)));
}

describe('SessionStore', () => {
  it('endToken forgets the sessions signed in with that token, written or waiting, and keeps the others', async () => {
    const { sessions, writes } = setUp();
    const [tokenA, tokenB] = [await tokenOf('ana'), await tokenOf('ana')];
    const a1 = sessions.create('ana', { id: tokenA, endsAtMs: null });
    const b = sessions.create('ana', { id: tokenB, endsAtMs: null });
    const password = sessions.create('ana', null);
    const otherUser = sessions.create('bo', null);
    await writes.flush();
    const a2 = sessions.create('ana', { id: tokenA, endsAtMs: null }); // still waiting
    expect(await storedTokenIds('ana')).toEqual([...[tokenA, tokenB].sort(), null]);

    // As the revoke route does: the database first, then this process.
    await revokeToken(db, 'ana', tokenA, TODAY);
    sessions.endToken(tokenA);
    expect(await sessions.userOf(a1.id)).toBeNull();
    expect(await sessions.userOf(a2.id)).toBeNull();
    expect(await sessions.userOf(b.id)).toBe('ana');
    expect(await sessions.userOf(password.id)).toBe('ana');
    expect(await sessions.userOf(otherUser.id)).toBe('bo');
    await writes.flush();
    expect(await storedTokenIds('ana')).toEqual([tokenB, null]);
  });

  it('a session read back from the database keeps its token, so endToken forgets it too', async () => {
    const first = setUp();
    const token = await tokenOf('bo');
    const session = first.sessions.create('bo', { id: token, endsAtMs: null });
    await first.writes.flush();
    // Another process (after a restart) reads it from the database, and remembers it.
    const second = setUp();
    expect(await second.sessions.userOf(session.id)).toBe('bo');
    await revokeToken(db, 'bo', token, TODAY);
    second.sessions.endToken(token);
    expect(await second.sessions.userOf(session.id)).toBeNull();
  });

  it('caps a token-signed session at the token’s end when that comes first', async () => {
    const { sessions, advance } = setUp();
    const start = Date.parse('2026-12-07T09:00:00Z');
    const short = sessions.create('ana', { id: await tokenOf('ana'), endsAtMs: start + 2 * HOUR });
    const long = sessions.create('ana', { id: await tokenOf('ana'), endsAtMs: start + 30 * HOUR });
    const password = sessions.create('ana', null);
    expect(short.expiresAt.getTime()).toBe(start + 2 * HOUR);
    expect(long.expiresAt.getTime()).toBe(start + 8 * HOUR);
    expect(password.expiresAt.getTime()).toBe(start + 8 * HOUR);
    advance(2 * HOUR);
    expect(await sessions.userOf(short.id)).toBeNull();
    expect(await sessions.userOf(long.id)).toBe('ana');
    expect(await sessions.userOf(password.id)).toBe('ana');
  });
});
