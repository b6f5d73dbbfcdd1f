import { z } from 'zod';
import type { DatasetModule, LocationInput, RowProblem } from './dataset-module.ts';
import { districtOfLsoaName } from '../placement/lsoa-name-district.ts';
import { firstProblem, monthSchema, optionalNumberSchema, optionalTextSchema, requiredTextSchema } from './field-parsers.ts';

/** data.police.uk street-level crime, as published monthly per force (shape order decides which problem is reported first). */
export const policeRowSchema = z.object({
  crime_id: optionalTextSchema,
  month: monthSchema,
  reported_by: optionalTextSchema,
  falls_within: optionalTextSchema,
  longitude: optionalNumberSchema,
  latitude: optionalNumberSchema,
  location: optionalTextSchema,
  lsoa_code: optionalTextSchema,
  lsoa_name: optionalTextSchema,
  crime_type: requiredTextSchema,
  last_outcome_category: optionalTextSchema,
  context: optionalTextSchema,
});

export type PoliceRow = z.infer<typeof policeRowSchema>;

/**
 * Where a validated police row is: its point, else its LSOA code, else nowhere; or why the point is
 * unusable. The district is the one its LSOA name names (data.police.uk gives ONS LSOA names).
 */
export function policeLocation(row: Pick<PoliceRow, 'longitude' | 'latitude' | 'lsoa_code' | 'lsoa_name'>): LocationInput | RowProblem {
  const district = districtOfLsoaName(row.lsoa_name);
  if (row.longitude !== null && row.latitude !== null) {
    return { kind: 'wgs84', longitude: row.longitude, latitude: row.latitude, suppliedLsoa: row.lsoa_code, district };
  }
  if (row.longitude !== null || row.latitude !== null) {
    return { ok: false, field: row.longitude === null ? 'longitude' : 'latitude', reason: 'only one of longitude and latitude is given' };
  }
  if (row.lsoa_code !== null) return { kind: 'lsoa', code: row.lsoa_code, district };
  return { kind: 'none', reason: 'no coordinates and no LSOA code' };
}

export const policeStreetCrime: DatasetModule = {
  id: 'police.street_crime',
  partner: 'police',
  title: 'Street-level crime and anti-social behaviour (data.police.uk layout)',
  table: 'police_street_crime',
  countColumn: null,
  rowSchema: policeRowSchema,
  // The place falls back to the LSOA code, whose name gives the district of rows outside the area (it follows the code, so adds no combinations).
  textKeys: ['lsoa_code', 'lsoa_name'],
  fields: [
    { name: 'crime_id', header: 'Crime ID', storage: 'VARCHAR', required: true },
    { name: 'month', header: 'Month', required: true, dateFormat: 'month' },
    { name: 'reported_by', header: 'Reported by', storage: 'VARCHAR', required: true },
    { name: 'falls_within', header: 'Falls within', storage: 'VARCHAR', required: false },
    { name: 'longitude', header: 'Longitude', storage: 'DOUBLE', required: true },
    { name: 'latitude', header: 'Latitude', storage: 'DOUBLE', required: true },
    { name: 'location', header: 'Location', storage: 'VARCHAR', required: false },
    { name: 'lsoa_code', header: 'LSOA code', storage: 'VARCHAR', required: true },
    { name: 'lsoa_name', header: 'LSOA name', storage: 'VARCHAR', required: false },
    { name: 'crime_type', header: 'Crime type', storage: 'VARCHAR', required: true },
    { name: 'last_outcome_category', header: 'Last outcome category', storage: 'VARCHAR', required: false },
    { name: 'context', header: 'Context', storage: 'VARCHAR', required: false },
  ],
  parseRow(raw) {
    const parsed = policeRowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    const location = policeLocation(row);
    if ('ok' in location) return location;
    const { month, ...values } = row;
    return { ok: true, period: month, location, values };
  },
};
