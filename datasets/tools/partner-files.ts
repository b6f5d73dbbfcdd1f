/**
 * Large files in each partner's layout, placed on the real spread of Lancashire: what a whole-force or
 * county-wide sender really sends, most of it outside the partnership. Used by the ingest benchmark.
 *
 * - police: rows resampled from the committed real data.police.uk Lancashire months (their real map
 *   points, crime types and outcomes, the real share outside the partnership), with fresh crime ids;
 * - fire and council: the generator's rows (fire.ts, council.ts), their easting/northing replaced by a
 *   real Lancashire map point in British National Grid metres, jittered as an exact incident location is;
 * - health: counts per LSOA, month and measure over the LSOA codes of the real Lancashire rows.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAreas, partnershipSources, type Lsoa } from './areas.ts';
import { monthRange, parseYearMonth, ymText } from './calendar.ts';
import { buildCouncilModel, COUNCIL_HEADER, councilMonth } from './council.ts';
import { buildFireModel, FIRE_HEADER, fireMonth } from './fire.ts';
import { lonLatToBng } from './geo.ts';
import { HEALTH_HEADER, HEALTH_MEASURES } from './health.ts';
import { POLICE_HEADER, readPoliceFile } from './police.ts';
import { Rng, WeightedPicker } from './rng.ts';
import { LineWriter } from './writer.ts';

export const PARTNER_FILE_DATASETS = ['police', 'fire', 'health', 'council'] as const;
export type PartnerFileDataset = (typeof PARTNER_FILE_DATASETS)[number];

/** The committed real whole-force months (data.police.uk, Lancashire Constabulary). */
function realPoliceFiles(partnershipDir: string): string[] {
  const dir = join(partnershipDir, 'extracts', 'police');
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-lancashire-street\.csv$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The real Lancashire rows, their located map points (weighted by use) and their LSOA codes. */
interface RealSpread {
  rows: string[][];
  points: WeightedPicker<[number, number]>;
  lsoaCodes: string[];
}

function realSpread(partnershipDir: string): RealSpread {
  const rows: string[][] = [];
  const uses = new Map<string, number>();
  const codes = new Set<string>();
  for (const file of realPoliceFiles(partnershipDir)) {
    for (const r of readPoliceFile(file)) {
      rows.push(POLICE_HEADER.map((h) => r[h]));
      if (r.Longitude !== '' && r.Latitude !== '') {
        const key = `${r.Longitude},${r.Latitude}`;
        uses.set(key, (uses.get(key) ?? 0) + 1);
      }
      if (r['LSOA code'] !== '') codes.add(r['LSOA code']);
    }
  }
  if (rows.length === 0) throw new Error(`no real police months in ${partnershipDir}`);
  const keys = [...uses.keys()].sort();
  const points = keys.map((k): [number, number] => {
    const [lon, lat] = k.split(',').map(Number);
    return lonLatToBng(lon ?? 0, lat ?? 0);
  });
  return { rows, points: new WeightedPicker(points, keys.map((k) => uses.get(k) ?? 0)), lsoaCodes: [...codes].sort() };
}

/** A real map point in BNG metres, moved up to 100 m: fire and council record where it happened, not a snapped point. */
function spreadPoint(spread: RealSpread, rng: Rng): [string, string] {
  const [e, n] = spread.points.pick(rng);
  return [String(e + rng.int(-100, 100)), String(n + rng.int(-100, 100))];
}

/** Lancashire-like helpers the fire and council models need for names and postcodes. */
function pilotModels(partnershipDir: string): { lsoas: Lsoa[]; town: (l: Lsoa) => string; outward: (l: Lsoa) => readonly string[] } {
  const lsoas = loadAreas(partnershipSources(partnershipDir));
  return {
    lsoas,
    town: (l) => l.name.replace(/ \d{3}[A-Z]$/, ''),
    outward: (l) => (l.name.startsWith('Chorley') ? ['PR6', 'PR7'] : ['PR5', 'PR25', 'PR26']),
  };
}

/** Months the partnership's agreements cover, from April 2017, for files that span several years. */
const FIRST_MONTH = parseYearMonth('2017-04');
const MONTHS = 84;

/**
 * Writes `rows` records (plus header) of one partner's layout to `file`, seeded; returns the records
 * written. The share outside the partnership follows the real Lancashire rows (about four in five).
 */
export function writePartnerFile(dataset: PartnerFileDataset, file: string, rows: number, seed: number, partnershipDir: string): number {
  const spread = realSpread(partnershipDir);
  const rng = new Rng(seed, `partner-file:${dataset}`);
  const writer = new LineWriter(file);
  switch (dataset) {
    case 'police': {
      writer.writeRow(POLICE_HEADER);
      for (let i = 0; i < rows; i++) {
        const source = spread.rows[rng.int(0, spread.rows.length - 1)] ?? [];
        const fields = [...source];
        // A fresh id where the real row had one (anti-social behaviour rows have none), one month for the file.
        if (fields[0] !== '') fields[0] = rng.hex(64);
        fields[1] = '2019-01';
        writer.writeRow(fields);
      }
      break;
    }
    case 'fire': {
      const { lsoas, town, outward } = pilotModels(partnershipDir);
      const model = buildFireModel(lsoas, town, outward);
      writer.writeRow(FIRE_HEADER);
      // The pilot has ~170 incidents a month; scaled so that MONTHS months hold the rows asked for.
      const scale = Math.max(1, rows / (170 * MONTHS));
      for (let m = 0; writer.records - 1 < rows; m++) {
        const ym = monthRange(FIRST_MONTH, MONTHS)[m % MONTHS] ?? FIRST_MONTH;
        for (const r of fireMonth(model, ym, rng, scale)) {
          if (writer.records - 1 >= rows) break;
          [r.fields[7], r.fields[8]] = spreadPoint(spread, rng);
          writer.writeRow(r.fields);
        }
      }
      break;
    }
    case 'council': {
      const { lsoas, outward } = pilotModels(partnershipDir);
      const model = buildCouncilModel(lsoas, outward);
      writer.writeRow(COUNCIL_HEADER);
      const scale = Math.max(1, rows / (600 * MONTHS));
      let ref = 1;
      for (let m = 0; writer.records - 1 < rows; m++) {
        const ym = monthRange(FIRST_MONTH, MONTHS)[m % MONTHS] ?? FIRST_MONTH;
        const month = councilMonth(model, ym, rng, ref, scale);
        ref += month.length;
        for (const r of month) {
          if (writer.records - 1 >= rows) break;
          // Rows the council located by postcode only keep their empty easting/northing.
          if (r.fields[4] !== '') [r.fields[4], r.fields[5]] = spreadPoint(spread, rng);
          writer.writeRow(r.fields);
        }
      }
      break;
    }
    case 'health': {
      writer.writeRow(HEALTH_HEADER);
      const months = monthRange(FIRST_MONTH, MONTHS).map(ymText);
      const codes = spread.lsoaCodes;
      // Every code, every measure, month after month (cycling through the months again past MONTHS).
      for (let i = 0; i < rows; i++) {
        const code = codes[i % codes.length] ?? '';
        const block = Math.floor(i / codes.length);
        const measure = HEALTH_MEASURES[block % HEALTH_MEASURES.length] ?? 'emergency_admissions';
        const month = months[Math.floor(block / HEALTH_MEASURES.length) % months.length] ?? '2017-04';
        const count = rng.poisson(measure === 'ae_attendances' ? 40 : measure === 'emergency_admissions' ? 11 : 2);
        writer.writeRow([code, month, measure, count > 0 && count < 5 ? '*' : String(count)]);
      }
      break;
    }
  }
  const written = writer.records - 1;
  writer.close();
  return written;
}
