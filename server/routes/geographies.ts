import { Hono } from 'hono';
import { z } from 'zod';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const levelSchema = z.enum(['lsoa', 'ward', 'lad'], { message: 'must be lsoa, ward or lad' });

/** GET /api/geographies/{level}: boundaries as GeoJSON, each feature with its GSS code and name. */
export function geographyRoutes(state: ObservatoryState) {
  const cache = new Map<string, string>();
  return new Hono().get('/:level', async (c) => {
    const level = parseInput(levelSchema, c.req.param('level'));
    let body = cache.get(level);
    if (!body) {
      const rows = await state.db.all(
        `SELECT g.code, a.name, g.geometry FROM area_geometry g JOIN area a ON a.code = g.code WHERE g.level = $level ORDER BY g.code`,
        { level },
      );
      // Geometry is stored as GeoJSON text: splice it in rather than parse and re-serialise.
      const features = rows.map(
        (r) => `{"type":"Feature","id":${JSON.stringify(r.code)},"properties":{"code":${JSON.stringify(r.code)},"name":${JSON.stringify(r.name)}},"geometry":${String(r.geometry)}}`,
      );
      body = `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
      cache.set(level, body);
    }
    return c.body(body, 200, { 'Content-Type': 'application/geo+json', 'Cache-Control': 'public, max-age=3600' });
  });
}
