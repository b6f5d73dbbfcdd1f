/**
 * Issue 3, "Done when" 4, and issue 11's supersession without loss: the same bytes again change
 * nothing; a newer extract for the same dataset and period is held until confirmed, then replaces
 * the older one's rows (kept aside) while the extract log keeps both; a replaced extract can be
 * reinstated; a dry run writes nothing.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IngestOptions, IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { Database } from '../../pipeline/db/database.ts';
import { reinstateExtract } from '../../pipeline/ingest/supersession.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';
import { runCliInProcess } from './support/cli.ts';
import { FIRE_HEADER, HEALTH_HEADER, LSOA, fireRow, healthRow, render, tableCounts } from './support/extracts.ts';

let obs: TempObservatory;

beforeEach(async () => {
  obs = await openTempObservatory();
});
afterEach(async () => {
  await obs.dispose();
});
afterAll(disposeTemplates);

async function ingestBytes(name: string, bytes: Buffer, options: IngestOptions = {}): Promise<IngestResult> {
  return obs.ingest(await writeExtract(obs.dir, name, bytes), { today: '2026-11-23', ...options });
}

/** Everything an ingest could have written: row counts of every table and the whole extract log. */
async function snapshot() {
  return {
    counts: await tableCounts(obs),
    log: await obs.all(`SELECT * EXCLUDE (loaded_at), strftime(loaded_at, '%Y-%m-%d %H:%M:%S.%f') AS loaded_at FROM extract_log ORDER BY extract_id`),
    quarantine: await obs.all(`SELECT * FROM quarantine ORDER BY extract_id, line_number`),
  };
}

/** A health extract for 2018-01…2018-03 with the given count in every row. */
function healthQuarter(count: string, months = ['2018-01', '2018-02', '2018-03']): Buffer {
  const rows = months.flatMap((period) => [
    healthRow({ period, lsoa_code: LSOA.unchanged, count }),
    healthRow({ period, lsoa_code: LSOA.unchangedOther, count }),
    healthRow({ period, lsoa_code: LSOA.split11, count }), // quarantined (ambiguous), so the history has quarantine rows too
  ]);
  return render(HEALTH_HEADER, rows).bytes;
}

describe('the same bytes again', () => {
  test('are "unchanged", under any file name, and write nothing', async () => {
    const bytes = render(FIRE_HEADER, [fireRow(), fireRow({ call_datetime: '' }), fireRow({ incident_number: 'F2' })]).bytes;
    const first = await ingestBytes('fire-2018-01.csv', bytes);
    expect(first).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
    const before = await snapshot();

    const again = await ingestBytes('fire-2018-01.csv', bytes);
    const renamed = await ingestBytes('fire-2018-01 (copy).csv', bytes);
    const dryRun = await ingestBytes('fire-2018-01-dry.csv', bytes, { dryRun: true });

    for (const result of [again, renamed, dryRun]) {
      expect(result).toMatchObject({
        status: 'unchanged',
        extractId: first.extractId,
        sha256: first.sha256,
        reason: `the same bytes were loaded before as ${first.extractId}`,
        rowsRead: 3,
        rowsLoaded: 2,
        rowsQuarantined: 1,
        quarantineReasons: first.quarantineReasons,
        fieldsDropped: first.fieldsDropped,
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a refusal does not count as "loaded before": the same bytes load once an agreement is in force', async () => {
    const bytes = render(FIRE_HEADER, [fireRow()]).bytes;

    const refused = await ingestBytes('fire.csv', bytes, { today: '2017-03-31' }); // the day before the agreement starts
    const loaded = await ingestBytes('fire.csv', bytes, { today: '2017-04-01' });

    expect(refused.status).toBe('refused');
    expect(loaded).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
    expect(loaded.extractId).not.toBe(refused.extractId);
    expect(await obs.all(`SELECT extract_id, status FROM extract_log ORDER BY 1`)).toEqual([
      { extract_id: refused.extractId, status: 'refused' },
      { extract_id: loaded.extractId, status: 'loaded' },
    ]);
  });
});

describe('a newer extract for the same dataset and period', () => {
  test('is held until confirmed: refused naming the extract, its months, when and by whom it was loaded; nothing changes', async () => {
    const older = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const before = await snapshot();

    const held = await ingestBytes('health-2018-Q1-resent.csv', healthQuarter('9'));

    expect(held).toMatchObject({ status: 'refused', rowsLoaded: 0, supersededExtracts: [] });
    const [row] = await obs.all(`SELECT strftime(loaded_at, '%Y-%m-%d %H:%M UTC') AS at, loaded_by FROM extract_log WHERE extract_id = $id`, { id: older.extractId ?? '' });
    expect(held.reason).toContain(`2018-01, 2018-02, 2018-03 is already loaded as ${older.extractId} (health-2018-Q1.csv, 2018-01, 2018-02, 2018-03, 6 rows, loaded ${String(row?.at)} by ${String(row?.loaded_by)})`);
    expect(held.reason).toContain('--replace');
    expect(held.replaces).toEqual([
      { extractId: older.extractId, file: 'health-2018-Q1.csv', months: ['2018-01', '2018-02', '2018-03'], rowsLoaded: 6, loadedAt: String(row?.at), loadedBy: String(row?.loaded_by) },
    ]);
    // Only the refusal itself is logged; the month keeps its rows.
    expect((await snapshot()).counts).toEqual({ ...before.counts, extract_log: before.counts.extract_log! + 1 });
    expect(await obs.all(`SELECT DISTINCT count FROM health_activity`)).toEqual([{ count: 5 }]);
  });

  test('a dry run says it would be held, and writes nothing', async () => {
    await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const before = await snapshot();

    const dry = await ingestBytes('health-2018-Q1-resent.csv', healthQuarter('9'), { dryRun: true });

    expect(dry).toMatchObject({ status: 'refused', replaces: [expect.objectContaining({ months: ['2018-01', '2018-02', '2018-03'] })] });
    expect(await snapshot()).toEqual(before);
  });

  test('with replace, replaces the older rows, keeping them aside; the log keeps both and says which replaced which', async () => {
    const fire = await ingestBytes('fire-2018-01.csv', render(FIRE_HEADER, [fireRow()]).bytes);
    const older = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    expect(older).toMatchObject({ status: 'loaded', rowsLoaded: 6, rowsQuarantined: 3, periodStart: '2018-01', periodEnd: '2018-03' });

    const newer = await ingestBytes('health-2018-Q1-resent.csv', healthQuarter('9'), { replace: true });

    expect(newer).toMatchObject({ status: 'loaded', rowsLoaded: 6, rowsQuarantined: 3, supersededExtracts: [older.extractId], replaces: [] });
    expect(await obs.count('health_activity', older.extractId)).toBe(0);
    expect(await obs.count('health_activity_superseded', older.extractId)).toBe(6);
    expect(await obs.count('health_activity', newer.extractId)).toBe(6);
    expect(await obs.all(`SELECT DISTINCT count FROM health_activity`)).toEqual([{ count: 9 }]);
    expect(await obs.all(`SELECT extract_id, status, superseded_by FROM extract_log ORDER BY 1`)).toEqual([
      { extract_id: fire.extractId, status: 'loaded', superseded_by: null },
      { extract_id: older.extractId, status: 'loaded', superseded_by: newer.extractId },
      { extract_id: newer.extractId, status: 'loaded', superseded_by: null },
    ]);
    // History: the older extract's quarantine stays with it; another dataset of the same month is untouched.
    expect(await obs.count('quarantine', older.extractId)).toBe(3);
    expect(await obs.count('fire_incidents', fire.extractId)).toBe(1);
  });

  test('refuses to replace part of an older extract (the difference would publish that month), even with replace, and nothing changes', async () => {
    const quarter = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const before = await snapshot();

    const february = await ingestBytes('health-2018-02.csv', healthQuarter('11', ['2018-02']), { replace: true });

    expect(february).toMatchObject({ status: 'refused', rowsLoaded: 0 });
    expect(february.reason).toContain(`would replace only part of extract ${quarter.extractId} (2018-01 to 2018-03`);
    expect(february.reason).toContain('send one covering 2018-01 to 2018-03');
    // Only the refusal itself is logged.
    expect((await snapshot()).counts).toEqual({ ...before.counts, extract_log: before.counts.extract_log! + 1 });
    expect(await obs.count('health_activity', quarter.extractId)).toBe(6);
    expect(await obs.all(`SELECT superseded_by FROM extract_log WHERE extract_id = $id`, { id: quarter.extractId ?? '' })).toEqual([{ superseded_by: null }]);
  });
});

describe('a replaced extract', () => {
  /** The genuine quarter, then a crafted one-row file confirmed as its replacement. */
  async function replacedByOneRow() {
    const genuine = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const crafted = await ingestBytes(
      'health-2018-Q1-crafted.csv',
      render(HEALTH_HEADER, ['2018-01', '2018-02', '2018-03'].map((period) => healthRow({ period, lsoa_code: LSOA.unchanged, count: '1' }))).bytes,
      { replace: true },
    );
    expect(crafted).toMatchObject({ status: 'loaded', rowsLoaded: 3, supersededExtracts: [genuine.extractId] });
    return { genuine, crafted };
  }

  test('sent again without replace is refused, saying how to bring it back; nothing changes', async () => {
    const { genuine, crafted } = await replacedByOneRow();
    const before = await snapshot();

    const again = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));

    expect(again.status).toBe('refused');
    expect(again.reason).toContain(`these bytes were loaded as ${genuine.extractId}, which ${crafted.extractId} replaced`);
    expect(again.reason).toContain(`observatory extract reinstate ${genuine.extractId}`);
    expect((await snapshot()).counts).toEqual({ ...before.counts, extract_log: before.counts.extract_log! + 1 });
  });

  test('sent again with replace is reinstated: its rows return, and the extract that replaced it is set aside in turn', async () => {
    const { genuine, crafted } = await replacedByOneRow();

    const again = await ingestBytes('health-2018-Q1 (copy).csv', healthQuarter('5'), { replace: true });

    expect(again).toMatchObject({ status: 'loaded', extractId: genuine.extractId, rowsLoaded: 6, supersededExtracts: [crafted.extractId], periodStart: '2018-01', periodEnd: '2018-03' });
    expect(await obs.count('health_activity', genuine.extractId)).toBe(6);
    expect(await obs.count('health_activity', crafted.extractId)).toBe(0);
    expect(await obs.count('health_activity_superseded', crafted.extractId)).toBe(3);
    expect(await obs.count('health_activity_superseded')).toBe(3);
    expect(await obs.all(`SELECT extract_id, superseded_by FROM extract_log ORDER BY 1`)).toEqual([
      { extract_id: genuine.extractId, superseded_by: null },
      { extract_id: crafted.extractId, superseded_by: genuine.extractId },
    ]);
    // A reinstatement is audited with who did it.
    expect(await obs.all(`SELECT actor, action, target FROM audit_log WHERE action = 'reinstate'`)).toEqual([
      { actor: obs.observatory.ingest.loadedBy, action: 'reinstate', target: genuine.extractId },
    ]);
  });

  test('observatory extract reinstate <id> makes it current again, rebuilds the figures, and is refused for a current extract', async () => {
    const { genuine, crafted } = await replacedByOneRow();
    await obs.close();
    const env = observatoryEnv(obs.dbPath);

    const run = await runCliInProcess(['extract', 'reinstate', genuine.extractId ?? '', '--json'], env);
    const twice = await runCliInProcess(['extract', 'reinstate', genuine.extractId ?? ''], env);
    const unknown = await runCliInProcess(['extract', 'reinstate', 'EX-999999'], env);

    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ extractId: genuine.extractId, dataset: 'health.activity', superseded: [crafted.extractId], months: ['2018-01', '2018-02', '2018-03'] });
    expect((JSON.parse(run.stdout) as { builds: unknown[] }).builds).toHaveLength(1);
    expect(twice).toMatchObject({ code: 1 });
    expect(twice.stderr).toContain(`extract ${genuine.extractId} is current already`);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('no extract "EX-999999"');
    const db = await Database.open(obs.dbPath);
    try {
      expect(await db.all(`SELECT extract_id, count(*)::INTEGER AS n, max(count) AS count FROM health_activity GROUP BY 1`)).toEqual([
        { extract_id: genuine.extractId, n: 6, count: 5 },
      ]);
      // The rebuilt figures read the genuine rows: the health families' build covers them.
      expect(await db.all(`SELECT count(*)::INTEGER AS n FROM indicator_build`)).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  test('reinstating an extract that would replace part of a current one is refused, and nothing changes', async () => {
    const january = await ingestBytes('health-2018-01.csv', healthQuarter('5', ['2018-01']));
    const quarter = await ingestBytes('health-2018-Q1.csv', healthQuarter('7'), { replace: true });
    expect(quarter.supersededExtracts).toEqual([january.extractId]);
    const before = await snapshot();

    await expect(reinstateExtract(obs.observatory.db, january.extractId ?? '', 'test')).rejects.toThrow(
      `it would replace only part of extract ${quarter.extractId} (2018-01 to 2018-03; extract ${january.extractId} has no rows for 2018-02, 2018-03)`,
    );
    expect(await snapshot()).toEqual(before);
  });
});

test('a dry run reports what a load would do and writes nothing', async () => {
  const bytes = render(FIRE_HEADER, [fireRow(), fireRow({ easting: '0', northing: '0' })]).bytes;
  const before = await snapshot();

  const dry = await ingestBytes('fire-dry.csv', bytes, { dryRun: true });

  expect(dry).toMatchObject({ status: 'validated', extractId: null, rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1, supersededExtracts: [] });
  expect(dry.quarantineReasons).toEqual({ 'point is at 0,0 (no real location)': 1 });
  expect(await snapshot()).toEqual(before);
  // …and the real load afterwards gives the same figures.
  expect(await ingestBytes('fire-dry.csv', bytes)).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
});
