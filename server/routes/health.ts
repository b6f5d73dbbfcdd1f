import { Hono } from 'hono';
import type { ObservatoryState } from '../observatory-state.ts';

/** GET /api/health: liveness and when indicators were last built. */
export function healthRoutes(state: ObservatoryState) {
  return new Hono().get('/', async (c) => {
    const rows = await state.db.all(`SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS built FROM indicator_build`);
    return c.json({ status: 'ok' as const, database: state.db.path, partnership: state.partnership.id, builtAt: (rows[0]?.built as string | null) ?? null }, 200);
  });
}
