/**
 * Small seeded extracts over the pilot's LSOAs in the partners' own layouts (DESIGN §2), for tests
 * that load generated data through the real ingest: mostly small counts and many zeros, the
 * numbers disclosure control has to deal with.
 * - health.activity: every active LSOA × month × measure, 1–4 sometimes written "*" by the sender;
 * - police.street_crime: rows placed by LSOA code only (no coordinates);
 * - council.service_requests: rows with a British National Grid point inside their LSOA;
 * - fire.incidents: false alarms and other incidents with a British National Grid point inside their
 *   LSOA (drawn from their own seeded stream, so the other datasets are as they were without them),
 *   so that proportions of all incidents meet small numbers and small remainders.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../../datasets/tools/csv.ts';
import { lonLatToBng, randomPointIn, readAreaCollection, stringProp, toSamplingArea, type SamplingArea } from '../../datasets/tools/geo.ts';
import { Rng } from '../../datasets/tools/rng.ts';
import { PILOT_DIR } from '../support/temp-observatory.ts';

export type SmallExtractOptions = {
  seed: number;
  /** First month (YYYY-MM) and number of months. */
  start: string;
  months: number;
  /** Share of LSOAs with any activity at all. */
  activeShare: number;
  /** Mean count per active LSOA, month and measure or service. */
  meanCount: number;
  /** Share of health counts 1–4 the sender writes as "*". */
  senderSuppressedShare: number;
};

let lsoaAreas: SamplingArea[] | null = null;

/** The pilot's LSOA 2021 polygons (read once). */
function pilotLsoas(): SamplingArea[] {
  lsoaAreas ??= readAreaCollection(join(PILOT_DIR, 'geography', 'lsoa21.geojson')).map((f) => toSamplingArea(stringProp(f, 'code'), f.geometry));
  return lsoaAreas;
}

function monthList(start: string, count: number): string[] {
  const first = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => `${Math.floor((first + i) / 12)}-${String(((first + i) % 12) + 1).padStart(2, '0')}`);
}

/** Writes one health, one police, one council and one fire extract into dir; returns their paths. */
export function writeSmallExtracts(dir: string, options: SmallExtractOptions): string[] {
  const rng = new Rng(options.seed, 'small-extracts');
  const fireRng = new Rng(options.seed, 'small-extracts-fire');
  const lsoas = pilotLsoas().filter(() => rng.chance(options.activeShare));
  const months = monthList(options.start, options.months);
  const health = [csvLine(['lsoa_code', 'period', 'measure', 'count'])];
  const police = [csvLine(['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'])];
  const council = [csvLine(['case_ref', 'received_date', 'service', 'postcode', 'easting', 'northing', 'uprn', 'ward_name', 'complainant_name', 'complainant_phone'])];
  const fire = [
    csvLine(['incident_number', 'call_datetime', 'incident_group', 'incident_type', 'property_category', 'property_type', 'deliberate', 'easting', 'northing', 'ward_name', 'caller_name', 'address']),
  ];
  let ref = 1;
  let incident = 1;
  const fireRow = (lsoa: SamplingArea, month: string, group: 'False Alarm' | 'Fire' | 'Special Service') => {
    const [e, n] = lonLatToBng(...randomPointIn(lsoa, fireRng));
    const type = group === 'False Alarm' ? 'False alarm - Apparatus' : group === 'Fire' ? 'Secondary fire' : 'Flooding';
    const called = `${String(fireRng.int(1, 28)).padStart(2, '0')}/${month.slice(5, 7)}/${month.slice(0, 4)} 12:00`;
    fire.push(csvLine([`F-T-${String(incident++).padStart(6, '0')}`, called, group, type, 'Outdoor', 'Grassland', 'No', e, n, '', 'A Caller', '']));
  };
  for (const month of months) {
    // Every month has at least one row of each dataset, so every month counts as covered.
    health.push(csvLine([pilotLsoas()[0]!.code, month, 'emergency_admissions', 0]));
    police.push(csvLine(['', month, 'Lancashire Constabulary', 'Lancashire Constabulary', '', '', 'No Location', pilotLsoas()[0]!.code, '', 'Burglary', '', '']));
    const [e0, n0] = lonLatToBng(...randomPointIn(pilotLsoas()[0]!, rng));
    council.push(csvLine([`SR-T-${String(ref++).padStart(6, '0')}`, `01/${month.slice(5, 7)}/${month.slice(0, 4)}`, 'fly_tipping', '', e0, n0, '', '', 'A Resident', '']));
    fireRow(pilotLsoas()[0]!, month, 'Fire');
    for (const lsoa of lsoas) {
      // About as many false alarms as other incidents: shares near one half, remainders often small.
      for (let i = fireRng.poisson(options.meanCount / 3); i > 0; i--) fireRow(lsoa, month, 'False Alarm');
      for (let i = fireRng.poisson(options.meanCount / 3); i > 0; i--) fireRow(lsoa, month, fireRng.chance(0.5) ? 'Fire' : 'Special Service');
      for (const measure of ['emergency_admissions', 'falls_admissions_65plus', 'ae_attendances']) {
        const n = rng.poisson(options.meanCount);
        const written = n >= 1 && n <= 4 && rng.chance(options.senderSuppressedShare) ? '*' : String(n);
        health.push(csvLine([lsoa.code, month, measure, written]));
      }
      for (const crimeType of ['Anti-social behaviour', 'Burglary', 'Criminal damage and arson']) {
        for (let i = rng.poisson(options.meanCount); i > 0; i--) {
          const id = crimeType === 'Anti-social behaviour' ? '' : rng.hex(64);
          police.push(csvLine([id, month, 'Lancashire Constabulary', 'Lancashire Constabulary', '', '', 'No Location', lsoa.code, '', crimeType, '', '']));
        }
      }
      for (const service of ['asb_complaint', 'fly_tipping', 'noise', 'housing_disrepair']) {
        for (let i = rng.poisson(options.meanCount); i > 0; i--) {
          const [e, n] = lonLatToBng(...randomPointIn(lsoa, rng));
          const day = String(rng.int(1, 28)).padStart(2, '0');
          const received = `${day}/${month.slice(5, 7)}/${month.slice(0, 4)}`;
          council.push(csvLine([`SR-T-${String(ref++).padStart(6, '0')}`, received, service, '', e, n, '', '', 'A Resident', '']));
        }
      }
    }
  }
  const files = [
    ['generated-small-health-activity.csv', health],
    ['generated-small-police-street.csv', police],
    ['generated-small-council-service-requests.csv', council],
    ['generated-small-fire-incidents.csv', fire],
  ] as const;
  return files.map(([name, lines]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  });
}
