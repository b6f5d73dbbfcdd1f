import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../pipeline/db/database.ts';
import { publicationGate } from '../../pipeline/indicators/publication-gate.ts';
import { latestBuildId } from '../../pipeline/indicators/published-figures.ts';

/** The response header naming the build an answer's figures come from. */
export const BUILD_HEADER = 'Observatory-Build';

/**
 * Answers that read published figures run inside the publication gate, so no build commits while
 * they read: every answer comes from one complete build, and says which in the Observatory-Build
 * header (the same build the ETag names).
 */
export function oneBuild(db: Database): MiddlewareHandler {
  return (c, next) =>
    publicationGate(db).read(async () => {
      // Set before the answer is made: a header set on a made answer turns its bytes into a stream to copy.
      c.header(BUILD_HEADER, String(await latestBuildId(db)));
      await next();
    });
}
