import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  firstProblem,
  lsoaCodeSchema,
  monthOf,
  monthSchema,
  optionalNumberSchema,
  optionalTextSchema,
  requiredTextSchema,
  ukDateSchema,
  ukDateTimeSchema,
  yesNoSchema,
} from './field-parsers.ts';
import { DATASETS } from './registry.ts';

/** The parsed value, or the first issue's message. */
function parse<T>(schema: z.ZodType<T>, input: string): { ok: true; value: T } | { ok: false; message: string } {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]?.message ?? '' };
}

describe('monthSchema (YYYY-MM)', () => {
  it('accepts a month, trimming spaces', () => {
    expect(parse(monthSchema, '2019-01')).toEqual({ ok: true, value: '2019-01' });
    expect(parse(monthSchema, ' 2018-12 ')).toEqual({ ok: true, value: '2018-12' });
  });

  it.each(['2019-13', '2019-00', '2019-1', '19-01', '2019/01', '01/2019', '2019-01-01', '', '1989-12', '2101-01'])('refuses %j', (input) => {
    expect(parse(monthSchema, input)).toEqual({ ok: false, message: 'is not a month in the form YYYY-MM' });
  });
});

describe('ukDateSchema (DD/MM/YYYY)', () => {
  it('turns a UK date into an ISO date, with or without leading zeros', () => {
    expect(parse(ukDateSchema, '01/02/2019')).toEqual({ ok: true, value: '2019-02-01' });
    expect(parse(ukDateSchema, '1/2/2019')).toEqual({ ok: true, value: '2019-02-01' });
    expect(parse(ukDateSchema, ' 31/12/2018 ')).toEqual({ ok: true, value: '2018-12-31' });
  });

  it('knows leap years', () => {
    expect(parse(ukDateSchema, '29/02/2020')).toEqual({ ok: true, value: '2020-02-29' });
    expect(parse(ukDateSchema, '29/02/2019').ok).toBe(false);
    expect(parse(ukDateSchema, '29/02/2100').ok).toBe(false);
  });

  it.each(['31/02/2018', '31/04/2019', '32/01/2019', '00/01/2019', '12/13/2019', '2018-13-01', '2019-01-01', '01/01/19', '01-01-2019'])('refuses %j', (input) => {
    expect(parse(ukDateSchema, input)).toEqual({ ok: false, message: 'is not a valid date in the form DD/MM/YYYY' });
  });

  it('says when the date is empty', () => {
    expect(parse(ukDateSchema, '  ')).toEqual({ ok: false, message: 'is empty (expected DD/MM/YYYY)' });
  });
});

describe('ukDateTimeSchema (DD/MM/YYYY HH:MM)', () => {
  it('turns a UK date-time into an ISO timestamp kept in local time', () => {
    expect(parse(ukDateTimeSchema, '01/01/2019 04:18')).toEqual({ ok: true, value: '2019-01-01 04:18:00' });
    expect(parse(ukDateTimeSchema, '5/7/2018 9:05')).toEqual({ ok: true, value: '2018-07-05 09:05:00' });
    expect(parse(ukDateTimeSchema, '31/12/2018 23:59:59')).toEqual({ ok: true, value: '2018-12-31 23:59:59' });
    expect(parse(ukDateTimeSchema, '31/03/2019T00:00')).toEqual({ ok: true, value: '2019-03-31 00:00:00' });
  });

  it.each(['01/01/2019 24:00', '01/01/2019 12:60', '01/01/2019 12:00:60', '31/02/2018 10:00', '01/01/2019', '2019-01-01 10:00', '01/01/2019 10'])('refuses %j', (input) => {
    expect(parse(ukDateTimeSchema, input)).toEqual({ ok: false, message: 'is not a valid date-time in the form DD/MM/YYYY HH:MM' });
  });

  it('says when the date-time is empty', () => {
    expect(parse(ukDateTimeSchema, '')).toEqual({ ok: false, message: 'is empty (expected DD/MM/YYYY HH:MM)' });
  });
});

describe('optionalNumberSchema', () => {
  it('reads decimals, negatives and padded numbers; empty is null', () => {
    expect(parse(optionalNumberSchema, '-2.462042')).toEqual({ ok: true, value: -2.462042 });
    expect(parse(optionalNumberSchema, ' 355123 ')).toEqual({ ok: true, value: 355123 });
    expect(parse(optionalNumberSchema, '0')).toEqual({ ok: true, value: 0 });
    expect(parse(optionalNumberSchema, '')).toEqual({ ok: true, value: null });
    expect(parse(optionalNumberSchema, '   ')).toEqual({ ok: true, value: null });
  });

  it.each(['abc', 'NaN', 'Infinity', '-Infinity', '1,234', '12 345', '53.7N', '0x10', '1e3', '.', '-'])('refuses %j', (input) => {
    expect(parse(optionalNumberSchema, input)).toEqual({ ok: false, message: 'is not a plain decimal number (digits with an optional point)' });
  });
});

describe('lsoaCodeSchema', () => {
  it('accepts English and Welsh LSOA codes, upper-casing and trimming them', () => {
    expect(parse(lsoaCodeSchema, 'E01024915')).toEqual({ ok: true, value: 'E01024915' });
    expect(parse(lsoaCodeSchema, ' e01034352 ')).toEqual({ ok: true, value: 'E01034352' });
    expect(parse(lsoaCodeSchema, 'W01000001')).toEqual({ ok: true, value: 'W01000001' });
  });

  it.each(['E02000001', 'E05013064', 'E0102491', 'E010249150', 'S01000001', '', 'Chorley 014A'])('refuses %j', (input) => {
    expect(parse(lsoaCodeSchema, input)).toEqual({ ok: false, message: 'is not an LSOA code (E01 or W01 followed by six digits)' });
  });
});

describe('yes/no, text and helpers', () => {
  it('reads the usual spellings of yes and no; empty is null', () => {
    for (const yes of ['Yes', 'y', 'TRUE', '1', ' yes ']) expect(parse(yesNoSchema, yes)).toEqual({ ok: true, value: true });
    for (const no of ['No', 'N', 'false', '0']) expect(parse(yesNoSchema, no)).toEqual({ ok: true, value: false });
    expect(parse(yesNoSchema, '')).toEqual({ ok: true, value: null });
    expect(parse(yesNoSchema, 'maybe')).toEqual({ ok: false, message: 'is not Yes or No' });
  });

  it('trims text, treating blank optional text as null and blank required text as a problem', () => {
    expect(parse(optionalTextSchema, '  On or near Briar Way ')).toEqual({ ok: true, value: 'On or near Briar Way' });
    expect(parse(optionalTextSchema, '   ')).toEqual({ ok: true, value: null });
    expect(parse(requiredTextSchema, ' Burglary ')).toEqual({ ok: true, value: 'Burglary' });
    expect(parse(requiredTextSchema, '  ')).toEqual({ ok: false, message: 'is empty' });
  });

  it('takes the month of an ISO date or date-time', () => {
    expect(monthOf('2019-01-31')).toBe('2019-01');
    expect(monthOf('2018-12-31 23:59:00')).toBe('2018-12');
  });

  it('turns the first zod issue into the field and a reason starting with the field', () => {
    const police = DATASETS.find((d) => d.id === 'police.street_crime')!;
    const result = police.parseRow({
      crime_id: '',
      month: '2019-13',
      reported_by: '',
      falls_within: '',
      longitude: '',
      latitude: '',
      location: '',
      lsoa_code: '',
      lsoa_name: '',
      crime_type: 'Burglary',
      last_outcome_category: '',
      context: '',
    });
    expect(result).toEqual({ ok: false, field: 'month', reason: 'month is not a month in the form YYYY-MM' });
    const issue = monthSchema.safeParse('x').error!;
    expect(firstProblem(issue)).toEqual({ field: 'row', reason: 'row is not a month in the form YYYY-MM' });
  });
});

describe('messages never echo the offending value', () => {
  const schemas: [string, z.ZodType<unknown>][] = [
    ['month', monthSchema],
    ['UK date', ukDateSchema],
    ['UK date-time', ukDateTimeSchema],
    ['number', optionalNumberSchema],
    ['LSOA code', lsoaCodeSchema],
    ['yes/no', yesNoSchema],
  ];
  // Personal data a partner might put in the wrong column, plus random text around a marker.
  const personal = fc.constantFrom('Zoë Haworth', 'José Núñez', '07700 900203', '71 Ashgrove Street, Leyland, PR1 2PQ', 'PR7 1DP', 'harry.cooper@example.org');
  const marked = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}Qz7Marker${b}`);
  const offending = fc.oneof(personal, marked, fc.tuple(personal, fc.constantFrom('01/01/2019 ', '2019-01 ', '12')).map(([p, d]) => `${d}${p}`));

  it.each(schemas)('%s: a refused value is never in the message', (_, schema) => {
    fc.assert(
      fc.property(offending, (value) => {
        const result = schema.safeParse(value);
        expect(result.success).toBe(false);
        for (const issue of result.error?.issues ?? []) {
          expect(issue.message).not.toContain(value.trim());
          expect(issue.message).not.toContain('Qz7Marker');
          expect(issue.message).not.toMatch(/Haworth|Núñez|900203|Ashgrove|PR1 2PQ|PR7 1DP|example\.org/);
        }
      }),
    );
  });

  it('row problems of every dataset name the field and never quote the value', () => {
    const valid: Record<string, Record<string, string>> = {
      'police.street_crime': {
        crime_id: 'abc123', month: '2019-01', reported_by: 'Lancashire Constabulary', falls_within: 'Lancashire Constabulary',
        longitude: '-2.6', latitude: '53.6', location: 'On or near Briar Way', lsoa_code: 'E01024915', lsoa_name: 'Chorley 014A',
        crime_type: 'Burglary', last_outcome_category: '', context: '',
      },
      'fire.incidents': {
        incident_number: 'F1', call_datetime: '01/01/2019 04:18', incident_group: 'Fire', incident_type: 'Primary fire', property_category: '',
        property_type: '', deliberate: 'No', easting: '355123', northing: '425206', ward_name: '', caller_name: '', address: '',
      },
      'health.activity': { lsoa_code: 'E01024915', period: '2019-01', measure: 'emergency_admissions', count: '5' },
      'council.service_requests': {
        case_ref: 'SR-1', received_date: '01/01/2019', service: 'fly_tipping', postcode: 'PR6 5NF', easting: '358548', northing: '417894',
        uprn: '', ward_name: '', complainant_name: '', complainant_phone: '',
      },
      'health.ae_assault_attendances': {
        attendance_id: 'ED2019-000001', patient_id: 'RXN1234567', arrival_datetime: '05/01/2019 23:40', incident_lsoa: 'E01024915', residence_lsoa: '',
        age_band: '16-24', sex: 'male', assault_type: 'unarmed', location_type: 'street',
      },
    };
    const secret = 'Zoë Haworth 07700 900203';
    const refusedFields: string[] = [];
    for (const module of DATASETS) {
      const row = valid[module.id]!;
      expect(module.parseRow(row).ok, module.id).toBe(true);
      for (const field of module.fields) {
        const result = module.parseRow({ ...row, [field.name]: secret });
        if (result.ok) continue;
        refusedFields.push(`${module.id}.${field.name}`);
        expect(result.field, `${module.id}.${field.name}`).toBe(field.name);
        expect(result.reason.startsWith(`${field.name} `)).toBe(true);
        expect(result.reason).not.toContain('Haworth');
        expect(result.reason).not.toContain('900203');
      }
    }
    // Every typed field refuses the secret: months, dates, numbers, codes, enums, yes/no and counts.
    expect(refusedFields.sort()).toEqual([
      'council.service_requests.easting', 'council.service_requests.northing', 'council.service_requests.received_date',
      'fire.incidents.call_datetime', 'fire.incidents.deliberate', 'fire.incidents.easting', 'fire.incidents.incident_group', 'fire.incidents.northing',
      'health.activity.count', 'health.activity.lsoa_code', 'health.activity.measure', 'health.activity.period',
      'health.ae_assault_attendances.age_band', 'health.ae_assault_attendances.arrival_datetime', 'health.ae_assault_attendances.assault_type',
      'health.ae_assault_attendances.incident_lsoa', 'health.ae_assault_attendances.location_type', 'health.ae_assault_attendances.residence_lsoa',
      'health.ae_assault_attendances.sex',
      'police.street_crime.latitude', 'police.street_crime.longitude', 'police.street_crime.month',
    ]);
  });
});

describe('health count', () => {
  const health = DATASETS.find((module) => module.id === 'health.activity')!;
  const row = (count: string) => ({ lsoa_code: 'E01024915', period: '2019-01', measure: 'emergency_admissions', count });

  it('takes whole numbers up to the largest the INTEGER column holds, and refuses larger ones as a quarantine reason', () => {
    expect(health.parseRow(row('2147483647')).ok).toBe(true);
    for (const count of ['2147483648', '99999999999999999999']) {
      const result = health.parseRow(row(count));
      expect(result.ok, count).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^count is larger than any possible count/);
    }
  });
});
