import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCsv } from './csv.ts';
import { readAreaCollection, stringProp } from './geo.ts';

const DIR = join(import.meta.dirname, '..', 'chorley-south-ribble');

describe('chorley-south-ribble reference data', () => {
  it('has the documented boundary counts and properties', () => {
    const lsoa21 = readAreaCollection(join(DIR, 'geography', 'lsoa21.geojson'));
    expect(lsoa21).toHaveLength(140);
    expect(Object.keys(lsoa21[0]?.properties ?? {})).toEqual(['code', 'name', 'lad_code']);
    expect(readAreaCollection(join(DIR, 'geography', 'lsoa11.geojson'))).toHaveLength(136);
    expect(readAreaCollection(join(DIR, 'geography', 'wards.geojson'))).toHaveLength(37);
    expect(readAreaCollection(join(DIR, 'geography', 'lads.geojson')).map((f) => stringProp(f, 'code'))).toEqual(['E07000118', 'E07000126']);
  });

  it('assigns every LSOA 2021 a ward in its own district', () => {
    const rows = readCsv(join(DIR, 'lookups', 'lsoa21_ward_lad.csv'), z.object({ lsoa21_code: z.string(), ward_code: z.string(), lad_code: z.string() }).loose());
    expect(rows).toHaveLength(140);
    const lad = new Map(readAreaCollection(join(DIR, 'geography', 'lsoa21.geojson')).map((f) => [stringProp(f, 'code'), stringProp(f, 'lad_code')]));
    for (const r of rows) expect(r.lad_code).toBe(lad.get(r.lsoa21_code));
  });

  it('maps 2011 to 2021 codes with 11 retired and 15 new codes', () => {
    const rows = readCsv(join(DIR, 'lookups', 'lsoa11_lsoa21.csv'), z.object({ lsoa11_code: z.string(), lsoa21_code: z.string(), relationship: z.enum(['unchanged', 'split', 'merged', 'complex']) }).loose());
    const from = new Set(rows.map((r) => r.lsoa11_code));
    const to = new Set(rows.map((r) => r.lsoa21_code));
    expect(from.size).toBe(136);
    expect(to.size).toBe(140);
    expect([...from].filter((c) => !to.has(c))).toHaveLength(11);
    expect([...to].filter((c) => !from.has(c))).toHaveLength(15);
  });

  it('carries the Census 2021 totals', () => {
    const pop = readCsv(join(DIR, 'reference', 'population_age6.csv'), z.object({ usual_residents: z.coerce.number() }).loose());
    expect(pop.reduce((s, r) => s + r.usual_residents, 0)).toBe(228768);
    const hh = readCsv(join(DIR, 'reference', 'households.csv'), z.object({ households: z.coerce.number() }).loose());
    expect(hh.reduce((s, r) => s + r.households, 0)).toBe(98692);
    expect(JSON.parse(readFileSync(join(DIR, 'partnership.json'), 'utf8'))).toMatchObject({ id: 'chorley-south-ribble' });
  });
});
