/**
 * The hostile-input corpus of issue 11, as data: for each file, how to make its bytes and the
 * outcome it must have. `write-hostile-corpus.ts` writes every case to test/fixtures/hostile/ as
 * `<name>.<ext>` with `<name>.expected.json` beside it; the corpus test reads that folder, so the
 * committed files are what is tested. Expected outcomes are written by hand from DESIGN.md §2 and
 * the agreements, not copied from a run.
 */
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { csvLine } from '../../datasets/tools/csv.ts';
import {
  COUNCIL_HEADER,
  FIRE_HEADER,
  HEALTH_HEADER,
  LSOA,
  OUTSIDE_BNG,
  POLICE_HEADER,
  councilRow,
  fireRow,
  healthRow,
  policeRow,
} from '../ingest/support/extracts.ts';
import type { HostileExpectation } from './hostile-expectation.ts';

/** One corpus file: its name (no extension), extension, bytes and expected outcome. */
export type HostileCase = { name: string; ext: string; bytes: () => Buffer; expect: HostileExpectation; about: string };

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const lines = (header: readonly string[], rows: readonly (readonly string[])[], eol = '\n') =>
  [csvLine(header), ...rows.map((r) => csvLine(r))].join(eol) + eol;

const loaded = (rowsRead: number, rowsLoaded: number, quarantineReasons: string[] = []): HostileExpectation => ({
  status: 'loaded',
  rowsRead,
  rowsLoaded,
  rowsQuarantined: rowsRead - rowsLoaded,
  quarantineReasonsContain: quarantineReasons,
});
const refused = (...reasonContains: string[]): HostileExpectation => ({ status: 'refused', reasonContains });

const fireHeader = csvLine(FIRE_HEADER);
const policeHeader = csvLine(POLICE_HEADER);

/** Three valid fire rows, the first of the corpus's clean baselines. */
const fire3 = () => [fireRow(), fireRow({ incident_number: 'F20180100002' }), fireRow({ incident_number: 'F20180100003' })];

export const HOSTILE_CASES: HostileCase[] = [
  // Empty and near-empty files.
  { name: 'empty-file', ext: 'csv', about: '0 bytes', bytes: () => Buffer.alloc(0), expect: refused('empty') },
  { name: 'only-newlines', ext: 'csv', about: 'three blank lines', bytes: () => utf8('\n\n\n'), expect: refused('empty') },
  { name: 'only-bom', ext: 'csv', about: 'a UTF-8 byte-order mark and nothing else', bytes: () => Buffer.from([0xef, 0xbb, 0xbf]), expect: refused('empty') },
  { name: 'header-only-fire', ext: 'csv', about: 'the fire header and no rows', bytes: () => utf8(`${fireHeader}\n`), expect: refused('header but no rows') },
  { name: 'header-only-no-newline', ext: 'csv', about: 'the police header without a line ending', bytes: () => utf8(policeHeader), expect: refused('header but no rows') },

  // Headers.
  { name: 'unknown-header', ext: 'csv', about: 'a header that fits no dataset', bytes: () => utf8('name,age,town\nAnn,4,Leyland\n'), expect: refused('header') },
  {
    name: 'duplicate-column',
    ext: 'csv',
    about: 'the fire header with easting twice',
    bytes: () => utf8(`${fireHeader},easting\n${csvLine([...fireRow(), '1'])}\n`),
    expect: refused('easting'),
  },
  {
    name: 'missing-column',
    ext: 'csv',
    about: 'the fire header without call_datetime',
    bytes: () => utf8(lines(FIRE_HEADER.filter((h) => h !== 'call_datetime'), [fireRow().filter((_, i) => FIRE_HEADER[i] !== 'call_datetime')])),
    expect: refused('call_datetime'),
  },
  {
    name: 'header-upper-case',
    ext: 'csv',
    about: 'fire header in capitals',
    bytes: () => utf8(`${fireHeader.toUpperCase()}\n${fire3().map((r) => csvLine(r)).join('\n')}\n`),
    expect: loaded(3, 3),
  },
  {
    name: 'header-stray-spaces',
    ext: 'csv',
    about: 'fire header with spaces around names',
    bytes: () => utf8(`${FIRE_HEADER.map((h) => `  ${h} `).join(',')}\n${fire3().map((r) => csvLine(r)).join('\n')}\n`),
    expect: loaded(3, 3),
  },
  {
    name: 'header-other-order',
    ext: 'csv',
    about: 'health columns in reverse order',
    bytes: () => utf8(lines([...HEALTH_HEADER].reverse(), [[...healthRow()].reverse(), [...healthRow({ measure: 'ae_attendances' })].reverse()])),
    expect: loaded(2, 2),
  },

  // Delimiters and quoting.
  {
    name: 'semicolon-delimited',
    ext: 'csv',
    about: 'a fire export separated by semicolons',
    bytes: () => utf8(`${FIRE_HEADER.join(';')}\n${fire3().map((r) => r.join(';')).join('\n')}\n`),
    expect: loaded(3, 3),
  },
  {
    name: 'tab-delimited',
    ext: 'csv',
    about: 'a health export separated by tabs',
    bytes: () => utf8(`${HEALTH_HEADER.join('\t')}\n${healthRow().join('\t')}\n${healthRow({ measure: 'ae_attendances' }).join('\t')}\n`),
    expect: loaded(2, 2),
  },
  {
    name: 'unbalanced-quote',
    ext: 'csv',
    about: 'a quote opened in the second row and never closed',
    bytes: () => utf8(`${fireHeader}\n${csvLine(fireRow())}\n"F20180100002,14/01/2018 19:05,Fire\n${csvLine(fireRow({ incident_number: 'F20180100003' }))}\n`),
    // The stray quote is closed by the quote that opens the third row's address: one malformed record.
    expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1, quarantineReasonsContain: ['closing quote'] },
  },
  {
    name: 'quote-never-closed',
    ext: 'csv',
    about: 'a quote opened in the last of three rows and never closed',
    bytes: () => utf8(`${lines(HEALTH_HEADER, [healthRow(), healthRow({ measure: 'ae_attendances' })])}"E01024915,2018-01,falls_admissions_65plus,3\n`),
    expect: refused('never closed', ':4'),
  },
  {
    name: 'quoted-newlines-and-commas',
    ext: 'csv',
    about: 'an address with commas and a new line inside quotes',
    bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ address: '1 High St,\nChorley, "PR7"' }), fireRow({ incident_number: 'F20180100002' })])),
    expect: loaded(2, 2),
  },
  {
    name: 'too-many-fields',
    ext: 'csv',
    about: 'the second of three rows has an extra field',
    bytes: () => utf8(`${fireHeader}\n${csvLine(fire3()[0]!)}\n${csvLine([...fire3()[1]!, 'extra'])}\n${csvLine(fire3()[2]!)}\n`),
    expect: loaded(3, 2, ['field']),
  },
  {
    name: 'too-few-fields',
    ext: 'csv',
    about: 'the second of three rows lacks its last two fields',
    bytes: () => utf8(`${fireHeader}\n${csvLine(fire3()[0]!)}\n${csvLine(fire3()[1]!.slice(0, -2))}\n${csvLine(fire3()[2]!)}\n`),
    expect: loaded(3, 2, ['field']),
  },
  {
    name: 'ten-megabyte-line',
    ext: 'csv',
    about: 'a police row whose Location is 10 MB long',
    bytes: () => utf8(lines(POLICE_HEADER, [policeRow({ Location: 'x'.repeat(10 * 1024 * 1024) }), policeRow({ 'Crime ID': 'b'.repeat(64) })])),
    expect: loaded(2, 2),
  },

  // Encodings and bytes.
  { name: 'nul-bytes', ext: 'csv', about: 'NUL bytes inside a text field (kept as text: they are not UTF-16)', bytes: () => utf8(`${fireHeader}\n${csvLine(fireRow({ property_type: 'Bin\u0000\u0000' }))}\n`), expect: loaded(1, 1) },
  {
    name: 'invalid-utf8',
    ext: 'csv',
    about: 'bytes that are neither UTF-8 nor sensible Windows-1252 in a police row',
    bytes: () => Buffer.concat([utf8(`${policeHeader}\n`), utf8(csvLine(policeRow({ Location: 'On or near ' }))), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), utf8('\n')]),
    // Not valid UTF-8, so read as Windows-1252, as Excel's British exports are: the row still loads.
    expect: loaded(1, 1),
  },
  {
    name: 'utf16le-bom',
    ext: 'csv',
    about: 'UTF-16 little-endian with a byte-order mark',
    bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(HEALTH_HEADER, [healthRow()]), 'utf16le')]),
    expect: loaded(1, 1),
  },
  {
    name: 'utf16be-bom',
    ext: 'csv',
    about: 'UTF-16 big-endian with a byte-order mark',
    bytes: () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(lines(HEALTH_HEADER, [healthRow()]), 'utf16le').swap16()]),
    expect: loaded(1, 1),
  },
  {
    name: 'utf16le-no-bom',
    ext: 'csv',
    about: 'UTF-16 little-endian without a byte-order mark',
    bytes: () => Buffer.from(lines(HEALTH_HEADER, [healthRow()]), 'utf16le'),
    expect: refused('UTF-16', 'byte-order mark'),
  },
  {
    name: 'windows-1252',
    ext: 'csv',
    about: 'Windows-1252 with £, é and a curly apostrophe in text fields',
    bytes: () => iconv.encode(lines(FIRE_HEADER, [fireRow({ address: '£5 Café Row, O’Neill' }), fireRow({ incident_number: 'F20180100002' })], '\r\n'), 'win1252'),
    expect: loaded(2, 2),
  },
  {
    name: 'mixed-line-endings',
    ext: 'csv',
    about: 'CRLF, LF and CR line endings in one file',
    bytes: () => utf8(`${fireHeader}\r\n${csvLine(fire3()[0]!)}\n${csvLine(fire3()[1]!)}\r${csvLine(fire3()[2]!)}\r\n`),
    expect: loaded(3, 3),
  },
  { name: 'no-final-newline', ext: 'csv', about: 'the last row has no line ending', bytes: () => utf8(`${fireHeader}\n${fire3().map((r) => csvLine(r)).join('\n')}`), expect: loaded(3, 3) },
  { name: 'trailing-blank-lines', ext: 'csv', about: 'ten blank lines after the rows', bytes: () => utf8(`${lines(FIRE_HEADER, fire3())}${'\n'.repeat(10)}`), expect: loaded(3, 3) },

  // Dates and times.
  { name: 'date-31-february', ext: 'csv', about: 'call_datetime 31/02/2024', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ call_datetime: '31/02/2024 10:00' }), fireRow()])), expect: loaded(2, 1, ['call_datetime']) },
  { name: 'month-13', ext: 'csv', about: 'police Month 2024-13', bytes: () => utf8(lines(POLICE_HEADER, [policeRow({ Month: '2024-13' }), policeRow()])), expect: loaded(2, 1, ['Month']) },
  { name: 'two-digit-year', ext: 'csv', about: 'council received_date 24/01/19', bytes: () => utf8(lines(COUNCIL_HEADER, [councilRow({ received_date: '24/01/19' }), councilRow()])), expect: loaded(2, 1, ['received_date']) },
  { name: 'iso-date-in-uk-field', ext: 'csv', about: 'fire call_datetime written 2018-01-14 19:05', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ call_datetime: '2018-01-14 19:05' }), fireRow()])), expect: loaded(2, 1, ['call_datetime']) },
  {
    name: 'clock-change-times',
    ext: 'csv',
    about: 'calls at 01:30 on the nights the clocks go forward (a time that does not exist) and back (one that happens twice)',
    bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ call_datetime: '25/03/2018 01:30' }), fireRow({ incident_number: 'F2', call_datetime: '28/10/2018 01:30' })])),
    expect: { status: 'loaded', rowsRead: 2, reasonContains: [] },
  },
  { name: 'period-as-text', ext: 'csv', about: 'health period "January"', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ period: 'January' }), healthRow()])), expect: loaded(2, 1, ['period']) },

  // Numbers and coordinates.
  { name: 'coordinates-as-text', ext: 'csv', about: 'easting "north of the bridge"', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: 'north of the bridge' }), fireRow()])), expect: loaded(2, 1, ['easting']) },
  {
    name: 'swapped-lat-lon',
    ext: 'csv',
    about: 'police Longitude and Latitude swapped',
    bytes: () => {
      const good = policeRow();
      const lon = good[POLICE_HEADER.indexOf('Longitude')]!;
      const lat = good[POLICE_HEADER.indexOf('Latitude')]!;
      return utf8(lines(POLICE_HEADER, [policeRow({ Longitude: lat, Latitude: lon, 'LSOA code': '' }), good]));
    },
    expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, reasonContains: [] },
  },
  { name: 'point-at-sea', ext: 'csv', about: 'a fire in the Irish Sea (BNG 300000, 430000)', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: '300000', northing: '430000' }), fireRow()])), expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, reasonContains: [] } },
  { name: 'point-in-wales', ext: 'csv', about: 'a fire in Cardiff (BNG 318000, 176000)', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: '318000', northing: '176000' }), fireRow()])), expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, reasonContains: [] } },
  { name: 'point-in-london', ext: 'csv', about: 'a fire in London', bytes: () => utf8(lines(FIRE_HEADER, [fireRow(OUTSIDE_BNG), fireRow()])), expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, reasonContains: [] } },
  { name: 'easting-nan', ext: 'csv', about: 'easting NaN', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: 'NaN' }), fireRow()])), expect: loaded(2, 1, ['easting is not a plain decimal number']) },
  { name: 'easting-infinity', ext: 'csv', about: 'easting Infinity', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: 'Infinity' }), fireRow()])), expect: loaded(2, 1, ['easting']) },
  { name: 'easting-exponent', ext: 'csv', about: 'easting 3.5e5 (no partner writes grid references in exponent form)', bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ easting: '3.5e5' }), fireRow()])), expect: loaded(2, 1, ['easting is not a plain decimal number']) },
  { name: 'latitude-huge', ext: 'csv', about: 'Latitude 1e308', bytes: () => utf8(lines(POLICE_HEADER, [policeRow({ Latitude: '1e308', 'LSOA code': '' }), policeRow()])), expect: loaded(2, 1) },
  { name: 'count-negative', ext: 'csv', about: 'health count -3', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ count: '-3' }), healthRow()])), expect: loaded(2, 1, ['count']) },
  { name: 'count-fraction', ext: 'csv', about: 'health count 2.5', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ count: '2.5' }), healthRow()])), expect: loaded(2, 1, ['count']) },
  { name: 'count-huge', ext: 'csv', about: 'health count 99999999999999999999', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ count: '99999999999999999999' }), healthRow()])), expect: loaded(2, 1, ['count']) },
  { name: 'count-exponent', ext: 'csv', about: 'health count 1e3', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ count: '1e3' }), healthRow()])), expect: loaded(2, 1, ['count']) },
  { name: 'count-suppressed', ext: 'csv', about: 'health counts * and <5 (suppressed by the sender, loaded as suppressed)', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ count: '*' }), healthRow({ count: '<5', measure: 'ae_attendances' })])), expect: loaded(2, 2) },

  // Area codes.
  { name: 'lsoa-lower-case', ext: 'csv', about: 'health lsoa_code in lower case', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ lsoa_code: LSOA.unchanged.toLowerCase() }), healthRow()])), expect: { status: 'loaded', rowsRead: 2, reasonContains: [] } },
  { name: 'lsoa-wrong-shape', ext: 'csv', about: 'health lsoa_code E0102491 (eight characters)', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ lsoa_code: 'E0102491' }), healthRow()])), expect: loaded(2, 1, ['lsoa_code']) },
  { name: 'lsoa-ward-code', ext: 'csv', about: 'health lsoa_code holding a ward code', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ lsoa_code: 'E05005003' }), healthRow()])), expect: loaded(2, 1, ['lsoa_code']) },
  { name: 'lsoa-outside', ext: 'csv', about: 'health row for a Birmingham LSOA', bytes: () => utf8(lines(HEALTH_HEADER, [healthRow({ lsoa_code: LSOA.outside }), healthRow()])), expect: { status: 'loaded', rowsRead: 2, rowsLoaded: 1, reasonContains: [] } },

  // Files that are not CSV.
  { name: 'zip-named-csv', ext: 'csv', about: 'a ZIP archive with a .csv name', bytes: () => Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(60, 1)]), expect: refused('ZIP archive', 'CSV UTF-8') },
  {
    name: 'xlsx-named-csv',
    ext: 'csv',
    about: 'an XLSX workbook (a ZIP holding [Content_Types].xml) with a .csv name',
    bytes: () => Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.from('[Content_Types].xml', 'latin1'), Buffer.alloc(80, 7)]),
    expect: refused('xlsx', 'CSV UTF-8'),
  },
  { name: 'gzip-named-csv', ext: 'csv', about: 'a gzip-compressed fire extract with a .csv name', bytes: () => gzipSync(utf8(lines(FIRE_HEADER, fire3()))), expect: refused('gzip', 'decompress') },
  { name: 'pdf-named-csv', ext: 'csv', about: 'a PDF with a .csv name', bytes: () => utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n'), expect: refused('PDF') },
  { name: 'html-page', ext: 'csv', about: 'an HTML error page saved as .csv', bytes: () => utf8('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>\n'), expect: refused('matches no column name') },
  { name: 'json-array', ext: 'csv', about: 'a JSON export with a .csv name', bytes: () => utf8('[{"lsoa_code":"E01024915","period":"2018-01","measure":"emergency_admissions","count":12}]\n'), expect: refused('matches no column name') },

  // Text that attacks the reader of the data.
  {
    name: 'formula-injection',
    ext: 'csv',
    about: 'cells that spreadsheets would run as formulas',
    bytes: () => utf8(lines(FIRE_HEADER, [fireRow({ property_type: '=HYPERLINK("http://evil.example","x")' }), fireRow({ incident_number: 'F2', property_type: '+cmd|\' /C calc\'!A0' }), fireRow({ incident_number: 'F3', property_type: '@SUM(1+1)' })])),
    expect: { status: 'loaded', rowsRead: 3, reasonContains: [] },
  },
  {
    name: 'script-in-location',
    ext: 'csv',
    about: 'HTML and script in the police Location field',
    bytes: () => utf8(lines(POLICE_HEADER, [policeRow({ Location: '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>' }), policeRow({ 'Crime ID': 'c'.repeat(64) })])),
    expect: loaded(2, 2),
  },
  {
    name: 'sql-looking-strings',
    ext: 'csv',
    about: "SQL in text fields: '; DROP TABLE quarantine; --",
    bytes: () => utf8(lines(POLICE_HEADER, [policeRow({ Location: "'; DROP TABLE quarantine; --", 'Crime type': "Burglary' OR '1'='1" }), policeRow({ 'Crime ID': 'd'.repeat(64) })])),
    expect: { status: 'loaded', rowsRead: 2, reasonContains: [] },
  },
  {
    name: 'sql-in-header',
    ext: 'csv',
    about: 'a header cell holding SQL',
    bytes: () => utf8(`${fireHeader},"x"" ; DROP TABLE extract_log; --"\n${csvLine([...fireRow(), '1'])}\n`),
    // An unknown column is dropped on read (never stored), whatever its name says.
    expect: loaded(1, 1),
  },
  {
    name: 'unicode-lookalike-header',
    ext: 'csv',
    about: 'a health header whose "count" uses a Cyrillic о',
    bytes: () => utf8(`lsoa_code,period,measure,c\u043eunt\n${csvLine(healthRow())}\n`),
    expect: refused('count'),
  },
  {
    name: 'very-many-columns',
    ext: 'csv',
    about: 'the fire header followed by 5,000 extra columns',
    bytes: () => {
      const extra = Array.from({ length: 5000 }, (_, i) => `extra_${i}`);
      return utf8(lines([...FIRE_HEADER, ...extra], [[...fireRow(), ...extra.map(() => '')]]));
    },
    expect: loaded(1, 1),
  },
  {
    name: 'blank-rows-between',
    ext: 'csv',
    about: 'blank lines and lines of commas between rows',
    bytes: () => utf8(`${fireHeader}\n${csvLine(fire3()[0]!)}\n\n${','.repeat(FIRE_HEADER.length - 1)}\n${csvLine(fire3()[1]!)}\n`),
    expect: loaded(2, 2),
  },
  {
    name: 'every-row-bad',
    ext: 'csv',
    about: 'every row has an impossible date',
    bytes: () => utf8(lines(FIRE_HEADER, fire3().map((r, i) => { const c = [...r]; c[1] = `3${i}/13/2018 25:61`; return c; }))),
    expect: loaded(3, 0, ['call_datetime']),
  },
  {
    name: 'council-postcode-only',
    ext: 'csv',
    about: 'a council row with a postcode and no easting/northing (the pilot has no postcode lookup)',
    bytes: () => utf8(lines(COUNCIL_HEADER, [councilRow({ easting: '', northing: '' }), councilRow()])),
    expect: loaded(2, 1, ['postcode']),
  },
];
