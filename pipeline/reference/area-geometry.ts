import { z } from 'zod';
import type { Database } from '../db/database.ts';

const geometryRow = z.object({ code: z.string(), name: z.string(), geometry: z.string() });

/** One area's boundary: its code, name and GeoJSON geometry as stored (text, not parsed). */
export type AreaGeometry = z.infer<typeof geometryRow>;

/** The boundaries of every area of a level (lsoa, ward or lad), by code. */
export async function areaGeometries(db: Database, level: string): Promise<AreaGeometry[]> {
  return z
    .array(geometryRow)
    .parse(await db.all(`SELECT g.code, a.name, g.geometry FROM area_geometry g JOIN area a ON a.code = g.code WHERE g.level = $level ORDER BY g.code`, { level }));
}
