/**
 * A handful of published figures recomputed from the raw pilot extract files with nothing from the
 * pipeline: the CSVs read with papaparse, records placed with the partnership's own lookups and
 * boundaries (a ray-casting point-in-polygon test written here), denominators summed from the
 * Census file, and the rate and its 95% interval by formulas written here (Byar's approximation,
 * exact Poisson limits below 10 counts). Each is compared with GET /api/indicators/{id}/values.
 * (The police per-LSOA recount lives in test/recount.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IndicatorValues, type AreaFigure } from '../../web/src/api/client.ts';
import { loadPilot, PILOT_DIR, type LoadedPilot } from '../support/pilot-observatory.ts';

// ---- reading the partners' files ------------------------------------------------------------

/** Decodes a partner file: UTF-8 (with or without a byte-order mark), else Windows-1252. */
function decode(bytes: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Rows of a CSV keyed by header, headers normalised ("Call DateTime " → "call_datetime"). */
function readRows(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(decode(readFileSync(file)), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase().replace(/\s+/g, '_'),
  });
  return parsed.data;
}

const extracts = (dataset: string) => readdirSync(join(PILOT_DIR, 'extracts', dataset)).filter((f) => f.endsWith('.csv')).map((f) => join(PILOT_DIR, 'extracts', dataset, f));

/** "DD/MM/YYYY[ HH:MM]" → "YYYY-MM" when it is a real date (and time), else null. */
function monthOfUkDate(text: string | undefined, withTime: boolean): string | null {
  const m = (withTime ? /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/ : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/).exec((text ?? '').trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (withTime && (Number(m[4]) > 23 || Number(m[5]) > 59)) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

// ---- the partnership's geography and denominators --------------------------------------------

const lookup = new Map(readRows(join(PILOT_DIR, 'lookups', 'lsoa21_ward_lad.csv')).map((r) => [r.lsoa21_code ?? '', { ward: r.ward_code ?? '', lad: r.lad_code ?? '' }]));
const population = new Map<string, number>();
for (const r of readRows(join(PILOT_DIR, 'reference', 'population_age6.csv'))) {
  population.set(r.lsoa21_code ?? '', (population.get(r.lsoa21_code ?? '') ?? 0) + Number(r.usual_residents));
}
const lsoa11To21 = new Map<string, string[]>();
for (const r of readRows(join(PILOT_DIR, 'lookups', 'lsoa11_lsoa21.csv'))) {
  lsoa11To21.set(r.lsoa11_code ?? '', [...(lsoa11To21.get(r.lsoa11_code ?? '') ?? []), r.lsoa21_code ?? '']);
}

/** The 2021 LSOA a supplied code stands for: itself, or the only 2021 LSOA an unsplit 2011 code became. */
function lsoa21Of(code: string): string | null {
  const mapped = lsoa11To21.get(code) ?? [];
  if (lookup.has(code) && mapped.length <= 1) return code;
  return mapped.length === 1 ? (mapped[0] ?? null) : null;
}

const ring = z.array(z.tuple([z.number(), z.number()]).rest(z.number()));
const boundaries = z.object({
  features: z.array(
    z.object({
      properties: z.object({ code: z.string() }).loose(),
      geometry: z.union([z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }), z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) })]),
    }),
  ),
});
const lsoaShapes = boundaries.parse(JSON.parse(readFileSync(join(PILOT_DIR, 'geography', 'lsoa21.geojson'), 'utf8'))).features.map((f) => {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const xs = polygons.flat(2).map((p) => p[0]);
  const ys = polygons.flat(2).map((p) => p[1]);
  return { code: f.properties.code, polygons, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const };
});

/** Even-odd ray casting over every ring (holes included). */
function inside(x: number, y: number, polygons: readonly (readonly (readonly number[])[])[][]): boolean {
  let crossings = 0;
  for (const rings of polygons) {
    for (const r of rings) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [xi = 0, yi = 0] = r[i] ?? [];
        const [xj = 0, yj = 0] = r[j] ?? [];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) crossings++;
      }
    }
  }
  return crossings % 2 === 1;
}

// EPSG:27700 with its published 7-parameter shift to WGS84.
const toWgs84 = proj4('+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs', 'WGS84');

/** The LSOA holding a British National Grid point, or null (no point, 0,0, outside the partnership). */
function lsoaOfPoint(eastingText: string | undefined, northingText: string | undefined): string | null {
  const e = Number(eastingText);
  const n = Number(northingText);
  if (!eastingText?.trim() || !northingText?.trim() || !Number.isFinite(e) || !Number.isFinite(n) || (e === 0 && n === 0)) return null;
  const [x = 0, y = 0] = toWgs84.forward([e, n]);
  return lsoaShapes.find((s) => x >= s.box[0] && x <= s.box[2] && y >= s.box[1] && y <= s.box[3] && inside(x, y, s.polygons))?.code ?? null;
}

// ---- statistics, as the methods say -----------------------------------------------------------

const Z = 1.959963984540054;

/** Poisson P(X ≤ k) for mean mu. */
function poissonCdf(k: number, mu: number): number {
  let term = Math.exp(-mu);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mu / i;
    sum += term;
  }
  return sum;
}

/** The mu where f crosses `level` (f decreasing in mu), by bisection. */
function solve(f: (mu: number) => number, level: number): number {
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** 95% limits of a count: exact Poisson below 10, Byar's approximation from 10. */
function countLimits(o: number): { lower: number; upper: number } {
  if (o < 10) {
    return {
      lower: o === 0 ? 0 : solve((mu) => poissonCdf(o - 1, mu), 0.975),
      upper: solve((mu) => poissonCdf(o, mu), 0.025),
    };
  }
  return {
    lower: o * (1 - 1 / (9 * o) - Z / (3 * Math.sqrt(o))) ** 3,
    upper: (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * Math.sqrt(o + 1))) ** 3,
  };
}

/** Rate per `multiplier` with its 95% interval. */
function crudeRate(count: number, denominator: number, multiplier: number) {
  const { lower, upper } = countLimits(count);
  return { value: (count / denominator) * multiplier, lower: (lower / denominator) * multiplier, upper: (upper / denominator) * multiplier };
}

// ---- the API ----------------------------------------------------------------------------------

let pilot: LoadedPilot;
beforeAll(async () => {
  pilot = await loadPilot();
});
afterAll(async () => pilot?.close());

async function published(indicator: string, level: string, period: string) {
  const response = await pilot.app().request(`/api/indicators/${indicator}/values?level=${level}&period=${period}`, { headers: pilot.auth() });
  expect(response.status).toBe(200);
  return IndicatorValues.parse(await response.json()).values;
}

/** Checks one published figure against a count recomputed here. */
function expectFigure(figure: AreaFigure, count: number, denominator: number, multiplier: number): void {
  const expected = crudeRate(count, denominator, multiplier);
  expect(figure.suppressed, figure.area).toBe(false);
  expect(figure.numerator, figure.area).toBe(count);
  expect(figure.denominator, figure.area).toBe(denominator);
  // Relative agreement to 1e-9 (the exact limits here come from bisection, not the pipeline's gamma quantile).
  const close = (actual: number | null, wanted: number, what: string) =>
    expect(Math.abs((actual ?? Number.NaN) - wanted), `${figure.area} ${what}: ${actual} vs ${wanted}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wanted)));
  close(figure.value, expected.value, 'value');
  close(figure.lower, expected.lower, 'lower');
  close(figure.upper, expected.upper, 'upper');
}

const sumPopulation = (keep: (lsoa: string) => boolean) => [...population].filter(([code]) => keep(code)).reduce((s, [, n]) => s + n, 0);

describe('published figures recomputed from the raw extracts', () => {
  it('deliberate secondary fires per 10,000 residents, each local authority, financial year 2018/19', async () => {
    const counts = new Map<string, number>();
    for (const file of extracts('fire')) {
      for (const r of readRows(file)) {
        const month = monthOfUkDate(r.call_datetime, true);
        if (!month || month < '2018-04' || month > '2019-03') continue;
        if (r.incident_type?.trim() !== 'Secondary fire' || r.deliberate?.trim().toLowerCase() !== 'yes') continue;
        const lsoa = lsoaOfPoint(r.easting, r.northing);
        if (!lsoa) continue;
        const lad = lookup.get(lsoa)?.lad ?? '';
        counts.set(lad, (counts.get(lad) ?? 0) + 1);
      }
    }
    const figures = await published('deliberate-secondary-fires', 'lad', 'FY2018-19');
    expect(figures.map((f) => f.area)).toEqual(['E07000118', 'E07000126']);
    for (const figure of figures) {
      const count = counts.get(figure.area) ?? 0;
      expect(count).toBeGreaterThanOrEqual(10); // Byar's approximation, not the exact limits
      expectFigure(figure, count, sumPopulation((l) => lookup.get(l)?.lad === figure.area), 10_000);
    }
  });

  it('emergency admissions per 1,000 residents, every ward, July to September 2018', async () => {
    const counts = new Map<string, number>();
    for (const file of extracts('health')) {
      for (const r of readRows(file)) {
        const period = r.period?.trim() ?? '';
        if (period < '2018-07' || period > '2018-09' || r.measure?.trim() !== 'emergency_admissions') continue;
        const lsoa = lsoa21Of((r.lsoa_code ?? '').trim().toUpperCase());
        if (!lsoa || !/^\d+$/.test(r.count?.trim() ?? '')) continue;
        const ward = lookup.get(lsoa)?.ward ?? '';
        counts.set(ward, (counts.get(ward) ?? 0) + Number(r.count));
      }
    }
    const figures = await published('emergency-admissions', 'ward', '2018-Q3');
    expect(figures).toHaveLength(37);
    const shown = figures.filter((f) => !f.suppressed);
    expect(shown.length).toBeGreaterThanOrEqual(30);
    for (const figure of shown) expectFigure(figure, counts.get(figure.area) ?? 0, sumPopulation((l) => lookup.get(l)?.ward === figure.area), 1000);
  });

  it('fly-tipping reports per 1,000 residents, every LSOA, January 2019 (withheld ones small or withheld beside a small one)', async () => {
    const counts = new Map<string, number>();
    for (const file of extracts('council')) {
      for (const r of readRows(file)) {
        if (monthOfUkDate(r.received_date, false) !== '2019-01' || r.service?.trim().toLowerCase() !== 'fly_tipping') continue;
        const lsoa = lsoaOfPoint(r.easting, r.northing);
        if (lsoa) counts.set(lsoa, (counts.get(lsoa) ?? 0) + 1);
      }
    }
    const figures = await published('fly-tipping', 'lsoa', '2019-01');
    expect(figures).toHaveLength(140);
    const shown = figures.filter((f) => !f.suppressed);
    expect(shown.length).toBeGreaterThan(50);
    for (const figure of shown) expectFigure(figure, counts.get(figure.area) ?? 0, population.get(figure.area) ?? 0, 1000);
    // One public reason, whichever rule withheld the figure (nothing tells a small count from its complement).
    for (const figure of figures.filter((f) => f.suppressed)) expect(figure.suppressionReason, figure.area).toBe('withheld to protect confidentiality');
    // Every LSOA with 1 or 2 reports is withheld, whatever the reason shown.
    for (const [lsoa, count] of counts) if (count < 3) expect(figures.find((f) => f.area === lsoa)?.suppressed, lsoa).toBe(true);
  });
});
