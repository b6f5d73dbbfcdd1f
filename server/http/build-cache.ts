import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../../pipeline/db/database.ts';
import { knownBuildId, latestBuildId } from '../../pipeline/indicators/published-figures.ts';

type Entry = { build: number; replay: [string, unknown][]; body: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> | null; contentType: string; disposition: string | null; etag: string };

/** How a cache middleware keys and replays answers. */
export type CacheOptions = {
  cacheControl: string;
  /** What else an answer depends on beyond path, query and day (the caller's role, when answers list only what a role may see). */
  varyBy?: (c: Context) => string;
  /** Context variables the handler sets for later middleware (the audit's), kept with the answer and set again on a hit. */
  replayVars?: readonly string[];
};

/** How many bytes of answers the cache keeps before dropping the least recently used. */
const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * Published figures change only with a build, so a successful answer is kept, as bytes, until the next
 * build: repeated reads cost no query and no serialisation. Each answer carries an ETag (the build and a
 * hash of the body; 304 when the client has it) and Cache-Control, and is gzipped once when a client asks.
 * The key is the path, the query and the day (an agreement can lapse overnight), under the build id.
 */
export class BuildCache {
  private readonly entries = new Map<string, Entry>();
  private readonly computing = new Map<string, Promise<Entry | null>>();
  private bytes = 0;

  constructor(
    private readonly db: Database,
    private readonly today: () => string,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {}

  /** Middleware serving GET answers from the cache, filling it on a miss. */
  middleware(options: CacheOptions): MiddlewareHandler {
    const replayed = options.replayVars ?? [];
    return async (c, next) => {
      if (c.req.method !== 'GET') return next();
      const build = knownBuildId(this.db) ?? (await latestBuildId(this.db));
      const url = c.req.url;
      const key = `${this.today()}|${options.varyBy?.(c) ?? ''}|${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
      // Requests that miss together (the first ones after a build) wait for the one computing the answer.
      // (No await between looking for a computation and registering one, so concurrent misses see it.)
      const pending = this.computing.get(key);
      let entry = this.get(key, build) ?? (pending ? ((await pending) ?? undefined) : undefined);
      if (entry && entry.build !== build) entry = undefined;
      if (entry) {
        for (const [name, value] of entry.replay) c.set(name as never, value as never);
      } else {
        let settle!: (entry: Entry | null) => void;
        this.computing.set(key, new Promise<Entry | null>((resolve) => (settle = resolve)));
        try {
          await next();
          if (c.res.status === 200) {
            const body = new Uint8Array(await c.res.arrayBuffer());
            const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
            entry = {
              build,
              replay: replayed.map((name): [string, unknown] => [name, c.get(name as never)]),
              body,
              gzip: null,
              contentType: c.res.headers.get('content-type') ?? 'application/octet-stream',
              disposition: c.res.headers.get('content-disposition'),
              etag: `"b${build}-${hash}"`,
            };
            this.set(key, entry);
          }
        } finally {
          this.computing.delete(key);
          settle(entry ?? null);
        }
        // Errors are answered as they are, uncached.
        if (!entry) return;
      }
      const headers = preparedHeaders(c);
      c.res = this.respond(entry, headers, c.req.header('if-none-match'), c.req.header('accept-encoding'), options.cacheControl);
    };
  }

  private respond(entry: Entry, headers: Headers, ifNoneMatch: string | undefined, acceptEncoding: string | undefined, cacheControl: string): Response {
    headers.set('etag', entry.etag);
    headers.set('cache-control', cacheControl);
    headers.set('vary', 'Accept-Encoding');
    for (const name of ['content-type', 'content-disposition', 'content-encoding', 'content-length']) headers.delete(name);
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === entry.etag)) return new Response(null, { status: 304, headers });
    headers.set('content-type', entry.contentType);
    if (entry.disposition) headers.set('content-disposition', entry.disposition);
    if (entry.body.byteLength > 1024 && acceptsGzip(acceptEncoding)) {
      entry.gzip ??= new Uint8Array(gzipSync(entry.body));
      headers.set('content-encoding', 'gzip');
      return new Response(entry.gzip, { status: 200, headers });
    }
    return new Response(entry.body, { status: 200, headers });
  }

  private get(key: string, build: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.build !== build) {
      this.drop(key, entry);
      return undefined;
    }
    // Re-inserted so the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private set(key: string, entry: Entry): void {
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      if (k !== key) this.drop(k, e);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}

/**
 * The headers earlier middleware set for the answer before it was made (the request id, the build), without
 * the handler's answer (its body is in the entry). Read from an empty answer Hono makes of them, then forgotten
 * again, so the cached answer is set whole: setting it over another answer would turn its bytes into a stream.
 */
function preparedHeaders(c: Context): Headers {
  c.res = undefined;
  const headers = c.res.headers;
  c.res = undefined;
  return headers;
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
