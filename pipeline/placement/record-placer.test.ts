import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { wgs84ToBng } from './british-national-grid.ts';
import { LsoaLocator } from './lsoa-locator.ts';
import { RecordPlacer, normalisePostcode, type Lsoa11Mapping, type PlacerReference } from './record-placer.ts';

// The real pilot geography: LSOA 2021 polygons and the 2011 → 2021 lookup.
const pilot = new URL('../../datasets/chorley-south-ribble/', import.meta.url);
const geojson = JSON.parse(readFileSync(new URL('geography/lsoa21.geojson', pilot), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string }>;
const areas = geojson.features.map((f) => ({ code: f.properties.code, geometry: f.geometry }));
const lookup = Papa.parse<{ lsoa11_code: string; lsoa21_code: string; share_of_lsoa11: string }>(readFileSync(new URL('lookups/lsoa11_lsoa21.csv', pilot), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data;
const lsoa11To21 = new Map<string, Lsoa11Mapping[]>();
for (const row of lookup) {
  lsoa11To21.set(row.lsoa11_code, [...(lsoa11To21.get(row.lsoa11_code) ?? []), { lsoa21: row.lsoa21_code, shareOfLsoa11: Number(row.share_of_lsoa11) }]);
}

function reference(postcodes: ReadonlyMap<string, string> | null = null): PlacerReference {
  return { locator: new LsoaLocator(areas), lsoa21Codes: new Set(areas.map((a) => a.code)), lsoa11To21, postcodes };
}

/** A WGS84 point that only the given LSOA's polygon holds. */
function pointInside(code: string): [number, number] {
  const area = areas.find((a) => a.code === code)!;
  const ring = area.geometry.type === 'Polygon' ? area.geometry.coordinates[0]! : area.geometry.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const x = Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 20;
      const y = Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 20;
      const holders = areas.filter((a) => booleanPointInPolygon([x, y], { type: 'Feature', properties: {}, geometry: a.geometry }));
      if (holders.length === 1 && holders[0]!.code === code) return [x, y];
    }
  }
  throw new Error(`no interior point found for ${code}`);
}

// E01024919 (Chorley, 2011) split into four 2021 LSOAs; E01024929 and E01024932 merged into E01034339.
const SPLIT_2011 = 'E01024919';
const SPLIT_PARTS = ['E01034340', 'E01034341', 'E01034342', 'E01034343'];
const UNCHANGED = 'E01024915';

describe('RecordPlacer: points', () => {
  const placer = new RecordPlacer(reference());

  it('places a WGS84 point in the LSOA whose polygon holds it', () => {
    const [longitude, latitude] = pointInside(UNCHANGED);
    expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: null })).toEqual({ ok: true, lsoa21: UNCHANGED, method: 'point', disagreement: false });
  });

  it('places a British National Grid point by converting it to WGS84 first', () => {
    const [longitude, latitude] = pointInside('E01034339');
    const [easting, northing] = wgs84ToBng(longitude, latitude);
    expect(placer.place({ kind: 'bng', easting, northing, suppliedLsoa: null })).toEqual({ ok: true, lsoa21: 'E01034339', method: 'point', disagreement: false });
  });

  it('refuses a point at 0,0 in either coordinate system', () => {
    expect(placer.place({ kind: 'wgs84', longitude: 0, latitude: 0, suppliedLsoa: UNCHANGED })).toEqual({ ok: false, field: 'longitude', reason: 'point is at 0,0 (no real location)' });
    expect(placer.place({ kind: 'bng', easting: 0, northing: 0, suppliedLsoa: null })).toEqual({ ok: false, field: 'easting', reason: 'point is at 0,0 (no real location)' });
  });

  it('places a point outside the partnership outside its area, naming the district given unless its supplied code is inside', () => {
    // Basingstoke, from the real Lancashire police file (a row recorded against another force's area).
    const basingstoke = { kind: 'wgs84', longitude: -1.138266, latitude: 51.351756, district: 'Basingstoke and Deane' } as const;
    expect(placer.place({ ...basingstoke, suppliedLsoa: 'E01022557' })).toEqual({ ok: false, outside: true, district: 'Basingstoke and Deane' });
    expect(placer.place({ ...basingstoke, suppliedLsoa: null })).toEqual({ ok: false, outside: true, district: 'Basingstoke and Deane' });
    expect(placer.place({ ...basingstoke, suppliedLsoa: UNCHANGED })).toEqual({ ok: false, outside: true, district: null });
    // OS test point TP19, Blackpool: on the grid, in Lancashire, not in Chorley or South Ribble; no district given.
    expect(placer.place({ kind: 'bng', easting: 331534.564, northing: 431920.794, suppliedLsoa: null })).toEqual({ ok: false, outside: true, district: null });
  });

  it('refuses coordinates that are not on the grid or not WGS84 at all', () => {
    expect(placer.place({ kind: 'bng', easting: -2.6, northing: 53.6, suppliedLsoa: null })).toEqual({
      ok: false,
      field: 'easting',
      reason: 'easting/northing is not on the British National Grid',
    });
    expect(placer.place({ kind: 'wgs84', longitude: 355123, latitude: 425206, suppliedLsoa: null })).toEqual({
      ok: false,
      field: 'longitude',
      reason: 'coordinates are out of range for WGS84',
    });
  });

  it('refuses a record with no location, giving the reason the dataset gave', () => {
    expect(placer.place({ kind: 'none', reason: 'no coordinates and no LSOA code' })).toEqual({ ok: false, field: 'location', reason: 'no coordinates and no LSOA code' });
  });
});

describe('RecordPlacer: a supplied code beside a point', () => {
  const placer = new RecordPlacer(reference());

  it('notes no disagreement when the supplied 2021 code matches the point (in any case)', () => {
    const [longitude, latitude] = pointInside(UNCHANGED);
    expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: UNCHANGED.toLowerCase() })).toMatchObject({ ok: true, lsoa21: UNCHANGED, disagreement: false });
  });

  it('trusts the point and flags the disagreement when the supplied code is another LSOA', () => {
    const [longitude, latitude] = pointInside(UNCHANGED);
    expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: 'E01024916' })).toEqual({ ok: true, lsoa21: UNCHANGED, method: 'point', disagreement: true });
    expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: 'E01012607' })).toMatchObject({ ok: true, lsoa21: UNCHANGED, disagreement: true });
  });

  it('resolves an LSOA 2011 code that split by the point, with no disagreement when the point is in one of its parts', () => {
    for (const part of SPLIT_PARTS) {
      const [longitude, latitude] = pointInside(part);
      expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: SPLIT_2011 })).toEqual({ ok: true, lsoa21: part, method: 'point', disagreement: false });
    }
  });

  it('flags a split 2011 code whose parts do not hold the point', () => {
    const [longitude, latitude] = pointInside(UNCHANGED);
    expect(placer.place({ kind: 'wgs84', longitude, latitude, suppliedLsoa: SPLIT_2011 })).toMatchObject({ ok: true, lsoa21: UNCHANGED, disagreement: true });
  });
});

describe('RecordPlacer: codes without a point', () => {
  const placer = new RecordPlacer(reference());

  it('places a 2021 code of the partnership as itself, whatever its case', () => {
    expect(placer.place({ kind: 'lsoa', code: UNCHANGED })).toEqual({ ok: true, lsoa21: UNCHANGED, method: 'lsoa21-code', disagreement: false });
    expect(placer.place({ kind: 'lsoa', code: 'e01034339' })).toEqual({ ok: true, lsoa21: 'E01034339', method: 'lsoa21-code', disagreement: false });
  });

  it('maps a 2011 code that merged into a 2021 LSOA', () => {
    expect(placer.place({ kind: 'lsoa', code: 'E01024929' })).toEqual({ ok: true, lsoa21: 'E01034339', method: 'lsoa11-code', disagreement: false });
    expect(placer.place({ kind: 'lsoa', code: 'E01024932' })).toEqual({ ok: true, lsoa21: 'E01034339', method: 'lsoa11-code', disagreement: false });
  });

  it('refuses a 2011 code that split, as ambiguous, saying into how many', () => {
    const placement = placer.place({ kind: 'lsoa', code: SPLIT_2011 });
    expect(placement).toMatchObject({ ok: false, field: 'lsoa_code', ambiguous: true });
    if (placement.ok || placement.outside) throw new Error('expected a refusal');
    expect(placement.reason).toContain('split into 4 LSOA 2021 areas');
    expect(placement.reason).toContain('ambiguous');
  });

  it('places a well-formed code of another area outside the partnership, and refuses one that is no LSOA code', () => {
    expect(placer.place({ kind: 'lsoa', code: 'E01012607', district: 'Preston' })).toEqual({ ok: false, outside: true, district: 'Preston' });
    expect(placer.place({ kind: 'lsoa', code: 'W01000001' })).toEqual({ ok: false, outside: true, district: null });
    expect(placer.place({ kind: 'lsoa', code: 'E0101260' })).toEqual({ ok: false, field: 'lsoa_code', reason: 'is not an LSOA code (E01 or W01 followed by six digits)' });
  });
});

describe('RecordPlacer: postcodes', () => {
  it('refuses a postcode when the partnership has no postcode lookup', () => {
    expect(new RecordPlacer(reference()).place({ kind: 'postcode', postcode: 'PR7 1DP' })).toEqual({
      ok: false,
      field: 'postcode',
      reason: 'has no coordinates and the partnership has no postcode lookup',
    });
  });

  it('places a postcode through the lookup whatever its spacing and case, and refuses one not in it', () => {
    const placer = new RecordPlacer(reference(new Map([[normalisePostcode('PR7 1DP'), UNCHANGED]])));
    expect(placer.place({ kind: 'postcode', postcode: 'pr7  1dp' })).toEqual({ ok: true, lsoa21: UNCHANGED, method: 'postcode', disagreement: false });
    expect(placer.place({ kind: 'postcode', postcode: 'PR1 2PQ' })).toEqual({ ok: false, field: 'postcode', reason: 'postcode is not in the partnership postcode lookup' });
  });

  it('normalises postcodes to upper case without spaces', () => {
    expect(normalisePostcode(' pr26 4fb ')).toBe('PR264FB');
  });
});
