/**
 * Issue 3, "Done when" 7: the CLI. `ingest --json` prints one object per file
 * and exits non-zero when any file is refused; `--dry-run` writes nothing;
 * `extracts --json` and `quarantine <id> --csv` show the log and the quarantine.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, removeDir, writeExtract } from '../support/temp-observatory.ts';
import { jsonLines, runCliInProcess, runCliProcess } from './support/cli.ts';
import { FIRE_HEADER, HEALTH_HEADER, fireRow, healthRow, render, tableCounts } from './support/extracts.ts';

const FIRE_DATE_INVALID = 'call_datetime is not a valid date-time in the form DD/MM/YYYY HH:MM';
const JSON_KEYS = [
  'file', 'extractId', 'sha256', 'partner', 'dataset', 'agreement', 'status', 'reason', 'rowsRead', 'rowsLoaded',
  'rowsQuarantined', 'rowsOutsideArea', 'outsideAreaByDistrict', 'quarantineReasons', 'fieldsDropped', 'periodStart', 'periodEnd', 'quality', 'replaces',
];

let dir: string;
let dbPath: string;
let env: Record<string, string>;
let fireBytes: Buffer;
let fireFile: string;
let refusedFile: string;

beforeEach(async () => {
  const base = await openTempObservatory();
  await base.close();
  ({ dir, dbPath } = base);
  env = observatoryEnv(dbPath);
  fireBytes = render(FIRE_HEADER, [fireRow(), fireRow({ call_datetime: '31/02/2018 10:15', ward_name: 'Euxton, "North"' }), fireRow({ incident_number: 'F2' })]).bytes;
  fireFile = await writeExtract(dir, 'fire-2018-01.csv', fireBytes);
  refusedFile = await writeExtract(dir, 'mystery.csv', 'colour,shape\nred,square\n');
});
afterEach(async () => {
  await removeDir(dir);
});
afterAll(disposeTemplates);

async function countsNow(): Promise<Record<string, number>> {
  const db = await Database.open(dbPath);
  try {
    return await tableCounts(db);
  } finally {
    await db.close();
  }
}

describe('observatory ingest', () => {
  test('--json prints one object per file and exits 1 when any file is refused', async () => {
    const run = await runCliProcess(['ingest', '--json', fireFile, refusedFile], env);

    expect(run.code, run.stderr).toBe(1);
    const [loaded, refused, ...more] = jsonLines(run.stdout);
    expect(more).toEqual([]);
    expect(Object.keys(loaded ?? {})).toEqual(JSON_KEYS);
    expect(loaded).toEqual({
      file: 'fire-2018-01.csv',
      extractId: 'EX-000001',
      sha256: createHash('sha256').update(fireBytes).digest('hex'),
      partner: 'fire',
      dataset: 'fire.incidents',
      agreement: { id: 'DSA-CSR-FIRE-INCIDENTS', version: '1.0' },
      status: 'loaded',
      reason: null,
      rowsRead: 3,
      rowsLoaded: 2,
      rowsQuarantined: 1,
      rowsOutsideArea: 0,
      outsideAreaByDistrict: [],
      quarantineReasons: { [FIRE_DATE_INVALID]: 1 },
      fieldsDropped: ['easting', 'northing', 'caller_name', 'address'],
      periodStart: '2018-01',
      periodEnd: '2018-01',
      quality: { encoding: 'utf-8', byteOrderMark: false, placedBy: { point: 2 }, codeDisagreements: 0, senderSuppressedRows: 0, ambiguousLsoa11Rows: 0 },
      replaces: [],
    });
    expect(refused).toMatchObject({
      file: 'mystery.csv',
      extractId: 'EX-000002',
      partner: null,
      dataset: null,
      status: 'refused',
      reason: expect.stringMatching(/^mystery\.csv:1: the first line matches no column name of any known dataset/),
      rowsRead: 0,
      rowsLoaded: 0,
    });

    // The same files again: the loaded one is unchanged, the refused one still refused.
    const again = await runCliProcess(['ingest', '--json', fireFile, refusedFile], env);
    expect(again.code).toBe(1);
    expect(jsonLines(again.stdout).map((r) => [r.file, r.status, r.extractId])).toEqual([
      ['fire-2018-01.csv', 'unchanged', 'EX-000001'],
      ['mystery.csv', 'refused', 'EX-000003'],
    ]);
  });

  test('--dry-run validates, exits 0 and writes nothing', async () => {
    const before = await countsNow();

    const run = await runCliProcess(['ingest', '--dry-run', '--json', fireFile], env);

    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ status: 'validated', extractId: null, rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 })]);
    expect(await countsNow()).toEqual(before);
  });

  test('the summary table goes to stdout, refusals to stderr, and the exit code says whether all loaded', async () => {
    const ok = await runCliInProcess(['ingest', fireFile], env);
    const refused = await runCliInProcess(['ingest', refusedFile], env);

    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/fire-2018-01\.csv\s+fire\.incidents\s+loaded\s+3\s+2\s+1\s+0\s+EX-000001/);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^refused mystery\.csv: mystery\.csv:1: the first line matches no column name/m);
  });

  test('--partner and --dataset force the layout; a header that does not fit it is refused', async () => {
    const missing = await writeExtract(dir, 'fire-no-deliberate.csv', 'incident_number,call_datetime,incident_group,incident_type,easting,northing\nF1,14/01/2018 19:05,Fire,Secondary fire,360214,413776\n');

    const forced = await runCliInProcess(['ingest', '--json', '--partner', 'fire', '--dataset', 'incidents', missing], env);
    const unknown = await runCliInProcess(['ingest', '--json', '--dataset', 'fire.engines', fireFile], env);
    const noFile = await runCliInProcess(['ingest', join(dir, 'nowhere.csv')], env);

    expect(forced.code).toBe(1);
    expect(jsonLines(forced.stdout)).toEqual([
      expect.objectContaining({ status: 'refused', reason: 'fire-no-deliberate.csv:1: header does not fit fire.incidents: missing "deliberate"' }),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^observatory: field "dataset": unknown dataset "fire\.engines"; known: police\.street_crime, fire\.incidents/);
    expect(noFile).toMatchObject({ code: 1 });
    expect(noFile.stderr).toBe(`observatory: ${join(dir, 'nowhere.csv')}: no such file\n`);
  });
});

describe('observatory extracts and quarantine', () => {
  beforeEach(async () => {
    const health = await writeExtract(dir, 'health-2018-01.csv', render(HEALTH_HEADER, [healthRow(), healthRow({ count: 'n/a' })]).bytes);
    const run = await runCliInProcess(['ingest', fireFile, health, refusedFile], env);
    expect(run.code).toBe(1);
  });

  test('extracts --json prints the log newest first, one object per line, with JSON values', async () => {
    const run = await runCliInProcess(['extracts', '--json'], env);

    expect(run.code).toBe(0);
    const rows = jsonLines(run.stdout);
    expect(rows.map((r) => [r.extractId, r.file, r.status])).toEqual([
      ['EX-000003', 'mystery.csv', 'refused'],
      ['EX-000002', 'health-2018-01.csv', 'loaded'],
      ['EX-000001', 'fire-2018-01.csv', 'loaded'],
    ]);
    expect(rows[2]).toMatchObject({
      partner: 'fire',
      dataset: 'fire.incidents',
      agreementId: 'DSA-CSR-FIRE-INCIDENTS',
      agreementVersion: '1.0',
      sha256: createHash('sha256').update(fireBytes).digest('hex'),
      generated: false,
      periodStart: '2018-01',
      periodEnd: '2018-01',
      rowsRead: 3,
      rowsLoaded: 2,
      rowsQuarantined: 1,
      rowsOutsideArea: 0,
      outsideAreaByDistrict: [],
      fieldsDropped: ['easting', 'northing', 'caller_name', 'address'],
      quarantineReasons: { [FIRE_DATE_INVALID]: 1 },
      quality: expect.objectContaining({ encoding: 'utf-8' }),
      loadedBy: 'test-runner',
      loadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      supersededBy: null,
      purgedAt: null,
      rowsPurged: null,
    });
    expect(rows[0]).toMatchObject({ refusalReason: expect.stringContaining('mystery.csv:1:'), rowsRead: 0 });

    const table = await runCliInProcess(['extracts'], env);
    expect(table.stdout).toMatch(/EX-000001\s+fire\.incidents\s+fire-2018-01\.csv\s+loaded\s+2018-01…2018-01\s+3\s+2\s+1/);
  });

  test('quarantine <id> --csv prints line, field, reason and kept values as CSV', async () => {
    const fire = await runCliInProcess(['quarantine', 'EX-000001', '--csv'], env);
    const health = await runCliInProcess(['quarantine', 'EX-000002', '--csv'], env);

    expect(fire.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(fire.stdout.trim(), { header: true });
    expect(parsed.meta.fields).toEqual(['line', 'field', 'reason', 'kept_values']);
    expect(parsed.data.map((r) => ({ ...r, kept_values: JSON.parse(r.kept_values ?? '') as unknown }))).toEqual([
      {
        line: '3',
        field: 'call_datetime',
        reason: FIRE_DATE_INVALID,
        kept_values: {
          call_datetime: '31/02/2018 10:15',
          incident_group: 'Fire',
          incident_type: 'Secondary fire',
          property_category: 'Outdoor',
          property_type: 'Wheelie bin',
          deliberate: 'Yes',
          ward_name: 'Euxton, "North"',
          // Stored as a pseudonym, printed masked: a pseudonym shown anywhere can be tested against guesses.
          incident_number: '(pseudonymised)',
        },
      },
    ]);
    // A reason with a comma and quotes is quoted, so the CSV still has four columns.
    expect(health.stdout.split('\n')[1]).toBe(`3,count,"count is not a whole number, ""*"" or ""<5""","{""lsoa_code"":""E01024915"",""measure"":""emergency_admissions"",""count"":""n/a""}"`);
  });

  test('quarantine without --csv prints a table; an unknown id is an error', async () => {
    const table = await runCliInProcess(['quarantine', 'EX-000001'], env);
    const unknown = await runCliInProcess(['quarantine', 'EX-999999'], env);
    const missing = await runCliInProcess(['quarantine'], env);

    expect(table.stdout).toMatch(/3\s+call_datetime\s+call_datetime is not a valid date-time/);
    expect(table.stdout).toContain('1 quarantined rows');
    expect(unknown).toMatchObject({ code: 1, stderr: 'observatory: field "extract-id": no extract "EX-999999"; observatory extracts lists them\n' });
    expect(missing).toMatchObject({ code: 2, stderr: 'give an extract id: observatory quarantine <extract-id> (observatory extracts lists them)\n' });
  });
});
