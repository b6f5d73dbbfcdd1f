/**
 * Issue 3, "Done when" 4: the same bytes again change nothing; a newer extract
 * for the same dataset and period replaces the older one's rows while the
 * extract log keeps both; a dry run writes nothing.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { IngestOptions, IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { disposeTemplates, openTempObservatory, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';
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
  test('replaces the older rows; the log keeps both and says which replaced which', async () => {
    const fire = await ingestBytes('fire-2018-01.csv', render(FIRE_HEADER, [fireRow()]).bytes);
    const older = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    expect(older).toMatchObject({ status: 'loaded', rowsLoaded: 6, rowsQuarantined: 3, periodStart: '2018-01', periodEnd: '2018-03' });

    const newer = await ingestBytes('health-2018-Q1-resent.csv', healthQuarter('9'));

    expect(newer).toMatchObject({ status: 'loaded', rowsLoaded: 6, rowsQuarantined: 3, supersededExtracts: [older.extractId] });
    expect(await obs.count('health_activity', older.extractId)).toBe(0);
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

  test('refuses to replace part of an older extract (the difference would publish that month), and nothing changes', async () => {
    const quarter = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const before = await snapshot();

    const february = await ingestBytes('health-2018-02.csv', healthQuarter('11', ['2018-02']));

    expect(february).toMatchObject({ status: 'refused', rowsLoaded: 0 });
    expect(february.reason).toContain(`would replace only part of extract ${quarter.extractId} (2018-01 to 2018-03`);
    expect(february.reason).toContain('send one covering 2018-01 to 2018-03');
    // Only the refusal itself is logged.
    expect((await snapshot()).counts).toEqual({ ...before.counts, extract_log: before.counts.extract_log! + 1 });
    expect(await obs.count('health_activity', quarter.extractId)).toBe(6);
    expect(await obs.all(`SELECT superseded_by FROM extract_log WHERE extract_id = $id`, { id: quarter.extractId ?? '' })).toEqual([{ superseded_by: null }]);
  });

  test('offering the replaced bytes again is "unchanged": it does not bring the old rows back', async () => {
    const older = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));
    const newer = await ingestBytes('health-2018-Q1-resent.csv', healthQuarter('9'));
    const before = await snapshot();

    const again = await ingestBytes('health-2018-Q1.csv', healthQuarter('5'));

    expect(again).toMatchObject({ status: 'unchanged', extractId: older.extractId });
    expect(await snapshot()).toEqual(before);
    expect(await obs.count('health_activity', newer.extractId)).toBe(6);
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
