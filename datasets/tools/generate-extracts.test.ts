import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AE_ASSAULT_HEADER } from './ae-assault.ts';
import { loadAreas, partnershipSources } from './areas.ts';
import { parseYearMonth } from './calendar.ts';
import { COUNCIL_HEADER } from './council.ts';
import { buildFireModel, FIRE_HEADER, fireMonth } from './fire.ts';
import { HEALTH_HEADER } from './health.ts';
import { generatePilot } from './pilot.ts';
import { policeRow, POLICE_HEADER, syntheticProfile } from './police.ts';
import { Rng } from './rng.ts';
import { CLEAN, renderCsv } from './writer.ts';

const PILOT = join(import.meta.dirname, '..', 'chorley-south-ribble');
const FINGERTIPS = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'fingertips', 'fingertips_healthdata_chorley_south_ribble_lancashire_england.csv');
const REAL_POLICE = ['2018-11', '2018-12', '2019-01'];

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Copies the partnership's reference inputs, its interventions and its real police files (not the generated extracts) to a scratch folder and generates there. */
function generateInto(dir: string, seed: number): void {
  for (const sub of ['geography', 'reference', 'lookups']) cpSync(join(PILOT, sub), join(dir, sub), { recursive: true });
  // The planted effects follow the pilot's interventions (planted-effects.ts).
  copyFileSync(join(PILOT, 'interventions.json'), join(dir, 'interventions.json'));
  mkdirSync(join(dir, 'extracts', 'police'), { recursive: true });
  for (const m of REAL_POLICE) copyFileSync(join(PILOT, 'extracts', 'police', `${m}-lancashire-street.csv`), join(dir, 'extracts', 'police', `${m}-lancashire-street.csv`));
  generatePilot({ partnershipDir: dir, fallsRatesCsv: FINGERTIPS, seed, start: parseYearMonth('2017-04'), months: 24, realPoliceMonths: REAL_POLICE });
}

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of ['police', 'fire', 'health', 'council']) {
    for (const f of readdirSync(join(dir, 'extracts', d)).sort()) out.set(`${d}/${f}`, sha(readFileSync(join(dir, 'extracts', d, f))));
  }
  out.set('MANIFEST.md', sha(readFileSync(join(dir, 'extracts', 'MANIFEST.md'))));
  return out;
}

/** Headers are matched case- and space-insensitively by the pipeline, so the test does the same. */
const norm = (h: string): string => h.toLowerCase().replace(/[\s_]+/g, '');

describe('seeded primitives', () => {
  it('gives the same stream for the same seed and a different one otherwise', () => {
    const a = new Rng(2026, 'x');
    const b = new Rng(2026, 'x');
    const c = new Rng(2027, 'x');
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
    expect(new Rng(1).hex(64)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the same fire bytes for the same seed, with the documented header', () => {
    const lsoas = loadAreas(partnershipSources(PILOT));
    const model = buildFireModel(lsoas, () => 'Chorley', () => ['PR7']);
    const render = (seed: number): Buffer =>
      renderCsv(FIRE_HEADER, fireMonth(model, parseYearMonth('2018-07'), new Rng(seed, 'f')).map((r) => r.fields), CLEAN).bytes;
    expect(sha(render(5))).toBe(sha(render(5)));
    expect(sha(render(5))).not.toBe(sha(render(6)));
    const text = render(5).toString('utf8');
    expect(text.split('\n')[0]).toBe(FIRE_HEADER.join(','));
    const rows = Papa.parse<string[]>(text.trim()).data;
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) expect(r).toHaveLength(FIRE_HEADER.length);
  });

  it('builds synthetic police rows with 12 fields and empty Crime ID only for ASB', () => {
    const lsoas = loadAreas(partnershipSources(PILOT));
    const rng = new Rng(3);
    const profile = syntheticProfile(lsoas, 500, rng, 1000);
    for (let i = 0; i < 500; i++) {
      const row = policeRow(profile, '2019-01', 'Lancashire Constabulary', rng);
      expect(row).toHaveLength(POLICE_HEADER.length);
      expect(row[0] === '').toBe(row[9] === 'Anti-social behaviour');
    }
  });
});

describe('pilot extracts', () => {
  let a = '';
  let b = '';
  beforeAll(() => {
    a = mkdtempSync(join(tmpdir(), 'pilot-a-'));
    b = mkdtempSync(join(tmpdir(), 'pilot-b-'));
    generateInto(a, 2026);
    generateInto(b, 2026);
  });
  afterAll(() => {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });

  it('regenerates the same bytes from the same seed, matching the committed extracts', () => {
    const ha = hashes(a);
    expect(hashes(b)).toEqual(ha);
    // 24 police months; 8 quarters of fire, health activity, A&E assault attendances and council; the manifest.
    expect(ha.size).toBe(24 + 8 * 4 + 1);
    if (existsSync(join(PILOT, 'extracts', 'MANIFEST.md'))) expect(hashes(PILOT)).toEqual(ha);
  });

  it('writes the documented header in every generated file', () => {
    const expected: Record<string, readonly string[]> = { police: POLICE_HEADER, fire: FIRE_HEADER, health: HEALTH_HEADER, council: COUNCIL_HEADER };
    for (const [d, own] of Object.entries(expected)) {
      for (const f of readdirSync(join(a, 'extracts', d))) {
        const header = f.startsWith('generated-ae-assault-attendances-') ? AE_ASSAULT_HEADER : own;
        const raw = readFileSync(join(a, 'extracts', d, f));
        const text = (f.includes('fire-incidents-2017-Q4') ? iconv.decode(raw, 'win1252') : raw.toString('utf8')).replace(/^\ufeff/, '');
        const first = text.split(/\r\n|\r|\n/)[0] ?? '';
        expect(first.split(',').map(norm), `${d}/${f}`).toEqual(header.map(norm));
      }
    }
  });

  it('keeps planted irregular rows below 1% of each generated file', () => {
    const manifest = readFileSync(join(a, 'extracts', 'MANIFEST.md'), 'utf8');
    for (const line of manifest.split('\n').filter((l) => l.startsWith('| generated-'))) {
      const cells = line.split(' | ');
      const rows = Number(cells[3]);
      const planted = (cells[5]?.match(/\blines? [\d, ]+/g) ?? []).flatMap((m) => m.replace(/lines? /, '').split(', ')).length;
      // Non-ASCII text in a Windows-1252 file is valid data, not an irregular row.
      const irregular = line.includes('Windows-1252') ? 0 : planted;
      expect(irregular / rows, cells[0]).toBeLessThan(0.01);
    }
  });
});
