/**
 * Issue 3, "Done when" 2: personal data planted in extracts (caller names,
 * addresses, phone numbers, raw references) reaches no table, no byte of the
 * database or its WAL, no CLI output and no server log or API response; nor
 * does the pseudonymisation key.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { Database } from '../../pipeline/db/database.ts';
import {
  TEST_PSEUDONYM_KEY,
  disposeTemplates,
  observatoryEnv,
  openTempObservatory,
  removeDir,
  writeExtract,
} from '../support/temp-observatory.ts';
import { jsonLines, runCliInProcess, runCliProcess, startCliProcess, waitForOutput, type CliRun } from './support/cli.ts';
import { COUNCIL_HEADER, FIRE_HEADER, OUTSIDE_BNG, POLICE_HEADER, councilRow, fireRow, policeRow, render } from './support/extracts.ts';

const NAME = 'Zebedee Quixotic-Marmaduke';
const ADDRESS = '17 Wobblethorpe Lane, Chorley, PR7 9QQ';
const PHONE = '01632 960417';
const INCIDENT_NUMBER = 'F2018PLANTED01';
const CASE_REF = 'SR-PLANTED-0001';
/** A value the agreement keeps: the positive control that the searches can find what is there. */
const KEPT_MARKER = 'Xylophone Repair Workshop';

/** Every form in which the planted data could leak, searched case-insensitively. */
const FORBIDDEN = ['Zebedee', 'Quixotic', 'Marmaduke', 'Wobblethorpe', PHONE, '960417', INCIDENT_NUMBER, CASE_REF, TEST_PSEUDONYM_KEY];

function plantedFire(tag: string): string[][] {
  return [
    fireRow({ incident_number: INCIDENT_NUMBER, caller_name: NAME, address: ADDRESS, property_type: KEPT_MARKER }),
    fireRow({ incident_number: `${INCIDENT_NUMBER}-${tag}`, caller_name: NAME, address: `Flat 2,\n${ADDRESS}` }),
    fireRow({ caller_name: NAME, address: ADDRESS, call_datetime: '31/02/2018 10:15' }), // quarantined: date
    fireRow({ caller_name: NAME, address: ADDRESS, easting: '0', northing: '0' }), // quarantined: 0,0
    fireRow({ caller_name: NAME, address: ADDRESS, ...OUTSIDE_BNG }), // outside the area: counted, nothing kept
    fireRow({ caller_name: NAME, address: ADDRESS, incident_group: 'Rescue' }), // quarantined: not a known group
    [...fireRow({ caller_name: NAME, address: ADDRESS }), PHONE], // quarantined: one field too many
    fireRow({ incident_number: INCIDENT_NUMBER, caller_name: '', address: '' }).slice(0, 11), // quarantined: one field short
  ];
}

let dir: string;
let dbPath: string;
let env: Record<string, string>;
const outputs: { label: string; text: string }[] = [];
const ingested: Record<string, unknown>[] = [];
let walBytes: Buffer | null = null;
let dbBytesWhileServing: Buffer | null = null;

function remember(label: string, run: CliRun): CliRun {
  outputs.push({ label: `${label} stdout`, text: run.stdout }, { label: `${label} stderr`, text: run.stderr });
  return run;
}

beforeAll(async () => {
  const obs = await openTempObservatory();
  await obs.close();
  dir = obs.dir;
  dbPath = obs.dbPath;
  env = observatoryEnv(dbPath);

  const fire = await writeExtract(dir, 'fire-planted.csv', render(FIRE_HEADER, plantedFire('cli'), { eol: '\r\n' }).bytes);
  const council = await writeExtract(
    dir,
    'council-planted.csv',
    render(COUNCIL_HEADER, [
      councilRow({ case_ref: CASE_REF, complainant_name: NAME, complainant_phone: PHONE, postcode: 'PR7 9QQ' }),
      councilRow({ complainant_name: NAME, complainant_phone: PHONE, received_date: '' }),
      councilRow({ case_ref: CASE_REF, complainant_name: NAME, complainant_phone: PHONE, easting: '', northing: '' }),
    ]).bytes,
  );
  const police = await writeExtract(
    dir,
    'police-planted.csv',
    render(POLICE_HEADER, [policeRow({ Context: `Caller ${NAME} of ${ADDRESS}` }), policeRow({ Month: '', Context: NAME })]).bytes,
  );
  const notes = await writeExtract(
    dir,
    'fire-planted-notes.csv',
    render(FIRE_HEADER, [[...fireRow(), `${NAME} rang back on ${PHONE}`]], { headerLine: `${FIRE_HEADER.join(',')},caller_notes` }).bytes,
  );
  // No header: the first line is a record with the name and address in it, and must not be echoed.
  const headerless = await writeExtract(
    dir,
    'fire-planted-headerless.csv',
    render(FIRE_HEADER, plantedFire('headerless').slice(1), { headerLine: csvLine(plantedFire('headerless')[0] ?? []) }).bytes,
  );

  // Child processes catch everything the real binary prints; the in-process runs cover the other output forms quickly.
  const ingest = remember('ingest --json', await runCliProcess(['ingest', '--json', '--replace', fire, council, police, notes, headerless], env)); // the notes file revises the fire month
  expect(ingest.code, ingest.stderr).toBe(1); // the headerless file is refused
  ingested.push(...jsonLines(ingest.stdout));
  const loadedIds = ingested.filter((r) => r.status === 'loaded').map((r) => String(r.extractId));
  remember('extracts --json', await runCliProcess(['extracts', '--json'], env));
  remember(`quarantine ${loadedIds[0]} --csv`, await runCliProcess(['quarantine', loadedIds[0] ?? '', '--csv'], env));
  remember('ingest (table)', await runCliInProcess(['ingest', fire, headerless], env));
  remember('extracts', await runCliInProcess(['extracts'], env));
  for (const id of loadedIds) {
    remember(`quarantine ${id} --csv`, await runCliInProcess(['quarantine', id, '--csv'], env));
    remember(`quarantine ${id}`, await runCliInProcess(['quarantine', id], env));
  }

  // The server: an analyst uploads another planted file through the API; its logs and answers are captured.
  expect((await runCliInProcess(['user', 'add', 'uploader', '--role', 'analyst'], env)).code).toBe(0);
  const issued = JSON.parse((await runCliInProcess(['token', 'create', 'uploader', '--json'], env)).stdout) as { token: string };
  const auth = { authorization: `Bearer ${issued.token}` };
  const server = startCliProcess(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1' });
  try {
    await waitForOutput(server, () => /Observatory ready at (http:\/\/127\.0\.0\.1:\d+\/)/.test(server.stdout()));
    const url = /Observatory ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(server.stdout())?.[1] ?? '';
    const upload = async (name: string, rows: string[][], headerLine?: string) => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(render(FIRE_HEADER, rows, headerLine ? { headerLine } : {}).bytes)]), name);
      form.set('replace', 'true'); // the fire month is loaded already
      const response = await fetch(new URL('api/extracts', url), { method: 'POST', body: form, headers: auth });
      const text = await response.text();
      outputs.push({ label: `POST ${name} → ${response.status}`, text });
      return JSON.parse(text) as { result: { extractId: string; status: string } };
    };
    const uploaded = await upload('fire-planted-upload.csv', plantedFire('upload'));
    expect(uploaded.result.status).toBe('loaded');
    const refused = await upload('fire-planted-upload-headerless.csv', plantedFire('upload-headerless').slice(1), csvLine(plantedFire('x')[0] ?? []));
    expect(refused.result.status).toBe('refused');
    for (const path of ['api/extracts', `api/extracts/${uploaded.result.extractId}/quarantine`, 'api/extracts/EX-999999/quarantine']) {
      const response = await fetch(new URL(path, url), { headers: auth });
      outputs.push({ label: `GET ${path} → ${response.status}`, text: await response.text() });
    }
    // While the server holds the database the latest writes are in the WAL.
    dbBytesWhileServing = await readFile(dbPath);
    walBytes = existsSync(`${dbPath}.wal`) ? await readFile(`${dbPath}.wal`) : null;
  } finally {
    server.child.kill('SIGTERM');
    remember('serve', await server.exited);
  }
}, 180_000);

afterAll(async () => {
  await removeDir(dir);
  await disposeTemplates();
});

function expectNoPlantedData(label: string, text: string): void {
  for (const token of FORBIDDEN) expect(text.toLowerCase().includes(token.toLowerCase()), `${label} contains "${token}"`).toBe(false);
}

describe('planted personal data', () => {
  test('the extracts were really loaded and quarantined (the scenario is not vacuous)', () => {
    const byFile = Object.fromEntries(ingested.map((r) => [String(r.file), r]));
    expect(byFile['fire-planted.csv']).toMatchObject({ status: 'loaded', rowsRead: 8, rowsLoaded: 2, rowsQuarantined: 5, rowsOutsideArea: 1 });
    expect(byFile['council-planted.csv']).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 1, rowsQuarantined: 2 });
    expect(byFile['police-planted.csv']).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
    expect(byFile['fire-planted-notes.csv']).toMatchObject({ status: 'loaded', rowsLoaded: 1, fieldsDropped: ['easting', 'northing', 'caller_name', 'address', 'caller_notes'] });
    expect(byFile['fire-planted-headerless.csv']).toMatchObject({ status: 'refused' });
    expect(outputs.length).toBeGreaterThan(10);
  });

  test('no CLI output, server log or API response contains it', () => {
    for (const { label, text } of outputs) expectNoPlantedData(label, text);
    // Positive control: the kept value is visible where it should be.
    expect(outputs.some(({ text }) => text.includes('DSA-CSR-FIRE-INCIDENTS'))).toBe(true);
  });

  test('no VARCHAR or JSON column of any table contains it, nor the pseudonymisation key', async () => {
    const db = await Database.open(dbPath);
    try {
      const columns = await db.all(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'main' AND (data_type LIKE 'VARCHAR%' OR data_type = 'JSON') ORDER BY table_name, column_name`,
      );
      expect(columns.length).toBeGreaterThan(30);
      const count = async (table: string, column: string, token: string) => {
        const rows = await db.all(`SELECT count(*)::INTEGER AS n FROM "${table}" WHERE contains(lower("${column}"), lower($token))`, { token });
        return Number(rows[0]?.n);
      };
      const hits: string[] = [];
      for (const { table_name, column_name } of columns) {
        for (const token of FORBIDDEN) {
          if ((await count(String(table_name), String(column_name), token)) > 0) hits.push(`${String(table_name)}.${String(column_name)} ∋ ${token}`);
        }
      }
      expect(hits).toEqual([]);
      // The upload covered the same month, so it replaced the CLI's rows: one row carries the marker.
      expect(await count('fire_incidents', 'property_type', KEPT_MARKER)).toBe(1);
    } finally {
      await db.close();
    }
  });

  test('no byte of the database file or its WAL contains it', async () => {
    const searched: [string, Buffer][] = [['observatory.duckdb', await readFile(dbPath)]];
    if (dbBytesWhileServing) searched.push(['observatory.duckdb while serving', dbBytesWhileServing]);
    // The server's upload was committed but not yet checkpointed, so the WAL held its rows.
    expect(walBytes?.length ?? 0).toBeGreaterThan(0);
    if (walBytes) searched.push(['observatory.duckdb.wal while serving', walBytes]);
    if (existsSync(`${dbPath}.wal`)) searched.push(['observatory.duckdb.wal', await readFile(`${dbPath}.wal`)]);
    for (const [label, bytes] of searched) {
      for (const token of FORBIDDEN) {
        for (const variant of new Set([token, token.toLowerCase(), token.toUpperCase()])) {
          expect(bytes.includes(Buffer.from(variant, 'utf8')), `${label} contains "${variant}"`).toBe(false);
          expect(bytes.includes(Buffer.from(variant, 'utf16le')), `${label} contains UTF-16 "${variant}"`).toBe(false);
        }
      }
    }
    expect(existsSync(join(dir, 'pseudonym.key'))).toBe(false); // the key came from the environment; none was written beside the data
  });
});
