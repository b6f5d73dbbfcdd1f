import { z } from 'zod';
import type { DatasetModule, LocationInput } from './dataset-module.ts';
import { firstProblem, monthOf, optionalNumberSchema, optionalTextSchema, requiredTextSchema, ukDateSchema } from './field-parsers.ts';

/** Service requests logged by a district council (fly-tipping, ASB complaints, noise, disrepair). */
const rowSchema = z.object({
  case_ref: requiredTextSchema,
  received_date: ukDateSchema,
  service: requiredTextSchema,
  postcode: optionalTextSchema,
  easting: optionalNumberSchema,
  northing: optionalNumberSchema,
  uprn: optionalTextSchema,
  ward_name: optionalTextSchema,
});

export const councilServiceRequests: DatasetModule = {
  id: 'council.service_requests',
  partner: 'council',
  title: 'Council service requests',
  table: 'council_service_requests',
  countColumn: null,
  rowSchema,
  // The place falls back to the postcode, and the service is stored lower-cased.
  textKeys: ['postcode', 'service'],
  fields: [
    { name: 'case_ref', header: 'case_ref', storage: 'VARCHAR', required: true },
    { name: 'received_date', header: 'received_date', storage: 'TIMESTAMP', required: true, dateFormat: 'uk-date' },
    { name: 'service', header: 'service', storage: 'VARCHAR', required: true },
    { name: 'postcode', header: 'postcode', storage: 'VARCHAR', required: true },
    { name: 'easting', header: 'easting', storage: 'DOUBLE', required: true },
    { name: 'northing', header: 'northing', storage: 'DOUBLE', required: true },
    { name: 'uprn', header: 'uprn', storage: 'VARCHAR', required: false },
    { name: 'ward_name', header: 'ward_name', storage: 'VARCHAR', required: false },
    { name: 'complainant_name', header: 'complainant_name', required: false },
    { name: 'complainant_phone', header: 'complainant_phone', required: false },
  ],
  parseRow(raw) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    let location: LocationInput;
    if (row.easting !== null && row.northing !== null) {
      location = { kind: 'bng', easting: row.easting, northing: row.northing, suppliedLsoa: null };
    } else if (row.postcode !== null) {
      location = { kind: 'postcode', postcode: row.postcode };
    } else {
      location = { kind: 'none', reason: 'no easting and northing and no postcode' };
    }
    return {
      ok: true,
      period: monthOf(row.received_date),
      location,
      values: { ...row, received_date: `${row.received_date} 00:00:00`, service: row.service.toLowerCase() },
    };
  },
};
