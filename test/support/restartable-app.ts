/**
 * The real app over a temp observatory that a test can restart: shut down as serve.ts does (writing
 * what its buffers hold), the DuckDB file closed and opened again, and a new app started on it. For the
 * tests of what outlives a restart (sessions, sign-in limits, revocations).
 */
import { expect } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import { openObservatory, type Observatory } from '../../pipeline/observatory.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState, type AccessSettings, type ObservatoryState } from '../../server/observatory-state.ts';
import { observatoryEnv, openTempObservatory, type TempObservatory } from './temp-observatory.ts';

/** One app instance ("server") and its state. */
export type Server = { state: ObservatoryState; app: ReturnType<typeof createApp> };

/** A temp observatory whose app can be restarted on the same file. */
export class RestartableObservatory {
  /** The observatory the running app is on: the temp observatory's at first, then each reopened one. */
  current: Observatory;

  private constructor(private readonly temp: TempObservatory) {
    this.current = temp.observatory;
  }

  /** A fresh temp observatory (the pilot's definitions, no extracts). */
  static async open(): Promise<RestartableObservatory> {
    return new RestartableObservatory(await openTempObservatory());
  }

  /** A new app on the current database, its clock fixed at `today`. */
  start(options: { today: string; access?: Partial<AccessSettings>; localSecret?: string }): Server {
    const state = observatoryState(this.current, { webDir: null, today: () => options.today, access: options.access ?? {}, localSecret: options.localSecret ?? null });
    return { state, app: createApp(state) };
  }

  /** Shuts `server` down as serve.ts does (writing what it holds), closes the database and opens it again, as a restart would. */
  async restart(server: Server): Promise<void> {
    await server.state.auditBuffer.close();
    await server.state.accessWrites.close();
    if (this.current === this.temp.observatory) await this.temp.close();
    else await this.current.db.close();
    this.current = await openObservatory(loadConfig(observatoryEnv(this.temp.dbPath)));
  }

  /** Closes the last database opened and removes the temp observatory. */
  async dispose(): Promise<void> {
    if (this.current !== this.temp.observatory) await this.current.db.close();
    await this.temp.dispose();
  }
}

/** Signs in through the API as the web page does (same-origin JSON). */
export function signIn(server: Server, body: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    server.app.request('http://localhost/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify(body),
    }),
  );
}

/** The session cookie (`name=value`) a successful sign-in answered with; fails the test when it failed or set none. */
export function cookieOf(response: Response): string {
  expect(response.status).toBe(200);
  const pair = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(pair).toMatch(/^observatory_session=.+/);
  return pair;
}

/** Who the app says a cookie is signed in as (GET /api/session). */
export async function whoIs(server: Server, cookie: string): Promise<unknown> {
  return (await server.app.request('/api/session', { headers: { cookie } })).json();
}
