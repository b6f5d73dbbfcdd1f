/**
 * The serious-violence view of a Violence Reduction Unit: police-recorded violence beside A&E
 * attendances for assault, area by area, with their combined demand and the neighbourhoods
 * significantly high on both. It reads published figures only (after disclosure control), so a
 * withheld figure stays withheld here and is never judged. The combined demand is the sum of the
 * two published counts over the same residents, with its own Byar interval: it is withheld
 * wherever either count is, so it tells nobody more than the two published figures already do.
 * (A separately published combined indicator would have tied every police count to the A&E
 * counts in the attacker's equations; with police violence also published month by month, the
 * attacker-checked suppression then cascades through the monthly police figures without end.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCheckedJsonFile } from '../checked-json.ts';
import { IndicatorDefinitionError, NotFoundError } from '../errors.ts';
import { byarInterval } from './statistics/byar-interval.ts';
import type { Level } from './area-hierarchy.ts';
import type { CountedIndicator, IndicatorDefinition } from './indicator-definition.ts';
import type { PublishedFigure } from './indicator-value.ts';
import type { PublishedFigures } from './published-figures.ts';

/** datasets/<partnership>/serious-violence.json: which indicators the view sets side by side, and its method. */
export const seriousViolenceConfigSchema = z.object({
  title: z.string().min(3),
  /** Police-recorded violence. */
  police: z.string(),
  /** A&E attendances for assault. */
  hospital: z.string(),
  method: z.string().min(20),
});
export type SeriousViolenceConfig = z.infer<typeof seriousViolenceConfigSchema>;

/** The two inputs of the view, as indicator definitions. */
export type SeriousViolenceInputs = { police: CountedIndicator; hospital: CountedIndicator };

/**
 * Loads the view's configuration and checks it: two crude rates per 1,000 residents from
 * different datasets, of one grain and one declared disclosure family (so their small counts are
 * protected together). Null when the partnership has no such view.
 */
export function loadSeriousViolenceConfig(partnershipDir: string, definitions: readonly IndicatorDefinition[]): (SeriousViolenceConfig & { inputs: SeriousViolenceInputs }) | null {
  const file = join(partnershipDir, 'serious-violence.json');
  if (!existsSync(file)) return null;
  const config = readCheckedJsonFile(file, seriousViolenceConfigSchema, (message, location, cause) => new IndicatorDefinitionError(message, location, { cause }));
  const counted = (field: 'police' | 'hospital'): CountedIndicator => {
    const d = definitions.find((x) => x.id === config[field]);
    if (!d || d.kind !== 'counted') throw new IndicatorDefinitionError(`"${config[field]}" is not a counted indicator`, { file, field });
    return d;
  };
  const inputs = { police: counted('police'), hospital: counted('hospital') };
  const both = [inputs.police, inputs.hospital];
  if (inputs.police.grain !== inputs.hospital.grain) throw new IndicatorDefinitionError('the two indicators must share one period grain', { file, field: 'hospital' });
  // Adding the two counts over the same residents is a rate only when both are crude rates per resident.
  for (const d of both) {
    if (d.statistic !== 'crude-rate' || d.denominator.kind !== 'population' || d.multiplier !== inputs.police.multiplier) {
      throw new IndicatorDefinitionError(`"${d.id}" must be a crude rate over the population with the same multiplier as the other, so that the two add up`, { file, field: d === inputs.police ? 'police' : 'hospital' });
    }
  }
  const family = inputs.police.disclosureFamily;
  if (family === undefined || inputs.hospital.disclosureFamily !== family) {
    throw new IndicatorDefinitionError('the two indicators must name the same disclosureFamily, so that both sources are suppressed together', { file, field: 'hospital' });
  }
  return { ...config, inputs };
}

/** One figure of the view: the published value and CI, whether it is withheld, and whether it is significantly above the partnership. */
export type ViewFigure = {
  value: number | null;
  lower: number | null;
  upper: number | null;
  count: number | null;
  withheld: boolean;
  withheldReason: string | null;
  /** True when the CI's lower bound is above the partnership's rate; null when it cannot be judged (withheld, or no partnership rate). */
  significantlyHigh: boolean | null;
};

/** One area of the view. */
export type SeriousViolenceArea = {
  area: string;
  name: string;
  police: ViewFigure;
  hospital: ViewFigure;
  combined: ViewFigure;
  /** Significantly above the partnership on police violence and on A&E assault alike. */
  highOnBoth: boolean;
};

/** The partnership's rates the areas are judged against. */
export type PartnershipRates = { police: number | null; hospital: number | null; combined: number | null };

/** Whether a published figure is significantly above a rate: its CI's lower bound is higher; null when either is unknown. */
export function significantlyAbove(figure: Pick<PublishedFigure, 'lower' | 'suppressed'>, rate: number | null): boolean | null {
  if (figure.suppressed || figure.lower === null || rate === null) return null;
  return figure.lower > rate;
}

/** A figure nobody may see: not published for this area and period. */
const ABSENT: ViewFigure = { value: null, lower: null, upper: null, count: null, withheld: true, withheldReason: 'not published for this area and period', significantlyHigh: null };

/**
 * The combined demand of two published figures over the same residents: their counts added, the
 * rate and its Byar interval on that sum; withheld (with the first reason) wherever either is.
 */
export function combinedFigure(police: PublishedFigure | undefined, hospital: PublishedFigure | undefined, multiplier: number, rate: number | null): ViewFigure {
  if (!police || !hospital) return ABSENT;
  const withheld = [police, hospital].find((f) => f.suppressed || f.numerator === null || f.denominator === null || !(f.denominator > 0));
  if (withheld) return { ...ABSENT, withheldReason: withheld.suppressionReason ?? 'withheld to protect confidentiality' };
  const count = police.numerator! + hospital.numerator!;
  const denominator = police.denominator!;
  const { lower, upper } = byarInterval(count, denominator, multiplier);
  return { value: (count / denominator) * multiplier, lower, upper, count, withheld: false, withheldReason: null, significantlyHigh: rate === null ? null : lower > rate };
}

/** A published figure as the view shows it. */
function viewFigure(figure: PublishedFigure | undefined, rate: number | null): ViewFigure {
  if (!figure) return ABSENT;
  return {
    value: figure.suppressed ? null : figure.value,
    lower: figure.suppressed ? null : figure.lower,
    upper: figure.suppressed ? null : figure.upper,
    count: figure.suppressed ? null : figure.numerator,
    withheld: figure.suppressed,
    withheldReason: figure.suppressed ? figure.suppressionReason : null,
    significantlyHigh: significantlyAbove(figure, rate),
  };
}

/**
 * The rule of the view, area by area: police, A&E and combined figures beside each other, and an
 * area high on both when both its police and its A&E figure are significantly above the
 * partnership's rates (a withheld figure is never judged, so it never makes an area high).
 * Areas high on both come first (by combined rate), then the rest by combined rate, withheld last.
 */
export function judgeAreas(
  areas: readonly { area: string; name: string; police?: PublishedFigure; hospital?: PublishedFigure }[],
  partnership: PartnershipRates,
  multiplier = 1000,
): SeriousViolenceArea[] {
  const judged = areas.map((a) => {
    const police = viewFigure(a.police, partnership.police);
    const hospital = viewFigure(a.hospital, partnership.hospital);
    const combined = combinedFigure(a.police, a.hospital, multiplier, partnership.combined);
    return { area: a.area, name: a.name, police, hospital, combined, highOnBoth: police.significantlyHigh === true && hospital.significantlyHigh === true };
  });
  const rank = (x: SeriousViolenceArea): number => x.combined.value ?? Number.NEGATIVE_INFINITY;
  return judged.sort((x, y) => Number(y.highOnBoth) - Number(x.highOnBoth) || rank(y) - rank(x) || x.area.localeCompare(y.area));
}

/** The whole view for a level and period, as the API answers it (names of areas included). */
export type SeriousViolenceView = {
  level: 'lsoa' | 'ward';
  period: string;
  partnership: PartnershipRates;
  areas: SeriousViolenceArea[];
  /** The codes of the areas high on both, in the order of `areas`. */
  highOnBoth: string[];
  /** Areas where the police or A&E figure is withheld, so they could not be judged. */
  unjudged: number;
};

/**
 * Reads the published figures of the view's two indicators at a level and period (the A&E
 * indicator's latest period when none is given) and judges each area.
 */
export async function seriousViolenceView(figures: PublishedFigures, inputs: SeriousViolenceInputs, level: 'lsoa' | 'ward', period: string | null): Promise<SeriousViolenceView> {
  const chosen = period ?? (await figures.latestPeriod(inputs.hospital.id, level));
  if (chosen === null) throw new NotFoundError('no figures yet for the serious-violence view');
  const read = async (d: CountedIndicator, at: Level) => new Map((await figures.areaFigures(d, at, chosen)).map((f) => [f.area, f]));
  const [police, hospital, pPolice, pHospital] = await Promise.all([
    read(inputs.police, level),
    read(inputs.hospital, level),
    read(inputs.police, 'partnership'),
    read(inputs.hospital, 'partnership'),
  ]);
  const first = (m: Map<string, PublishedFigure>): PublishedFigure | undefined => [...m.values()][0];
  const rate = (f: PublishedFigure | undefined): number | null => (f && !f.suppressed ? f.value : null);
  const multiplier = inputs.police.multiplier;
  const partnership = {
    police: rate(first(pPolice)),
    hospital: rate(first(pHospital)),
    combined: combinedFigure(first(pPolice), first(pHospital), multiplier, null).value,
  };
  const codes = [...new Set([...police.keys(), ...hospital.keys()])];
  const areas = judgeAreas(
    codes.map((code) => ({ area: code, name: police.get(code)?.name ?? hospital.get(code)?.name ?? code, police: police.get(code), hospital: hospital.get(code) })),
    partnership,
    multiplier,
  );
  return {
    level,
    period: chosen,
    partnership,
    areas,
    highOnBoth: areas.filter((a) => a.highOnBoth).map((a) => a.area),
    unjudged: areas.filter((a) => a.police.withheld || a.hospital.withheld).length,
  };
}
