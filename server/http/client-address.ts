import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client's address when served by Node's HTTP server; "in-process" for requests made with app.request (tests). */
export function clientAddress(c: Context): string {
  const incoming: unknown = c.env === undefined || c.env === null ? undefined : Reflect.get(c.env, 'incoming');
  if (incoming === undefined) return 'in-process';
  return getConnInfo(c).remote.address ?? 'unknown';
}
