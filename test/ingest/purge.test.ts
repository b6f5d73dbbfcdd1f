/**
 * Retention (DESIGN.md §3): `observatory purge` deletes the raw rows of extracts
 * past their agreement's retentionDays, records it in the extract log and the
 * audit log, and leaves the published aggregates alone.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import type { IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { purgeExpiredRows } from '../../pipeline/retention/purge-expired-rows.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';
import { runCliInProcess } from './support/cli.ts';
import { FIRE_HEADER, HEALTH_HEADER, LSOA, POLICE_HEADER, fireRow, healthRow, policeRow, render, tableCounts } from './support/extracts.ts';

let obs: TempObservatory;
let fire: IngestResult;
let health: IngestResult;
let police: IngestResult;
/** The day the extracts were loaded (the database's clock), from which retention runs. */
let loadedOn: string;

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeEach(async () => {
  obs = await openTempObservatory();
  const ingest = async (name: string, header: readonly string[], rows: string[][]) =>
    obs.ingest(await writeExtract(obs.dir, name, render(header, rows).bytes), { today: '2026-11-23' });
  // fire and health agreements keep raw rows 1825 days, police 3650.
  fire = await ingest('fire.csv', FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' }), fireRow({ call_datetime: '' })]);
  health = await ingest('health.csv', HEALTH_HEADER, [healthRow(), healthRow({ lsoa_code: LSOA.split11 }), healthRow({ lsoa_code: LSOA.unchangedOther })]);
  police = await ingest('police.csv', POLICE_HEADER, [policeRow(), policeRow({ Month: '' })]);
  expect([fire.status, health.status, police.status]).toEqual(['loaded', 'loaded', 'loaded']);
  await buildIndicators(obs.observatory.db, obs.observatory.definitions, obs.observatory.agreements, { full: true }, '2026-11-23');
  const [row] = await obs.all(`SELECT strftime(min(loaded_at), '%Y-%m-%d') AS day FROM extract_log`);
  loadedOn = String(row?.day);
});
afterEach(async () => {
  await obs.dispose();
});
afterAll(disposeTemplates);

/** A fingerprint of every indicator value, to show a purge leaves them untouched. */
async function indicatorFingerprint(): Promise<{ n: number; digest: string }> {
  const [row] = await obs.all(`SELECT count(*)::INTEGER AS n, coalesce(md5(string_agg(v::VARCHAR, '|' ORDER BY v::VARCHAR)), '') AS digest FROM indicator_value v`);
  return { n: Number(row?.n), digest: String(row?.digest) };
}

const purge = (today: string, dryRun = false) => purgeExpiredRows(obs.observatory.db, obs.observatory.agreements, { today, dryRun, actor: 'retention-test' });

test('nothing is purged on the last day of retention', async () => {
  const summary = await purge(addDays(loadedOn, 1825));

  expect(summary).toMatchObject({ extracts: [], rowsPurged: 0, skipped: [] });
  expect(await obs.count('fire_incidents')).toBe(2);
});

test('the day after, raw rows past retention go; others, the log history and the indicators stay', async () => {
  const indicatorsBefore = await indicatorFingerprint();
  expect(indicatorsBefore.n).toBeGreaterThan(0);
  const today = addDays(loadedOn, 1826);

  const summary = await purge(today);

  const keepUntil = addDays(loadedOn, 1825);
  expect(summary).toEqual({
    today,
    dryRun: false,
    rowsPurged: 3 + 3,
    skipped: [],
    extracts: [
      {
        extractId: fire.extractId,
        dataset: 'fire.incidents',
        agreement: { id: 'DSA-CSR-FIRE-INCIDENTS', version: '1.0' },
        loadedOn,
        retentionDays: 1825,
        keepUntil,
        datasetRows: 2,
        quarantineRows: 1,
      },
      {
        extractId: health.extractId,
        dataset: 'health.activity',
        agreement: { id: 'DSA-CSR-NHS-ACTIVITY', version: '1.0' },
        loadedOn,
        retentionDays: 1825,
        keepUntil,
        datasetRows: 2,
        quarantineRows: 1,
      },
    ],
  });
  expect(await obs.count('fire_incidents')).toBe(0);
  expect(await obs.count('health_activity')).toBe(0);
  expect(await obs.count('police_street_crime', police.extractId)).toBe(1);
  expect(await obs.all(`SELECT DISTINCT extract_id FROM quarantine`)).toEqual([{ extract_id: police.extractId }]);
  expect(await obs.all(`SELECT extract_id, status, rows_loaded, purged_at IS NOT NULL AS purged, rows_purged FROM extract_log ORDER BY 1`)).toEqual([
    { extract_id: fire.extractId, status: 'loaded', rows_loaded: 2, purged: true, rows_purged: 3 },
    { extract_id: health.extractId, status: 'loaded', rows_loaded: 2, purged: true, rows_purged: 3 },
    { extract_id: police.extractId, status: 'loaded', rows_loaded: 1, purged: false, rows_purged: null },
  ]);
  expect(await indicatorFingerprint()).toEqual(indicatorsBefore);
  expect(await obs.all(`SELECT actor, action, target, outcome FROM audit_log ORDER BY target`)).toEqual([
    {
      actor: 'retention-test',
      action: 'purge',
      target: fire.extractId,
      outcome: `purged 2 rows and 1 quarantined rows: loaded ${loadedOn}, kept 1825 days under DSA-CSR-FIRE-INCIDENTS v1.0 (until ${keepUntil})`,
    },
    {
      actor: 'retention-test',
      action: 'purge',
      target: health.extractId,
      outcome: `purged 2 rows and 1 quarantined rows: loaded ${loadedOn}, kept 1825 days under DSA-CSR-NHS-ACTIVITY v1.0 (until ${keepUntil})`,
    },
    { actor: 'retention-test', action: 'purge', target: 'retention', outcome: `2 extracts, 6 rows purged as of ${today}` },
  ]);
});

test('a second purge finds nothing more, and police rows go only after their own 3650 days', async () => {
  await purge(addDays(loadedOn, 1826));

  expect(await purge(addDays(loadedOn, 1900))).toMatchObject({ extracts: [], rowsPurged: 0 });
  const late = await purge(addDays(loadedOn, 3651));

  expect(late.extracts.map((e) => [e.extractId, e.retentionDays, e.datasetRows, e.quarantineRows])).toEqual([[police.extractId, 3650, 1, 1]]);
  expect(await obs.count('police_street_crime')).toBe(0);
  expect(await obs.count('quarantine')).toBe(0);
  expect(await obs.all(`SELECT count(*)::INTEGER AS n FROM audit_log WHERE target = 'retention'`)).toEqual([{ n: 3 }]);
});

test('a dry run reports the same and writes nothing', async () => {
  const today = addDays(loadedOn, 4000);
  const before = { counts: await tableCounts(obs), log: await obs.all(`SELECT * FROM extract_log ORDER BY 1`) };

  const dry = await purge(today, true);

  expect(dry).toMatchObject({ dryRun: true, rowsPurged: 3 + 3 + 2 });
  expect(dry.extracts.map((e) => e.extractId)).toEqual([fire.extractId, health.extractId, police.extractId]);
  expect({ counts: await tableCounts(obs), log: await obs.all(`SELECT * FROM extract_log ORDER BY 1`) }).toEqual(before);
  const real = await purge(today);
  expect({ ...real, dryRun: true }).toEqual(dry);
});

test("a superseded extract's rows kept for a reinstatement, and its quarantine rows, are purged too", async () => {
  const newer = await obs.ingest(
    await writeExtract(obs.dir, 'fire-resent.csv', render(FIRE_HEADER, [fireRow({ incident_number: 'F9' })]).bytes),
    { today: '2026-11-23', replace: true },
  );
  expect(newer.supersededExtracts).toEqual([fire.extractId]);
  expect(await obs.count('fire_incidents_superseded', fire.extractId)).toBe(2);

  const summary = await purge(addDays(loadedOn, 1826));

  const older = summary.extracts.find((e) => e.extractId === fire.extractId);
  expect(older).toMatchObject({ datasetRows: 2, quarantineRows: 1 });
  expect(await obs.count('fire_incidents_superseded')).toBe(0);
  expect(summary.extracts.find((e) => e.extractId === newer.extractId)).toMatchObject({ datasetRows: 1, quarantineRows: 0 });
});

test('an extract whose agreement is no longer known is not judged', async () => {
  const withoutPolice = obs.observatory.agreements.filter((a) => a.dataset !== 'police.street_crime');

  const summary = await purgeExpiredRows(obs.observatory.db, withoutPolice, { today: addDays(loadedOn, 4000), actor: 'retention-test' });

  expect(summary.skipped).toEqual([{ extractId: police.extractId, reason: 'agreement DSA-CSR-POLICE-STREET-CRIME is not in the partnership folder' }]);
  expect(await obs.count('police_street_crime')).toBe(1);
});

describe('observatory purge', () => {
  test('--json prints the summary; --dry-run writes nothing; a bad --today is an input error', async () => {
    await obs.close();
    const env = observatoryEnv(obs.dbPath);
    const today = addDays(loadedOn, 1826);

    const dry = await runCliInProcess(['purge', '--dry-run', '--json', '--today', today], env);
    const real = await runCliInProcess(['purge', '--today', today], env);
    const again = await runCliInProcess(['purge', '--json', '--today', today], env);
    const bad = await runCliInProcess(['purge', '--today', '23/11/2031'], env);

    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ today, dryRun: true, rowsPurged: 6, extracts: [{ extractId: fire.extractId }, { extractId: health.extractId }] });
    expect(real.code).toBe(0);
    expect(real.stdout).toContain(`Purged 6 raw rows of 2 extracts past retention on ${today}`);
    expect(real.stdout).toContain(String(fire.extractId));
    expect(JSON.parse(again.stdout)).toMatchObject({ dryRun: false, rowsPurged: 0, extracts: [] });
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toBe('observatory: field "today": today must be a date in the form YYYY-MM-DD\n');
    const extracts = await runCliInProcess(['extracts', '--json'], env);
    const rows = extracts.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => [r.extractId, r.rowsPurged, typeof r.purgedAt])).toEqual([
      [police.extractId, null, 'object'],
      [health.extractId, 3, 'string'],
      [fire.extractId, 3, 'string'],
    ]);
  });
});
