import { describe, expect, it } from 'vitest';
import type { User } from '../../pipeline/access/user-store.ts';
import { CredentialCache } from './credential-cache.ts';

const ana: User = { name: 'ana', role: 'analyst', disabled: false };

/** A cache on a clock the test moves, and a loader that counts its calls and answers what the test sets. */
function setUp() {
  let now = 0;
  const cache = new CredentialCache(10_000, () => now);
  const db = { answer: ana as User | null, loads: 0 };
  const load = async () => {
    db.loads++;
    return db.answer;
  };
  return { cache, db, load, advance: (ms: number) => (now += ms) };
}

describe('CredentialCache', () => {
  it('asks the database once per token and day within its time, and again after it', async () => {
    const { cache, db, load, advance } = setUp();
    expect(await cache.token('hash', '2026-12-07', load)).toEqual(ana);
    expect(await cache.token('hash', '2026-12-07', load)).toEqual(ana);
    expect(db.loads).toBe(1);
    db.answer = null;
    advance(10_001);
    expect(await cache.token('hash', '2026-12-07', load)).toBeNull();
    expect(db.loads).toBe(2);
  });

  it('does not carry a check made on one day into the next (a token expires at the end of its day)', async () => {
    const { cache, db, load } = setUp();
    await cache.token('hash', '2026-12-07', load);
    db.answer = null;
    expect(await cache.token('hash', '2026-12-08', load)).toBeNull();
  });

  it('forgets everything at once when users or tokens change, and a check under way then is not kept', async () => {
    const { cache, db, load } = setUp();
    await cache.token('hash', '2026-12-07', load);
    await cache.user('ana', load);
    db.answer = null;
    cache.forgetAll();
    expect(await cache.token('hash', '2026-12-07', load)).toBeNull();
    expect(await cache.user('ana', load)).toBeNull();

    let release: (user: User | null) => void = () => {};
    const slow = () => new Promise<User | null>((resolve) => (release = resolve));
    const underWay = cache.token('other', '2026-12-07', slow);
    cache.forgetAll();
    release(ana); // the answer read before the change
    expect(await underWay).toEqual(ana);
    expect(await cache.token('other', '2026-12-07', load)).toBeNull(); // not kept: asked again
  });
});
