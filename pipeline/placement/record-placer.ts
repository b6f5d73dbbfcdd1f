import type { LocationInput } from '../datasets/dataset-module.ts';
import { bngToWgs84, isOnGrid } from './british-national-grid.ts';
import type { LsoaLocator } from './lsoa-locator.ts';

export type Lsoa11Mapping = { lsoa21: string; shareOfLsoa11: number };

/**
 * Where a record belongs: an LSOA of the partnership; outside the partnership's area (a real
 * place elsewhere, which the agreement does not cover: counted, never kept); or nowhere, with the
 * field at fault and why (a wrong row, quarantined).
 */
export type Placement =
  | { ok: true; lsoa21: string; method: 'point' | 'lsoa21-code' | 'lsoa11-code' | 'postcode'; disagreement: boolean }
  | { ok: false; outside: true; district: string | null }
  | { ok: false; outside?: false; field: string; reason: string; ambiguous?: boolean };

/** A well-formed LSOA code of England or Wales (2011 or 2021). */
const LSOA_CODE = /^[EW]01\d{6}$/;

export type PlacerReference = {
  locator: LsoaLocator;
  /** LSOA 2021 codes of the partnership. */
  lsoa21Codes: ReadonlySet<string>;
  /** LSOA 2011 code → the 2021 LSOAs it became. */
  lsoa11To21: ReadonlyMap<string, readonly Lsoa11Mapping[]>;
  /** Normalised postcode → LSOA 2021, when the partnership has a postcode lookup. */
  postcodes: ReadonlyMap<string, string> | null;
};

/** Normalises a postcode for lookup ("pr7 1dp" → "PR71DP"). */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

/**
 * Places one record in an LSOA 2021 of the partnership. A point is the ground
 * truth; a supplied code that disagrees with it is noted, not an error.
 */
export class RecordPlacer {
  constructor(private readonly reference: PlacerReference) {}

  /** Where the record belongs, or why it cannot be placed. */
  place(location: LocationInput): Placement {
    switch (location.kind) {
      case 'wgs84':
        return this.placePoint(location.longitude, location.latitude, location.suppliedLsoa, 'longitude', location.district ?? null);
      case 'bng': {
        if (location.easting === 0 && location.northing === 0) {
          return { ok: false, field: 'easting', reason: 'point is at 0,0 (no real location)' };
        }
        if (!isOnGrid(location.easting, location.northing)) {
          return { ok: false, field: 'easting', reason: 'easting/northing is not on the British National Grid' };
        }
        const [longitude, latitude] = bngToWgs84(location.easting, location.northing);
        return this.placePoint(longitude, latitude, location.suppliedLsoa, 'easting', location.district ?? null);
      }
      case 'lsoa':
        return this.placeCode(location.code, location.district ?? null);
      case 'postcode': {
        if (!this.reference.postcodes) {
          return { ok: false, field: 'postcode', reason: 'has no coordinates and the partnership has no postcode lookup' };
        }
        const lsoa21 = this.reference.postcodes.get(normalisePostcode(location.postcode));
        if (!lsoa21) return { ok: false, field: 'postcode', reason: 'postcode is not in the partnership postcode lookup' };
        return { ok: true, lsoa21, method: 'postcode', disagreement: false };
      }
      case 'none':
        return { ok: false, field: 'location', reason: location.reason };
    }
  }

  private placePoint(longitude: number, latitude: number, supplied: string | null, field: string, district: string | null): Placement {
    if (longitude === 0 && latitude === 0) return { ok: false, field, reason: 'point is at 0,0 (no real location)' };
    if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
      return { ok: false, field, reason: 'coordinates are out of range for WGS84' };
    }
    const lsoa21 = this.reference.locator.locate(longitude, latitude);
    // A supplied code of the partnership contradicts the point, so the district named beside it is not trusted either.
    if (!lsoa21) return { ok: false, outside: true, district: supplied !== null && this.isPartnershipCode(supplied) ? null : district };
    return { ok: true, lsoa21, method: 'point', disagreement: supplied !== null && !this.codeAgrees(supplied, lsoa21) };
  }

  private isPartnershipCode(code: string): boolean {
    const upper = code.trim().toUpperCase();
    return this.reference.lsoa21Codes.has(upper) || this.reference.lsoa11To21.has(upper);
  }

  private codeAgrees(code: string, lsoa21: string): boolean {
    const upper = code.toUpperCase();
    if (upper === lsoa21) return true;
    return (this.reference.lsoa11To21.get(upper) ?? []).some((m) => m.lsoa21 === lsoa21);
  }

  private placeCode(code: string, district: string | null): Placement {
    const upper = code.toUpperCase();
    const mappings = this.reference.lsoa11To21.get(upper);
    // A code that exists in both vintages unchanged is a 2021 code; mappings decide the rest.
    if (this.reference.lsoa21Codes.has(upper) && (!mappings || mappings.length <= 1)) {
      return { ok: true, lsoa21: upper, method: 'lsoa21-code', disagreement: false };
    }
    if (mappings && mappings.length === 1 && mappings[0]) {
      return { ok: true, lsoa21: mappings[0].lsoa21, method: 'lsoa11-code', disagreement: false };
    }
    if (mappings && mappings.length > 1) {
      return {
        ok: false,
        field: 'lsoa_code',
        reason: `LSOA 2011 code split into ${mappings.length} LSOA 2021 areas and the row has no point to choose between them (ambiguous)`,
        ambiguous: true,
      };
    }
    if (LSOA_CODE.test(upper)) return { ok: false, outside: true, district };
    return { ok: false, field: 'lsoa_code', reason: 'is not an LSOA code (E01 or W01 followed by six digits)' };
  }
}
