import { z } from 'zod';
import type { DatasetModule, LocationInput } from './dataset-module.ts';
import { firstProblem, lsoaCodeSchema, monthOf, requiredTextSchema, ukDateTimeSchema } from './field-parsers.ts';

/** An LSOA code that may be blank (the department did not record it). */
const optionalLsoaSchema = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(lsoaCodeSchema.nullable());

/** A lower-case code from a fixed list, so indicator filters match what the department sent. */
const codeOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(values, { message: `is not one of ${values.join(', ')}` }));

/** Age bands the Cardiff model's minimum data set uses. */
export const AGE_BANDS = ['0-15', '16-24', '25-34', '35-49', '50-64', '65+', 'not_known'] as const;
/** What the patient was assaulted with, as the department's triage records it. */
export const ASSAULT_TYPES = ['unarmed', 'blunt_object', 'sharp_object', 'glass_or_bottle', 'firearm', 'other_weapon', 'not_known'] as const;
/** Where the assault happened, as the patient said. */
export const LOCATION_TYPES = ['street', 'licensed_premises', 'home', 'public_transport', 'school_or_workplace', 'other', 'not_known'] as const;

/**
 * Emergency department attendances for assault, one row per attendance, as hospitals share them
 * under the Cardiff model (information sharing to tackle violence): when the patient arrived, where
 * the assault happened (LSOA) when the patient said, else where the patient lives, age band, sex,
 * weapon and kind of place. No name, address or NHS number is ever sent.
 */
const rowSchema = z.object({
  attendance_id: requiredTextSchema,
  patient_id: requiredTextSchema,
  arrival_datetime: ukDateTimeSchema,
  incident_lsoa: optionalLsoaSchema,
  residence_lsoa: optionalLsoaSchema,
  age_band: codeOf(AGE_BANDS),
  sex: codeOf(['female', 'male', 'not_known']),
  assault_type: codeOf(ASSAULT_TYPES),
  location_type: codeOf(LOCATION_TYPES),
});

export const aeAssaultAttendances: DatasetModule = {
  id: 'health.ae_assault_attendances',
  partner: 'health',
  title: 'A&E attendances for assault (Cardiff model)',
  table: 'health_ae_assault_attendances',
  countColumn: null,
  rowSchema,
  fields: [
    { name: 'attendance_id', header: 'attendance_id', storage: 'VARCHAR', required: true },
    { name: 'patient_id', header: 'patient_id', storage: 'VARCHAR', required: true },
    { name: 'arrival_datetime', header: 'arrival_datetime', storage: 'TIMESTAMP', required: true, dateFormat: 'uk-date-time' },
    { name: 'incident_lsoa', header: 'incident_lsoa', storage: 'VARCHAR', required: true },
    { name: 'residence_lsoa', header: 'residence_lsoa', storage: 'VARCHAR', required: true },
    { name: 'age_band', header: 'age_band', storage: 'VARCHAR', required: true },
    { name: 'sex', header: 'sex', storage: 'VARCHAR', required: true },
    { name: 'assault_type', header: 'assault_type', storage: 'VARCHAR', required: true },
    { name: 'location_type', header: 'location_type', storage: 'VARCHAR', required: true },
  ],
  parseRow(raw) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
    const row = parsed.data;
    // Where it happened is what a violence reduction unit acts on; where the patient lives stands in when unknown.
    const code = row.incident_lsoa ?? row.residence_lsoa;
    const location: LocationInput = code !== null ? { kind: 'lsoa', code } : { kind: 'none', reason: 'neither the incident nor the residence LSOA is given' };
    return { ok: true, period: monthOf(row.arrival_datetime), location, values: row };
  },
};
