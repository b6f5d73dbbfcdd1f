import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { purgeAuditEvents } from '../pipeline/access/audit-store.ts';
import { randomSecret } from '../pipeline/access/secret-hash.ts';
import { settleUploadJobsAtStart } from '../pipeline/ingest/upload-job-log.ts';
import type { Observatory } from '../pipeline/observatory.ts';
import { createApp } from './app.ts';
import { localSecretFileOf } from './access/credentials.ts';
import { observatoryState } from './observatory-state.ts';
import { resetUploadDir } from './uploads/upload-dir.ts';

/** Where a running server says it listens, so the CLI can hand work to it. */
export function serverFileOf(databasePath: string): string {
  return `${databasePath}.server.json`;
}

export type RunningServer = { url: string; close(): Promise<void> };

/**
 * Serves the API and web app for an open observatory on host:port (port 0 = any free port).
 * At start it empties the upload directory (a crash mid-upload leaves nothing past the next
 * start), marks the upload jobs the last process left running as interrupted, purges audit events past their retention, expired sessions and old sign-in attempts, and writes a new hand-off secret for the
 * CLI to a file only this user can read.
 */
export async function startServer(observatory: Observatory, options: { host: string; port: number; webDir: string | null }): Promise<RunningServer> {
  const localSecret = randomSecret(32);
  const state = observatoryState(observatory, { webDir: options.webDir, localSecret });
  resetUploadDir(state.access.uploadDir);
  // Uploads the last process was loading died with it (each ingest is one transaction): say so to whoever asks.
  const interrupted = await settleUploadJobsAtStart(observatory.db);
  if (interrupted > 0) console.error(`${interrupted} upload job(s) were cut short by the last stop; nothing from them was loaded, and asking for them says so.`);
  await purgeAuditEvents(observatory.db, observatory.config.auditRetentionDays);
  await state.accessWrites.purge();
  const app = createApp(state);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  state.auditBuffer.start();
  state.accessWrites.start();
  const address = server.address() as AddressInfo;
  // Listening on every interface: name loopback, which the host check accepts by default.
  const listening = ['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host;
  const host = listening.includes(':') ? `[${listening}]` : listening;
  const url = `http://${host}:${address.port}/`;
  const serverFile = serverFileOf(observatory.db.path);
  const secretFile = localSecretFileOf(observatory.db.path);
  rmSync(secretFile, { force: true });
  writeFileSync(secretFile, localSecret, { mode: 0o600, flag: 'wx' });
  writeFileSync(serverFile, JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    close: async () => {
      rmSync(serverFile, { force: true });
      rmSync(secretFile, { force: true });
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      // Every request has finished: write what the audit, new sessions and sign-in attempts still hold before the database closes.
      await state.auditBuffer.close();
      await state.accessWrites.close();
    },
  };
}
