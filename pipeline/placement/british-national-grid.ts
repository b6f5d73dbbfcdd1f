import proj4 from 'proj4';

/** EPSG:27700 with the OSGB36 → WGS84 Helmert transformation (accurate to a few metres). */
const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const converter = proj4(BRITISH_NATIONAL_GRID, 'WGS84');

/** Converts British National Grid easting/northing (metres) to WGS84 [longitude, latitude]. */
export function bngToWgs84(easting: number, northing: number): [number, number] {
  const [longitude, latitude] = converter.forward([easting, northing]);
  return [longitude as number, latitude as number];
}

/** Converts WGS84 longitude/latitude to British National Grid [easting, northing]. */
export function wgs84ToBng(longitude: number, latitude: number): [number, number] {
  const [easting, northing] = converter.inverse([longitude, latitude]);
  return [easting as number, northing as number];
}

/** True when an easting/northing pair lies on the grid of Great Britain. */
export function isOnGrid(easting: number, northing: number): boolean {
  return easting > 0 && easting < 700_000 && northing > 0 && northing < 1_300_000;
}
