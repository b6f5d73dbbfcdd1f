/**
 * Localities: named groups of LSOAs that are not wards or districts (neighbourhood policing teams,
 * primary care networks, area boards), read from datasets/<partnership>/localities.json. They
 * overlap wards without nesting in them, so disclosure control treats each as one more total of
 * LSOAs (see areaChildren in area-hierarchy.ts). Within one kind an LSOA belongs to at most one
 * locality; the file is refused, naming the field, when it does not.
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { readCheckedJsonFile } from '../checked-json.ts';
import { ReferenceDataError } from '../errors.ts';
import { localityCode } from './area-codes.ts';

const localitySchema = z.object({
  code: localityCode,
  name: z.string().min(1),
  lsoas: z.array(z.string().regex(/^[EW]01\d{6}$/, 'must be LSOA 2021 codes (E01… or W01…)')).min(1, 'must list at least one LSOA'),
});

const localityKindSchema = z.object({
  id: localityCode,
  name: z.string().min(1),
  description: z.string().min(1),
  localities: z.array(localitySchema).min(1),
});

/** datasets/<partnership>/localities.json */
export const localitiesFileSchema = z.object({ $comment: z.string().optional(), kinds: z.array(localityKindSchema) }).strict();

export type LocalityKind = z.infer<typeof localityKindSchema>;
export type Locality = z.infer<typeof localitySchema> & { kind: string };

/**
 * Reads and checks a localities file against the partnership's LSOAs: codes unique (and unlike any
 * area code), every LSOA the partnership's, none twice within a kind.
 */
export function readLocalities(file: string, partnershipLsoas: ReadonlySet<string>): { kinds: LocalityKind[]; localities: Locality[] } {
  const parsed = readCheckedJsonFile(file, localitiesFileSchema, (message, location, cause) => new ReferenceDataError(message, location, { cause }));
  const seenCodes = new Set<string>();
  const localities: Locality[] = [];
  parsed.kinds.forEach((kind, k) => {
    const holder = new Map<string, string>();
    kind.localities.forEach((locality, i) => {
      const field = `kinds.${k}.localities.${i}`;
      if (seenCodes.has(locality.code)) throw new ReferenceDataError(`the code ${locality.code} is used twice`, { file, field: `${field}.code` });
      seenCodes.add(locality.code);
      locality.lsoas.forEach((lsoa, j) => {
        if (!partnershipLsoas.has(lsoa)) throw new ReferenceDataError(`${lsoa} is not an LSOA of the partnership`, { file, field: `${field}.lsoas.${j}` });
        const other = holder.get(lsoa);
        if (other !== undefined) {
          throw new ReferenceDataError(`${lsoa} is in both ${other} and ${locality.code}: an LSOA may be in at most one ${kind.name.toLowerCase()} locality`, {
            file,
            field: `${field}.lsoas.${j}`,
          });
        }
        holder.set(lsoa, locality.code);
      });
      localities.push({ ...locality, kind: kind.id });
    });
  });
  return { kinds: parsed.kinds, localities };
}

type Area = Polygon | MultiPolygon;
const position = z.array(z.number()).min(2);
const polygonal = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

/** The outline of a group of LSOAs: their boundaries (as read, checked here) dissolved into one (multi)polygon. */
export function dissolveBoundaries(geometries: readonly unknown[]): Area {
  const shapes: Area[] = geometries.map((g) => polygonal.parse(g));
  if (shapes.length === 1) return shapes[0]!;
  const merged = turf.union(turf.featureCollection(shapes.map((g): Feature<Area> => turf.feature(g))));
  if (!merged) throw new ReferenceDataError('the boundaries of a locality could not be dissolved');
  return merged.geometry;
}
