/**
 * Issue 11: `observatory check` passes on a consistent database and, on one corrupted in each way it
 * looks for, exits 1 naming every problem: counts that do not add up or match the rows, orphan rows,
 * figures not built from the extracts in force, an unknown agreement, overdue retention, a bad user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { checkDatabase, type CheckReport } from '../../pipeline/integrity/check-database.ts';
import { runCliInProcess } from '../ingest/support/cli.ts';
import { FIRE_HEADER, HEALTH_HEADER, LSOA, POLICE_HEADER, fireRow, healthRow, policeRow, render } from '../ingest/support/extracts.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, PILOT_DIR, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
let obs: TempObservatory;
const ids = { fire: '', health: '', healthRevised: '' };

beforeAll(async () => {
  obs = await openTempObservatory();
  const ingest = async (name: string, bytes: Buffer, replace = false) => {
    const result = await obs.ingest(await writeExtract(obs.dir, name, bytes), { today: TODAY, replace });
    expect(result.status, result.reason ?? '').toBe('loaded');
    return result.extractId ?? '';
  };
  ids.fire = await ingest('fire.csv', render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' }), fireRow({ call_datetime: '' })]).bytes);
  ids.health = await ingest('health.csv', render(HEALTH_HEADER, [healthRow(), healthRow({ lsoa_code: LSOA.unchangedOther })]).bytes);
  // A revision, so the check meets rows set aside too.
  ids.healthRevised = await ingest('health-revised.csv', render(HEALTH_HEADER, [healthRow({ count: '7' }), healthRow({ lsoa_code: LSOA.split11 })]).bytes, true);
  await obs.ingest(await writeExtract(obs.dir, 'mystery.csv', 'a,b\n1,2\n'), { today: TODAY }); // a refusal in the log
  const { db, definitions, agreements } = obs.observatory;
  await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
}, 120_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

const check = (today = TODAY): Promise<CheckReport> => checkDatabase(obs.observatory.db, PILOT_DIR, today);

describe('observatory check', () => {
  it('passes on a consistent database, with loads, a revision, a refusal and a build', async () => {
    expect(await check()).toEqual({ ok: true, extracts: 4, problems: [] });
    // Years later, the same database has raw rows overdue for a purge.
    expect((await check('2040-01-01')).problems.map((p) => p.check)).toContain('retention');
  });

  it('names every problem of a corrupted database, and exits 1', async () => {
    const { db } = obs.observatory;
    await db.exec(`DELETE FROM fire_incidents WHERE extract_id = $id AND line_number = 3`, { id: ids.fire });
    await db.exec(`INSERT INTO quarantine VALUES ('EX-999999', 2, NULL, 'planted', '{}')`);
    await db.exec(`UPDATE extract_log SET rows_read = rows_read + 1 WHERE extract_id = $id`, { id: ids.healthRevised });
    await db.exec(`INSERT INTO health_activity SELECT * FROM health_activity_superseded WHERE extract_id = $id`, { id: ids.health });
    await db.exec(`UPDATE extract_log SET agreement_version = '9.9' WHERE extract_id = $id`, { id: ids.fire });
    await db.exec(`INSERT INTO observatory_user VALUES ('wizard', 'wizard', false, NULL, now()::TIMESTAMP)`);
    // A change never rebuilt: a police month loaded after the build.
    expect((await obs.ingest(await writeExtract(obs.dir, 'police.csv', render(POLICE_HEADER, [policeRow()]).bytes), { today: TODAY })).status).toBe('loaded');
    await db.exec(`UPDATE indicator_figure SET build_id = 99 WHERE rowid = (SELECT min(rowid) FROM indicator_figure)`);

    const report = await check();

    expect(report.ok).toBe(false);
    const named = report.problems.map((p) => `${p.check}: ${p.problem}`);
    expect(named).toEqual(
      expect.arrayContaining([
        `extract-counts: ${ids.fire} (in force) logged 2 rows loaded, but 1 are where they belong`,
        'orphan-rows: 1 quarantined rows belong to EX-999999, which is not in the extract log',
        `extract-counts: ${ids.healthRevised}: rows read 3 ≠ loaded 1 + quarantined 1 + outside the area 0`,
        `extract-counts: ${ids.health} (superseded by ${ids.healthRevised}) has 2 rows in the wrong table (in force)`,
        `agreements: ${ids.fire} was loaded under DSA-CSR-FIRE-INCIDENTS v9.9, which is not in the partnership folder`,
        'users: user wizard has the unknown role "wizard"',
        'indicators: figures of build 99 are published, but no build 99 is recorded',
        'indicators: the figures of police.street_crime (build 1) were not built from the extracts now in force: run observatory build',
      ]),
    );
    expect(named).toHaveLength(8);

    await obs.close();
    const run = await runCliInProcess(['check', '--today', TODAY], observatoryEnv(obs.dbPath));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('8 problems found.');
    expect(run.stdout).toContain(`extract-counts: ${ids.fire} (in force) logged 2 rows loaded`);
    const json = await runCliInProcess(['check', '--json', '--today', TODAY], observatoryEnv(obs.dbPath));
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: expect.arrayContaining([{ check: 'users', problem: 'user wizard has the unknown role "wizard"' }]) });
  });
});
