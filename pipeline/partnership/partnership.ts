import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCheckedJsonFile } from '../checked-json.ts';
import { ReferenceDataError } from '../errors.ts';

/** datasets/<partnership>/partnership.json */
export const partnershipManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower case letters, digits and dashes'),
  name: z.string().min(1),
  localAuthorities: z.array(z.object({ code: z.string().regex(/^[EW]0[6-9]\d{6}$/), name: z.string().min(1) })).min(1),
  /** The view the map opens on when a link names none: the partnership's headline indicator (and period). */
  defaultView: z
    .object({ indicator: z.string().min(1), period: z.string().min(1).optional() })
    .optional(),
  /**
   * Whether published figures (where each agreement's access.aggregates lists "public") may be read
   * without signing in. The pilot ships with false: every request needs sign-in.
   */
  publicAggregates: z.boolean().default(false),
  /**
   * A MapLibre style (https, or http for a server on the same network) drawn beneath the choropleth.
   * None by default: the map then fetches nothing from outside the observatory. When set, the
   * page's Content-Security-Policy lets the browser fetch from that style's origin only.
   */
  basemapStyleUrl: z.url({ protocol: /^https?$/, error: 'must be an http or https URL of a MapLibre style' }).optional(),
});

export type PartnershipManifest = z.infer<typeof partnershipManifestSchema>;

/** The files a partnership folder provides, by role. */
export type Partnership = PartnershipManifest & {
  dir: string;
  files: {
    lsoa21Boundaries: string;
    wardBoundaries: string;
    ladBoundaries: string;
    lsoaWardLadLookup: string;
    lsoa11Lookup: string;
    population: string;
    households: string;
    imd2025: string;
    postcodeLookup: string | null;
    /** Named groups of LSOAs (policing teams, care networks…), if the partnership defines any. */
    localities: string | null;
  };
  agreementsDir: string;
  indicatorsDir: string;
  extractsDir: string;
};

/** Reads and validates a partnership folder's manifest and checks its files exist. */
export function loadPartnership(dir: string): Partnership {
  const manifestFile = join(dir, 'partnership.json');
  if (!existsSync(manifestFile)) throw new ReferenceDataError('partnership.json is missing', { file: manifestFile });
  const manifest = readCheckedJsonFile(manifestFile, partnershipManifestSchema, (message, location, cause) => new ReferenceDataError(message, location, { cause }));
  const files = {
    lsoa21Boundaries: join(dir, 'geography/lsoa21.geojson'),
    wardBoundaries: join(dir, 'geography/wards.geojson'),
    ladBoundaries: join(dir, 'geography/lads.geojson'),
    lsoaWardLadLookup: join(dir, 'lookups/lsoa21_ward_lad.csv'),
    lsoa11Lookup: join(dir, 'lookups/lsoa11_lsoa21.csv'),
    population: join(dir, 'reference/population_age6.csv'),
    households: join(dir, 'reference/households.csv'),
    imd2025: join(dir, 'reference/imd2025.csv'),
  };
  for (const [role, file] of Object.entries(files)) {
    if (!existsSync(file)) throw new ReferenceDataError(`the ${role} file is missing`, { file });
  }
  const postcodeFile = join(dir, 'lookups/postcodes.csv');
  const localitiesFile = join(dir, 'localities.json');
  return {
    ...manifest,
    dir,
    files: { ...files, postcodeLookup: existsSync(postcodeFile) ? postcodeFile : null, localities: existsSync(localitiesFile) ? localitiesFile : null },
    agreementsDir: join(dir, 'agreements'),
    indicatorsDir: join(dir, 'indicators'),
    extractsDir: join(dir, 'extracts'),
  };
}
