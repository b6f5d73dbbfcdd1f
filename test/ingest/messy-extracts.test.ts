/**
 * Issue 3, "Done when" 1: every messy case of DESIGN.md §2 has a precise outcome
 * (rows read/loaded/quarantined, quarantine line as an editor counts it, field, reason).
 */
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../../datasets/tools/csv.ts';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IngestOptions, IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import {
  copyPartnership,
  disposeTemplates,
  FIXTURES,
  makeTempDir,
  openTempObservatory,
  removeDir,
  writeExtract,
  type TempObservatory,
} from '../support/temp-observatory.ts';
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
  quarantineOf,
  render,
} from './support/extracts.ts';

const FIRE_DATE_INVALID = 'call_datetime is not a valid date-time in the form DD/MM/YYYY HH:MM';

let obs: TempObservatory;

beforeEach(async () => {
  obs = await openTempObservatory();
});
afterEach(async () => {
  await obs.dispose();
});
afterAll(disposeTemplates);

async function ingestBytes(name: string, bytes: Buffer | string, options: IngestOptions = {}): Promise<IngestResult> {
  return obs.ingest(await writeExtract(obs.dir, name, bytes), { today: '2026-11-23', ...options });
}

/** Loaded rows of an extract by line number: the chosen columns as strings (NULL → null). */
async function rowsByLine(table: string, extractId: string | null, columns: string[]): Promise<Record<number, Record<string, string | null>>> {
  const rows = await obs.all(`SELECT line_number, ${columns.join(', ')} FROM ${table} WHERE extract_id = $id ORDER BY line_number`, { id: extractId ?? '' });
  return Object.fromEntries(
    rows.map((r) => [Number(r.line_number), Object.fromEntries(columns.map((c) => [c, r[c] === null ? null : String(r[c])]))]),
  );
}

function expectCounts(result: IngestResult, read: number, loaded: number, quarantined: number, outside = 0): void {
  expect({
    status: result.status,
    reason: result.reason,
    read: result.rowsRead,
    loaded: result.rowsLoaded,
    quarantined: result.rowsQuarantined,
    outside: result.rowsOutsideArea,
  }).toEqual({ status: 'loaded', reason: null, read, loaded, quarantined, outside });
}

describe('encodings', () => {
  test('UTF-8 with a byte-order mark: the BOM is not part of the first header cell or value', async () => {
    const rows = [councilRow(), councilRow({ case_ref: 'SR-2018-000002', ward_name: 'Café Quarter' }), councilRow({ case_ref: 'SR-2018-000003' })];
    const bytes = render(COUNCIL_HEADER, rows, { bom: true, eol: '\r\n' }).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const result = await ingestBytes('council-bom.csv', bytes);

    expectCounts(result, 3, 3, 0);
    expect(result.dataset).toBe('council.service_requests');
    expect(result.quality).toMatchObject({ encoding: 'utf-8', byteOrderMark: true });
    // A BOM glued to "case_ref" would make it an unknown (dropped) column and lose the case reference.
    expect(result.fieldsDropped).toEqual(['postcode', 'easting', 'northing', 'complainant_name', 'complainant_phone']);
    const pseudonym = (value: string) => obs.observatory.ingest.pseudonymiser.pseudonym('case_ref', value);
    expect(await rowsByLine('council_service_requests', result.extractId, ['case_ref', 'ward_name'])).toEqual({
      2: { case_ref: pseudonym('SR-2018-000001'), ward_name: 'Adlington & Anderton' },
      3: { case_ref: pseudonym('SR-2018-000002'), ward_name: 'Café Quarter' },
      4: { case_ref: pseudonym('SR-2018-000003'), ward_name: 'Adlington & Anderton' },
    });
  });

  test('Windows-1252: £ and accented text survive into the database', async () => {
    const rows = [
      fireRow({ property_type: 'Café/coffee shop', caller_name: 'José Núñez' }),
      fireRow({ incident_number: 'F20180100002', property_type: 'Shop - £1 discount store', ward_name: 'Brontë Fold' }),
      fireRow({ incident_number: 'F20180100003', property_type: 'Crèche/day nursery', address: 'Flat 3, Brontë Court, Café Lane' }),
    ];
    const bytes = render(FIRE_HEADER, rows, { encoding: 'windows-1252', eol: '\r\n' }).bytes;
    expect(bytes.includes(Buffer.from([0xa3]))).toBe(true); // £ is one byte, not UTF-8's C2 A3
    expect(bytes.includes(Buffer.from('£', 'utf8'))).toBe(false);

    const result = await ingestBytes('fire-1252.csv', bytes);

    expectCounts(result, 3, 3, 0);
    expect(result.quality).toMatchObject({ encoding: 'windows-1252', byteOrderMark: false });
    expect(await rowsByLine('fire_incidents', result.extractId, ['property_type', 'ward_name'])).toEqual({
      2: { property_type: 'Café/coffee shop', ward_name: 'Adlington & Anderton' },
      3: { property_type: 'Shop - £1 discount store', ward_name: 'Brontë Fold' },
      4: { property_type: 'Crèche/day nursery', ward_name: 'Adlington & Anderton' },
    });
  });

  test('Windows-1252 whose first non-ASCII byte is beyond the first megabyte is still read as Windows-1252', async () => {
    const plain = Array.from({ length: 12_000 }, (_, i) => fireRow({ incident_number: `F2018010${String(i).padStart(5, '0')}` }));
    const rows = [...plain, fireRow({ incident_number: 'F201801LAST', property_type: 'Café £1 shop', caller_name: 'Zoë Haworth' })];
    const bytes = render(FIRE_HEADER, rows, { encoding: 'windows-1252' }).bytes;
    expect(bytes.indexOf(0xa3)).toBeGreaterThan(1 << 20);

    const result = await ingestBytes('fire-1252-late.csv', bytes);

    expectCounts(result, 12_001, 12_001, 0);
    expect(result.quality).toMatchObject({ encoding: 'windows-1252' });
    expect(await obs.all(`SELECT property_type FROM fire_incidents WHERE line_number = 12002`)).toEqual([{ property_type: 'Café £1 shop' }]);
  });
});

describe('line endings and blank lines', () => {
  const rows = () => [fireRow(), fireRow({ incident_number: 'F2' }), fireRow({ incident_number: 'F3', call_datetime: '31/02/2018 10:15' }), fireRow({ incident_number: 'F4' })];

  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const)('%s line endings with trailing blank lines: same rows, same line numbers', async (label, eol) => {
    const bytes = render(FIRE_HEADER, rows(), { eol, trailingBlankLines: 3 }).bytes;

    const result = await ingestBytes(`fire-${label}.csv`, bytes);

    expectCounts(result, 4, 3, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([{ line: 4, field: 'call_datetime', reason: FIRE_DATE_INVALID }]);
    expect(Object.keys(await rowsByLine('fire_incidents', result.extractId, ['incident_type']))).toEqual(['2', '3', '5']);
  });

  test('blank lines between rows and line endings mixed in one file: skipped, but counted as editor lines', async () => {
    const text =
      `${FIRE_HEADER.join(',')}\n${csvLine(fireRow())}\n\n${csvLine(fireRow({ call_datetime: '' }))}\r\n\r\n\r\n` +
      `${csvLine(fireRow({ address: 'Unit 4,\rMoorside' }))}\r${csvLine(fireRow({ incident_number: 'F5' }))}\n`;

    const result = await ingestBytes('fire-gaps.csv', text);

    expectCounts(result, 4, 3, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([{ line: 4, field: 'call_datetime', reason: 'call_datetime is empty (expected DD/MM/YYYY HH:MM)' }]);
    expect(Object.keys(await rowsByLine('fire_incidents', result.extractId, ['incident_type']))).toEqual(['2', '7', '9']);
  });
});

describe('rows of empty fields, as Excel leaves after a table', () => {
  const separatorsOnly = (header: readonly string[]) => ','.repeat(header.length - 1);

  test.each(['auto', 'streaming'] as const)('police (%s reader): skipped like blank lines, still counted as editor lines', async (reader) => {
    const rows = [policeRow(), policeRow({ Month: '2018-13' }), policeRow()].map(csvLine);
    const empty = separatorsOnly(POLICE_HEADER);
    const text = [POLICE_HEADER.join(','), rows[0], empty, rows[1], `""${empty}`, rows[2], empty, ',,,', empty, ''].join('\r\n');
    let chosen = '';

    const result = await ingestBytes(`police-excel-${reader}.csv`, text, { reader, onReader: (r) => (chosen = r) });

    // Native where it may be, and the streaming reader when asked: the same rows either way.
    expect(chosen).toBe(reader === 'auto' ? 'native' : 'streaming');
    expectCounts(result, 3, 2, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([{ line: 4, field: 'month', reason: expect.any(String) }]);
    expect(Object.keys(await rowsByLine('police_street_crime', result.extractId, ['crime_type']))).toEqual(['2', '6']);
  });

  test('fire: a trailing row of empty fields is no row, a row with one value is quarantined', async () => {
    const empty = separatorsOnly(FIRE_HEADER);
    const text = `${render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' })]).bytes.toString('utf8')}${empty}\n ${empty}\n${empty}\n`;

    const result = await ingestBytes('fire-excel.csv', text);

    expectCounts(result, 3, 2, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([{ line: 5, field: expect.any(String), reason: expect.any(String) }]);
  });
});

describe('quoted fields', () => {
  test('commas, doubled quotes and embedded new lines: values intact and later line numbers right', async () => {
    const rows = [
      fireRow({ incident_number: 'F1', address: 'Flat 3, The "Old" Mill\n12 Larkspur Close, Chorley' }), // lines 2–3
      fireRow({ incident_number: 'F2', property_type: 'Shop, "Corner" store', address: 'Unit 4,\r\nMoorside Trading Estate' }), // lines 4–5
      fireRow({ incident_number: 'F3', call_datetime: '2018-01-14 19:05' }), // line 6, quarantined
      fireRow({ incident_number: 'F4', caller_name: 'A\nB\nC\nD' }), // lines 7–10
      fireRow({ incident_number: 'F5', easting: '0', northing: '0' }), // line 11, quarantined
      fireRow({ incident_number: 'F6', ward_name: 'Euxton, "North"' }), // line 12
    ];
    const rendered = render(FIRE_HEADER, rows);
    expect(rendered.lineOfRow).toEqual([2, 4, 6, 7, 11, 12]);

    const result = await ingestBytes('fire-quoted.csv', rendered.bytes);

    expectCounts(result, 6, 4, 2);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 6, field: 'call_datetime', reason: FIRE_DATE_INVALID },
      { line: 11, field: 'easting', reason: 'point is at 0,0 (no real location)' },
    ]);
    const stored = await rowsByLine('fire_incidents', result.extractId, ['property_type', 'ward_name']);
    expect(Object.keys(stored)).toEqual(['2', '4', '7', '12']);
    expect(stored[4]?.property_type).toBe('Shop, "Corner" store');
    expect(stored[12]?.ward_name).toBe('Euxton, "North"');
  });

  test('a row with more or fewer fields than the header is quarantined whole, at its line', async () => {
    const rows = [fireRow(), [...fireRow(), 'extra'], fireRow().slice(0, 5), fireRow()];

    const result = await ingestBytes('fire-ragged.csv', render(FIRE_HEADER, rows).bytes);

    expectCounts(result, 4, 2, 2);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 3, field: null, reason: 'row has 13 fields but the header has 12' },
      { line: 4, field: null, reason: 'row has 5 fields but the header has 12' },
    ]);
  });
});

describe('headers', () => {
  test('fire header in different case and spacing is recognised', async () => {
    const headerLine =
      ' Incident_Number , Call DateTime ,Incident Group,INCIDENT_TYPE, property_category,Property Type,DELIBERATE,Easting,Northing,Ward Name,Caller Name,ADDRESS';

    const result = await ingestBytes('fire-odd-header.csv', render(FIRE_HEADER, [fireRow(), fireRow()], { headerLine }).bytes);

    expectCounts(result, 2, 2, 0);
    expect(result.dataset).toBe('fire.incidents');
    expect(result.fieldsDropped).toEqual(['easting', 'northing', 'caller_name', 'address']);
  });

  test('police header written in snake case is recognised', async () => {
    const headerLine = POLICE_HEADER.map((h) => h.toLowerCase().replace(/ /g, '_')).join(',');

    const result = await ingestBytes('police-snake.csv', render(POLICE_HEADER, [policeRow()], { headerLine }).bytes);

    expectCounts(result, 1, 1, 0);
    expect(result.dataset).toBe('police.street_crime');
  });

  test('a header that fits no dataset is refused, naming the closest layout and what differs', async () => {
    const headerLine = FIRE_HEADER.map((h) => (h === 'call_datetime' ? 'call_time' : h)).join(',') + ',notes';
    const file = 'fire-renamed-column.csv';

    const result = await ingestBytes(file, render(FIRE_HEADER, [[...fireRow(), 'see attached']], { headerLine }).bytes);

    const reason = `${file}:1: header fits no known dataset; closest is fire.incidents, missing "call_datetime"; unexpected "call_time", "notes"`;
    expect(result).toMatchObject({ status: 'refused', reason, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, dataset: null });
    expect(await obs.all(`SELECT extract_id, status, refusal_reason, rows_read FROM extract_log`)).toEqual([
      { extract_id: result.extractId, status: 'refused', refusal_reason: reason, rows_read: 0 },
    ]);
    expect(await obs.count('fire_incidents')).toBe(0);
    expect(await obs.count('quarantine')).toBe(0);
  });

  test('a file that cannot be read once its load has begun is refused and logged, with nothing of it kept', async () => {
    const file = 'fire-vanishing.csv';
    const path = await writeExtract(obs.dir, file, render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' })]).bytes);

    // The file goes after it was hashed and recognised, just as the rows are about to be read.
    const result = await obs.ingest(path, { today: '2026-11-23', displayName: file, onReader: () => rmSync(path) });

    expect(result).toMatchObject({ status: 'refused', dataset: 'fire.incidents', rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0 });
    expect(result.reason).toBe(`${file}: could not be read: it no longer exists`);
    expect(await obs.all(`SELECT extract_id, status, refusal_reason FROM extract_log`)).toEqual([
      { extract_id: result.extractId, status: 'refused', refusal_reason: result.reason },
    ]);
    expect(await obs.count('fire_incidents')).toBe(0);
    expect(await obs.count('quarantine')).toBe(0);
  });

  test('a file whose first line is data (no header) is refused without echoing the line', async () => {
    const file = 'fire-no-header.csv';
    const bytes = render(FIRE_HEADER, [fireRow()], { headerLine: csvLine(fireRow({ caller_name: 'Wilhelmina Snodgrass' })) }).bytes;

    const result = await ingestBytes(file, bytes);

    expect(result.status).toBe('refused');
    expect(result.reason).toBe(
      `${file}:1: the first line matches no column name of any known dataset (12 columns); is the header line missing? ` +
        'Known layouts: police.street_crime, fire.incidents, health.activity, council.service_requests, health.ae_assault_attendances',
    );
  });

  test('an empty file is refused', async () => {
    const result = await ingestBytes('empty.csv', '');

    expect(result).toMatchObject({ status: 'refused', reason: 'empty.csv:1: the file is empty or its first line is blank (expected a header)' });
  });
});

describe('dates', () => {
  test('fire: impossible, wrongly formatted and empty call times', async () => {
    const rows = [
      fireRow({ call_datetime: '31/02/2018 10:15' }),
      fireRow({ call_datetime: '2018-13-01' }),
      fireRow({ call_datetime: '' }),
      fireRow({ call_datetime: '14/01/2018 25:00' }),
      fireRow({ call_datetime: '14/01/1989 10:00' }),
      fireRow({ call_datetime: '1/2/2018 9:05' }),
      fireRow({ call_datetime: '01/02/2018 09:05:30' }),
    ];

    const result = await ingestBytes('fire-dates.csv', render(FIRE_HEADER, rows).bytes);

    expectCounts(result, 7, 2, 5);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 2, field: 'call_datetime', reason: FIRE_DATE_INVALID },
      { line: 3, field: 'call_datetime', reason: FIRE_DATE_INVALID },
      { line: 4, field: 'call_datetime', reason: 'call_datetime is empty (expected DD/MM/YYYY HH:MM)' },
      { line: 5, field: 'call_datetime', reason: FIRE_DATE_INVALID },
      { line: 6, field: 'call_datetime', reason: FIRE_DATE_INVALID },
    ]);
    const stored = await obs.all(`SELECT line_number, strftime(call_datetime, '%Y-%m-%d %H:%M:%S') AS t FROM fire_incidents ORDER BY 1`);
    expect(stored).toEqual([
      { line_number: 7, t: '2018-02-01 09:05:00' },
      { line_number: 8, t: '2018-02-01 09:05:30' },
    ]);
    expect(result.quarantineReasons).toEqual({ [FIRE_DATE_INVALID]: 4, 'call_datetime is empty (expected DD/MM/YYYY HH:MM)': 1 });
  });

  test('council, police and health: bad dates and months, each at its line', async () => {
    const council = await ingestBytes(
      'council-dates.csv',
      render(COUNCIL_HEADER, [councilRow({ received_date: '31/02/2018' }), councilRow({ received_date: '2018-01-03' }), councilRow({ received_date: ' ' }), councilRow()]).bytes,
    );
    expectCounts(council, 4, 1, 3);
    expect(await quarantineOf(obs, council.extractId)).toEqual([
      { line: 2, field: 'received_date', reason: 'received_date is not a valid date in the form DD/MM/YYYY' },
      { line: 3, field: 'received_date', reason: 'received_date is not a valid date in the form DD/MM/YYYY' },
      { line: 4, field: 'received_date', reason: 'received_date is empty (expected DD/MM/YYYY)' },
    ]);

    const police = await ingestBytes('police-months.csv', render(POLICE_HEADER, [policeRow({ Month: '2018/01' }), policeRow({ Month: '2018-13' }), policeRow()]).bytes);
    expectCounts(police, 3, 1, 2);
    expect(await quarantineOf(obs, police.extractId)).toEqual([
      { line: 2, field: 'month', reason: 'month is not a month in the form YYYY-MM' },
      { line: 3, field: 'month', reason: 'month is not a month in the form YYYY-MM' },
    ]);

    const health = await ingestBytes('health-periods.csv', render(HEALTH_HEADER, [healthRow({ period: 'Jan-18' }), healthRow()]).bytes);
    expectCounts(health, 2, 1, 1);
    expect(await quarantineOf(obs, health.extractId)).toEqual([{ line: 2, field: 'period', reason: 'period is not a month in the form YYYY-MM' }]);
  });
});

describe('points', () => {
  test('fire: 0,0, missing, off-grid and unparseable easting/northing are quarantined; out-of-area ones counted apart, nothing kept', async () => {
    const rows = [
      fireRow({ easting: '0', northing: '0' }),
      fireRow({ easting: '', northing: '' }),
      fireRow({ easting: '-120', northing: '5000' }),
      fireRow({ easting: '35x000', northing: '417000' }),
      fireRow(OUTSIDE_BNG),
      fireRow(),
    ];

    const result = await ingestBytes('fire-points.csv', render(FIRE_HEADER, rows).bytes);

    expectCounts(result, 6, 1, 4, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 2, field: 'easting', reason: 'point is at 0,0 (no real location)' },
      { line: 3, field: 'location', reason: 'no easting and northing' },
      { line: 4, field: 'easting', reason: 'easting/northing is not on the British National Grid' },
      { line: 5, field: 'easting', reason: 'easting is not a plain decimal number (digits with an optional point)' },
    ]);
    expect(result.outsideAreaByDistrict).toEqual([{ district: null, rows: 1 }]);
    expect(await rowsByLine('fire_incidents', result.extractId, ['lsoa21_code'])).toEqual({ 7: { lsoa21_code: expect.any(String) } });
  });

  test('police: 0,0, half a point, out of range and no point are quarantined (placed by code if there is one); out of area counted by district', async () => {
    const rows = [
      policeRow({ Longitude: '0', Latitude: '0' }),
      policeRow({ Latitude: '' }),
      policeRow({ Longitude: '200', Latitude: '53.6' }),
      policeRow({ Longitude: OUTSIDE_WGS84.longitude, Latitude: OUTSIDE_WGS84.latitude, 'LSOA code': LSOA.outside, 'LSOA name': 'Birmingham 008D' }),
      policeRow({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': '', 'LSOA name': '' }),
      policeRow({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': LSOA.unchangedOther }),
      policeRow({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': LSOA.outside, 'LSOA name': 'Birmingham 008D' }),
      policeRow({ Longitude: OUTSIDE_WGS84.longitude, Latitude: OUTSIDE_WGS84.latitude, 'LSOA code': '', 'LSOA name': '' }),
    ];

    const result = await ingestBytes('police-points.csv', render(POLICE_HEADER, rows).bytes);

    expectCounts(result, 8, 1, 4, 3);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 2, field: 'longitude', reason: 'point is at 0,0 (no real location)' },
      { line: 3, field: 'latitude', reason: 'only one of longitude and latitude is given' },
      { line: 4, field: 'longitude', reason: 'coordinates are out of range for WGS84' },
      { line: 6, field: 'location', reason: 'no coordinates and no LSOA code' },
    ]);
    expect(result.outsideAreaByDistrict).toEqual([
      { district: 'Birmingham', rows: 2 },
      { district: null, rows: 1 },
    ]);
    expect(await rowsByLine('police_street_crime', result.extractId, ['lsoa21_code'])).toEqual({ 7: { lsoa21_code: LSOA.unchangedOther } });
    expect(result.quality?.placedBy).toEqual({ 'lsoa21-code': 1 });
  });

  test('British National Grid easting/northing is placed through proj4 in the LSOA that contains it', async () => {
    const targets = [LSOA.unchanged, LSOA.unchangedOther, LSOA.splitPart21, LSOA.merged21];
    const rows = targets.map((code) => fireRow({ easting: pointInLsoa(code).easting, northing: pointInLsoa(code).northing }));

    const result = await ingestBytes('fire-bng.csv', render(FIRE_HEADER, rows).bytes);

    expectCounts(result, 4, 4, 0);
    expect(result.quality?.placedBy).toEqual({ point: 4 });
    expect(await rowsByLine('fire_incidents', result.extractId, ['lsoa21_code'])).toEqual({
      2: { lsoa21_code: targets[0] },
      3: { lsoa21_code: targets[1] },
      4: { lsoa21_code: targets[2] },
      5: { lsoa21_code: targets[3] },
    });
  });
});

describe('LSOA 2011 and 2021 codes', () => {
  test('health: 2011 codes map to 2021, a split code is ambiguous and a malformed code quarantined, a code of another area counted apart', async () => {
    const rows = [
      healthRow({ lsoa_code: LSOA.unchanged }),
      healthRow({ lsoa_code: LSOA.merged11 }),
      healthRow({ lsoa_code: LSOA.split11 }),
      healthRow({ lsoa_code: LSOA.splitPart21 }),
      healthRow({ lsoa_code: LSOA.unchanged.toLowerCase() }),
      healthRow({ lsoa_code: LSOA.outside }),
      healthRow({ lsoa_code: 'E0102491' }),
    ];

    const result = await ingestBytes('health-codes.csv', render(HEALTH_HEADER, rows).bytes);

    expectCounts(result, 7, 4, 2, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      {
        line: 4,
        field: 'lsoa_code',
        reason: 'LSOA 2011 code split into 4 LSOA 2021 areas and the row has no point to choose between them (ambiguous)',
      },
      { line: 8, field: 'lsoa_code', reason: 'lsoa_code is not an LSOA code (E01 or W01 followed by six digits)' },
    ]);
    expect(await rowsByLine('health_activity', result.extractId, ['lsoa21_code', 'lsoa_code'])).toEqual({
      2: { lsoa21_code: LSOA.unchanged, lsoa_code: LSOA.unchanged },
      3: { lsoa21_code: LSOA.merged21, lsoa_code: LSOA.merged11 },
      5: { lsoa21_code: LSOA.splitPart21, lsoa_code: LSOA.splitPart21 },
      6: { lsoa21_code: LSOA.unchanged, lsoa_code: LSOA.unchanged },
    });
    expect(result.quality).toMatchObject({ placedBy: { 'lsoa21-code': 3, 'lsoa11-code': 1 }, ambiguousLsoa11Rows: 1 });
  });

  test('police: a split 2011 code is resolved by the point when there is one, otherwise it is ambiguous', async () => {
    const inPart = pointInLsoa(LSOA.splitPart21);
    const rows = [
      policeRow({ Longitude: inPart.longitude, Latitude: inPart.latitude, 'LSOA code': LSOA.split11 }),
      policeRow({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': LSOA.split11 }),
      policeRow({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': LSOA.merged11 }),
    ];

    const result = await ingestBytes('police-split.csv', render(POLICE_HEADER, rows).bytes);

    expectCounts(result, 3, 2, 1);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      {
        line: 3,
        field: 'lsoa_code',
        reason: 'LSOA 2011 code split into 4 LSOA 2021 areas and the row has no point to choose between them (ambiguous)',
      },
    ]);
    expect(await rowsByLine('police_street_crime', result.extractId, ['lsoa21_code'])).toEqual({
      2: { lsoa21_code: LSOA.splitPart21 },
      4: { lsoa21_code: LSOA.merged21 },
    });
    expect(result.quality).toMatchObject({ placedBy: { point: 1, 'lsoa11-code': 1 }, codeDisagreements: 0, ambiguousLsoa11Rows: 1 });
  });

  test('a supplied LSOA code that disagrees with the point is counted; the point wins', async () => {
    const inPart = pointInLsoa(LSOA.splitPart21);
    const rows = [
      policeRow({ 'LSOA code': LSOA.unchangedOther }), // disagrees (another pilot LSOA)
      policeRow({ 'LSOA code': LSOA.outside }), // disagrees (outside the partnership)
      policeRow({ Longitude: inPart.longitude, Latitude: inPart.latitude, 'LSOA code': LSOA.split11 }), // agrees via 2011 → 2021
      policeRow(), // agrees
      policeRow({ 'LSOA code': '' }), // nothing supplied
    ];

    const result = await ingestBytes('police-disagree.csv', render(POLICE_HEADER, rows).bytes);

    expectCounts(result, 5, 5, 0);
    expect(result.quality).toMatchObject({ placedBy: { point: 5 }, codeDisagreements: 2 });
    expect(await rowsByLine('police_street_crime', result.extractId, ['lsoa21_code', 'lsoa_code'])).toEqual({
      2: { lsoa21_code: LSOA.unchanged, lsoa_code: LSOA.unchangedOther },
      3: { lsoa21_code: LSOA.unchanged, lsoa_code: LSOA.outside },
      4: { lsoa21_code: LSOA.splitPart21, lsoa_code: LSOA.split11 },
      5: { lsoa21_code: LSOA.unchanged, lsoa_code: LSOA.unchanged },
      6: { lsoa21_code: LSOA.unchanged, lsoa_code: null },
    });
  });
});

test('health: "*" and "<5" are suppressed (NULL, never zero); other non-numbers are quarantined', async () => {
  const counts = ['*', '<5', '0', '17', 'abc', '', '-3', '4.5'];
  const rows = counts.map((count, i) => healthRow({ count, measure: `measure_${i}` }));

  const result = await ingestBytes('health-suppressed.csv', render(HEALTH_HEADER, rows).bytes);

  expectCounts(result, 8, 4, 4);
  expect(result.quality).toMatchObject({ senderSuppressedRows: 2 });
  expect(await rowsByLine('health_activity', result.extractId, ['count'])).toEqual({
    2: { count: null },
    3: { count: null },
    4: { count: '0' },
    5: { count: '17' },
  });
  const notWhole = 'count is not a whole number, "*" or "<5"';
  expect(await quarantineOf(obs, result.extractId)).toEqual([
    { line: 6, field: 'count', reason: notWhole },
    { line: 7, field: 'count', reason: 'count is empty' },
    { line: 8, field: 'count', reason: notWhole },
    { line: 9, field: 'count', reason: notWhole },
  ]);
});

describe('council postcodes', () => {
  test('without a postcode lookup, a row with no easting/northing is quarantined whether or not it has a postcode', async () => {
    const rows = [councilRow({ easting: '', northing: '' }), councilRow({ easting: '', northing: '', postcode: '' }), councilRow()];

    const result = await ingestBytes('council-no-lookup.csv', render(COUNCIL_HEADER, rows).bytes);

    expectCounts(result, 3, 1, 2);
    expect(await quarantineOf(obs, result.extractId)).toEqual([
      { line: 2, field: 'postcode', reason: 'has no coordinates and the partnership has no postcode lookup' },
      { line: 3, field: 'location', reason: 'no easting and northing and no postcode' },
    ]);
  });

  test('with a postcode lookup, rows without a point are placed by normalised postcode; the postcode is not stored', async () => {
    const dir = await makeTempDir();
    try {
      const partnership = await copyPartnership(dir);
      await writeFile(
        join(partnership, 'lookups', 'postcodes.csv'),
        `postcode,lsoa21_code\nPR7 1DP,${LSOA.unchangedOther}\nPR25 2XY,${LSOA.splitPart21}\n`,
      );
      const withLookup = await openTempObservatory({ partnershipDir: partnership });
      try {
        const rows = [
          councilRow({ easting: '', northing: '', postcode: 'pr7 1dp' }),
          councilRow({ easting: '', northing: '', postcode: 'PR252XY' }),
          councilRow({ easting: '', northing: '', postcode: 'PR7 9ZZ' }),
          councilRow({ postcode: 'PR7 1DP' }), // the point wins over the postcode
        ];
        const file = await writeExtract(withLookup.dir, 'council-postcodes.csv', render(COUNCIL_HEADER, rows).bytes);

        const result = await withLookup.ingest(file, { today: '2026-11-23' });

        expectCounts(result, 4, 3, 1);
        expect(result.quality?.placedBy).toEqual({ postcode: 2, point: 1 });
        expect(await quarantineOf(withLookup, result.extractId)).toEqual([
          { line: 4, field: 'postcode', reason: 'postcode is not in the partnership postcode lookup' },
        ]);
        const stored = await withLookup.all(`SELECT line_number, lsoa21_code, postcode FROM council_service_requests ORDER BY 1`);
        expect(stored).toEqual([
          { line_number: 2, lsoa21_code: LSOA.unchangedOther, postcode: null },
          { line_number: 3, lsoa21_code: LSOA.splitPart21, postcode: null },
          { line_number: 5, lsoa21_code: LSOA.unchanged, postcode: null },
        ]);
      } finally {
        await withLookup.dispose();
      }
    } finally {
      await removeDir(dir);
    }
  });
});

describe('personal data and dropped columns', () => {
  test('fire: caller and address are never columns; dropped fields are NULL; the incident number is pseudonymised', async () => {
    const headerLine = `${FIRE_HEADER.join(',')},notes`;
    const rows = [[...fireRow(), 'Caller was upset'], [...fireRow({ call_datetime: '' }), 'Second call']];

    const result = await ingestBytes('fire-personal.csv', render(FIRE_HEADER, rows, { headerLine }).bytes);

    expectCounts(result, 2, 1, 1);
    expect(result.fieldsDropped).toEqual(['easting', 'northing', 'caller_name', 'address', 'notes']);
    const columns = await obs.all(`SELECT column_name FROM information_schema.columns WHERE table_name = 'fire_incidents' ORDER BY ordinal_position`);
    expect(columns.map((c) => c.column_name)).toEqual([
      'extract_id', 'line_number', 'period', 'lsoa21_code', 'incident_number', 'call_datetime', 'incident_group', 'incident_type',
      'property_category', 'property_type', 'deliberate', 'easting', 'northing', 'ward_name',
    ]);
    const [stored] = await obs.all(`SELECT incident_number, easting, northing, property_type FROM fire_incidents`);
    expect(stored).toEqual({
      incident_number: obs.observatory.ingest.pseudonymiser.pseudonym('incident_number', 'F20180100001'),
      easting: null,
      northing: null,
      property_type: 'Wheelie bin',
    });
    const [quarantined] = await obs.all(`SELECT kept_values FROM quarantine`);
    expect(Object.keys(JSON.parse(String(quarantined?.kept_values))).sort()).toEqual(
      ['deliberate', 'incident_group', 'incident_number', 'incident_type', 'property_category', 'property_type', 'ward_name'],
    );
  });

  test('council and police: complainant details and Context are dropped, references pseudonymised', async () => {
    const council = await ingestBytes('council-personal.csv', render(COUNCIL_HEADER, [councilRow()]).bytes);
    expect(council.fieldsDropped).toEqual(['postcode', 'easting', 'northing', 'complainant_name', 'complainant_phone']);
    const pseudonymiser = obs.observatory.ingest.pseudonymiser;
    expect(await obs.all(`SELECT case_ref, uprn, postcode, easting, northing, service FROM council_service_requests`)).toEqual([
      {
        case_ref: pseudonymiser.pseudonym('case_ref', 'SR-2018-000001'),
        uprn: pseudonymiser.pseudonym('uprn', '100012345678'),
        postcode: null,
        easting: null,
        northing: null,
        service: 'fly_tipping',
      },
    ]);

    const police = await ingestBytes('police-context.csv', render(POLICE_HEADER, [policeRow({ Context: 'Victim lives at 4 Acacia Road' })]).bytes);
    expect(police.fieldsDropped).toEqual(['context']);
    const [row] = await obs.all(`SELECT crime_id, context FROM police_street_crime`);
    expect(row).toEqual({
      crime_id: pseudonymiser.pseudonym('crime_id', 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'),
      context: null,
    });
  });
});

test('fixtures: the committed tiny extracts load as their README says', async () => {
  const health = await obs.ingest(join(FIXTURES, 'health-suppressed-and-2011-codes.csv'), { today: '2026-11-23' });
  expectCounts(health, 6, 4, 2);
  expect(health.quality).toMatchObject({ senderSuppressedRows: 2, placedBy: { 'lsoa21-code': 3, 'lsoa11-code': 1 } });
  expect(await quarantineOf(obs, health.extractId)).toEqual([
    {
      line: 4,
      field: 'lsoa_code',
      reason: 'LSOA 2011 code split into 4 LSOA 2021 areas and the row has no point to choose between them (ambiguous)',
    },
    { line: 6, field: 'count', reason: 'count is not a whole number, "*" or "<5"' },
  ]);

  const fire = await obs.ingest(join(FIXTURES, 'fire-quoted-multiline.csv'), { today: '2026-11-23' });
  expectCounts(fire, 5, 3, 2);
  expect(await quarantineOf(obs, fire.extractId)).toEqual([
    { line: 7, field: 'call_datetime', reason: FIRE_DATE_INVALID },
    { line: 8, field: 'easting', reason: 'point is at 0,0 (no real location)' },
  ]);
  expect(await rowsByLine('fire_incidents', fire.extractId, ['property_type', 'ward_name', 'lsoa21_code'])).toEqual({
    2: { property_type: 'Wheelie bin', ward_name: 'Adlington & Anderton', lsoa21_code: LSOA.unchanged },
    4: { property_type: 'House - "single" occupancy', ward_name: 'Chorley North, East', lsoa21_code: LSOA.unchangedOther },
    9: { property_type: 'House - single occupancy', ward_name: 'Leyland Central', lsoa21_code: LSOA.splitPart21 },
  });
});
