import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bngToWgs84, isOnGrid, wgs84ToBng } from './british-national-grid.ts';

/**
 * Ordnance Survey's published OSTN15 test points (developer pack files
 * OSTN15_OSGM15_TestInput_ETRStoOSGB.txt / TestOutput_ETRStoOSGB.txt,
 * https://www.ordnancesurvey.co.uk/geodesy-positioning/coordinate-transformations/resources,
 * © Crown copyright, Ordnance Survey 2016, OSI BSD licence): ETRS89 latitude and
 * longitude (the same as WGS84 to well under a metre for this purpose) and the
 * OSGB36 National Grid easting and northing OS gives for them. The three nearest
 * the pilot: TP19 is Blackpool, TP16 STFC Daresbury, TP20 near Leeds.
 *
 * The module uses the 7-parameter Helmert transformation rather than the OSTN15
 * grid, which OS says is good to a few metres across Great Britain; in the North
 * West it is within about 1.7 m of OSTN15, so 2.5 m is the tolerance here. An
 * LSOA is hundreds of metres across, so this is far inside what placement needs,
 * while a wrong ellipsoid, datum shift or false origin would be off by 100 m or more.
 */
const OS_TEST_POINTS: { id: string; latitude: number; longitude: number; easting: number; northing: number }[] = [
  { id: 'TP19', latitude: 53.7791102576, longitude: -3.04045490691, easting: 331534.564, northing: 431920.794 },
  { id: 'TP16', latitude: 53.3448028019, longitude: -2.6404932081, easting: 357455.843, northing: 383290.436 },
  { id: 'TP20', latitude: 53.8002151963, longitude: -1.66379168242, easting: 422242.186, northing: 433818.701 },
];

const TOLERANCE_METRES = 2.5;

/** Ground distance in metres between two nearby WGS84 points (equirectangular; fine at this scale). */
function metresBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.hypot(x, y) * r;
}

describe('British National Grid ↔ WGS84', () => {
  it.each(OS_TEST_POINTS)('$id: easting/northing converts to the OS latitude/longitude within 2.5 m', ({ latitude, longitude, easting, northing }) => {
    const [lon, lat] = bngToWgs84(easting, northing);
    expect(metresBetween([lon, lat], [longitude, latitude])).toBeLessThan(TOLERANCE_METRES);
  });

  it.each(OS_TEST_POINTS)('$id: latitude/longitude converts to the OS easting/northing within 2.5 m', ({ latitude, longitude, easting, northing }) => {
    const [e, n] = wgs84ToBng(longitude, latitude);
    expect(Math.hypot(e - easting, n - northing)).toBeLessThan(TOLERANCE_METRES);
  });

  it('places a pilot fire incident in Lancashire (Lostock Hall, about 53.72N 2.69W)', () => {
    // Grid reference from the pilot fire extract; Lostock Hall is at roughly 53.723N, 2.687W.
    const [lon, lat] = bngToWgs84(355123, 425206);
    expect(lat).toBeGreaterThan(53.71);
    expect(lat).toBeLessThan(53.73);
    expect(lon).toBeGreaterThan(-2.70);
    expect(lon).toBeLessThan(-2.67);
  });

  it('property: converting to WGS84 and back returns the same grid point to a centimetre', () => {
    fc.assert(
      fc.property(fc.double({ min: 100_000, max: 650_000, noNaN: true }), fc.double({ min: 10_000, max: 1_200_000, noNaN: true }), (e, n) => {
        const [lon, lat] = bngToWgs84(e, n);
        const [e2, n2] = wgs84ToBng(lon, lat);
        expect(Math.hypot(e2 - e, n2 - n)).toBeLessThan(0.01);
      }),
    );
  });
});

describe('isOnGrid', () => {
  it('accepts grid coordinates of Great Britain', () => {
    expect(isOnGrid(355123, 425206)).toBe(true);
    expect(isOnGrid(91492.146, 11318.804)).toBe(true);
    expect(isOnGrid(395999.668, 1138728.951)).toBe(true);
  });

  it('refuses zero, negative and off-grid values (such as latitude/longitude typed into easting/northing)', () => {
    expect(isOnGrid(0, 0)).toBe(false);
    expect(isOnGrid(0, 425206)).toBe(false);
    expect(isOnGrid(-2.6, 53.6)).toBe(false);
    expect(isOnGrid(700_000, 400_000)).toBe(false);
    expect(isOnGrid(400_000, 1_300_000)).toBe(false);
  });
});
