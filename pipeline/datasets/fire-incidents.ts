import { z } from 'zod';
import type { DatasetModule, LocationInput } from './dataset-module.ts';
import {
  firstProblem,
  monthOf,
  optionalNumberSchema,
  optionalTextSchema,
  requiredTextSchema,
  ukDateTimeSchema,
  yesNoSchema,
} from './field-parsers.ts';

/** Incident-level export from a fire and rescue service's incident recording system. */
const rowSchema = z.object({
  incident_number: requiredTextSchema,
  call_datetime: ukDateTimeSchema,
  incident_group: z.enum(['Fire', 'False Alarm', 'Special Service'], { message: 'is not one of Fire, False Alarm, Special Service' }),
  incident_type: requiredTextSchema,
  property_category: optionalTextSchema,
  property_type: optionalTextSchema,
  deliberate: yesNoSchema,
  easting: optionalNumberSchema,
  northing: optionalNumberSchema,
  ward_name: optionalTextSchema,
});

export const fireIncidents: DatasetModule = {
  id: 'fire.incidents',
  partner: 'fire',
  title: 'Fire and rescue incidents',
  table: 'fire_incidents',
  countColumn: null,
  rowSchema,
  fields: [
    { name: 'incident_number', header: 'incident_number', storage: 'VARCHAR', required: true },
    { name: 'call_datetime', header: 'call_datetime', storage: 'TIMESTAMP', required: true, dateFormat: 'uk-date-time' },
    { name: 'incident_group', header: 'incident_group', storage: 'VARCHAR', required: true },
    { name: 'incident_type', header: 'incident_type', storage: 'VARCHAR', required: true },
    { name: 'property_category', header: 'property_category', storage: 'VARCHAR', required: false },
    { name: 'property_type', header: 'property_type', storage: 'VARCHAR', required: false },
    { name: 'deliberate', header: 'deliberate', storage: 'BOOLEAN', required: true },
    { name: 'easting', header: 'easting', storage: 'DOUBLE', required: true },
    { name: 'northing', header: 'northing', storage: 'DOUBLE', required: true },
    { name: 'ward_name', header: 'ward_name', storage: 'VARCHAR', required: false },
    // Personal data: no storage type, so no agreement can keep them.
    { name: 'caller_name', header: 'caller_name', required: false },
    { name: 'address', header: 'address', required: false },
  ],
  parseRow(raw) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    let location: LocationInput;
    if (row.easting !== null && row.northing !== null) {
      location = { kind: 'bng', easting: row.easting, northing: row.northing, suppliedLsoa: null };
    } else {
      location = { kind: 'none', reason: 'no easting and northing' };
    }
    return { ok: true, period: monthOf(row.call_datetime), location, values: row };
  },
};
