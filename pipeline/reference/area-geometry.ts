import { z } from 'zod';
import type { Database } from '../db/database.ts';

const geometryRow = z.object({ code: z.string(), name: z.string(), geometry: z.string() });

/** One area's boundary: its code, name and GeoJSON geometry as stored (text, not parsed). */
export type AreaGeometry = z.infer<typeof geometryRow>;

/** The boundaries of every area of a level (lsoa, ward, lad or locality), by code. */
export async function areaGeometries(db: Database, level: string): Promise<AreaGeometry[]> {
  return db.all(`SELECT g.code, a.name, g.geometry FROM area_geometry g JOIN area a ON a.code = g.code WHERE g.level = $level ORDER BY g.code`, { level }, geometryRow);
}

const membershipRow = z.object({ code: z.string(), kind: z.string(), kind_name: z.string(), lsoas: z.array(z.string()) });

/** Each locality's kind and LSOAs, by locality code. */
export async function localityMembership(db: Database): Promise<Map<string, { kind: { id: string; name: string }; lsoas: string[] }>> {
  const rows = await db.all(
    `SELECT l.code, k.id AS kind, k.name AS kind_name, list(m.lsoa21_code ORDER BY m.lsoa21_code) AS lsoas
     FROM locality l JOIN locality_kind k ON k.id = l.kind JOIN locality_lsoa m ON m.locality_code = l.code
     GROUP BY l.code, k.id, k.name`,
    {},
    membershipRow,
  );
  return new Map(rows.map((r) => [r.code, { kind: { id: r.kind, name: r.kind_name }, lsoas: r.lsoas }]));
}
