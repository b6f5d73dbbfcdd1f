import { createRoute, z } from '@hono/zod-openapi';
import { areaGeometries, localityMembership } from '../../pipeline/reference/area-geometry.ts';
import { AREA_TILE_MAX_ZOOM, AreaCollection, AreaIndex, GeographyLevel, Geometry, TiledLevel } from '../contract/index.ts';
import { AreaTiles } from '../geography/area-tiles.ts';
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

const tiledLevelParam = TiledLevel.meta({ param: { name: 'level', in: 'path' } });

const areaIndexRoute = createRoute({
  method: 'get',
  path: '/{level}/index',
  operationId: 'getAreaIndex',
  tags: ['Geographies'],
  summary: 'The areas of a level without their boundaries',
  description: 'Each area with its code, name and a point inside it for its label, and the bounds of the level: what a map drawn from the vector tiles needs besides them.',
  request: { params: z.object({ level: tiledLevelParam }) },
  responses: { 200: { description: 'The areas.', content: { 'application/json': { schema: AreaIndex } } }, ...problemResponses(400, 401, 403) },
});

const tileCoordinate = (name: string, description: string) =>
  z.coerce.number({ message: 'must be a whole number' }).int({ message: 'must be a whole number' }).min(0, { message: 'must not be negative' }).meta({ param: { name, in: 'path' }, description });

const areaTileRoute = createRoute({
  method: 'get',
  path: '/{level}/tiles/{z}/{x}/{y}',
  operationId: 'getAreaTile',
  tags: ['Geographies'],
  summary: 'One vector tile of the boundaries of a level',
  description: `A Mapbox vector tile (version 2, layer \`areas\`, each feature with its code and name) of the level's boundaries at zoom z (0 to ${AREA_TILE_MAX_ZOOM}), simplified for that zoom; 204 when no area reaches into the tile.`,
  request: {
    params: z
      .object({
        level: tiledLevelParam,
        z: tileCoordinate('z', 'The zoom.').pipe(z.number().max(AREA_TILE_MAX_ZOOM, { message: `must be at most ${AREA_TILE_MAX_ZOOM}` })),
        x: tileCoordinate('x', 'The column, from the west.'),
        y: tileCoordinate('y', 'The row, from the north.'),
      })
      .refine((p) => p.x < 2 ** p.z && p.y < 2 ** p.z, { message: 'x and y must be less than 2 to the power z', path: ['x'] }),
  },
  responses: {
    200: { description: 'The tile.', content: { 'application/x-protobuf': { schema: z.string().meta({ format: 'binary' }) } } },
    204: { description: 'No area reaches into the tile.' },
    ...problemResponses(400, 401, 403),
  },
});

/**
 * GET /api/geographies/{level}: boundaries as GeoJSON; /{level}/index and /{level}/tiles/{z}/{x}/{y}: the
 * same areas for a map drawn from vector tiles. All served from the build cache, with an ETag.
 */
export function geographyRoutes(state: ObservatoryState) {
  const tiles = new AreaTiles(state.db);
  return apiRouter()
    .openapi(areaIndexRoute, async (c) => c.json(await tiles.areaIndex(c.req.valid('param').level), 200))
    .openapi(areaTileRoute, async (c) => {
      const { level, z: zoom, x, y } = c.req.valid('param');
      const tile = await tiles.tile(level, zoom, x, y);
      if (tile === null) return c.body(null, 204);
      return c.body(new Uint8Array(tile), 200, { 'Content-Type': 'application/x-protobuf' });
    })
    .openapi(geographyRoute, async (c) => {
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
