/**
 * health.activity counts (DESIGN.md §2), pre-aggregated per LSOA, month and measure.
 * Emergency admissions ~95 and A&E attendances ~350 per 1,000 residents a year; falls admissions 65+
 * at the district's Fingertips rate (indicator 22401) per resident aged 65+; all rise with IMD score
 * and peak in winter.
 */
import { z } from 'zod';
import type { Lsoa } from './areas.ts';
import { financialYearStart, seasonal, type YearMonth } from './calendar.ts';
import { readCsv } from './csv.ts';
import { annualExpectations, type RateSpec } from './rates.ts';
import type { Rng } from './rng.ts';

/** The header the NHS partner sends. */
export const HEALTH_HEADER = ['lsoa_code', 'period', 'measure', 'count'] as const;

/** The three measures of the pilot feed. */
export const HEALTH_MEASURES = ['emergency_admissions', 'ae_attendances', 'falls_admissions_65plus'] as const;
export type HealthMeasure = (typeof HEALTH_MEASURES)[number];

/** Falls 65+ crude rates (per 1,000 aged 65+) by area code and year, from Fingertips indicator 22401 (count / denominator). */
export type FallsRates = Map<string, Map<number, number>>;

const fingertipsRow = z
  .object({ IndicatorId: z.string(), Sex: z.string(), AreaCode: z.string(), Year: z.coerce.number().int(), Count: z.string(), Denominator: z.string() })
  .loose();

/** Reads Fingertips 22401 (persons) rows into crude rates per 1,000; duplicates in the file collapse in the map. */
export function loadFallsRates(fingertipsCsv: string): FallsRates {
  const rates: FallsRates = new Map();
  for (const r of readCsv(fingertipsCsv, fingertipsRow)) {
    if (r.IndicatorId !== '22401' || r.Sex !== 'Persons') continue;
    const count = Number(r.Count);
    const denominator = Number(r.Denominator);
    if (!(count > 0 && denominator > 0)) continue;
    const byYear = rates.get(r.AreaCode) ?? new Map<number, number>();
    byYear.set(r.Year, (1000 * count) / denominator);
    rates.set(r.AreaCode, byYear);
  }
  return rates;
}

/** The rate for an area in the year closest to `year` (Fingertips starts in 2018), else England's, else 16 per 1,000. */
export function fallsRateFor(rates: FallsRates, areaCode: string, year: number): number {
  const byYear = rates.get(areaCode) ?? rates.get('E92000001');
  if (!byYear || byYear.size === 0) return 16;
  let best = 16;
  let bestGap = Infinity;
  for (const [y, v] of byYear) {
    const gap = Math.abs(y - year);
    if (gap < bestGap || (gap === bestGap && y < year)) {
      best = v;
      bestGap = gap;
    }
  }
  return best;
}

const SPECS: Record<HealthMeasure, { rate: RateSpec; winterAmp: number }> = {
  emergency_admissions: { rate: { perThousand: 95, base: 'population', depElasticity: 0.6 }, winterAmp: 0.12 },
  ae_attendances: { rate: { perThousand: 350, base: 'population', depElasticity: 0.5 }, winterAmp: 0.06 },
  falls_admissions_65plus: { rate: { perThousand: 16, base: 'pop65', depElasticity: 0.3 }, winterAmp: 0.15 },
};

/** Per-LSOA annual expectations for each measure; falls use each district's Fingertips rate for the financial year. */
export class HealthModel {
  private readonly cache = new Map<string, Float64Array>();

  constructor(
    readonly lsoas: readonly Lsoa[],
    private readonly falls: FallsRates,
  ) {}

  /** Annual expected counts for a measure in the financial year starting `fyStart`. */
  expectations(measure: HealthMeasure, fyStart: number): Float64Array {
    const key = measure === 'falls_admissions_65plus' ? `${measure}:${fyStart}` : measure;
    let cached = this.cache.get(key);
    if (!cached) {
      const spec = SPECS[measure].rate;
      cached =
        measure === 'falls_admissions_65plus'
          ? annualExpectations(this.lsoas, spec, (l) => fallsRateFor(this.falls, l.ladCode, fyStart))
          : annualExpectations(this.lsoas, spec);
      this.cache.set(key, cached);
    }
    return cached;
  }

  /** Draws one month of counts: result[measure][lsoaIndex]. */
  month(ym: YearMonth, rng: Rng, scale = 1): Record<HealthMeasure, Int32Array> {
    const fy = financialYearStart(ym);
    const out = {} as Record<HealthMeasure, Int32Array>;
    for (const measure of HEALTH_MEASURES) {
      const exp = this.expectations(measure, fy);
      const factor = (seasonal(ym, SPECS[measure].winterAmp, 1) * scale) / 12;
      const counts = new Int32Array(exp.length);
      for (let i = 0; i < exp.length; i++) counts[i] = rng.poisson((exp[i] ?? 0) * factor);
      out[measure] = counts;
    }
    return out;
  }
}

/** How a sender writes small counts: replaced by its own marker, or sent exactly (null). */
export type SenderSuppression = '*' | '<5' | null;

/**
 * Writes a count as the sender does: with a marker, 1–4 are replaced by it and 0 and ≥5 stay numbers;
 * with null, every count is sent exactly and the observatory applies the agreement's threshold itself.
 */
export function suppressedCount(count: number, marker: SenderSuppression): string {
  return marker !== null && count > 0 && count < 5 ? marker : String(count);
}
