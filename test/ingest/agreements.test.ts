/**
 * Issue 3, "Done when" 6: no extract loads without an agreement in force for
 * its partner and dataset; the refusal names the agreement and why; a broken
 * agreement file stops the observatory with file, field and reason.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import {
  copyPartnership,
  disposeTemplates,
  observatoryEnv,
  openTempObservatory,
  removeDir,
  writeExtract,
  type TempObservatory,
} from '../support/temp-observatory.ts';
import { jsonLines, runCliInProcess, runCliProcess } from './support/cli.ts';
import { FIRE_HEADER, HEALTH_HEADER, fireRow, healthRow, render, tableCounts } from './support/extracts.ts';

type Json = Record<string, unknown>;

let dir: string;
let dbPath: string;
let partnership: string;

beforeEach(async () => {
  // A database with the pilot reference loaded, beside a copy of the pilot folder whose agreements a test may edit.
  const base = await openTempObservatory();
  await base.close();
  dir = base.dir;
  dbPath = base.dbPath;
  partnership = await copyPartnership(dir);
});
afterEach(async () => {
  await removeDir(dir);
});
afterAll(disposeTemplates);

const agreementFile = (name: string) => join(partnership, 'agreements', name);

async function editAgreement(name: string, edit: (agreement: Json) => Json): Promise<void> {
  const file = agreementFile(name);
  await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, 'utf8')) as Json), null, 2));
}

async function openCopy(): Promise<TempObservatory> {
  return openTempObservatory({ dir, partnershipDir: partnership });
}

/** Row counts of every table of a closed database file. */
async function countsOf(path: string): Promise<Record<string, number>> {
  const db = await Database.open(path);
  try {
    return await tableCounts(db);
  } finally {
    await db.close();
  }
}

const fireExtract = () => writeExtract(dir, 'fire-2018-01.csv', render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' })]).bytes);

describe('no agreement in force', () => {
  test('an expired agreement refuses the extract, naming the agreement, its version and expiry', async () => {
    const obs = await openCopy();
    try {
      const file = await fireExtract();

      const result = await obs.ingest(file, { today: '2030-04-01' });

      const reason =
        'fire-2018-01.csv field "dataset": agreement DSA-CSR-FIRE-INCIDENTS v1.0 for fire.incidents expired on 2030-03-31; no agreement is in force on 2030-04-01';
      expect(result).toMatchObject({ status: 'refused', reason, partner: 'fire', dataset: 'fire.incidents', agreement: null, rowsRead: 0 });
      expect(await obs.all(`SELECT extract_id, partner, dataset, status, refusal_reason, agreement_id FROM extract_log`)).toEqual([
        { extract_id: result.extractId, partner: 'fire', dataset: 'fire.incidents', status: 'refused', refusal_reason: reason, agreement_id: null },
      ]);
      expect(await obs.count('fire_incidents')).toBe(0);
      expect(await obs.count('quarantine')).toBe(0);
    } finally {
      await obs.close();
    }
  });

  test('an agreement edited to have expired refuses the CLI ingest (exit 1, reason in the JSON)', async () => {
    await editAgreement('fire-incidents.json', (a) => ({ ...a, validTo: '2020-12-31' }));
    const file = await fireExtract();

    const run = await runCliProcess(['ingest', '--json', file], observatoryEnv(dbPath, { partnershipDir: partnership }));

    expect(run.code, run.stderr).toBe(1);
    const [result] = jsonLines(run.stdout);
    expect(result).toMatchObject({ status: 'refused', dataset: 'fire.incidents', rowsLoaded: 0 });
    expect(String(result?.reason)).toMatch(/agreement DSA-CSR-FIRE-INCIDENTS v1\.0 for fire\.incidents expired on 2020-12-31; no agreement is in force on \d{4}-\d{2}-\d{2}$/);
  });

  test('a missing agreement refuses the extract', async () => {
    await rm(agreementFile('health-activity.json'));
    const obs = await openCopy();
    try {
      const file = await writeExtract(dir, 'health.csv', render(HEALTH_HEADER, [healthRow()]).bytes);

      const result = await obs.ingest(file, { today: '2026-11-23' });

      expect(result).toMatchObject({
        status: 'refused',
        reason: 'health.csv field "dataset": no data-sharing agreement exists for health.activity; it cannot be loaded',
      });
      expect(await obs.count('health_activity')).toBe(0);
    } finally {
      await obs.close();
    }
  });

  test('an agreement not yet in force refuses the extract', async () => {
    const obs = await openCopy();
    try {
      const result = await obs.ingest(await fireExtract(), { today: '2017-03-31' });

      expect(result.reason).toBe(
        'fire-2018-01.csv field "dataset": agreement DSA-CSR-FIRE-INCIDENTS v1.0 for fire.incidents is not in force until 2017-04-01; no agreement is in force on 2017-03-31',
      );
    } finally {
      await obs.close();
    }
  });
});

test('the latest version in force applies, and the extract log records it', async () => {
  // Version 1.1 from 2026 stops keeping property_type.
  const v10 = JSON.parse(await readFile(agreementFile('fire-incidents.json'), 'utf8')) as {
    validTo: string;
    fields: { kept: { name: string }[]; dropped: string[] };
  };
  await editAgreement('fire-incidents.json', (a) => ({ ...a, validTo: '2025-12-31' }));
  await writeFile(
    agreementFile('fire-incidents-v1.1.json'),
    JSON.stringify({
      ...v10,
      version: '1.1',
      validFrom: '2026-01-01',
      fields: { ...v10.fields, kept: v10.fields.kept.filter((f) => f.name !== 'property_type'), dropped: [...v10.fields.dropped, 'property_type'] },
    }),
  );
  const obs = await openCopy();
  try {
    const old = await obs.ingest(await writeExtract(dir, 'fire-a.csv', render(FIRE_HEADER, [fireRow()]).bytes), { today: '2025-06-01' });
    const current = await obs.ingest(await writeExtract(dir, 'fire-b.csv', render(FIRE_HEADER, [fireRow({ call_datetime: '14/02/2018 10:00' })]).bytes), {
      today: '2026-11-23',
    });

    expect(old).toMatchObject({ status: 'loaded', agreement: { id: 'DSA-CSR-FIRE-INCIDENTS', version: '1.0' } });
    expect(current).toMatchObject({ status: 'loaded', agreement: { id: 'DSA-CSR-FIRE-INCIDENTS', version: '1.1' } });
    expect(current.fieldsDropped).toContain('property_type');
    expect(await obs.all(`SELECT extract_id, agreement_version, property_type FROM extract_log JOIN fire_incidents USING (extract_id) ORDER BY 1`)).toEqual([
      { extract_id: old.extractId, agreement_version: '1.0', property_type: 'Wheelie bin' },
      { extract_id: current.extractId, agreement_version: '1.1', property_type: null },
    ]);
  } finally {
    await obs.close();
  }
});

describe('a broken agreement file', () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['a field of the wrong type', (t) => JSON.stringify({ ...(JSON.parse(t) as Json), retentionDays: 'five years' }), /field "retentionDays": retentionDays .+/],
    ['invalid JSON', (t) => t.replace('"validTo"', 'validTo'), /: is not valid JSON: .+/],
    [
      'a personal field it tries to keep',
      (t) => {
        const a = JSON.parse(t) as { fields: { kept: { name: string; type: string }[]; dropped: string[] } };
        return JSON.stringify({ ...a, fields: { ...a.fields, kept: [...a.fields.kept, { name: 'caller_name', type: 'string' }], dropped: a.fields.dropped.filter((d) => d !== 'caller_name') } });
      },
      /field "fields": field "caller_name" cannot be kept: it is not a storable field of fire\.incidents$/,
    ],
    ['validTo before validFrom', (t) => JSON.stringify({ ...(JSON.parse(t) as Json), validTo: '2016-01-01' }), /field "validTo": validTo is before validFrom$/],
  ];

  test.each(cases)('%s stops the ingest with file, field and reason, writing nothing', async (_label, breakIt, expected) => {
    const file = agreementFile('fire-incidents.json');
    await writeFile(file, breakIt(await readFile(file, 'utf8')));
    const extract = await fireExtract();
    const env = observatoryEnv(dbPath, { partnershipDir: partnership });

    const run = await runCliInProcess(['ingest', '--json', extract], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const message = run.stderr.trim();
    expect(message.startsWith(`observatory: ${file}`), message).toBe(true);
    expect(message).toMatch(expected);
    expect((await countsOf(dbPath)).extract_log).toBe(0);
  });

  test('the real binary exits 1 and prints the file, field and reason', async () => {
    const file = agreementFile('fire-incidents.json');
    await editAgreement('fire-incidents.json', (a) => ({ ...a, retentionDays: -5 }));
    const before = await countsOf(dbPath);

    const run = await runCliProcess(['ingest', await fireExtract()], observatoryEnv(dbPath, { partnershipDir: partnership }));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^observatory: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} field "retentionDays": retentionDays .+\\n$`));
    expect(await countsOf(dbPath)).toEqual(before);
  });
});
