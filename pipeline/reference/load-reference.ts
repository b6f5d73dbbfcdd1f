import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
import { z } from 'zod';
import type { Database, WriteTransaction } from '../db/database.ts';
import { readCheckedJsonFile } from '../checked-json.ts';
import { ReferenceDataError } from '../errors.ts';
import type { Partnership } from '../partnership/partnership.ts';
import { dissolveBoundaries, readLocalities } from './localities.ts';

const areaFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ code: z.string().min(1), name: z.string().min(1) }).loose(),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
});
const featureCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(areaFeatureSchema).min(1) });

function readBoundaries(file: string) {
  return readCheckedJsonFile(file, featureCollectionSchema, (message, location, cause) => new ReferenceDataError(message, location, { cause })).features;
}

// Reference CSVs are RFC 4180 with a header. Quoting is stated rather than sniffed: the sniffer reads
// only a sample, and a quoted name past it ("Bournemouth, Christchurch and Poole 035A", line 87,032
// of the national population file) would then break the load.
const CSV_OPTIONS = `all_varchar = true, header = true, delim = ',', quote = '"', escape = '"'`;

/** A fingerprint of the reference files, so a changed partnership folder is reloaded. */
function referenceFingerprint(partnership: Partnership): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(`${partnership.dir}/partnership.json`));
  for (const file of Object.values(partnership.files)) if (file) hash.update(readFileSync(file));
  return hash.digest('hex');
}

type Boundary = ReturnType<typeof readBoundaries>[number]['geometry'];

async function insertGeometries(tx: WriteTransaction, level: string, shapes: Iterable<[string, Boundary]>): Promise<void> {
  const appender = await tx.appender('area_geometry');
  for (const [code, geometry] of shapes) {
    appender.appendVarchar(code);
    appender.appendVarchar(level);
    appender.appendVarchar(JSON.stringify(geometry));
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

const shapesOf = (file: string) => readBoundaries(file).map((f): [string, Boundary] => [f.properties.code, f.geometry]);

/** The partnership's localities (if it has a localities file): area rows, memberships and dissolved outlines. */
async function insertLocalities(tx: WriteTransaction, partnership: Partnership, lsoaShapes: ReadonlyMap<string, Boundary>): Promise<void> {
  const file = partnership.files.localities;
  if (file === null) return;
  const { kinds, localities } = readLocalities(file, new Set(lsoaShapes.keys()));
  for (const kind of kinds) {
    await tx.run(`INSERT INTO locality_kind (id, name, description) VALUES ($id, $name, $description)`, { id: kind.id, name: kind.name, description: kind.description });
  }
  const taken = await tx.all(`SELECT code FROM area WHERE code IN (SELECT unnest($codes::VARCHAR[]))`, { codes: listValue(localities.map((l) => l.code)) });
  if (taken.length > 0) throw new ReferenceDataError(`the locality code ${String(taken[0]?.code)} is already an area's code`, { file });
  for (const l of localities) {
    await tx.run(`INSERT INTO area (code, name, level, ward_code, lad_code, partnership_code) VALUES ($code, $name, 'locality', NULL, NULL, $partnership)`, {
      code: l.code,
      name: l.name,
      partnership: partnership.id,
    });
    await tx.run(`INSERT INTO locality (code, kind) VALUES ($code, $kind)`, { code: l.code, kind: l.kind });
    await tx.run(`INSERT INTO locality_lsoa SELECT $code, unnest($lsoas::VARCHAR[])`, { code: l.code, lsoas: listValue(l.lsoas) });
  }
  await insertGeometries(
    tx,
    'locality',
    localities.map((l): [string, Boundary] => [l.code, dissolveBoundaries(l.lsoas.map((code) => lsoaShapes.get(code)!))]),
  );
}

/**
 * Loads the partnership's geography and reference data (areas and hierarchy,
 * boundaries, population, households, IMD 2025, LSOA 2011→2021 lookup) in one
 * transaction, unless the same files are already loaded. Returns true if it loaded.
 */
export async function loadReferenceData(db: Database, partnership: Partnership): Promise<boolean> {
  const fingerprint = referenceFingerprint(partnership);
  const current = await db.all(`SELECT value FROM meta WHERE key = 'reference_fingerprint'`);
  if (current[0]?.value === fingerprint) return false;
  const f = partnership.files;
  await db.transaction(async (tx) => {
    for (const table of ['area', 'area_geometry', 'population', 'households', 'imd2025', 'lsoa11_lsoa21', 'locality_kind', 'locality', 'locality_lsoa']) {
      await tx.run(`DELETE FROM ${table}`);
    }
    await tx.run(
      `INSERT INTO area (code, name, level, ward_code, lad_code, partnership_code)
       SELECT lsoa21_code, lsoa21_name, 'lsoa', ward_code, lad_code, $partnership
       FROM read_csv($lookup, ${CSV_OPTIONS})`,
      { lookup: f.lsoaWardLadLookup, partnership: partnership.id },
    );
    await tx.run(
      `INSERT INTO area (code, name, level, ward_code, lad_code, partnership_code)
       SELECT DISTINCT ward_code, ward_name, 'ward', NULL, lad_code, $partnership
       FROM read_csv($lookup, ${CSV_OPTIONS})`,
      { lookup: f.lsoaWardLadLookup, partnership: partnership.id },
    );
    for (const lad of partnership.localAuthorities) {
      await tx.run(
        `INSERT INTO area (code, name, level, ward_code, lad_code, partnership_code) VALUES ($code, $name, 'lad', NULL, $code, $partnership)`,
        { code: lad.code, name: lad.name, partnership: partnership.id },
      );
    }
    await tx.run(
      `INSERT INTO area (code, name, level, ward_code, lad_code, partnership_code) VALUES ($code, $name, 'partnership', NULL, NULL, $code)`,
      { code: partnership.id, name: partnership.name },
    );
    const lsoaShapes = new Map(shapesOf(f.lsoa21Boundaries));
    await insertGeometries(tx, 'lsoa', lsoaShapes);
    await insertGeometries(tx, 'ward', shapesOf(f.wardBoundaries));
    await insertGeometries(tx, 'lad', shapesOf(f.ladBoundaries));
    await insertLocalities(tx, partnership, lsoaShapes);
    await tx.run(
      `INSERT INTO population
       SELECT lsoa21_code, age_group, usual_residents::INTEGER,
              age_group IN ('Aged 65 years and over', 'Aged 65 to 74 years', 'Aged 75 years and over')
       FROM read_csv($file, ${CSV_OPTIONS})`,
      { file: f.population },
    );
    await tx.run(`INSERT INTO households SELECT lsoa21_code, households::INTEGER FROM read_csv($file, ${CSV_OPTIONS})`, {
      file: f.households,
    });
    await tx.run(
      `INSERT INTO imd2025 SELECT lsoa21_code, IMD_score::DOUBLE, IMD_rank::INTEGER, IMD_decile::INTEGER FROM read_csv($file, ${CSV_OPTIONS})`,
      { file: f.imd2025 },
    );
    await tx.run(
      `INSERT INTO lsoa11_lsoa21
       SELECT lsoa11_code, lsoa21_code, share_of_lsoa11::DOUBLE, share_of_lsoa21::DOUBLE, relationship
       FROM read_csv($file, ${CSV_OPTIONS})`,
      { file: f.lsoa11Lookup },
    );
    const checks = await tx.all(
      `SELECT (SELECT count(*) FROM area WHERE level = 'lsoa')::INTEGER AS lsoas,
              (SELECT count(*) FROM area_geometry WHERE level = 'lsoa')::INTEGER AS lsoa_shapes,
              (SELECT count(*) FROM area a WHERE level = 'lsoa' AND NOT EXISTS (SELECT 1 FROM population p WHERE p.lsoa21_code = a.code))::INTEGER AS without_population`,
    );
    const check = checks[0];
    if (!check || check.lsoas !== check.lsoa_shapes) {
      throw new ReferenceDataError(`the lookup lists ${check?.lsoas} LSOAs but the boundaries hold ${check?.lsoa_shapes}`, {
        file: f.lsoa21Boundaries,
      });
    }
    if (check.without_population !== 0) {
      throw new ReferenceDataError(`${check.without_population} LSOAs have no population`, { file: f.population });
    }
    await tx.run(`INSERT OR REPLACE INTO meta VALUES ('reference_fingerprint', $fingerprint)`, { fingerprint });
    await tx.run(`INSERT OR REPLACE INTO meta VALUES ('partnership', $id)`, { id: partnership.id });
  });
  return true;
}
