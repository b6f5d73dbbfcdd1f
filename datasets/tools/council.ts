/**
 * council.service_requests rows (DESIGN.md §2): fly-tipping ~12 per 1,000 residents a year, and
 * ASB, noise and housing-disrepair requests, all rising with deprivation and varying by season.
 */
import type { Lsoa } from './areas.ts';
import { daysInMonth, seasonal, ukDate, type YearMonth } from './calendar.ts';
import { lonLatToBng, randomPointIn } from './geo.ts';
import { fictionalName, fictionalPhone, plausiblePostcode } from './names.ts';
import { placement, type Placement, type RateSpec } from './rates.ts';
import type { MonthThinning } from './planted-effects.ts';
import type { Rng } from './rng.ts';

/** The header the council's case system exports (DESIGN.md §2). */
export const COUNCIL_HEADER = [
  'case_ref', 'received_date', 'service', 'postcode', 'easting', 'northing', 'uprn', 'ward_name', 'complainant_name', 'complainant_phone',
] as const;

interface ServiceKind {
  service: 'fly_tipping' | 'asb_complaint' | 'noise' | 'housing_disrepair';
  rate: RateSpec;
  seasonAmp: number;
  peakMonth: number;
  /** Share of rows with easting/northing (the rest are located by postcode only). */
  withCoordinates: number;
  /** Share of rows tied to a property (UPRN); fly-tipping is mostly on open land. */
  withUprn: number;
}

/** Annual rates per 1,000 residents. */
export const COUNCIL_SERVICES: readonly ServiceKind[] = [
  { service: 'fly_tipping', rate: { perThousand: 12, base: 'population', depElasticity: 1.0 }, seasonAmp: 0.25, peakMonth: 6, withCoordinates: 0.97, withUprn: 0.25 },
  { service: 'asb_complaint', rate: { perThousand: 6, base: 'population', depElasticity: 1.2 }, seasonAmp: 0.2, peakMonth: 7, withCoordinates: 0.85, withUprn: 0.8 },
  { service: 'noise', rate: { perThousand: 5, base: 'population', depElasticity: 0.6 }, seasonAmp: 0.35, peakMonth: 7, withCoordinates: 0.88, withUprn: 0.92 },
  { service: 'housing_disrepair', rate: { perThousand: 2, base: 'population', depElasticity: 1.4 }, seasonAmp: 0.3, peakMonth: 1, withCoordinates: 0.9, withUprn: 0.97 },
];

/** Precomputed samplers for every service. */
export interface CouncilModel {
  services: { kind: ServiceKind; place: Placement }[];
  outward: (l: Lsoa) => readonly string[];
}

/** Builds the council model for the given LSOAs. */
export function buildCouncilModel(lsoas: readonly Lsoa[], outward: (l: Lsoa) => readonly string[]): CouncilModel {
  return { services: COUNCIL_SERVICES.map((kind) => ({ kind, place: placement(lsoas, kind.rate) })), outward };
}

/** A generated request with a sort key and the LSOA it was placed in. */
export interface CouncilRow {
  sortKey: number;
  lsoa: string;
  fields: string[];
}

/**
 * Generates one month of service requests, numbered in received order from `firstRef`. A thinning
 * (planted-effects.ts) drops some records after they are drawn, so the rest are drawn exactly as without it.
 */
export function councilMonth(model: CouncilModel, ym: YearMonth, rng: Rng, firstRef: number, scale = 1, thinning: MonthThinning | null = null): CouncilRow[] {
  const rows: CouncilRow[] = [];
  const days = daysInMonth(ym);
  for (const { kind, place } of model.services) {
    const n = rng.poisson((place.annualTotal / 12) * seasonal(ym, kind.seasonAmp, kind.peakMonth) * scale);
    for (let i = 0; i < n; i++) {
      const l = place.picker.pick(rng);
      const day = rng.int(1, days);
      let e = '';
      let nn = '';
      if (rng.chance(kind.withCoordinates)) {
        const [lon, lat] = randomPointIn(l.area, rng);
        const bng = lonLatToBng(lon, lat);
        e = String(bng[0]);
        nn = String(bng[1]);
      }
      const uprn = rng.chance(kind.withUprn) ? `10${rng.int(0, 99_999_999).toString().padStart(8, '0')}${rng.int(0, 99)}` : '';
      const fields = ['', ukDate(ym, day), kind.service, plausiblePostcode(rng, model.outward(l)), e, nn, uprn, l.wardName, fictionalName(rng), fictionalPhone(rng)];
      if (thinning && !thinning.keep(kind.service, l.code)) continue;
      rows.push({ sortKey: day, lsoa: l.code, fields });
    }
  }
  rows.sort((a, b) => a.sortKey - b.sortKey);
  rows.forEach((r, i) => {
    r.fields[0] = `SR-${ym.year}-${(firstRef + i).toString().padStart(6, '0')}`;
  });
  return rows;
}
