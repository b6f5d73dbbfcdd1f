/**
 * Derives the pilot's reference files (boundaries, lookups, population, households, IMD)
 * from the real open data folder (--data, else OBSERVATORY_OPEN_DATA, else .observatory/open-data; the
 * pilot-area files listed in its SOURCES.md). Re-running it rewrites the same bytes.
 *
 *   node --import tsx datasets/tools/derive-pilot-reference.ts [--data <open data folder>] [--out datasets/chorley-south-ribble]
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { csvLine, readCsv } from './csv.ts';
import { readAreaCollection, roundGeometry, stringProp, type AreaGeometry } from './geo.ts';
import { requireOpenDataDir } from './open-data.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: 'datasets/chorley-south-ribble' },
  },
});
const DATA = requireOpenDataDir(args.data, ['boundaries-drkane', 'lancashire-crimemappingdata/raw/lancashire_districts.geojson', 'population', 'imd2025']);
const OUT = resolve(args.out ?? 'datasets/chorley-south-ribble');
const LADS = [
  { code: 'E07000118', name: 'Chorley' },
  { code: 'E07000126', name: 'South Ribble' },
] as const;
/** A pair of 2011/2021 polygons is kept when the overlap is at least this share of either (smaller overlaps are generalisation slivers). */
const MIN_SHARE = 0.01;

interface Area {
  code: string;
  name: string;
  lad_code?: string;
  geometry: AreaGeometry;
}

function writeGeoJson(path: string, areas: Area[], withLad: boolean): void {
  // One feature per line keeps diffs readable while staying compact.
  const lines = areas.map((a) =>
    JSON.stringify({
      type: 'Feature',
      properties: withLad ? { code: a.code, name: a.name, lad_code: a.lad_code } : { code: a.code, name: a.name },
      geometry: roundGeometry(a.geometry, 6),
    }),
  );
  writeFileSync(path, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function asTurf(geometry: AreaGeometry): Feature<Polygon | MultiPolygon> {
  return turf.feature(geometry as Polygon | MultiPolygon);
}

function overlapArea(a: AreaGeometry, b: AreaGeometry): number {
  const fa = asTurf(a);
  const fb = asTurf(b);
  const [a0, a1, a2, a3] = turf.bbox(fa);
  const [b0, b1, b2, b3] = turf.bbox(fb);
  if (a2 < b0 || b2 < a0 || a3 < b1 || b3 < a1) return 0;
  const inter = turf.intersect(turf.featureCollection([fa, fb]));
  return inter ? turf.area(inter) : 0;
}

// ---- boundaries -------------------------------------------------------------------------
const lsoa21: Area[] = ['lsoa_E07000118', 'lsoa_E07000126']
  .flatMap((f) => readAreaCollection(join(DATA, 'boundaries-drkane', `${f}.geojson`)))
  .map((f) => ({ code: stringProp(f, 'LSOA21CD'), name: stringProp(f, 'LSOA21NM'), lad_code: stringProp(f, 'LADCD_ACTIVE'), geometry: f.geometry }))
  .sort(byCode);
const lsoa11: Area[] = ['lsoa11_E07000118', 'lsoa11_E07000126']
  .flatMap((f) => readAreaCollection(join(DATA, 'boundaries-drkane', `${f}.geojson`)))
  .map((f) => ({ code: stringProp(f, 'LSOA11CD'), name: stringProp(f, 'LSOA11NM'), lad_code: stringProp(f, 'LADCD_ACTIVE'), geometry: f.geometry }))
  .sort(byCode);
const wards: Area[] = ['ward_E07000118', 'ward_E07000126']
  .flatMap((f) => readAreaCollection(join(DATA, 'boundaries-drkane', `${f}.geojson`)))
  .map((f) => ({ code: stringProp(f, 'WD25CD'), name: stringProp(f, 'WD25NM'), lad_code: stringProp(f, 'LAD25CD'), geometry: f.geometry }))
  .sort(byCode);
const lads: Area[] = readAreaCollection(join(DATA, 'lancashire-crimemappingdata', 'raw', 'lancashire_districts.geojson'))
  .map((f) => ({ code: stringProp(f, 'objectid'), name: stringProp(f, 'district'), geometry: f.geometry }))
  .filter((a) => LADS.some((l) => l.code === a.code))
  .sort(byCode);

function expectCount(label: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, found ${actual}`);
  console.log(`${label}: ${actual}`);
}
expectCount('LSOA 2021 polygons', new Set(lsoa21.map((a) => a.code)).size, 140);
expectCount('LSOA 2011 polygons', new Set(lsoa11.map((a) => a.code)).size, 136);
expectCount('wards', new Set(wards.map((a) => a.code)).size, 37);
expectCount('districts', lads.length, 2);

mkdirSync(join(OUT, 'geography'), { recursive: true });
mkdirSync(join(OUT, 'lookups'), { recursive: true });
mkdirSync(join(OUT, 'reference'), { recursive: true });
writeGeoJson(join(OUT, 'geography', 'lsoa21.geojson'), lsoa21, true);
writeGeoJson(join(OUT, 'geography', 'lsoa11.geojson'), lsoa11, false);
writeGeoJson(join(OUT, 'geography', 'wards.geojson'), wards, true);
writeGeoJson(join(OUT, 'geography', 'lads.geojson'), lads, false);

// ---- LSOA 2021 -> ward (best fit by largest overlap) ------------------------------------
const ladName = new Map<string, string>(LADS.map((l) => [l.code, l.name]));
let wardByPoint = 0;
const wardRows: string[] = ['lsoa21_code,lsoa21_name,ward_code,ward_name,lad_code,lad_name'];
const wardOverlapShares: number[] = [];
for (const lsoa of lsoa21) {
  const lsoaArea = turf.area(asTurf(lsoa.geometry));
  let best: Area | undefined;
  let bestArea = 0;
  let tie = false;
  for (const ward of wards) {
    const a = overlapArea(lsoa.geometry, ward.geometry);
    if (a > bestArea * (1 + 1e-9)) {
      best = ward;
      bestArea = a;
      tie = false;
    } else if (best && Math.abs(a - bestArea) <= bestArea * 1e-9 && a > 0) {
      tie = true;
    }
  }
  if (!best || tie) {
    // No overlap computed (or an exact tie): fall back to the ward holding a point on the LSOA's surface.
    const pt = turf.pointOnFeature(asTurf(lsoa.geometry));
    best = wards.find((w) => turf.booleanPointInPolygon(pt, asTurf(w.geometry)));
    wardByPoint++;
  }
  if (!best) throw new Error(`no ward found for ${lsoa.code}`);
  if (best.lad_code !== lsoa.lad_code) throw new Error(`${lsoa.code} (${lsoa.lad_code}) best-fits ward ${best.code} in ${best.lad_code}`);
  wardOverlapShares.push(bestArea / lsoaArea);
  wardRows.push(csvLine([lsoa.code, lsoa.name, best.code, best.name, best.lad_code ?? '', ladName.get(best.lad_code ?? '') ?? '']));
}
writeFileSync(join(OUT, 'lookups', 'lsoa21_ward_lad.csv'), `${wardRows.join('\n')}\n`);
const wardsUsed = new Set(wardRows.slice(1).map((r) => r.split(',')[2]));
const sortedShares = [...wardOverlapShares].sort((a, b) => a - b);
console.log(`ward lookup: ${wardRows.length - 1} rows, ${wardsUsed.size} wards used, ${wardByPoint} by point fallback, min overlap share ${sortedShares[0]?.toFixed(3)}`);

// ---- LSOA 2011 -> LSOA 2021 (area shares) ------------------------------------------------
interface Pair {
  from: string;
  to: string;
  shareFrom: number;
  shareTo: number;
}
const area11 = new Map(lsoa11.map((a) => [a.code, turf.area(asTurf(a.geometry))]));
const area21 = new Map(lsoa21.map((a) => [a.code, turf.area(asTurf(a.geometry))]));
const pairs: Pair[] = [];
let droppedSlivers = 0;
for (const a of lsoa11) {
  for (const b of lsoa21) {
    const inter = overlapArea(a.geometry, b.geometry);
    if (inter <= 0) continue;
    const shareFrom = inter / (area11.get(a.code) ?? 1);
    const shareTo = inter / (area21.get(b.code) ?? 1);
    if (shareFrom >= MIN_SHARE || shareTo >= MIN_SHARE) pairs.push({ from: a.code, to: b.code, shareFrom, shareTo });
    else droppedSlivers++;
  }
}
const toOf11 = new Map<string, string[]>();
const fromOf21 = new Map<string, string[]>();
for (const p of pairs) {
  toOf11.set(p.from, [...(toOf11.get(p.from) ?? []), p.to]);
  fromOf21.set(p.to, [...(fromOf21.get(p.to) ?? []), p.from]);
}
function relationship(p: Pair): string {
  const outs = toOf11.get(p.from) ?? [];
  const ins = fromOf21.get(p.to) ?? [];
  if (outs.length === 1 && ins.length === 1) return p.from === p.to ? 'unchanged' : 'complex';
  if (outs.length > 1 && outs.every((c) => (fromOf21.get(c) ?? []).length === 1)) return 'split';
  if (ins.length > 1 && ins.every((c) => (toOf11.get(c) ?? []).length === 1)) return 'merged';
  return 'complex';
}
const relCounts = new Map<string, number>();
const lookupRows = ['lsoa11_code,lsoa21_code,share_of_lsoa11,share_of_lsoa21,relationship'];
for (const p of pairs) {
  const rel = relationship(p);
  relCounts.set(rel, (relCounts.get(rel) ?? 0) + 1);
  lookupRows.push(csvLine([p.from, p.to, p.shareFrom.toFixed(4), p.shareTo.toFixed(4), rel]));
}
writeFileSync(join(OUT, 'lookups', 'lsoa11_lsoa21.csv'), `${lookupRows.join('\n')}\n`);
const codes11 = new Set(lsoa11.map((a) => a.code));
const codes21 = new Set(lsoa21.map((a) => a.code));
const retired = [...codes11].filter((c) => !codes21.has(c)).sort();
const created = [...codes21].filter((c) => !codes11.has(c)).sort();
const unmapped11 = [...codes11].filter((c) => !toOf11.has(c));
const unmapped21 = [...codes21].filter((c) => !fromOf21.has(c));
if (unmapped11.length > 0 || unmapped21.length > 0) throw new Error(`unmapped codes: ${[...unmapped11, ...unmapped21].join(' ')}`);
const relSummary = [...relCounts].map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`LSOA11->21 lookup: ${pairs.length} pairs (${relSummary}); ${droppedSlivers} sliver pairs dropped`);
console.log(`retired LSOA11 codes: ${retired.length} ${retired.join(' ')}`);
console.log(`new LSOA21 codes: ${created.length} ${created.join(' ')}`);

// ---- population, households, IMD ----------------------------------------------------------
const popFile = join(DATA, 'population', 'census2021_usual_residents_lsoa21_age6_chorley_south_ribble.csv');
const pop = readCsv(popFile, z.object({ lsoa21_code: z.string(), lsoa21_name: z.string(), age_group: z.string(), usual_residents: z.coerce.number().int() }));
const popTotal = pop.reduce((s, r) => s + r.usual_residents, 0);
expectCount('Census 2021 usual residents', popTotal, 228768);
copyFileSync(popFile, join(OUT, 'reference', 'population_age6.csv'));

const ts011 = readCsv(
  join(DATA, 'population', 'census2021_ts011_households_by_deprivation_dimensions_lsoa21_chorley_south_ribble.csv'),
  z.object({ lsoa21_code: z.string(), households_number_deprivation_dimensions: z.string(), count: z.coerce.number().int(), percent: z.string() }),
);
const households = new Map<string, number>();
for (const r of ts011) households.set(r.lsoa21_code, (households.get(r.lsoa21_code) ?? 0) + r.count);
expectCount('households LSOAs', households.size, 140);
expectCount('households total', [...households.values()].reduce((s, v) => s + v, 0), 98692);
const hhRows = ['lsoa21_code,households', ...[...households].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, n]) => `${c},${n}`)];
writeFileSync(join(OUT, 'reference', 'households.csv'), `${hhRows.join('\n')}\n`);

const imdFile = join(DATA, 'imd2025', 'imd2025_lsoa21_chorley_south_ribble.csv');
const imd = readCsv(imdFile, z.object({ lsoa21_code: z.string(), IMD_score: z.coerce.number() }).loose());
expectCount('IMD 2025 rows', imd.length, 140);
copyFileSync(imdFile, join(OUT, 'reference', 'imd2025.csv'));

writeFileSync(
  join(OUT, 'partnership.json'),
  `${JSON.stringify({ id: 'chorley-south-ribble', name: 'Chorley and South Ribble', localAuthorities: LADS }, null, 2)}\n`,
);

// ---- METHOD.md (counts come from this run, so the note cannot drift from the files) -------
const method = `# How the pilot lookups were derived

Both lookups are **best-fit derivations** computed by \`datasets/tools/derive-pilot-reference.ts\` from the
ONS generalised clipped (BGC) boundaries in \`boundaries-drkane/\`. They are **not** the official ONS
lookups (LSOA21 → WD25 → LAD best-fit, LSOA11_LSOA21_LAD22_EW_LU), which are not in the stored data.
Areas are computed on WGS84 geometries with \`@turf/area\` (spherical), overlaps with \`@turf/intersect\`.

## lsoa21_ward_lad.csv
- Inputs: 140 LSOA 2021 polygons (\`lsoa_E07000118\`, \`lsoa_E07000126\`), 37 ward polygons (May 2025, \`ward_E07000118\`, \`ward_E07000126\`).
- Rule: each LSOA is assigned to the ward with the largest area of overlap. On an exact tie or no overlap,
  the ward containing a point on the LSOA's surface (\`@turf/point-on-feature\`) is used.
- Result: ${wardRows.length - 1} rows; ${wardsUsed.size} of 37 wards receive at least one LSOA; point fallback used ${wardByPoint} times.
  Every LSOA's ward lies in the LSOA's own district (checked; the script fails otherwise).
- Smallest winning overlap share: ${((sortedShares[0] ?? 0) * 100).toFixed(1)}% of the LSOA's area; LSOAs whose best ward covers < 90%: ${wardOverlapShares.filter((s) => s < 0.9).length}.
  Ward boundaries (2025) do not nest in LSOAs (2021), so ward figures built from LSOAs are approximations.

## lsoa11_lsoa21.csv
- Inputs: 136 LSOA 2011 polygons (\`lsoa11_E07000118\`, \`lsoa11_E07000126\`) and the 140 LSOA 2021 polygons.
- Every pair with a positive intersection is measured; \`share_of_lsoa11\` = intersection / LSOA 2011 area,
  \`share_of_lsoa21\` = intersection / LSOA 2021 area (4 dp).
- Pairs are kept when the intersection is at least ${MIN_SHARE * 100}% of either polygon; ${droppedSlivers} smaller pairs were dropped
  as slivers created by generalising the two boundary sets differently.
- \`relationship\`: \`unchanged\` (1:1, same code), \`split\` (one 2011 code → several 2021 codes, each fed only by it),
  \`merged\` (several 2011 codes → one 2021 code), \`complex\` (anything else, including 1:1 with a code change).
- Result: ${pairs.length} pairs (${relSummary}).
- Retired LSOA 2011 codes (${retired.length}): ${retired.join(', ')}.
- New LSOA 2021 codes (${created.length}): ${created.join(', ')}.
  This matches SOURCES.md (11 retired, 15 new).
- Every 2011 code maps to at least one 2021 code and every 2021 code has at least one 2011 source (checked).

To apportion a count held on an LSOA 2011 code, multiply by \`share_of_lsoa11\` (area share, a proxy for a
population share, which would need the official lookup or output-area populations).
`;
writeFileSync(join(OUT, 'lookups', 'METHOD.md'), method);
console.log('done');
