/**
 * The shared judge sees a row in pieces: key values judged once per combination,
 * required text only as blank or not, free text only trimmed in SQL. For every
 * dataset, the pieces must decide a row exactly as the dataset's parseRow decides
 * it whole, or a role derived from the schema is wrong (a text field the place reads, say).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LocationInput, RawRow } from './dataset-module.ts';
import { fieldRoles } from './field-roles.ts';
import { DATASETS } from './registry.ts';
import { judgeGroups, type KeyGroup } from '../ingest/bulk-outcomes.ts';

/** Values that exercise every parser: valid and invalid forms of each, padding, case and emptiness. */
const VALUES = [
  '', ' ', '\t', 'x', ' Burglary ', 'FIRE', 'Fire', 'False Alarm', 'yes', 'N', 'maybe', '2018-01', ' 2018-02 ', '2018-13', 'May',
  '01/02/2018', '31/02/2018', '01/02/2018 10:15', ' 15/06/2019 23:59 ', '-2.63', '53.65', ' 358000 ', '417000', 'abc', '0',
  'E01012345', ' e01024916 ', 'W01000001', 'E0101234', 'Chorley 014A', 'Birmingham 008D', 'PR7 1DP', ' pr25 1aa ', '*', '<5', '12',
  '99999999999', 'emergency_admissions', 'Bad Measure', '16-24', 'MALE', 'sharp_object', 'street', 'not_known', 'fly-tipping', '\uFFFD',
];

const JS_TRIMMED_OR_NULL = (value: string): string | null => (value.trim() === '' ? null : value.trim());

describe.each(DATASETS.map((module) => [module.id, module] as const))('%s: the judge in pieces decides as parseRow does', (_id, module) => {
  const roles = fieldRoles(module);
  // Empty values often, so that fallbacks (no point: the LSOA code; no easting: the postcode) are reached.
  const value = fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.constantFrom(...VALUES), weight: 8 }, { arbitrary: fc.string({ maxLength: 6 }), weight: 1 });
  const row = fc.record(Object.fromEntries(module.fields.map((f) => [f.name, value])));

  test('the first problem, the period, the place and every stored value', () => {
    fc.assert(
      fc.property(row, (raw: RawRow) => {
        const whole = module.parseRow(raw);
        const keys: RawRow = {};
        const blank: Record<string, boolean> = {};
        for (const field of module.fields) {
          if (roles.get(field.name) === 'key') keys[field.name] = raw[field.name] ?? '';
          if (roles.get(field.name) === 'required-text') blank[field.name] = (raw[field.name] ?? '').trim() === '';
        }
        let placed: LocationInput | null = null;
        const group: KeyGroup = { gkey: 1n, keys, blank, undecodable: null, rows: 1, firstRow: 0 };
        const judged = judgeGroups([group], {
          module,
          roles,
          encoding: 'utf-8',
          placer: { place: (location) => ((placed = location), { ok: true, lsoa21: 'E01000001', method: 'point', disagreement: false }) },
          lineOf: (r) => r + 2,
        });
        const outcome = judged.outcomes[0];
        if (!whole.ok) {
          expect(outcome).toMatchObject({ ok: false, field: whole.field, reason: whole.reason });
          return;
        }
        expect(outcome?.ok).toBe(true);
        if (!outcome?.ok) return;
        expect(outcome.period).toBe(whole.period);
        expect(placed).toEqual(whole.location);
        expect(judged.senderSuppressed).toBe(whole.senderSuppressed ? 1 : 0);
        for (const field of module.fields.filter((f) => f.storage !== undefined)) {
          // Key values come from the judgement; text is stored trimmed (NULL when nothing is left) by the INSERT.
          const stored = roles.get(field.name) === 'key' ? outcome.values[field.name] : JS_TRIMMED_OR_NULL(raw[field.name] ?? '');
          expect(stored ?? null, field.name).toEqual(whole.values[field.name] ?? null);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

test('roles are derived from the schema: text only where a field is free text nothing else reads', () => {
  const police = DATASETS.find((m) => m.id === 'police.street_crime');
  expect(police && Object.fromEntries(fieldRoles(police))).toMatchObject({
    crime_id: 'text',
    month: 'key',
    longitude: 'key',
    lsoa_code: 'key',
    lsoa_name: 'key',
    crime_type: 'required-text',
    context: 'text',
  });
});
