/** An area's profile (a spine chart's data) and the boundaries, as the API answers them. */
import { z } from 'zod';
import { Comparison, Figure, Level, Period, PeriodId, Polarity, Trend } from './common.ts';

export const ProfileQuery = z.object({
  period: PeriodId.optional().meta({ description: 'Each indicator shows its latest period starting by the end of this period; the latest of all when omitted.' }),
});

export const ProfileFigure = Figure.pick({ value: true, lower: true, upper: true, suppressed: true, suppressionReason: true }).meta({ id: 'ProfileFigure' });
export type ProfileFigure = z.infer<typeof ProfileFigure>;
const Spread = z
  .object({ min: z.number().nullable(), q1: z.number().nullable(), median: z.number().nullable(), q3: z.number().nullable(), max: z.number().nullable(), areas: z.number().int() })
  .meta({ id: 'Spread', description: 'The spread of published figures across the areas of the same level.' });

export const ProfileEntry = z
  .object({
    indicator: z.object({ id: z.string(), title: z.string(), theme: z.string(), unit: z.string(), polarity: Polarity }),
    period: Period,
    area: ProfileFigure,
    benchmark: ProfileFigure.nullable(),
    partnership: ProfileFigure.nullable(),
    comparison: Comparison.nullable(),
    trend: Trend.nullable(),
    rag: z.string().nullable(),
    spread: Spread.nullable(),
  })
  .meta({ id: 'ProfileEntry' });
export type ProfileEntry = z.infer<typeof ProfileEntry>;

const NamedArea = z.object({ code: z.string(), name: z.string() });
export const AreaProfile = z
  .object({
    area: z.object({ code: z.string(), name: z.string(), level: Level, ward: NamedArea.nullable(), localAuthority: NamedArea.nullable() }),
    benchmark: z.string().nullable(),
    partnership: z.string().nullable(),
    indicators: z.array(ProfileEntry),
  })
  .meta({ id: 'AreaProfile' });
export type AreaProfile = z.infer<typeof AreaProfile>;

export const GEOGRAPHY_LEVELS = ['lsoa', 'ward', 'lad', 'locality'] as const;
export const GeographyLevel = z.enum(GEOGRAPHY_LEVELS, { message: 'must be lsoa, ward, lad or locality' });

const Position = z.array(z.number()).min(2);
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);
export const AreaProperties = z.object({
  code: z.string(),
  name: z.string(),
  /** A locality's kind (its id and name) and the LSOAs it is made of: public, as any published lookup is. */
  kind: z.object({ id: z.string(), name: z.string() }).optional(),
  lsoas: z.array(z.string()).optional(),
});
export const AreaFeature = z.object({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]).optional(), properties: AreaProperties, geometry: Geometry }).meta({ id: 'AreaFeature' });
export const AreaCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(AreaFeature) }).meta({ id: 'AreaCollection' });
export type AreaCollection = z.infer<typeof AreaCollection>;
export type Geometry = z.infer<typeof Geometry>;

/** The layer of every area tile's features (MapLibre's `source-layer`). */
export const AREA_TILE_LAYER = 'areas';
/** The deepest zoom area tiles are cut at; a map over-zooms beyond it. */
export const AREA_TILE_MAX_ZOOM = 13;

/** The levels whose boundaries are also served as vector tiles (localities stay GeoJSON: a partnership has few). */
export const TILED_LEVELS = ['lsoa', 'ward', 'lad'] as const;
export const TiledLevel = z.enum(TILED_LEVELS, { message: 'must be lsoa, ward or lad' });

export const AreaIndexEntry = z.object({
  code: z.string(),
  name: z.string(),
  /** A point inside the area, [longitude, latitude], to put its name at. */
  label: z.tuple([z.number(), z.number()]).nullable(),
});
export const AreaIndex = z
  .object({
    level: z.string(),
    /** [west, south, east, north] of all the areas; null when the level has none. */
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    areas: z.array(AreaIndexEntry),
  })
  .meta({ id: 'AreaIndex', description: 'The areas of a level without their boundaries, for a map drawn from vector tiles.' });
export type AreaIndex = z.infer<typeof AreaIndex>;
