import type { Database } from '../db/database.ts';

export type Level = 'lsoa' | 'ward' | 'lad' | 'partnership';
export const LEVELS: readonly Level[] = ['lsoa', 'ward', 'lad', 'partnership'];

/** One published area and the LSOAs it is built from. */
export type Area = {
  code: string;
  name: string;
  level: Level;
  /** Index of the area this one is compared with (its local authority, or the partnership). */
  benchmark: number | null;
  /** Index of the area this one adds up into (ward → LAD …), for suppression groups. */
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

/** Reads the area hierarchy and denominators (LSOA first, then ward, LAD, partnership). */
export async function loadAreaHierarchy(db: Database): Promise<AreaHierarchy> {
  const rows = await db.all(
    `SELECT a.code, a.name, a.level, a.ward_code, a.lad_code, a.partnership_code,
            coalesce(p.total, 0)::INTEGER AS population, coalesce(p.older, 0)::INTEGER AS population65,
            coalesce(h.households, 0)::INTEGER AS households
     FROM area a
     LEFT JOIN (SELECT lsoa21_code, sum(usual_residents) AS total, sum(usual_residents) FILTER (WHERE aged_65_plus) AS older
                FROM population GROUP BY lsoa21_code) p ON p.lsoa21_code = a.code
     LEFT JOIN households h ON h.lsoa21_code = a.code
     ORDER BY CASE a.level WHEN 'lsoa' THEN 0 WHEN 'ward' THEN 1 WHEN 'lad' THEN 2 ELSE 3 END, a.code`,
  );
  const areas: Area[] = rows.map((r) => ({ code: String(r.code), name: String(r.name), level: r.level as Level, benchmark: null, parent: null, lsoas: [] }));
  const indexOf = new Map(areas.map((a, i) => [a.code, i]));
  const lsoaRows = rows.filter((r) => r.level === 'lsoa');
  const lsoaCount = lsoaRows.length;
  const population = new Float64Array(lsoaCount);
  const population65 = new Float64Array(lsoaCount);
  const households = new Float64Array(lsoaCount);
  const partnershipIndex = areas.findIndex((a) => a.level === 'partnership');
  rows.forEach((r, i) => {
    const area = areas[i];
    if (!area) return;
    const lad = indexOf.get(String(r.lad_code)) ?? null;
    if (area.level === 'lsoa') {
      population[i] = Number(r.population);
      population65[i] = Number(r.population65);
      households[i] = Number(r.households);
      area.lsoas.push(i);
      area.benchmark = lad;
      area.parent = indexOf.get(String(r.ward_code)) ?? null;
      for (const up of [area.parent, lad, partnershipIndex]) if (up !== null && up >= 0) areas[up]?.lsoas.push(i);
    } else if (area.level === 'ward') {
      area.benchmark = lad;
      area.parent = lad;
    } else if (area.level === 'lad') {
      area.benchmark = partnershipIndex >= 0 ? partnershipIndex : null;
      area.parent = area.benchmark;
    }
  });
  return { areas, lsoaIndex: new Map(areas.slice(0, lsoaCount).map((a, i) => [a.code, i])), lsoaCount, population, population65, households };
}
