/**
 * Known effects planted in the pilot's generated extracts, so that the observatory's evaluation of an
 * intervention can be checked against the truth. This module is the one place that says how large an
 * effect is; where and from when it applies is read from the intervention itself
 * (datasets/<partnership>/interventions.json), so the generator, the pipeline and the tests share one
 * definition of the areas and the start.
 *
 * How an effect is planted: the generator draws every record as before, from the same random streams;
 * then each record of the affected kind placed in an LSOA of the intervention's wards, in a month from
 * its start (to its end, if any), is kept with probability `rateRatio` by a separate seeded stream.
 * Thinning a Poisson process that way leaves a Poisson process whose mean is `rateRatio` times the
 * old one, so the expected rate there falls by exactly that ratio and nothing else moves: the other
 * records are byte for byte those of the unplanted data (only their running reference numbers shift).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ymText, type YearMonth } from './calendar.ts';
import { readCsv } from './csv.ts';
import { readJson } from './areas.ts';
import { Rng } from './rng.ts';

/** An effect planted in one kind of generated record. */
export interface PlantedEffect {
  /** The intervention (interventions.json) whose areas and start (and end) the effect follows. */
  intervention: string;
  /** The generated dataset whose records are thinned. */
  dataset: 'fire' | 'council';
  /**
   * Which records: for fire, the incident type and whether deliberate ("Secondary fire, deliberate");
   * for council, the service ("fly_tipping").
   */
  records: string;
  /** The indicator the evaluation should see it in. */
  indicator: string;
  /** The expected rate while it runs divided by the rate without the intervention. */
  rateRatio: number;
}

/**
 * The pilot's planted effect: deliberate secondary fires in the three wards of the fire service's
 * arson reduction programme are generated at half their expected rate for its year (April 2018 to
 * March 2019), and nowhere else. Sized for power on the pilot's volumes (README, "The pilot's interventions"):
 * about 60 such fires a year in the three wards before, so the 95% CI of the difference in differences
 * excludes 1 with a probability of about 0.73; a 30% fall would be found with a probability of only about 0.3.
 */
export const PLANTED_EFFECTS: readonly PlantedEffect[] = [
  { intervention: 'arson-reduction-seven-stars-chorley', dataset: 'fire', records: 'Secondary fire, deliberate', indicator: 'deliberate-secondary-fires', rateRatio: 0.5 },
];

/**
 * Interventions on generated data where nothing is planted: the data hold no effect, so the
 * evaluation must find no significant change.
 */
export const NO_EFFECT_INTERVENTIONS: readonly { intervention: string; indicator: string }[] = [
  { intervention: 'fly-tipping-enforcement-central-chorley', indicator: 'fly-tipping' },
];

/** A planted effect resolved against a partnership: the LSOAs it touches and its months. */
export interface ResolvedEffect extends PlantedEffect {
  wards: readonly string[];
  lsoas: ReadonlySet<string>;
  start: string;
  end: string | null;
}

// Only the fields the generator needs; the pipeline checks the whole file strictly when it loads it.
const interventionsFile = z.object({
  interventions: z.array(
    z.looseObject({
      id: z.string(),
      // Any level the pipeline takes (localities too); an effect itself is planted only by ward or LSOA.
      areas: z.object({ level: z.string(), codes: z.array(z.string()).min(1) }),
      start: z.string().regex(/^\d{4}-\d{2}$/),
      end: z.string().regex(/^\d{4}-\d{2}$/).optional(),
    }),
  ),
});
const wardLookupRow = z.looseObject({ lsoa21_code: z.string(), ward_code: z.string() });

/** Resolves the planted effects against a partnership folder's interventions.json and ward lookup. */
export function resolvePlantedEffects(partnershipDir: string, effects: readonly PlantedEffect[] = PLANTED_EFFECTS): ResolvedEffect[] {
  if (effects.length === 0) return [];
  const file = join(partnershipDir, 'interventions.json');
  if (!existsSync(file)) throw new Error(`${file} is missing; the planted effects follow its interventions (${effects.map((e) => e.intervention).join(', ')})`);
  const { interventions } = readJson(file, interventionsFile);
  const lookup = readCsv(join(partnershipDir, 'lookups', 'lsoa21_ward_lad.csv'), wardLookupRow);
  return effects.map((effect) => {
    if (!(effect.rateRatio > 0 && effect.rateRatio <= 1)) throw new Error(`planted effect ${effect.intervention}: rateRatio must be in (0, 1], got ${effect.rateRatio}`);
    const intervention = interventions.find((i) => i.id === effect.intervention);
    if (!intervention) throw new Error(`${file} has no intervention "${effect.intervention}" for its planted effect`);
    if (intervention.areas.level !== 'ward' && intervention.areas.level !== 'lsoa') {
      throw new Error(`planted effect ${effect.intervention}: its intervention covers ${intervention.areas.level} areas; an effect is planted only by ward or LSOA`);
    }
    const codes = new Set(intervention.areas.codes);
    const lsoas = intervention.areas.level === 'lsoa' ? codes : new Set(lookup.filter((r) => codes.has(r.ward_code)).map((r) => r.lsoa21_code));
    if (lsoas.size === 0) throw new Error(`planted effect ${effect.intervention}: its areas contain no LSOA of the partnership`);
    return { ...effect, wards: intervention.areas.level === 'ward' ? [...codes] : [], lsoas, start: intervention.start, end: intervention.end ?? null };
  });
}

/** Which records of one month of one dataset to thin: the effects that apply in it, each with its own seeded stream. */
export interface MonthThinning {
  /** Whether a record of kind `records` placed in `lsoa` is kept (draws from the effect's stream only when it applies). */
  keep(records: string, lsoa: string): boolean;
}

/** Whether an effect applies in a month (YYYY-MM). */
export function appliesIn(effect: ResolvedEffect, month: string): boolean {
  return month >= effect.start && (effect.end === null || month <= effect.end);
}

/** The thinning of one month of a dataset, or null when no effect applies in it. */
export function monthThinning(effects: readonly ResolvedEffect[], dataset: PlantedEffect['dataset'], ym: YearMonth, seed: number): MonthThinning | null {
  const month = ymText(ym);
  const active = effects
    .filter((e) => e.dataset === dataset && appliesIn(e, month))
    .map((e) => ({ effect: e, rng: new Rng(seed, `planted:${e.intervention}:${month}`) }));
  if (active.length === 0) return null;
  return {
    keep(records, lsoa) {
      for (const { effect, rng } of active) {
        if (effect.records === records && effect.lsoas.has(lsoa) && !rng.chance(effect.rateRatio)) return false;
      }
      return true;
    },
  };
}
