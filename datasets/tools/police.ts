/**
 * police.street_crime rows in the data.police.uk street-level layout. Locations come from a pool of
 * snapped points: for the pilot, the exact anonymised points seen in the real Lancashire files; for
 * synthetic geographies, a fixed pool drawn inside the given LSOAs.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { z } from 'zod';
import type { Lsoa } from './areas.ts';
import { randomPointIn } from './geo.ts';
import { fictionalStreet } from './names.ts';
import { WeightedPicker, type Rng } from './rng.ts';

/** The data.police.uk street-level header. */
export const POLICE_HEADER = [
  'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context',
] as const;

/** A snapped location exactly as police files write it (strings, so real coordinates keep their digits). */
export interface SnappedPoint {
  lon: string;
  lat: string;
  location: string;
  lsoaCode: string;
  lsoaName: string;
}

/** Everything needed to generate police rows that look like a given set of real ones. */
export interface PoliceProfile {
  points: WeightedPicker<SnappedPoint>;
  pointCount: number;
  crimeTypes: WeightedPicker<string>;
  outcomes: Map<string, WeightedPicker<string>>;
  /** Mean rows a month in the calibration set. */
  monthlyVolume: number;
  outOfArea: SnappedPoint[];
}

const policeRecord = z.object({
  'Crime ID': z.string(), Month: z.string(), 'Reported by': z.string(), 'Falls within': z.string(), Longitude: z.string(), Latitude: z.string(),
  Location: z.string(), 'LSOA code': z.string(), 'LSOA name': z.string(), 'Crime type': z.string(), 'Last outcome category': z.string(), Context: z.string(),
});
type PoliceRecord = z.infer<typeof policeRecord>;

/** Reads a real data.police.uk street file with zod validation of every row. */
export function readPoliceFile(path: string): PoliceRecord[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  return parsed.data.map((r, i) => {
    const result = policeRecord.safeParse(r);
    if (!result.success) throw new Error(`${path} row ${i + 2}: ${result.error.message}`);
    return result.data;
  });
}

function countInto<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function pickerFrom<T>(counts: Map<T, number>): WeightedPicker<T> {
  const entries = [...counts];
  return new WeightedPicker(entries.map((e) => e[0]), entries.map((e) => e[1]));
}

/** Calibrates on real whole-force files: pilot rows are those whose LSOA code is in `areaCodes`. */
export function profileFromRealFiles(paths: readonly string[], areaCodes: ReadonlySet<string>): PoliceProfile {
  const points = new Map<string, number>();
  const pointByKey = new Map<string, SnappedPoint>();
  const outside = new Map<string, SnappedPoint>();
  const types = new Map<string, number>();
  const outcomeCounts = new Map<string, Map<string, number>>();
  let pilotRows = 0;
  for (const path of paths) {
    for (const r of readPoliceFile(path)) {
      const pt: SnappedPoint = { lon: r.Longitude, lat: r.Latitude, location: r.Location, lsoaCode: r['LSOA code'], lsoaName: r['LSOA name'] };
      const key = `${pt.lon}|${pt.lat}|${pt.location}|${pt.lsoaCode}`;
      if (!areaCodes.has(r['LSOA code'])) {
        if (r.Longitude !== '' && r['LSOA code'] !== '') outside.set(key, pt);
        continue;
      }
      pilotRows++;
      pointByKey.set(key, pt);
      countInto(points, key);
      countInto(types, r['Crime type']);
      const byType = outcomeCounts.get(r['Crime type']) ?? new Map<string, number>();
      countInto(byType, r['Last outcome category']);
      outcomeCounts.set(r['Crime type'], byType);
    }
  }
  const keys = [...points.keys()].sort();
  const outsideKeys = [...outside.keys()].sort();
  return {
    points: new WeightedPicker(keys.map((k) => pointByKey.get(k) as SnappedPoint), keys.map((k) => points.get(k) ?? 0)),
    pointCount: keys.length,
    crimeTypes: pickerFrom(new Map([...types].sort())),
    outcomes: new Map([...outcomeCounts].sort().map(([t, m]) => [t, pickerFrom(new Map([...m].sort()))])),
    monthlyVolume: pilotRows / paths.length,
    // Every 97th out-of-area point is enough variety for "a handful" a month.
    outOfArea: outsideKeys.filter((_, i) => i % 97 === 0).map((k) => outside.get(k) as SnappedPoint),
  };
}

/** Crime-type counts of the real pilot rows in 2019-01 (data.police.uk), used when no real file is available. */
const DEFAULT_MIX: [string, number][] = [
  ['Anti-social behaviour', 384], ['Bicycle theft', 12], ['Burglary', 156], ['Criminal damage and arson', 70], ['Drugs', 21],
  ['Other crime', 30], ['Other theft', 114], ['Possession of weapons', 4], ['Public order', 65], ['Robbery', 3], ['Shoplifting', 51],
  ['Theft from the person', 9], ['Vehicle crime', 83], ['Violence and sexual offences', 494],
];
const DEFAULT_OUTCOMES: [string, number][] = [
  ['Status update unavailable', 645], ['Unable to prosecute suspect', 289], ['Further investigation is not in the public interest', 58],
  ['Court result unavailable', 39], ['Local resolution', 19], ['Formal action is not in the public interest', 15], ['Offender given a caution', 13],
  ['Investigation complete; no suspect identified', 10], ['Under investigation', 40], ['Awaiting court outcome', 20],
];
const PLACE_NAMES = ['Parking Area', 'Supermarket', 'Petrol Station', 'Shopping Area', 'Sports/Recreation Area', 'Nightclub', 'Further/Higher Educational Building', 'Hospital', 'Conference/Exhibition Centre', 'Pedestrian Subway', 'Park/Open Space', 'Police Station'];

/** Builds a synthetic profile: `poolSize` snapped points inside the LSOAs (by population), with a heavy-tailed use per point. */
export function syntheticProfile(lsoas: readonly Lsoa[], poolSize: number, rng: Rng, monthlyVolume: number): PoliceProfile {
  const lsoaPicker = new WeightedPicker(lsoas, lsoas.map((l) => l.population));
  const pts: SnappedPoint[] = [];
  const weights: number[] = [];
  for (let i = 0; i < poolSize; i++) {
    const l = lsoaPicker.pick(rng);
    const [lon, lat] = randomPointIn(l.area, rng);
    const place = rng.chance(0.15) ? rng.pick(PLACE_NAMES) : fictionalStreet(rng);
    pts.push({ lon: lon.toFixed(6), lat: lat.toFixed(6), location: `On or near ${place}`, lsoaCode: l.code, lsoaName: l.name });
    // Real snapped points are used very unevenly (town centres take many crimes), hence the squared exponential.
    const u = -Math.log(1 - rng.next());
    weights.push(u * u + 0.05);
  }
  const outcomes = new WeightedPicker(DEFAULT_OUTCOMES.map((o) => o[0]), DEFAULT_OUTCOMES.map((o) => o[1]));
  return {
    points: new WeightedPicker(pts, weights),
    pointCount: pts.length,
    crimeTypes: new WeightedPicker(DEFAULT_MIX.map((m) => m[0]), DEFAULT_MIX.map((m) => m[1])),
    outcomes: new Map(DEFAULT_MIX.map(([t]) => [t, outcomes])),
    monthlyVolume,
    outOfArea: [
      { lon: '-1.885285', lat: '52.559189', location: 'On or near Anerley Grove', lsoaCode: 'E01009233', lsoaName: 'Birmingham 008D' },
      { lon: '-5.715000', lat: '50.066000', location: 'On or near Sea Area', lsoaCode: '', lsoaName: '' },
    ],
  };
}

/** Kinds of deliberately irregular police rows. */
export type PoliceMess = 'no_location' | 'out_of_area';

/** Builds one police row (fields) for a month; ASB rows get an empty Crime ID and outcome, as data.police.uk writes them. */
export function policeRow(profile: PoliceProfile, month: string, force: string, rng: Rng, mess?: PoliceMess): string[] {
  const type = profile.crimeTypes.pick(rng);
  const asb = type === 'Anti-social behaviour';
  const outcome = asb ? '' : (profile.outcomes.get(type)?.pick(rng) ?? 'Status update unavailable');
  const id = asb ? '' : rng.hex(64);
  if (mess === 'no_location') return [id, month, force, force, '', '', 'No Location', '', '', type, outcome, ''];
  const pt = mess === 'out_of_area' && profile.outOfArea.length > 0 ? rng.pick(profile.outOfArea) : profile.points.pick(rng);
  return [id, month, force, force, pt.lon, pt.lat, pt.location, pt.lsoaCode, pt.lsoaName, type, outcome, ''];
}
