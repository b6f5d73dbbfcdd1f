/**
 * Starts the real observatory for end-to-end tests: builds the web page if
 * needed, then runs `node bin/observatory.mjs start` on a fresh temporary
 * database and a free port, and resolves once the CLI prints
 * `Observatory ready at http://127.0.0.1:<port>/`. `start` ingests the pilot
 * data and builds the indicators first, so this can take a couple of minutes.
 *
 * @example
 * const observatory = await startObservatory();
 * const response = await fetch(new URL('api/health', observatory.baseUrl));
 * await observatory.stop();
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT, ensureWebBuild } from './web-build.ts';

/**
 * The CLI's ready line. The agreed form is exactly `Observatory ready at http://127.0.0.1:<port>/`;
 * a note after the address (e.g. `(Chorley and South Ribble; started in 41.2 s)`) is tolerated.
 */
export const READY_LINE = /^Observatory ready at (http:\/\/127\.0\.0\.1:\d+)\/?(?:\s.*)?$/;

/** A demo user's line as `observatory start` prints it on a fresh database: name, role, token. */
export const DEMO_USER_LINE = /^\s+(demo-\S+)\s+(\S+)\s+(obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\s*$/;

export interface RunningObservatory {
  /** e.g. `http://127.0.0.1:41234/` (with the trailing slash). */
  baseUrl: string;
  /**
   * The demo users `start` created, by role (sign-in is required). For a server you run yourself
   * (OBSERVATORY_URL), set OBSERVATORY_TEST_NAME and OBSERVATORY_TEST_TOKEN to an analyst's.
   */
  users: Record<string, { name: string; token: string }>;
  /** The server's process id and database file, for tests that act on them (null for a server you run yourself). */
  pid: number | null;
  databasePath: string | null;
  /** The process's recent stdout and stderr lines, for diagnosing failures. */
  log(): string;
  /** Stop the process tree and remove the temporary database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long to wait for the ready line; default 170 s (the hook timeout is 180 s). */
  readyTimeoutMs?: number;
  /** Extra environment for the process. */
  env?: Record<string, string>;
  /**
   * A database already loaded and built (the England-and-Wales bench's): a copy of it is served with
   * `observatory serve`, as it is, instead of `start` loading the partnership into a fresh one.
   */
  database?: string;
  /** The directory the server's own temporary directory (its database, the uploads beside it) is made in; default the system's. */
  directory?: string;
}

const LOG_LINES = 400;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: detached made the child its leader
  } catch {
    child.kill(signal);
  }
}

async function stopTree(child: ChildProcess): Promise<void> {
  signalTree(child, 'SIGTERM');
  const done = exited(child);
  const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10_000))]);
  if (timedOut) {
    signalTree(child, 'SIGKILL');
    await done;
  }
  // Children that ignored SIGTERM while the leader exited get the final word too.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone: nothing left to stop.
    }
  }
}

export async function startObservatory(options: StartOptions = {}): Promise<RunningObservatory> {
  await ensureWebBuild();
  const directory = await mkdtemp(join(options.directory ?? tmpdir(), 'observatory-test-'));
  const lines: string[] = [];
  const users: Record<string, { name: string; token: string }> = {};
  const remember = (stream: string, line: string): void => {
    lines.push(`[${stream}] ${line}`);
    if (lines.length > LOG_LINES) lines.shift();
  };
  const log = (): string => lines.join('\n');

  const databasePath = join(directory, 'observatory.duckdb');
  if (options.database !== undefined) await copyFile(options.database, databasePath);
  const command = options.database === undefined ? 'start' : 'serve';
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'observatory.mjs'), command], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...options.env,
      OBSERVATORY_DB: databasePath,
      PORT: '0',
      HOST: '127.0.0.1',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = createInterface({ input: child.stderr! });
  stderr.on('line', (line) => remember('stderr', line));
  const stdout = createInterface({ input: child.stdout! });

  const cleanUp = async (): Promise<void> => {
    await stopTree(child);
    await rm(directory, { recursive: true, force: true });
  };

  const timeoutMs = options.readyTimeoutMs ?? 170_000;
  let baseUrl: string;
  try {
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The observatory was not ready after ${timeoutMs / 1000} s. Output:\n${log()}`)),
        timeoutMs,
      );
      stdout.on('line', (line) => {
        const demo = DEMO_USER_LINE.exec(line);
        if (demo?.[1] && demo[2] && demo[3]) users[demo[2]] = { name: demo[1], token: demo[3] };
        remember('stdout', demo ? line.replace(/obs_\S+/, 'obs_…') : line);
        const match = READY_LINE.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(`${match[1]}/`);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The observatory exited (code ${code}, signal ${signal}) before it was ready. Output:\n${log()}`));
      });
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    baseUrl,
    users,
    pid: child.pid ?? null,
    databasePath,
    log,
    stop: () => (stopping ??= cleanUp()),
  };
}

/**
 * The observatory at OBSERVATORY_URL when that is set (a server you already
 * run; it is left running), else a fresh one from `startObservatory`.
 */
export async function observatoryForTests(options: StartOptions = {}): Promise<RunningObservatory> {
  const external = process.env.OBSERVATORY_URL;
  if (external) {
    const baseUrl = external.endsWith('/') ? external : `${external}/`;
    const name = process.env.OBSERVATORY_TEST_NAME;
    const token = process.env.OBSERVATORY_TEST_TOKEN;
    const users: Record<string, { name: string; token: string }> = name && token ? { analyst: { name, token } } : {};
    return { baseUrl, users, pid: null, databasePath: null, log: () => `(using the observatory at ${baseUrl})`, stop: async () => {} };
  }
  return startObservatory(options);
}

/** The demo user of a role that `observatory start` printed (sign-in is required), or an error with the server's output. */
export function demoUser(observatory: RunningObservatory, role: string): { name: string; token: string } {
  const user = observatory.users[role];
  if (!user) throw new Error(`observatory start printed no demo ${role}. Output:\n${observatory.log()}`);
  return user;
}
