/**
 * The CLI's hand-off to a running server. DuckDB lets one process write a database file, so
 * when `observatory serve` holds it, commands that would write (`ingest`, `user`, `token`) send
 * their work to the server's API instead. The server writes its address to `<database>.server.json`
 * and a new random secret to `<database>.local-secret` (mode 600) at each start; a request carrying
 * that secret in X-Observatory-Local-Secret proves it comes from the user who started the server,
 * and a browser can never send it (the server refuses any request with Origin or Sec-Fetch-Site).
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ObservatoryConfig } from '../pipeline/config.ts';
import {
  DatabaseBusyError,
  ForbiddenError,
  InputError,
  NotFoundError,
  ObservatoryError,
  RateLimitedError,
  StorageFullError,
  UnauthenticatedError,
} from '../pipeline/errors.ts';
import { LOCAL_SECRET_HEADER, localSecretFileOf } from '../server/access/credentials.ts';
import { serverFileOf } from '../server/serve.ts';

/** A running server that holds the database, and the secret that opens its hand-off. */
export type RunningServerHandOff = { url: string; secret: string };

/** The running server's address, from the file it writes beside the database. */
export function parseServerFile(file: string): { url: string } {
  const parsed = z.object({ url: z.url() }).safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new InputError('is not a valid server file (expected {"url": …})', { file });
  return parsed.data;
}

/** JSON.parse that yields undefined for text that is not JSON, so the schema reports it. */
export function safeJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * The server holding the database (after opening it failed as busy): its address and hand-off
 * secret. Refuses when the lock is held by something that is not an observatory server.
 */
export function runningServer(config: ObservatoryConfig): RunningServerHandOff {
  const serverFile = serverFileOf(config.databasePath);
  if (!existsSync(serverFile)) {
    throw new DatabaseBusyError(`the database ${config.databasePath} is locked by another process that is not an observatory server; stop it and retry`, {
      file: config.databasePath,
    });
  }
  const { url } = parseServerFile(serverFile);
  const secretFile = localSecretFileOf(config.databasePath);
  if (!existsSync(secretFile)) throw new DatabaseBusyError('the running server wrote no hand-off secret; restart it with this version', { file: secretFile });
  return { url, secret: readFileSync(secretFile, 'utf8').trim() };
}

/** The typed error for a refusal, by HTTP status, so the CLI exits as it would have run locally. */
function refusal(status: number, message: string): ObservatoryError {
  switch (status) {
    case 401:
      return new UnauthenticatedError(message);
    case 403:
      return new ForbiddenError(message);
    case 404:
      return new NotFoundError(message);
    case 429:
      return new RateLimitedError(message);
    case 507:
      return new StorageFullError(message);
    default:
      return new InputError(message);
  }
}

/**
 * Sends one request to the running server's API with the hand-off secret and returns its JSON
 * answer checked by `schema`. A body goes as JSON (so secrets such as a password never travel in
 * the URL); a refusal becomes a typed error carrying the server's detail.
 */
export async function handOffRequest<S extends z.ZodType>(
  server: RunningServerHandOff,
  request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: unknown; what: string },
  schema: S,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(new URL(request.path, server.url), {
      method: request.method,
      headers: { [LOCAL_SECRET_HEADER]: server.secret, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    // The server file is there but nothing answers: a server that died while something else holds the lock.
    throw new DatabaseBusyError(`the database is locked, and the server it names (${server.url}) does not answer; stop whatever holds the database and retry`, {}, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    const problem = z.object({ detail: z.string() }).safeParse(safeJson(text));
    throw refusal(response.status, `the server refused the ${request.what} (${response.status}): ${problem.success ? problem.data.detail : text.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(safeJson(text));
  if (!parsed.success) throw new InputError(`the server at ${server.url} answered the ${request.what} with an unexpected body: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
