/**
 * The native bulk reader must be indistinguishable from the streaming reader:
 * the same result, loaded rows, quarantine (lines, fields, reasons, kept
 * values) and extract log, for messy files it reads itself, and a fallback to
 * the streaming reader for files it cannot reproduce exactly.
 */
import iconv from 'iconv-lite';
import { afterAll, describe, expect, test } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { Rng } from '../../datasets/tools/rng.ts';
import { LSOA, OUTSIDE_WGS84, POLICE_HEADER, pointInLsoa, policeRow, render } from '../../test/ingest/support/extracts.ts';
import { disposeTemplates, openTempObservatory, writeExtract, type TempObservatory } from '../../test/support/temp-observatory.ts';
import type { IngestOptions } from './ingest-extract.ts';

afterAll(disposeTemplates);

const TODAY = '2026-11-23';

type Snapshot = { result: unknown; rows: unknown; quarantine: unknown; log: unknown };

async function snapshot(obs: TempObservatory, result: unknown): Promise<Snapshot> {
  return {
    result,
    rows: await obs.all(`SELECT * FROM police_street_crime ORDER BY extract_id, line_number`),
    // Physical order too: the quarantine is written in line order by both readers.
    quarantine: await obs.all(`SELECT * FROM quarantine`),
    log: await obs.all(`SELECT * EXCLUDE (loaded_at) FROM extract_log ORDER BY extract_id`),
  };
}

/** Ingests the same bytes with each reader on its own fresh observatory; returns both snapshots and the reader the default chose. */
async function bothReaders(bytes: Buffer | string, options: IngestOptions = {}): Promise<{ native: Snapshot; streaming: Snapshot; reader: string; why: string | null }> {
  const nativeObs = await openTempObservatory();
  const streamingObs = await openTempObservatory();
  try {
    let reader = '';
    let why: string | null = null;
    const nativeResult = await nativeObs.ingest(await writeExtract(nativeObs.dir, 'police.csv', bytes), {
      today: TODAY,
      ...options,
      onReader: (chosen, reason) => {
        reader = chosen;
        why = reason;
      },
    });
    const streamingResult = await streamingObs.ingest(await writeExtract(streamingObs.dir, 'police.csv', bytes), { today: TODAY, ...options, reader: 'streaming' });
    return { native: await snapshot(nativeObs, nativeResult), streaming: await snapshot(streamingObs, streamingResult), reader, why };
  } finally {
    await nativeObs.dispose();
    await streamingObs.dispose();
  }
}

const point = () => pointInLsoa(LSOA.unchanged);

/** Rows covering every outcome of a police row, and values that test trimming and JSON escaping. */
function messyRows(): string[][] {
  const p = point();
  const split = pointInLsoa(LSOA.splitPart21);
  return [
    policeRow(),
    policeRow({ 'Crime ID': '', 'Crime type': 'Anti-social behaviour', 'Last outcome category': '' }),
    policeRow({ 'Crime ID': '  padded-id  ', Location: '  On or near Padded Street\t', 'LSOA name': '\u00a0Chorley 014A\u3000' }),
    policeRow({ 'Crime ID': '   ' }),
    policeRow({ Month: '2018-13' }),
    policeRow({ Month: ' 2018-02 ' }),
    policeRow({ Month: '2018-2' }),
    policeRow({ Month: '1989-12' }),
    policeRow({ Month: '' }),
    policeRow({ Longitude: 'abc' }),
    policeRow({ Longitude: '' }),
    policeRow({ Latitude: '' }),
    policeRow({ Longitude: '', Latitude: '' }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': '' }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': LSOA.split11 }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': LSOA.merged11 }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': ' e01024916 ' }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': LSOA.outside }),
    policeRow({ Longitude: '0', Latitude: '0' }),
    policeRow({ Longitude: '200', Latitude: '53.6' }),
    policeRow({ Longitude: OUTSIDE_WGS84.longitude, Latitude: OUTSIDE_WGS84.latitude }),
    policeRow({ Longitude: OUTSIDE_WGS84.longitude, Latitude: OUTSIDE_WGS84.latitude, 'LSOA code': LSOA.outside, 'LSOA name': ' Birmingham 008D\t' }),
    policeRow({ Longitude: '', Latitude: '', 'LSOA code': LSOA.outside, 'LSOA name': 'Birmingham 008D' }),
    policeRow({ Longitude: ` ${p.longitude} `, Latitude: `${p.latitude}0` }),
    policeRow({ Longitude: `${Number(p.longitude) * 1000}e-3`, Latitude: p.latitude }),
    policeRow({ 'LSOA code': LSOA.unchangedOther }),
    policeRow({ Longitude: split.longitude, Latitude: split.latitude, 'LSOA code': LSOA.split11 }),
    policeRow({ 'Crime type': '' }),
    policeRow({ 'Crime type': ' \t ' }),
    policeRow({ Month: 'May', Longitude: 'west', 'Crime type': '' }),
    policeRow({ Longitude: 'west', 'Crime type': '' }),
    policeRow({ Longitude: '', 'Crime type': '' }),
    policeRow({ Month: 'May', Location: 'Quote " back\\slash \u000b tab\t bell\u0007 us\u001f del\u007f line\u2028 café', 'Crime type': '' }),
    policeRow({ Location: 'On or near "The Parade", Chorley', 'Reported by': '', 'Falls within': '' }),
    policeRow({ Location: 'Over\ntwo lines', Month: 'bad' }),
    policeRow({ Location: 'LF\nand LF', 'Last outcome category': 'Multi\nline\noutcome' }),
    policeRow({ Context: 'Dropped, "quoted"\nand long' }),
    policeRow({ 'Crime ID': 'ffff\u2028', Month: 'bad' }),
  ];
}

function expectSame(outcome: { native: Snapshot; streaming: Snapshot }): void {
  expect(outcome.native.result).toEqual(outcome.streaming.result);
  expect(outcome.native.rows).toEqual(outcome.streaming.rows);
  expect(outcome.native.quarantine).toEqual(outcome.streaming.quarantine);
  expect(outcome.native.log).toEqual(outcome.streaming.log);
}

describe('the native reader reproduces the streaming reader', () => {
  test.each([
    ['LF', { eol: '\n' }],
    ['CRLF with a BOM and trailing blank lines', { eol: '\r\n', bom: true, trailingBlankLines: 2 }],
    ['CR', { eol: '\r' }],
  ] as const)('every outcome of a police row, %s', async (_label, style) => {
    const outcome = await bothReaders(render(POLICE_HEADER, messyRows(), style).bytes);
    expect(outcome.reader).toBe('native');
    expectSame(outcome);
    const result = outcome.native.result as { rowsQuarantined: number; rowsLoaded: number; rowsOutsideArea: number; outsideAreaByDistrict: unknown };
    expect(result.rowsQuarantined).toBeGreaterThan(18);
    expect(result.rowsLoaded).toBeGreaterThan(8);
    expect(result.rowsOutsideArea).toBe(4);
    // By the LSOA name given (trimmed), except beside a point that contradicts a code of the partnership.
    expect(result.outsideAreaByDistrict).toEqual([
      { district: 'Birmingham', rows: 2 },
      { district: 'Chorley', rows: 1 },
      { district: null, rows: 1 },
    ]);
  });

  test('blank lines, quoted empty lines and rows with too many or too few fields', async () => {
    const rows = messyRows().map(csvLine);
    const text = [
      POLICE_HEADER.join(','),
      rows[0],
      '',
      '""',
      rows[1],
      `${rows[2]},extra`,
      'only,three,fields',
      '   ',
      rows[3],
      ',,,,,,,,,,,',
      rows[33],
      `"multi\nline",short`,
      rows[4],
      '',
    ].join('\n');
    const outcome = await bothReaders(text);
    expect(outcome.reader).toBe('native');
    expectSame(outcome);
  });

  test('values padded with spaces only (the cheaper trim test)', async () => {
    const rows = [
      policeRow({ 'Crime ID': ' spaced ', Location: '  On or near Space Street ', 'LSOA name': 'Chorley 014A ', 'Crime type': '   ' }),
      policeRow({ 'Reported by': ' ', 'Falls within': '  Lancashire Constabulary', 'Last outcome category': 'Under investigation  ' }),
      policeRow({ 'Crime ID': '  ', Month: ' 2018-01', 'Crime type': ' Drugs ' }),
    ];
    const outcome = await bothReaders(render(POLICE_HEADER, rows).bytes);
    expect(outcome.reader).toBe('native');
    expectSame(outcome);
  });

  test('a header in another order, with unknown and missing optional columns', async () => {
    const header = ['LSOA code', 'Crime type', 'Month', 'Latitude', 'Longitude', 'Crime ID', 'Reported by', 'Notes', 'Last outcome category'];
    const p = point();
    const rows = [
      [LSOA.unchanged, 'Burglary', '2018-01', p.latitude, p.longitude, 'id-1', 'Lancashire Constabulary', 'secret note', 'Under investigation'],
      [LSOA.unchanged, '', '2018-01', p.latitude, p.longitude, 'id-2', 'Lancashire Constabulary', 'note', ''],
      ['', 'Drugs', '2018-01', '', '', '', '', '', ''],
    ];
    const outcome = await bothReaders(render(header, rows).bytes);
    expect(outcome.reader).toBe('native');
    expectSame(outcome);
  });

  test('a seeded file of 20,000 mixed rows, in a dry run and then loaded', async () => {
    const rng = new Rng(7, 'bulk-differential');
    const pool = messyRows();
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const row = [...(rng.next() < 0.8 ? (pool[0] as string[]) : (pool[Math.floor(rng.next() * pool.length)] as string[]))];
      row[0] = rng.next() < 0.3 ? '' : `crime-${i}`;
      row[1] = rng.next() < 0.5 ? '2018-01' : '2018-02';
      return row;
    });
    const bytes = render(POLICE_HEADER, rows).bytes;
    const dry = await bothReaders(bytes, { dryRun: true });
    expect(dry.reader).toBe('native');
    expectSame(dry);
    expect(dry.native.rows).toEqual([]);
    const loaded = await bothReaders(bytes);
    expectSame(loaded);
  });
});

describe('files the native reader leaves to the streaming reader', () => {
  test.each([
    ['Windows-1252', iconv.encode(`${POLICE_HEADER.join(',')}\n${csvLine(policeRow({ Location: 'Café £1' }))}\n`, 'win1252'), /windows-1252/],
    ['a quote inside an unquoted field', `${POLICE_HEADER.join(',')}\n${csvLine(policeRow()).replace('On or near', 'On "or" near')}\n`, /quote inside an unquoted field/],
    ['mixed line endings', `${POLICE_HEADER.join(',')}\n${csvLine(policeRow())}\r\n${csvLine(policeRow())}\n`, /carriage return/],
    ['a carriage return inside quotes', `${POLICE_HEADER.join(',')}\n${csvLine(policeRow({ Location: 'CR\r\nLF and\rCR' }))}\n`, /carriage return/],
    ['a replacement character', `${POLICE_HEADER.join(',')}\n${csvLine(policeRow({ Location: 'bad \ufffd byte' }))}\n`, /U\+FFFD/],
    ['a semicolon delimiter', `${POLICE_HEADER.join(';')}\n${policeRow().join(';')}\n`, /delimiter/],
  ])('%s', async (_label, bytes, why) => {
    const outcome = await bothReaders(bytes);
    expect(outcome.reader).toBe('streaming');
    expect(outcome.why).toMatch(why);
    expectSame(outcome);
  });
});
