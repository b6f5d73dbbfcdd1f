/**
 * Issue 3, "Done when" 3: for generated extracts mixing valid and broken rows,
 * in any byte-level style, rows read = rows loaded + rows quarantined + rows
 * outside the partnership's area (issue 15: counted, never kept), the first two
 * are the table counts, and each row lands where its kind says, at the line an
 * editor shows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FileStyle } from '../../datasets/tools/writer.ts';
import { disposeTemplates, openTempObservatory, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';
import {
  COUNCIL_HEADER,
  FIRE_HEADER,
  HEALTH_HEADER,
  LSOA,
  OUTSIDE_BNG,
  OUTSIDE_WGS84,
  POLICE_HEADER,
  councilRow,
  fireRow,
  healthRow,
  pointInLsoa,
  policeRow,
  render,
} from './support/extracts.ts';

/** LSOAs whose interior points valid rows use. */
const POOL = [LSOA.unchanged, LSOA.unchangedOther, LSOA.splitPart21, LSOA.merged21];

type RowSpec = { kind: string; text: string; personal: string };

/** One dataset as the property sees it: how each row kind is written, and which kinds must load. */
type DatasetSpec = {
  table: string;
  header: readonly string[];
  kinds: readonly string[];
  loads: ReadonlySet<string>;
  /** Kinds that lie outside the partnership's area: in neither table. */
  outside: ReadonlySet<string>;
  build(row: RowSpec, index: number): string[];
  /** The kept column that holds the generated free text, checked value for value; null if none. */
  textColumn: string | null;
};

const fire: DatasetSpec = {
  table: 'fire_incidents',
  header: FIRE_HEADER,
  kinds: ['valid', 'valid', 'valid', 'badDate', 'zeroPoint', 'outside', 'noPoint', 'badGroup', 'ragged'],
  loads: new Set(['valid']),
  outside: new Set(['outside']),
  textColumn: 'property_type',
  build({ kind, text, personal }, i) {
    const point = pointInLsoa(POOL[i % POOL.length] ?? LSOA.unchanged);
    const row = fireRow({ incident_number: `F${i}`, property_type: text, caller_name: personal, address: personal, easting: point.easting, northing: point.northing });
    const with_ = (overrides: Partial<Record<(typeof FIRE_HEADER)[number], string>>) =>
      fireRow({ incident_number: `F${i}`, property_type: text, caller_name: personal, address: personal, ...overrides });
    switch (kind) {
      case 'badDate':
        return with_({ call_datetime: '31/02/2018 10:15' });
      case 'zeroPoint':
        return with_({ easting: '0', northing: '0' });
      case 'outside':
        return with_(OUTSIDE_BNG);
      case 'noPoint':
        return with_({ easting: '', northing: '' });
      case 'badGroup':
        return with_({ incident_group: 'Rescue' });
      case 'ragged':
        return row.slice(0, 7);
      default:
        return row;
    }
  },
};

const council: DatasetSpec = {
  table: 'council_service_requests',
  header: COUNCIL_HEADER,
  kinds: ['valid', 'valid', 'valid', 'badDate', 'postcodeOnly', 'zeroPoint', 'outside', 'ragged'],
  loads: new Set(['valid']),
  outside: new Set(['outside']),
  textColumn: 'ward_name',
  build({ kind, text, personal }, i) {
    const point = pointInLsoa(POOL[i % POOL.length] ?? LSOA.unchanged);
    const base = { case_ref: `SR-${i}`, ward_name: text, complainant_name: personal, easting: point.easting, northing: point.northing };
    switch (kind) {
      case 'badDate':
        return councilRow({ ...base, received_date: '2018-13-01' });
      case 'postcodeOnly': // the pilot has no postcode lookup
        return councilRow({ ...base, easting: '', northing: '' });
      case 'zeroPoint':
        return councilRow({ ...base, easting: '0', northing: '0' });
      case 'outside':
        return councilRow({ ...base, ...OUTSIDE_BNG });
      case 'ragged':
        return [...councilRow(base), personal];
      default:
        return councilRow(base);
    }
  },
};

const health: DatasetSpec = {
  table: 'health_activity',
  header: HEALTH_HEADER,
  kinds: ['valid', 'valid', 'valid', 'split', 'outsideCode', 'badCount', 'badPeriod'],
  loads: new Set(['valid']),
  outside: new Set(['outsideCode']),
  textColumn: null,
  build({ kind }, i) {
    const base = { measure: `measure_${i}`, lsoa_code: [LSOA.unchanged, LSOA.merged11, LSOA.splitPart21][i % 3] ?? LSOA.unchanged, count: ['0', '7', '*', '<5'][i % 4] ?? '1' };
    switch (kind) {
      case 'split':
        return healthRow({ ...base, lsoa_code: LSOA.split11 });
      case 'outsideCode':
        return healthRow({ ...base, lsoa_code: LSOA.outside });
      case 'badCount':
        return healthRow({ ...base, count: 'lots' });
      case 'badPeriod':
        return healthRow({ ...base, period: '2018-1' });
      default:
        return healthRow(base);
    }
  },
};

const police: DatasetSpec = {
  table: 'police_street_crime',
  header: POLICE_HEADER,
  kinds: ['valid', 'valid', 'byCode', 'zeroPoint', 'outside', 'outsideByCode', 'noLocation', 'badMonth', 'splitNoPoint'],
  loads: new Set(['valid', 'byCode']),
  outside: new Set(['outside', 'outsideByCode']),
  textColumn: 'location',
  build({ kind, text, personal }, i) {
    const point = pointInLsoa(POOL[i % POOL.length] ?? LSOA.unchanged);
    const base = { Location: text, Context: personal, Longitude: point.longitude, Latitude: point.latitude, 'LSOA code': i % 2 === 0 ? point.lsoa21 : '' };
    const noPoint = { Longitude: '', Latitude: '' };
    switch (kind) {
      case 'byCode':
        return policeRow({ ...base, ...noPoint, 'LSOA code': LSOA.unchangedOther });
      case 'zeroPoint':
        return policeRow({ ...base, Longitude: '0', Latitude: '0' });
      case 'outside':
        return policeRow({ ...base, Longitude: OUTSIDE_WGS84.longitude, Latitude: OUTSIDE_WGS84.latitude });
      case 'outsideByCode':
        return policeRow({ ...base, ...noPoint, 'LSOA code': LSOA.outside, 'LSOA name': 'Birmingham 008D' });
      case 'noLocation':
        return policeRow({ ...base, ...noPoint, 'LSOA code': '' });
      case 'badMonth':
        return policeRow({ ...base, Month: '18-01' });
      case 'splitNoPoint':
        return policeRow({ ...base, ...noPoint, 'LSOA code': LSOA.split11 });
      default:
        return policeRow(base);
    }
  },
};

const DATASETS = { fire, council, health, police };

// Free text with the characters that break naive CSV handling, all encodable in Windows-1252.
const innerChar = fc.constantFrom(...'abcxyz ABC,"\n\'é£ë-'.split(''));
const text = fc
  .tuple(fc.constantFrom('A', 'b', 'É', '£'), fc.array(innerChar, { maxLength: 14 }), fc.constantFrom('z', 'Q', 'ë', '9'))
  .map(([first, middle, last]) => `${first}${middle.join('')}${last}`);

const styleArb = fc
  .record({
    encoding: fc.constantFrom<FileStyle['encoding']>('utf8', 'windows-1252'),
    bom: fc.boolean(),
    eol: fc.constantFrom<FileStyle['eol']>('\n', '\r\n', '\r'),
    trailingBlankLines: fc.integer({ min: 0, max: 3 }),
    shoutyHeader: fc.boolean(),
  })
  .map((style) => ({ ...style, bom: style.bom && style.encoding === 'utf8' }));

const extractArb = fc.constantFrom(...(Object.keys(DATASETS) as (keyof typeof DATASETS)[])).chain((name) =>
  fc.record({
    name: fc.constant(name),
    rows: fc.array(fc.record({ kind: fc.constantFrom(...DATASETS[name].kinds), text, personal: text }), { minLength: 1, maxLength: 30 }),
    style: styleArb,
  }),
);

let obs: TempObservatory;
let run = 0;

beforeAll(async () => {
  obs = await openTempObservatory();
});
afterAll(async () => {
  await obs.dispose();
  await disposeTemplates();
});

test('rows read = loaded + quarantined + outside the area; loaded and quarantined = table counts, each row where its kind says, at its editor line', async () => {
  await fc.assert(
    fc.asyncProperty(extractArb, async ({ name, rows, style }) => {
      const spec = DATASETS[name];
      run++;
      // A batch column (unknown, so dropped) makes every run's bytes unique, even when fast-check replays a case.
      const header = [...spec.header, 'batch'];
      const cells = rows.map((row, i) => [...spec.build(row, i), `run-${run}`]);
      const headerLine = style.shoutyHeader ? header.map((h) => ` ${h.toUpperCase().replace(/_/g, ' ')} `).join(',') : undefined;
      const rendered = render(header, cells, { ...style, ...(headerLine ? { headerLine } : {}) });
      const file = await writeExtract(obs.dir, `${name}-${run}.csv`, rendered.bytes);

      // Runs of the same month follow one another in one database: each may replace the last.
      const result = await obs.ingest(file, { today: '2026-11-23', replace: true });

      const loadedLines = rows.flatMap((row, i) => (spec.loads.has(row.kind) ? [rendered.lineOfRow[i]] : []));
      const quarantinedLines = rows.flatMap((row, i) => (spec.loads.has(row.kind) || spec.outside.has(row.kind) ? [] : [rendered.lineOfRow[i]]));
      const outside = rows.filter((row) => spec.outside.has(row.kind)).length;
      expect(result).toMatchObject({
        status: 'loaded',
        rowsRead: rows.length,
        rowsLoaded: loadedLines.length,
        rowsQuarantined: quarantinedLines.length,
        rowsOutsideArea: outside,
      });
      expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsQuarantined + result.rowsOutsideArea);
      expect(result.outsideAreaByDistrict.reduce((n, d) => n + d.rows, 0)).toBe(outside);
      expect(await obs.count(spec.table, result.extractId)).toBe(result.rowsLoaded);
      expect(await obs.count('quarantine', result.extractId)).toBe(result.rowsQuarantined);
      const quarantine = await obs.all(`SELECT line_number FROM quarantine WHERE extract_id = $id ORDER BY 1`, { id: result.extractId ?? '' });
      expect(quarantine.map((r) => r.line_number)).toEqual(quarantinedLines);
      const columns = spec.textColumn ? `line_number, ${spec.textColumn} AS text` : 'line_number';
      const loaded = await obs.all(`SELECT ${columns} FROM ${spec.table} WHERE extract_id = $id ORDER BY 1`, { id: result.extractId ?? '' });
      expect(loaded.map((r) => r.line_number)).toEqual(loadedLines);
      if (spec.textColumn) {
        expect(loaded.map((r) => r.text)).toEqual(rows.filter((row) => spec.loads.has(row.kind)).map((row) => row.text));
      }
    }),
    { numRuns: Number(process.env.INGEST_PROPERTY_RUNS ?? 25) },
  );
});
