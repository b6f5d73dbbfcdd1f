import { z } from 'zod';
import type { DatasetModule, LocationInput } from './dataset-module.ts';
import { firstProblem, monthSchema, optionalNumberSchema, optionalTextSchema, requiredTextSchema } from './field-parsers.ts';

/** data.police.uk street-level crime, as published monthly per force. */
const rowSchema = z.object({
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

export const policeStreetCrime: DatasetModule = {
  id: 'police.street_crime',
  partner: 'police',
  title: 'Street-level crime and anti-social behaviour (data.police.uk layout)',
  table: 'police_street_crime',
  countColumn: null,
  fields: [
    { name: 'crime_id', header: 'Crime ID', storage: 'VARCHAR', required: true },
    { name: 'month', header: 'Month', required: true },
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
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    let location: LocationInput;
    if (row.longitude !== null && row.latitude !== null) {
      location = { kind: 'wgs84', longitude: row.longitude, latitude: row.latitude, suppliedLsoa: row.lsoa_code };
    } else if (row.longitude !== null || row.latitude !== null) {
      return { ok: false, field: row.longitude === null ? 'longitude' : 'latitude', reason: 'only one of longitude and latitude is given' };
    } else if (row.lsoa_code !== null) {
      location = { kind: 'lsoa', code: row.lsoa_code };
    } else {
      location = { kind: 'none', reason: 'no coordinates and no LSOA code' };
    }
    const { month, ...values } = row;
    return { ok: true, period: month, location, values };
  },
};
