import { z } from 'zod';
import type { Database } from '../db/database.ts';

export type Level = 'lsoa' | 'ward' | 'lad' | 'partnership' | 'locality';
export const LEVELS: readonly Level[] = ['lsoa', 'ward', 'lad', 'partnership', 'locality'];

/** One published area and the LSOAs it is built from. */
export type Area = {
  code: string;
  name: string;
  level: Level;
  /** Index of the area this one is compared with (its local authority, or the partnership). */
  benchmark: number | null;
  /** Index of the area this one adds up into (ward → LAD …), for suppression groups; null for a locality, which nests in nothing. */
  parent: number | null;
  lsoas: number[];
};

/** The partnership's areas with LSOA-based roll-ups and denominators. */
export type AreaHierarchy = {
  areas: Area[];
  lsoaIndex: Map<string, number>;
  lsoaCount: number;
  population: Float64Array;
  population65: Float64Array;
  households: Float64Array;
};

/** A level as stored in the `area` table. */
export const levelSchema = z.enum(LEVELS as [Level, ...Level[]]);

const areaRow = z.object({
  code: z.string(),
  name: z.string(),
  level: levelSchema,
  ward_code: z.string().nullable(),
  lad_code: z.string().nullable(),
  population: z.number(),
  population65: z.number(),
  households: z.number(),
  localities: z.array(z.string()),
});

/**
 * Reads the area hierarchy and denominators: LSOAs first, then wards, districts, the partnership
 * (each adding up into the next) and last the localities, each the sum of its own LSOAs.
 */
export async function loadAreaHierarchy(db: Database): Promise<AreaHierarchy> {
  const rows = await db.all(
    `SELECT a.code, a.name, a.level, a.ward_code, a.lad_code,
            coalesce(p.total, 0)::INTEGER AS population, coalesce(p.older, 0)::INTEGER AS population65,
            coalesce(h.households, 0)::INTEGER AS households,
            coalesce(m.localities, []) AS localities
     FROM area a
     LEFT JOIN (SELECT lsoa21_code, sum(usual_residents) AS total, sum(usual_residents) FILTER (WHERE aged_65_plus) AS older
                FROM population GROUP BY lsoa21_code) p ON p.lsoa21_code = a.code
     LEFT JOIN households h ON h.lsoa21_code = a.code
     LEFT JOIN (SELECT lsoa21_code, list(locality_code ORDER BY locality_code) AS localities FROM locality_lsoa GROUP BY lsoa21_code) m ON m.lsoa21_code = a.code
     ORDER BY CASE a.level WHEN 'lsoa' THEN 0 WHEN 'ward' THEN 1 WHEN 'lad' THEN 2 WHEN 'partnership' THEN 3 ELSE 4 END, a.code`,
    {},
    areaRow,
  );
  const areas: Area[] = rows.map((r) => ({ code: r.code, name: r.name, level: r.level, benchmark: null, parent: null, lsoas: [] }));
  const indexOf = new Map(areas.map((a, i) => [a.code, i]));
  const lsoaCount = rows.filter((r) => r.level === 'lsoa').length;
  const population = new Float64Array(lsoaCount);
  const population65 = new Float64Array(lsoaCount);
  const households = new Float64Array(lsoaCount);
  const partnershipIndex = areas.findIndex((a) => a.level === 'partnership');
  const partnership = partnershipIndex >= 0 ? partnershipIndex : null;
  rows.forEach((r, i) => {
    const area = areas[i]!;
    const lad = r.lad_code === null ? null : (indexOf.get(r.lad_code) ?? null);
    if (area.level === 'lsoa') {
      population[i] = r.population;
      population65[i] = r.population65;
      households[i] = r.households;
      area.lsoas.push(i);
      area.benchmark = lad;
      area.parent = r.ward_code === null ? null : (indexOf.get(r.ward_code) ?? null);
      for (const up of [area.parent, lad, partnership, ...r.localities.map((l) => indexOf.get(l) ?? null)]) if (up !== null) areas[up]?.lsoas.push(i);
    } else if (area.level === 'ward') {
      area.benchmark = lad;
      area.parent = lad;
    } else if (area.level === 'lad') {
      area.benchmark = partnership;
      area.parent = partnership;
    } else if (area.level === 'locality') {
      // Compared with the partnership: a locality may straddle districts.
      area.benchmark = partnership;
    }
  });
  return { areas, lsoaIndex: new Map(areas.slice(0, lsoaCount).map((a, i) => [a.code, i])), lsoaCount, population, population65, households };
}

/**
 * What each area is the sum of, as disclosure control must see it: a ward its LSOAs, a district its
 * wards, the partnership its districts (the parent links), and a locality its own LSOAs, which
 * cross wards without nesting in them. Children always come before the area they add up into.
 */
export function areaChildren(hierarchy: AreaHierarchy): number[][] {
  const children = hierarchy.areas.map((): number[] => []);
  hierarchy.areas.forEach((area, a) => {
    if (area.parent !== null) children[area.parent]?.push(a);
    else if (area.level === 'locality') children[a] = [...area.lsoas];
  });
  return children;
}
