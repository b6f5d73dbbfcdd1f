import type { Database } from '../db/database.ts';
import { wilsonInterval } from './statistics/wilson-interval.ts';
import type { AreaHierarchy } from './area-hierarchy.ts';
import type { ReferenceIndicator } from './indicator-definition.ts';
import type { IndicatorValue } from './indicator-value.ts';
import type { Period } from './periods.ts';

/** The single period of each reference source. */
export function referencePeriod(definition: ReferenceIndicator): Period {
  return definition.source === 'population-65-plus-share'
    ? { id: 'Census2021', label: 'Census 2021', start: '2021-03', months: ['2021-03'] }
    : { id: 'IoD2025', label: 'Indices of Deprivation 2025', start: '2025-10', months: ['2025-10'] };
}

type Figure = Pick<IndicatorValue, 'level' | 'areaCode' | 'numerator' | 'denominator' | 'value' | 'lower' | 'upper'>;

/** A reference figure: never withheld, compared, trended or rated. (A literal, not spreads: they were slow by the ten thousand.) */
function referenceValue(indicatorId: string, period: Period, f: Figure): IndicatorValue {
  return {
    indicatorId,
    level: f.level,
    areaCode: f.areaCode,
    periodId: period.id,
    periodStart: `${period.start}-01`,
    numerator: f.numerator,
    denominator: f.denominator,
    value: f.value,
    lower: f.lower,
    upper: f.upper,
    suppressed: false,
    suppressionReason: null,
    comparison: null,
    trend: null,
    rag: null,
  };
}

/**
 * Reference indicators from open data: the IoD 2025 score (population-weighted
 * mean for wards and above), the IoD decile (LSOAs only: deciles do not add
 * up), and the share of residents aged 65 and over (Wilson interval).
 */
export async function computeReferenceIndicator(db: Database, definition: ReferenceIndicator, hierarchy: AreaHierarchy): Promise<IndicatorValue[]> {
  const period = referencePeriod(definition);
  const values: IndicatorValue[] = [];
  if (definition.source === 'population-65-plus-share') {
    for (const area of hierarchy.areas) {
      let older = 0;
      let all = 0;
      for (const l of area.lsoas) {
        older += hierarchy.population65[l] ?? 0;
        all += hierarchy.population[l] ?? 0;
      }
      if (all <= 0) continue;
      const { lower, upper } = wilsonInterval(older, all, 100);
      values.push(referenceValue(definition.id, period, { level: area.level, areaCode: area.code, numerator: older, denominator: all, value: (older / all) * 100, lower, upper }));
    }
    return values;
  }
  const rows = await db.all(`SELECT lsoa21_code, imd_score, imd_decile FROM imd2025`);
  const score = new Map(rows.map((r) => [String(r.lsoa21_code), { score: Number(r.imd_score), decile: Number(r.imd_decile) }]));
  for (const area of hierarchy.areas) {
    if (definition.source === 'imd2025-decile') {
      if (area.level !== 'lsoa') continue;
      const s = score.get(area.code);
      if (s) values.push(referenceValue(definition.id, period, { level: 'lsoa', areaCode: area.code, numerator: null, denominator: null, value: s.decile, lower: null, upper: null }));
      continue;
    }
    let weighted = 0;
    let weight = 0;
    for (const l of area.lsoas) {
      const s = score.get(hierarchy.areas[l]!.code);
      const p = hierarchy.population[l] ?? 0;
      if (s) {
        weighted += s.score * p;
        weight += p;
      }
    }
    if (weight > 0) values.push(referenceValue(definition.id, period, { level: area.level, areaCode: area.code, numerator: null, denominator: weight, value: weighted / weight, lower: null, upper: null }));
  }
  return values;
}
