/**
 * Seeded extract generator.
 *
 * Pilot partnership (rewrites datasets/<p>/extracts and MANIFEST.md, same seed → same bytes; needs nothing outside
 * the repository: falls rates from test/fixtures/fingertips, the committed real police files, unless --data is given):
 *   node --import tsx datasets/tools/generate-extracts.ts --partnership datasets/chorley-south-ribble --seed 2026 [--data <open data folder>]
 * One large police-layout file for benchmarks (streamed, constant memory):
 *   node --import tsx datasets/tools/generate-extracts.ts --dataset police --rows 1000000 --out /tmp/police-1m.csv --boundaries <lsoa21.geojson[.gz]>
 * England-scale monthly extracts of all four datasets (needs the open data folder: --data, else OBSERVATORY_OPEN_DATA,
 * else .observatory/open-data; datasets/tools/fetch-open-data.ts fills it):
 *   node --import tsx datasets/tools/generate-extracts.ts --national --months 60 [--out-dir bench/out/national-extracts] [--scale 0.1] [--start 2019-04] [--wales]
 *   (English LSOAs only unless --wales, which adds the Welsh ones: 35,672 in all; --lads E07000117,E07000118,…
 *   keeps those local authorities' LSOAs only, with their share of the national police volume)
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAreas, nationalSources, type Lsoa } from './areas.ts';
import { NATIONAL_OPEN_DATA, requireOpenDataDir } from './open-data.ts';
import { monthRange, parseYearMonth, ymText } from './calendar.ts';
import { buildCouncilModel, COUNCIL_HEADER, councilMonth } from './council.ts';
import { buildFireModel, FIRE_HEADER, fireMonth } from './fire.ts';
import { HEALTH_HEADER, HEALTH_MEASURES, HealthModel, loadFallsRates, suppressedCount } from './health.ts';
import { generatePilot } from './pilot.ts';
import { policeRow, POLICE_HEADER, syntheticProfile, type PoliceMess } from './police.ts';
import { Rng } from './rng.ts';
import { LineWriter } from './writer.ts';

const { values: args } = parseArgs({
  options: {
    partnership: { type: 'string' },
    seed: { type: 'string', default: '2026' },
    data: { type: 'string' },
    dataset: { type: 'string' },
    rows: { type: 'string' },
    out: { type: 'string' },
    boundaries: { type: 'string' },
    population: { type: 'string' },
    month: { type: 'string', default: '2019-01' },
    pool: { type: 'string', default: '50000' },
    national: { type: 'boolean', default: false },
    wales: { type: 'boolean', default: false },
    lads: { type: 'string' },
    months: { type: 'string', default: '12' },
    start: { type: 'string' },
    'out-dir': { type: 'string' },
    scale: { type: 'string', default: '0.1' },
    force: { type: 'string' },
  },
});

const seed = Number(args.seed);
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
/** The pilot's Fingertips rows (falls rates), committed with the tests. */
const FINGERTIPS_FIXTURE = resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'fingertips', 'fingertips_healthdata_chorley_south_ribble_lancashire_england.csv');

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
}

/** Writes one big police-layout file with ~0.5% irregular rows. */
function bigPolice(): void {
  if (!args.out || !args.boundaries) throw new Error('--dataset police needs --out and --boundaries');
  const rows = Math.floor(positive('rows', args.rows));
  const t0 = Date.now();
  const lsoas = loadAreas({ boundaries: resolve(args.boundaries), population: args.population ? resolve(args.population) : undefined });
  const rng = new Rng(seed, 'police-big');
  const profile = syntheticProfile(lsoas, Math.floor(positive('pool', args.pool)), rng, rows);
  const month = ymText(parseYearMonth(args.month ?? '2019-01'));
  const force = args.force ?? 'Lancashire Constabulary';
  const w = new LineWriter(resolve(args.out));
  w.writeRow(POLICE_HEADER);
  let messy = 0;
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    const mess: PoliceMess | undefined = u < 0.003 ? 'no_location' : u < 0.004 ? 'out_of_area' : undefined;
    const fields = policeRow(profile, month, force, rng, mess);
    if (u >= 0.004 && u < 0.0045) fields[1] = `${month.slice(0, 4)}-13`; // impossible month
    else if (u >= 0.0045 && u < 0.005) fields[6] = `${fields[6] ?? ''}, rear of "The Parade"`; // quoted field with comma and quotes
    if (u < 0.005) messy++;
    w.writeRow(fields);
  }
  w.close();
  console.log(`wrote ${rows} rows (${messy} irregular) over ${lsoas.length} LSOAs, pool ${profile.pointCount} points, in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${args.out}`);
}

/** Writes England-scale monthly extracts for all four datasets. */
function national(): void {
  // Inside the clone by default (bench/out is ignored by git), never an absolute path.
  const outDir = resolve(args['out-dir'] ?? join(import.meta.dirname, '..', '..', 'bench', 'out', 'national-extracts'));
  const months = Math.floor(positive('months', args.months));
  const scale = positive('scale', args.scale);
  const start = parseYearMonth(args.start ?? '2019-04');
  const t0 = Date.now();
  const dataDir = requireOpenDataDir(args.data, NATIONAL_OPEN_DATA.map((f) => f.path));
  const lads = args.lads === undefined ? null : new Set(args.lads.split(','));
  const lsoas = loadAreas(nationalSources(dataDir, { wales: args.wales })).filter((l) => lads === null || lads.has(l.ladCode));
  console.log(`loaded ${lsoas.length} LSOAs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const d of ['police', 'fire', 'health', 'council']) mkdirSync(join(outDir, d), { recursive: true });
  const outward = (l: Lsoa): readonly string[] => [`${l.name.replace(/[^A-Za-z]/g, '').slice(0, 2).toUpperCase() || 'ZZ'}${(parseInt(l.code.slice(3), 10) % 20) + 1}`];
  const town = (l: Lsoa): string => l.name.replace(/ \d{3}[A-Z]$/, '');
  const fire = buildFireModel(lsoas, town, outward);
  const council = buildCouncilModel(lsoas, outward);
  const health = new HealthModel(lsoas, loadFallsRates(join(dataDir, 'health-fingertips', 'fingertips_healthdata_subset_england_nw.csv')));
  // About 500,000 street-level records a month across England and Wales forces (35,672 LSOAs).
  const profile = syntheticProfile(lsoas, Math.floor(positive('pool', args.pool)), new Rng(seed, 'police-pool'), lads === null ? 500_000 : Math.round((500_000 * lsoas.length) / 35_672));
  const force = args.force ?? 'Generated Constabulary';
  let ref = 1;
  const totals = { police: 0, fire: 0, health: 0, council: 0 };
  for (const ym of monthRange(start, months)) {
    const m = ymText(ym);
    const rng = new Rng(seed, `national:${m}`);
    const pw = new LineWriter(join(outDir, 'police', `generated-${m}-street.csv`));
    pw.writeRow(POLICE_HEADER);
    const n = rng.poisson(profile.monthlyVolume * scale);
    for (let i = 0; i < n; i++) pw.writeRow(policeRow(profile, m, force, rng, rng.chance(0.005) ? 'no_location' : undefined));
    pw.close();
    totals.police += n;

    const fw = new LineWriter(join(outDir, 'fire', `generated-fire-incidents-${m}.csv`));
    fw.writeRow(FIRE_HEADER);
    for (const r of fireMonth(fire, ym, rng, scale)) fw.writeRow(r.fields);
    totals.fire += fw.records - 1;
    fw.close();

    const cw = new LineWriter(join(outDir, 'council', `generated-council-service-requests-${m}.csv`));
    cw.writeRow(COUNCIL_HEADER);
    const crows = councilMonth(council, ym, rng, ref, scale);
    ref += crows.length;
    for (const r of crows) cw.writeRow(r.fields);
    totals.council += crows.length;
    cw.close();

    const hw = new LineWriter(join(outDir, 'health', `generated-health-activity-${m}.csv`));
    hw.writeRow(HEALTH_HEADER);
    const counts = health.month(ym, rng);
    for (const measure of HEALTH_MEASURES) {
      const c = counts[measure];
      lsoas.forEach((l, i) => hw.writeRow([l.code, m, measure, suppressedCount(c[i] ?? 0, '*')]));
    }
    totals.health += lsoas.length * HEALTH_MEASURES.length;
    hw.close();
    console.log(`${m}: police ${n}, cumulative ${JSON.stringify(totals)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log(`done: ${JSON.stringify(totals)} rows in ${outDir}`);
}

if (args.partnership) {
  const manifest = generatePilot({
    partnershipDir: resolve(args.partnership),
    fallsRatesCsv: args.data === undefined ? FINGERTIPS_FIXTURE : join(resolve(args.data), 'health-fingertips', 'fingertips_healthdata_chorley_south_ribble_lancashire_england.csv'),
    realPoliceSource: args.data === undefined ? undefined : join(resolve(args.data), 'police-lancashire-street'),
    seed,
    start: parseYearMonth(args.start ?? '2017-04'),
    months: Math.floor(positive('months', args.months === '12' ? '24' : args.months)),
    realPoliceMonths: ['2018-11', '2018-12', '2019-01'],
  });
  for (const e of manifest) console.log(`${e.dir}/${e.file}: ${e.rows} rows${e.cases.length > 0 ? ` [${e.cases.length} case groups]` : ''}`);
} else if (args.dataset === 'police') {
  bigPolice();
} else if (args.national) {
  national();
} else {
  throw new Error('use --partnership <dir>, --dataset police --rows N --out F --boundaries B, or --national --out-dir D');
}
