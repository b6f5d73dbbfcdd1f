/**
 * health.ae_assault_attendances rows: emergency department attendances for assault as hospitals share
 * them under the Cardiff model, one row per attendance. About 3.5 attendances per 1,000 residents a
 * year (violence-related ED attendances in England and Wales run at about 3 per 1,000: Cardiff
 * University's National Violence Surveillance Network), concentrated where people are deprived and
 * in the town centres' night-time economies, in the evenings and at weekends, and a little in summer.
 */
import type { Lsoa } from './areas.ts';
import { daysInMonth, seasonal, ukDateTime, type YearMonth } from './calendar.ts';
import { annualExpectations } from './rates.ts';
import { Rng, WeightedPicker } from './rng.ts';

/** The header the emergency department's Cardiff-model export has. */
export const AE_ASSAULT_HEADER = [
  'attendance_id', 'patient_id', 'arrival_datetime', 'incident_lsoa', 'residence_lsoa', 'age_band', 'sex', 'assault_type', 'location_type',
] as const;

/** Attendances for assault per 1,000 residents a year, across the partnership. */
export const AE_ASSAULT_PER_THOUSAND = 3.5;

/** Town centres (WGS84) whose pubs, bars and takeaways draw violence at night. */
const TOWN_CENTRES: readonly [number, number][] = [
  [-2.6296, 53.6531], // Chorley
  [-2.6968, 53.6961], // Leyland
  [-2.6617, 53.7268], // Bamber Bridge
  [-2.7262, 53.7536], // Penwortham
];

/** How strongly each LSOA draws night-time violence: 1 away from a centre, up to 6 in one. */
function centreWeight(l: Lsoa): number {
  const [minX, minY, maxX, maxY] = l.area.bbox;
  const x = (minX + maxX) / 2;
  const y = (minY + maxY) / 2;
  // Kilometres, near enough at 53.7°N.
  const km = Math.min(...TOWN_CENTRES.map(([cx, cy]) => Math.hypot((x - cx) * 66, (y - cy) * 111)));
  return 1 + 5 * Math.exp(-km / 0.7);
}

const picker = <T>(pairs: readonly (readonly [T, number])[]): WeightedPicker<T> => new WeightedPicker(pairs.map((p) => p[0]), pairs.map((p) => p[1]));

const AGE = picker([['0-15', 6], ['16-24', 31], ['25-34', 28], ['35-49', 22], ['50-64', 9], ['65+', 3], ['not_known', 1]] as const);
const SEX = picker([['male', 68], ['female', 31], ['not_known', 1]] as const);
const ASSAULT = picker([['unarmed', 62], ['blunt_object', 10], ['sharp_object', 7], ['glass_or_bottle', 6], ['firearm', 0.3], ['other_weapon', 5], ['not_known', 9.7]] as const);
const PLACE_CENTRE = picker([['street', 42], ['licensed_premises', 33], ['home', 10], ['public_transport', 4], ['school_or_workplace', 3], ['other', 5], ['not_known', 3]] as const);
const PLACE_ELSEWHERE = picker([['street', 32], ['licensed_premises', 6], ['home', 38], ['public_transport', 3], ['school_or_workplace', 8], ['other', 8], ['not_known', 5]] as const);
/** Arrival hour: few in the morning, rising through the evening to a peak around midnight. */
const HOUR = picker(([3.5, 2.6, 1.9, 1.2, 0.8, 0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.1, 2.4, 2.7, 3.0, 3.4, 3.8, 4.3, 4.8, 5.2, 4.6] as const).map((w, h) => [h, w] as const));
/** Night-time hours when Friday and Saturday nights weigh more. */
const NIGHT = (hour: number): boolean => hour >= 20 || hour < 4;
/** Day-of-week weights (0 = Sunday): weekends take most. */
const DAY_WEIGHT = [1.4, 0.8, 0.75, 0.8, 0.95, 1.35, 1.75] as const;

/** Per-LSOA annual expected attendances (deprivation and town centres), and a picker for residence. */
export class AeAssaultModel {
  readonly expected: Float64Array;
  private readonly centre: Float64Array;
  private readonly residents: WeightedPicker<Lsoa>;

  constructor(readonly lsoas: readonly Lsoa[]) {
    this.centre = Float64Array.from(lsoas, centreWeight);
    const base = annualExpectations(lsoas, { perThousand: AE_ASSAULT_PER_THOUSAND, base: 'population', depElasticity: 1.1 });
    // Tilt by the town-centre draw, then renormalise so the partnership's rate stays the documented one.
    const tilted = base.map((v, i) => v * (this.centre[i] ?? 1));
    const norm = base.reduce((s, v) => s + v, 0) / Math.max(1e-9, tilted.reduce((s, v) => s + v, 0));
    this.expected = tilted.map((v) => v * norm);
    this.residents = new WeightedPicker(lsoas, lsoas.map((l) => l.population * Math.max(l.depIndex, 0.2)));
  }

  /**
   * One month's attendances placed where the assault happened: each row's fields. About 70% say
   * where the assault happened; the rest give only where the patient lives.
   */
  month(ym: YearMonth, rng: Rng, nextId: () => string, patientOf: (rng: Rng) => string): string[][] {
    const factor = seasonal(ym, 0.1) / 12;
    const days = daysInMonth(ym);
    const dayPicker = new WeightedPicker(
      Array.from({ length: days }, (_, d) => d + 1),
      Array.from({ length: days }, (_, d) => DAY_WEIGHT[new Date(Date.UTC(ym.year, ym.month - 1, d + 1)).getUTCDay()] ?? 1),
    );
    const rows: { at: string; fields: string[] }[] = [];
    this.lsoas.forEach((l, i) => {
      const n = rng.poisson((this.expected[i] ?? 0) * factor);
      for (let k = 0; k < n; k++) {
        const day = dayPicker.pick(rng);
        const weekday = new Date(Date.UTC(ym.year, ym.month - 1, day)).getUTCDay();
        let hour = HOUR.pick(rng);
        // Friday and Saturday nights: a second draw that keeps night hours more often.
        if ((weekday === 5 || weekday === 6) && !NIGHT(hour) && rng.chance(0.35)) hour = HOUR.pick(rng);
        const minute = rng.int(0, 59);
        const inCentre = (this.centre[i] ?? 1) > 2;
        const known = rng.chance(0.7);
        const residence = rng.chance(0.45) ? l : this.residents.pick(rng);
        const fields = [
          nextId(),
          patientOf(rng),
          ukDateTime(ym, day, hour, minute),
          known ? l.code : '',
          known ? residence.code : l.code,
          AGE.pick(rng),
          SEX.pick(rng),
          ASSAULT.pick(rng),
          (inCentre ? PLACE_CENTRE : PLACE_ELSEWHERE).pick(rng),
        ];
        rows.push({ at: `${String(day).padStart(2, '0')}${String(hour).padStart(2, '0')}${String(minute).padStart(2, '0')}`, fields });
      }
    });
    // The department exports in arrival order.
    rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return rows.map((r) => r.fields);
  }
}

/** LSOA 2011 codes of central Preston (real, from data.police.uk): assaults there are outside the partnership. */
export const PRESTON_LSOAS = ['E01025231', 'E01025232', 'E01025244'] as const;
