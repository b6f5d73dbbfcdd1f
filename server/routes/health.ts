import { createRoute } from '@hono/zod-openapi';
import { Health } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getHealth',
  security: [],
  tags: ['Health'],
  summary: 'Liveness and when the indicators were last built',
  description: 'Names no file paths.',
  responses: { 200: jsonResponse(Health, 'The server is up.'), ...problemResponses(421, 503) },
});

/** GET /api/health: liveness and when indicators were last built. */
export function healthRoutes(state: ObservatoryState) {
  return apiRouter().openapi(healthRoute, async (c) => c.json({ status: 'ok' as const, partnership: state.partnership.id, builtAt: await state.figures.builtAt() }, 200));
}
