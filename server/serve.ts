import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Observatory } from '../pipeline/observatory.ts';
import { createApp } from './app.ts';
import { observatoryState } from './observatory-state.ts';

/** Where a running server says it listens, so the CLI can hand work to it. */
export function serverFileOf(databasePath: string): string {
  return `${databasePath}.server.json`;
}

export type RunningServer = { url: string; close(): Promise<void> };

/** Serves the API and web app for an open observatory on host:port (port 0 = any free port). */
export async function startServer(observatory: Observatory, options: { host: string; port: number; webDir: string | null }): Promise<RunningServer> {
  const app = createApp(observatoryState(observatory, { webDir: options.webDir }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${address.port}/`;
  const serverFile = serverFileOf(observatory.db.path);
  writeFileSync(serverFile, JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        rmSync(serverFile, { force: true });
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
