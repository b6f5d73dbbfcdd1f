import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ReferenceDataError } from '../errors.ts';
import { dissolveBoundaries, readLocalities } from './localities.ts';

const PILOT = new URL('../../datasets/chorley-south-ribble/', import.meta.url).pathname;
const lookup = Papa.parse<{ lsoa21_code: string; ward_code: string }>(readFileSync(join(PILOT, 'lookups/lsoa21_ward_lad.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
const wardOf = new Map(lookup.map((r) => [r.lsoa21_code, r.ward_code]));
const pilotLsoas = new Set(wardOf.keys());

function fileWith(json: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'localities-')), 'localities.json');
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

const kind = (localities: unknown[]) => ({ kinds: [{ id: 'policing-team', name: 'Policing teams', description: 'test', localities }] });

function refusal(file: string): ReferenceDataError {
  try {
    readLocalities(file, new Set(['E01000001', 'E01000002']));
  } catch (error) {
    if (error instanceof ReferenceDataError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('localities', () => {
  it('reads the pilot: two kinds, every LSOA in at most one locality of each, the care networks cutting across wards', () => {
    const { kinds, localities } = readLocalities(join(PILOT, 'localities.json'), pilotLsoas);
    expect(kinds.map((k) => k.id)).toEqual(['neighbourhood-policing-team', 'primary-care-network']);
    for (const k of kinds) {
      const members = localities.filter((l) => l.kind === k.id).flatMap((l) => l.lsoas);
      expect(new Set(members).size).toBe(members.length);
    }
    const crossing = localities.filter((l) => l.kind === 'primary-care-network').filter((l) => {
      // A ward split between this network and another: localities that do not nest in wards.
      const wards = new Set(l.lsoas.map((x) => wardOf.get(x)));
      return [...wards].some((w) => lookup.some((r) => r.ward_code === w && !l.lsoas.includes(r.lsoa21_code)));
    });
    expect(crossing.length).toBeGreaterThan(0);
  });

  it('refuses an LSOA in two localities of one kind, naming the field', () => {
    const error = refusal(fileWith(kind([
      { code: 'team-a', name: 'A', lsoas: ['E01000001'] },
      { code: 'team-b', name: 'B', lsoas: ['E01000002', 'E01000001'] },
    ])));
    expect(error.message).toMatch(/E01000001 is in both team-a and team-b/);
    expect(error.location).toMatchObject({ field: 'kinds.0.localities.1.lsoas.1' });
  });

  it('accepts one LSOA in localities of different kinds', () => {
    const file = fileWith({
      kinds: [
        { id: 'policing-team', name: 'Policing teams', description: 'test', localities: [{ code: 'team-a', name: 'A', lsoas: ['E01000001'] }] },
        { id: 'care-network', name: 'Care networks', description: 'test', localities: [{ code: 'pcn-a', name: 'A', lsoas: ['E01000001', 'E01000002'] }] },
      ],
    });
    expect(readLocalities(file, new Set(['E01000001', 'E01000002'])).localities.map((l) => l.code)).toEqual(['team-a', 'pcn-a']);
  });

  it('refuses an LSOA outside the partnership, a code used twice, a GSS-shaped code and broken JSON', () => {
    expect(refusal(fileWith(kind([{ code: 'team-a', name: 'A', lsoas: ['E01099999'] }]))).message).toMatch(/E01099999 is not an LSOA of the partnership/);
    expect(refusal(fileWith(kind([{ code: 'team-a', name: 'A', lsoas: ['E01000001'] }, { code: 'team-a', name: 'B', lsoas: ['E01000002'] }]))).message).toMatch(
      /the code team-a is used twice/,
    );
    const gss = refusal(fileWith(kind([{ code: 'E05000001', name: 'A', lsoas: ['E01000001'] }])));
    expect(gss.location).toMatchObject({ field: 'kinds.0.localities.0.code' });
    expect(refusal(fileWith('{"kinds": [')).message).toMatch(/is not valid JSON/);
  });

  it('dissolves neighbouring LSOAs into one outline', () => {
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
    const outline = dissolveBoundaries([square(0), square(1)]);
    expect(outline.type).toBe('Polygon');
    const xs = outline.type === 'Polygon' ? outline.coordinates[0]!.map((p) => p[0]!) : [];
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([0, 2]);
  });
});
