import { createRoute, z } from '@hono/zod-openapi';
import { areaGeometries, localityMembership } from '../../pipeline/reference/area-geometry.ts';
import { AreaCollection, GeographyLevel, Geometry } from '../contract/index.ts';
import { apiRouter, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const geographyRoute = createRoute({
  method: 'get',
  path: '/{level}',
  operationId: 'getGeography',
  tags: ['Geographies'],
  summary: 'Boundaries of every area of a level',
  description: 'GeoJSON, each feature with its GSS code and name; a locality also with its kind and the LSOAs it is made of.',
  request: { params: z.object({ level: GeographyLevel.meta({ param: { name: 'level', in: 'path' } }) }) },
  responses: { 200: { description: 'The boundaries.', content: { 'application/geo+json': { schema: AreaCollection } } }, ...problemResponses(400, 401, 403) },
});

/** GET /api/geographies/{level}: boundaries as GeoJSON (served from the build cache, with an ETag). */
export function geographyRoutes(state: ObservatoryState) {
  return apiRouter().openapi(geographyRoute, async (c) => {
    const { level } = c.req.valid('param');
    const rows = await areaGeometries(state.db, level);
    const membership = level === 'locality' ? await localityMembership(state.db) : new Map<string, never>();
    // Parsed and checked once per build: the build cache serves the bytes after that.
    const features = rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: { code: r.code, name: r.name, ...membership.get(r.code) },
      geometry: Geometry.parse(JSON.parse(r.geometry)),
    }));
    return c.json({ type: 'FeatureCollection' as const, features }, 200, { 'Content-Type': 'application/geo+json' });
  });
}
