/**
 * fire.incidents rows in the layout of DESIGN.md §2, with rates from the brief:
 * secondary fires ~1.5 per 1,000 residents a year (deliberate ones concentrated in deprived LSOAs and in
 * spring/summer), accidental dwelling fires ~0.8 per 1,000 households a year, plus false alarms and special services.
 */
import type { Lsoa } from './areas.ts';
import { daysInMonth, seasonal, ukDateTime, type YearMonth } from './calendar.ts';
import { lonLatToBng, randomPointIn } from './geo.ts';
import { fictionalAddress, fictionalName, plausiblePostcode } from './names.ts';
import type { MonthThinning } from './planted-effects.ts';
import { placement, type Placement, type RateSpec } from './rates.ts';
import { WeightedPicker, type Rng } from './rng.ts';

/** The header fire services export (DESIGN.md §2). */
export const FIRE_HEADER = [
  'incident_number', 'call_datetime', 'incident_group', 'incident_type', 'property_category', 'property_type',
  'deliberate', 'easting', 'northing', 'ward_name', 'caller_name', 'address',
] as const;

type Category = 'Dwelling' | 'Outdoor' | 'Non Residential' | 'Road Vehicle' | 'Other';

const PROPERTY_TYPES: Record<Category, readonly string[]> = {
  Dwelling: ['House - single occupancy', 'Bungalow - single occupancy', 'Purpose built flat/maisonette - multiple occupancy', 'Converted flat/maisonette', 'Self contained sheltered housing'],
  Outdoor: ['Loose refuse', 'Wheelie bin', 'Grassland, pasture, grazing etc', 'Scrub land', 'Small refuse/rubbish container', 'Woodland/forest'],
  'Non Residential': ['Shop', 'Pub/wine bar/bar', 'Industrial unit', 'Warehouse', 'School', 'Restaurant', 'Care home', 'Office'],
  'Road Vehicle': ['Car', 'Van', 'Motorcycle', 'Lorry/HGV', 'Bus/coach'],
  Other: ['Derelict building', 'Fence', 'Garden shed', 'Outdoor structures', 'Private garage'],
};

/** One stream of incidents with its own rate, seasonality and property mix. */
interface IncidentKind {
  group: 'Fire' | 'False Alarm' | 'Special Service';
  type: string;
  rate: RateSpec;
  seasonAmp: number;
  peakMonth: number;
  categories: readonly [Category, number][];
  /** Probability that the incident is recorded as deliberate, given the LSOA and month. */
  deliberate: (l: Lsoa, ym: YearMonth) => number;
  hours: 'evening' | 'day' | 'flat';
}

const never = (): number => 0;
const always = (): number => 1;

/** Annual rates per 1,000; chosen to give English-average volumes (about 9 incidents per 1,000 residents a year). */
export const FIRE_KINDS: readonly IncidentKind[] = [
  {
    group: 'Fire', type: 'Secondary fire', rate: { perThousand: 1.5, base: 'population', depElasticity: 1.2 }, seasonAmp: 0.5, peakMonth: 5,
    categories: [['Outdoor', 0.82], ['Other', 0.18]],
    // Deliberate secondary fires cluster where deprivation is high and in the lighter months.
    deliberate: (l, ym) => Math.min(0.9, 0.15 + 0.3 * l.depIndex + (ym.month >= 3 && ym.month <= 8 ? 0.1 : 0)), hours: 'evening',
  },
  {
    group: 'Fire', type: 'Primary fire', rate: { perThousand: 0.8, base: 'households', depElasticity: 0.5 }, seasonAmp: 0.15, peakMonth: 1,
    categories: [['Dwelling', 1]], deliberate: never, hours: 'evening',
  },
  {
    group: 'Fire', type: 'Primary fire', rate: { perThousand: 0.3, base: 'population', depElasticity: 1.3 }, seasonAmp: 0.2, peakMonth: 7,
    categories: [['Road Vehicle', 0.6], ['Dwelling', 0.15], ['Non Residential', 0.15], ['Other', 0.1]], deliberate: always, hours: 'evening',
  },
  {
    group: 'Fire', type: 'Primary fire', rate: { perThousand: 0.35, base: 'population', depElasticity: 0.3 }, seasonAmp: 0, peakMonth: 1,
    categories: [['Road Vehicle', 0.5], ['Non Residential', 0.4], ['Other', 0.1]], deliberate: never, hours: 'day',
  },
  {
    group: 'Fire', type: 'Chimney fire', rate: { perThousand: 0.12, base: 'households', depElasticity: -0.4 }, seasonAmp: 0.9, peakMonth: 1,
    categories: [['Dwelling', 1]], deliberate: never, hours: 'evening',
  },
  {
    group: 'False Alarm', type: 'False alarm - Apparatus', rate: { perThousand: 2.2, base: 'population', depElasticity: 0.2 }, seasonAmp: 0.05, peakMonth: 1,
    categories: [['Dwelling', 0.55], ['Non Residential', 0.45]], deliberate: never, hours: 'day',
  },
  {
    group: 'False Alarm', type: 'False alarm - Good intent', rate: { perThousand: 1.1, base: 'population', depElasticity: 0.3 }, seasonAmp: 0.2, peakMonth: 7,
    categories: [['Outdoor', 0.5], ['Dwelling', 0.3], ['Other', 0.2]], deliberate: never, hours: 'flat',
  },
  {
    group: 'False Alarm', type: 'False alarm - Malicious', rate: { perThousand: 0.15, base: 'population', depElasticity: 1.2 }, seasonAmp: 0.1, peakMonth: 7,
    categories: [['Outdoor', 0.5], ['Non Residential', 0.3], ['Dwelling', 0.2]], deliberate: always, hours: 'evening',
  },
  {
    group: 'Special Service', type: 'Road traffic collision', rate: { perThousand: 0.6, base: 'population', depElasticity: 0 }, seasonAmp: 0.1, peakMonth: 12,
    categories: [['Road Vehicle', 1]], deliberate: never, hours: 'day',
  },
  {
    group: 'Special Service', type: 'Effecting entry/exit', rate: { perThousand: 0.5, base: 'population', depElasticity: 0.5 }, seasonAmp: 0, peakMonth: 1,
    categories: [['Dwelling', 1]], deliberate: never, hours: 'flat',
  },
  {
    group: 'Special Service', type: 'Flooding', rate: { perThousand: 0.15, base: 'households', depElasticity: 0 }, seasonAmp: 0.6, peakMonth: 12,
    categories: [['Dwelling', 0.7], ['Non Residential', 0.3]], deliberate: never, hours: 'flat',
  },
  {
    group: 'Special Service', type: 'Assist other agencies', rate: { perThousand: 0.4, base: 'population', depElasticity: 0.6 }, seasonAmp: 0, peakMonth: 1,
    categories: [['Dwelling', 0.6], ['Other', 0.4]], deliberate: never, hours: 'flat',
  },
  {
    group: 'Special Service', type: 'Animal assistance', rate: { perThousand: 0.08, base: 'population', depElasticity: -0.3 }, seasonAmp: 0.2, peakMonth: 6,
    categories: [['Outdoor', 1]], deliberate: never, hours: 'day',
  },
];

const HOUR_WEIGHTS: Record<IncidentKind['hours'], number[]> = {
  evening: [3, 2, 2, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 8, 9, 10, 10, 9, 7, 5, 4],
  day: [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 2, 1],
  flat: Array.from({ length: 24 }, () => 1),
};
const HOUR_PICKERS = Object.fromEntries(
  Object.entries(HOUR_WEIGHTS).map(([k, w]) => [k, new WeightedPicker(w.map((_, i) => i), w)]),
) as Record<IncidentKind['hours'], WeightedPicker<number>>;

/** Precomputed placement samplers for every incident kind over a set of LSOAs. */
export interface FireModel {
  kinds: { kind: IncidentKind; place: Placement; categories: WeightedPicker<Category> }[];
  town: (l: Lsoa) => string;
  outward: (l: Lsoa) => readonly string[];
}

/** Builds the fire model for the given LSOAs. */
export function buildFireModel(lsoas: readonly Lsoa[], town: (l: Lsoa) => string, outward: (l: Lsoa) => readonly string[]): FireModel {
  return {
    kinds: FIRE_KINDS.map((kind) => ({
      kind,
      place: placement(lsoas, kind.rate),
      categories: new WeightedPicker(kind.categories.map((c) => c[0]), kind.categories.map((c) => c[1])),
    })),
    town,
    outward,
  };
}

/** A generated incident: its sortable timestamp, the LSOA it was placed in and its CSV fields. */
export interface FireRow {
  sortKey: string;
  lsoa: string;
  fields: string[];
}

/** The kind of record a planted effect names (planted-effects.ts): "Secondary fire, deliberate", "Primary fire, not deliberate"… */
export function fireRecordKind(type: string, deliberate: boolean): string {
  return `${type}, ${deliberate ? 'deliberate' : 'not deliberate'}`;
}

/**
 * Generates one month of incidents (unsorted numbering is fixed after sorting by call time). A thinning
 * (planted-effects.ts) drops some incidents after they are drawn, so the rest are drawn exactly as without it.
 */
export function fireMonth(model: FireModel, ym: YearMonth, rng: Rng, scale = 1, thinning: MonthThinning | null = null): FireRow[] {
  const rows: FireRow[] = [];
  const days = daysInMonth(ym);
  for (const { kind, place, categories } of model.kinds) {
    const n = rng.poisson((place.annualTotal / 12) * seasonal(ym, kind.seasonAmp, kind.peakMonth) * scale);
    for (let i = 0; i < n; i++) {
      const l = place.picker.pick(rng);
      const category = categories.pick(rng);
      const [lon, lat] = randomPointIn(l.area, rng);
      const [e, nn] = lonLatToBng(lon, lat);
      const day = rng.int(1, days);
      const hour = HOUR_PICKERS[kind.hours].pick(rng);
      const minute = rng.int(0, 59);
      const callTime = ukDateTime(ym, day, hour, minute);
      const outdoor = category === 'Outdoor' || category === 'Road Vehicle';
      const address = outdoor
        ? `Land off ${fictionalAddress(rng, model.town(l), plausiblePostcode(rng, model.outward(l))).replace(/^(Flat \d+, )?\d+ /, '')}`
        : fictionalAddress(rng, model.town(l), plausiblePostcode(rng, model.outward(l)));
      const fields = [
        '', callTime, kind.group, kind.type, category, rng.pick(PROPERTY_TYPES[category]),
        rng.chance(kind.deliberate(l, ym)) ? 'Yes' : 'No', String(e), String(nn), l.wardName,
        rng.chance(0.08) ? '' : fictionalName(rng), address,
      ];
      if (thinning && !thinning.keep(fireRecordKind(kind.type, fields[6] === 'Yes'), l.code)) continue;
      rows.push({
        sortKey: `${day.toString().padStart(2, '0')}${hour.toString().padStart(2, '0')}${minute.toString().padStart(2, '0')}`,
        lsoa: l.code,
        fields,
      });
    }
  }
  rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  rows.forEach((r, i) => {
    r.fields[0] = `F${ym.year}${ym.month.toString().padStart(2, '0')}${(i + 1).toString().padStart(5, '0')}`;
  });
  return rows;
}
