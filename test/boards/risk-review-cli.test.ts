import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createToken } from '../../pipeline/access/user-store.ts';
import { Database } from '../../pipeline/db/database.ts';
import { startServer } from '../../server/serve.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { runCliInProcess, runCliProcess } from '../ingest/support/cli.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

let obs: TempObservatory;
let env: Record<string, string>;

beforeAll(async () => {
  obs = await openTempObservatory();
  await obs.close();
  env = observatoryEnv(obs.dbPath);
}, 120_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

describe('observatory risk review', () => {
  it('records a review in the database and prints the new score and how it moved', async () => {
    const run = await runCliInProcess(['risk', 'review', 'violent-crime-rise', '--likelihood', '3', '--impact', '4', '--note', 'Night-time patrols working', '--today', '2019-09-10'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('violent-crime-rise: 3 × 4 = 12 (amber, Medium: owner to review each quarter) on 2019-09-10: down from 16');
    const db = await Database.open(obs.dbPath);
    try {
      const rows = await db.all(`SELECT risk_id, reviewed_on::VARCHAR AS day, likelihood, impact, note, recorded_by FROM risk_review`);
      expect(rows).toEqual([{ risk_id: 'violent-crime-rise', day: '2019-09-10', likelihood: 3, impact: 4, note: 'Night-time patrols working', recorded_by: 'test-runner' }]);
    } finally {
      await db.close();
    }
  });

  it('prints JSON with --json, and a second review with the same score says "no change in score"', async () => {
    const run = await runCliInProcess(['risk', 'review', 'violent-crime-rise', '--likelihood', '4', '--impact', '3', '--note', 'Steady', '--today', '2019-12-10', '--json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ risk: 'violent-crime-rise', current: { score: 12, movement: 'no change in score', previousScore: 12, date: '2019-12-10' } });
  });

  it('refuses a score off the scale, an unknown risk and a missing note, with exit code 1', async () => {
    const offScale = await runCliInProcess(['risk', 'review', 'violent-crime-rise', '--likelihood', '9', '--impact', '3', '--note', 'x y z'], env);
    expect(offScale.code).toBe(1);
    expect(offScale.stderr).toMatch(/likelihood 9 is not on the scale/);
    const unknown = await runCliInProcess(['risk', 'review', 'no-such-risk', '--likelihood', '2', '--impact', '3', '--note', 'x y z'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no risk "no-such-risk"/);
    const noNote = await runCliInProcess(['risk', 'review', 'violent-crime-rise', '--likelihood', '2', '--impact', '3'], env);
    expect(noNote.code).toBe(1);
    expect(noNote.stderr).toMatch(/--note/);
  });

  it('hands the review to a running server that holds the database, as the admin whose token it is given', async () => {
    const observatory = await openObservatory(loadConfig(env));
    await addUser(observatory.db, 'board-admin', 'admin');
    const { token } = await createToken(observatory.db, 'board-admin', { today: '2026-11-23' });
    const server = await startServer(observatory, { host: '127.0.0.1', port: 0, webDir: null });
    try {
      const withoutToken = await runCliProcess(['risk', 'review', 'health-gap-widens', '--likelihood', '3', '--impact', '4', '--note', 'x y z'], env);
      expect(withoutToken.code).toBe(1);
      expect(withoutToken.stderr).toMatch(/set OBSERVATORY_TOKEN/);
      const run = await runCliProcess(['risk', 'review', 'health-gap-widens', '--likelihood', '3', '--impact', '4', '--note', 'Primary care network work under way', '--date', '2019-09-01'], { ...env, OBSERVATORY_TOKEN: token });
      expect(run.stderr).toMatch(/held by the running server at http:\/\/127\.0\.0\.1:\d+\/; recording the review through it/);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toMatch(/^health-gap-widens: 3 × 4 = 12 \(amber, .*\) on 2019-09-01: down from 16$/);
      const rows = await observatory.db.all(`SELECT risk_id, reviewed_on::VARCHAR AS day, recorded_by FROM risk_review WHERE risk_id = 'health-gap-widens'`);
      expect(rows).toEqual([{ risk_id: 'health-gap-widens', day: '2019-09-01', recorded_by: 'board-admin' }]);
    } finally {
      await server.close();
      await observatory.db.close();
    }
  });
});
