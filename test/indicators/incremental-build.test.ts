/**
 * The incremental rebuild that follows an ingest (rebuildAfterIngest, as the CLI and the upload API
 * run it) must leave indicator_value exactly as a full rebuild would, while rewriting only the
 * figures of the families of indicators the changed dataset feeds. Each such family is computed
 * whole: its attacker-checked suppression depends on every period and level published with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, JsonRow } from '../../pipeline/db/database.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { loadPilot, PILOT_DIR, type LoadedPilot } from '../support/pilot-observatory.ts';

const TODAY = '2026-11-23';

/** The whole table without build ids, in a fixed order, values as DuckDB returns them. */
async function snapshot(db: Database): Promise<JsonRow[]> {
  return db.all(
    `SELECT * EXCLUDE (build_id), period_start::VARCHAR AS period_start FROM indicator_value
     ORDER BY indicator_id, level, area_code, period_id`,
  );
}

/** Indicator and period of every row a build wrote. */
async function written(db: Database, buildId: number): Promise<string[]> {
  const rows = await db.all(`SELECT DISTINCT indicator_id || ' ' || period_id AS k FROM indicator_value WHERE build_id = $buildId ORDER BY k`, { buildId });
  return rows.map((r) => String(r.k));
}

const keyOf = (r: JsonRow) => JSON.stringify(r);

let pilot: LoadedPilot;
beforeAll(async () => {
  pilot = await loadPilot();
});
afterAll(async () => pilot?.close());

/** Ingests a file, rebuilds incrementally and checks the result against a full rebuild. */
async function ingestAndCompare(file: string): Promise<{ result: IngestResult; buildId: number; touched: string[]; before: JsonRow[]; after: JsonRow[] }> {
  const { db, definitions, agreements, ingest } = pilot.observatory;
  const result = await ingestExtract(ingest, file, { today: TODAY, replace: true });
  expect(result.status, result.reason ?? '').toBe('loaded');
  const before = await snapshot(db);
  const summaries = await rebuildAfterIngest(db, definitions, agreements, [result]);
  expect(summaries).toHaveLength(1);
  expect(summaries[0]?.full).toBe(false);
  const after = await snapshot(db);
  const buildId = summaries[0]!.buildId;
  const touched = await written(db, buildId);
  await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
  const full = await snapshot(db);
  expect(after.length).toBe(full.length);
  // Compare as sets first for a readable difference, then exactly.
  const fullKeys = new Set(full.map(keyOf));
  expect(after.filter((r) => !fullKeys.has(keyOf(r))).slice(0, 3)).toEqual([]);
  expect(after.map(keyOf).join('\n') === full.map(keyOf).join('\n')).toBe(true);
  return { result, buildId, touched, before, after };
}

/**
 * Indicators of the police families: crime and anti-social behaviour, with the combined ASB
 * indicator, and the serious-violence family, where A&E assault attendances are suppressed together
 * with the police violence they are compared with (so a police change redoes their suppression too).
 */
const POLICE = /^(all-crime|violent-crime|violent-crime-annual|crime-annual|burglary|asb-police|asb-combined|criminal-damage-arson|ae-assault-attendances) /;

// Each case runs an incremental and then a full build of the pilot, and a full build with the
// attacker-checked suppression takes about a minute on a loaded two-core machine.
describe('incremental rebuild after an ingest', { timeout: 240_000 }, () => {
  it('after one more monthly police extract (2019-04): the same table as a full rebuild, rewriting only police families', async () => {
    const { db } = pilot.observatory;
    const source = readFileSync(join(PILOT_DIR, 'extracts', 'police', 'generated-2019-03-lancashire-street.csv'), 'utf8');
    const file = join(pilot.dir, 'generated-2019-04-lancashire-street.csv');
    writeFileSync(file, source.replaceAll(',2019-03,', ',2019-04,'));
    const builtBefore = await db.all(`SELECT max(build_id)::INTEGER AS id FROM indicator_build`);
    const { buildId, touched, before, after } = await ingestAndCompare(file);
    expect(buildId).toBe(Number(builtBefore[0]?.id) + 1);
    expect(touched).toEqual(expect.arrayContaining(['all-crime 2019-04', 'criminal-damage-arson 12M-2019-04', 'violent-crime 2019-04']));
    expect(touched.filter((t) => !POLICE.test(t))).toEqual([]);

    const rows = await db.all(`SELECT count(*)::INTEGER AS n FROM indicator_value WHERE period_id IN ('2019-04', '12M-2019-04')`);
    // Three police indicators at each of the 180 areas and 14 localities.
    expect(Number(rows[0]?.n)).toBe(3 * (180 + 14));
    // The new month's figures are new; any other figure that changed is a police one (its family's suppression was redone).
    const unchanged = new Set(before.map(keyOf));
    const changed = [...new Set(after.filter((r) => !unchanged.has(keyOf(r))).map((r) => `${String(r.indicator_id)} ${String(r.period_id)}`))];
    expect(changed).toEqual(expect.arrayContaining(['all-crime 2019-04', 'criminal-damage-arson 12M-2019-04', 'violent-crime 2019-04']));
    expect(changed.filter((t) => !POLICE.test(t))).toEqual([]);
  });

  it('after a replacement health quarter (2018-Q3) with small counts: the same table, rewriting only health figures the change reaches', async () => {
    const { db } = pilot.observatory;
    const original = readFileSync(join(PILOT_DIR, 'extracts', 'health', 'generated-health-activity-2018-Q3.csv'), 'utf8');
    // Every fifth count becomes 1–4 (small), the others move by one: suppression has to be redone.
    let line = 0;
    const replaced = original.replace(/^([^,\n]+,\d{4}-\d{2},[a-z0-9_]+,)(\d+)$/gm, (_, head: string, count: string) => {
      line++;
      return `${head}${line % 5 === 0 ? (line % 4) + 1 : Number(count) + 1}`;
    });
    expect(line).toBeGreaterThan(1000);
    const file = join(pilot.dir, 'generated-health-activity-2018-Q3-resent.csv');
    writeFileSync(file, replaced);
    const before = await snapshot(db);
    const { result, touched, after } = await ingestAndCompare(file);
    expect(result.supersededExtracts.length).toBe(1);

    // Non-health indicators keep every row as it was.
    const health = new Set(['emergency-admissions', 'emergency-admissions-annual', 'falls-admissions-65plus', 'ae-attendances']);
    const others = (rows: JsonRow[]) => rows.filter((r) => !health.has(String(r.indicator_id))).map(keyOf);
    expect(others(after)).toEqual(others(before));
    // Rewritten: the quarter and the quarters added up with it into the year (suppression spans
    // them), the years, and the 12-month windows holding it; no later period exists to need a new trend.
    const windows = ['2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12', '2019-01', '2019-02', '2019-03'].map((m) => `ae-attendances 12M-${m}`);
    expect(touched).toEqual(
      expect.arrayContaining([
        ...windows,
        ...['2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1'].map((q) => `emergency-admissions ${q}`),
        'emergency-admissions-annual FY2018-19',
        'falls-admissions-65plus FY2018-19',
      ]),
    );
    expect(touched.filter((t) => !health.has(t.split(' ')[0]!))).toEqual([]);
  });

  it('after a replacement police month in the middle of the series (2018-06): later trends and the linked year are rewritten too', async () => {
    const original = readFileSync(join(PILOT_DIR, 'extracts', 'police', 'generated-2018-06-lancashire-street.csv'), 'utf8');
    // A third of the crimes withdrawn: the month's counts, the year's and the next four months' trends change.
    const lines = original.split('\n');
    const file = join(pilot.dir, 'generated-2018-06-lancashire-street-resent.csv');
    writeFileSync(file, lines.filter((_, i) => i === 0 || i % 3 !== 0).join('\n'));
    const { result, touched } = await ingestAndCompare(file);
    expect(result.supersededExtracts.length).toBe(1);
    expect(touched).toEqual(expect.arrayContaining(['violent-crime 2018-06', 'violent-crime 2018-10', 'all-crime 2018-04', 'all-crime 2019-03', 'crime-annual FY2018-19', 'asb-combined FY2018-19', 'burglary 2019-Q1', 'violent-crime-annual FY2018-19']));
    expect(touched.filter((t) => !POLICE.test(t))).toEqual([]);
  });

  it('after a replacement fire quarter (2018-Q3): the false alarm share is rebuilt with its denominator, all incidents, and equals a full rebuild', async () => {
    const { db } = pilot.observatory;
    const original = readFileSync(join(PILOT_DIR, 'extracts', 'fire', 'generated-fire-incidents-2018-Q3.csv'), 'utf8');
    // A quarter of the incidents withdrawn and every third false alarm recorded as a fire instead:
    // both the share's numerator and its denominator change, and with them what is withheld.
    let alarms = 0;
    const lines = original
      .split('\n')
      .filter((_, i) => i === 0 || i % 4 !== 0)
      .map((line) => (line.includes(',False Alarm,') && ++alarms % 3 === 0 ? line.replace(',False Alarm,', ',Fire,') : line));
    expect(alarms).toBeGreaterThan(30);
    const file = join(pilot.dir, 'generated-fire-incidents-2018-Q3-resent.csv');
    writeFileSync(file, lines.join('\n'));
    const shareBefore = await db.all(`SELECT area_code, numerator, denominator, suppressed FROM indicator_value WHERE indicator_id = 'fire-false-alarm-share' AND period_id = '2018-Q3' ORDER BY area_code`);
    const before = await snapshot(db);
    const { result, touched, after } = await ingestAndCompare(file);
    expect(result.supersededExtracts.length).toBe(1);
    const quarters = ['2018-Q3', '2018-Q4', '2019-Q1'];
    expect(touched).toEqual(
      expect.arrayContaining([
        'accidental-dwelling-fires FY2018-19',
        'deliberate-secondary-fires FY2018-19',
        ...['fire-false-alarm-share', 'fire-false-alarms', 'fire-incidents-all'].flatMap((id) => quarters.map((q) => `${id} ${q}`)),
      ]),
    );
    expect(touched.filter((t) => !/^(fire-|accidental-dwelling-fires|deliberate-secondary-fires)/.test(t))).toEqual([]);
    // The share changed (so the comparison with a full rebuild covered new numerators and denominators).
    const shareAfter = await db.all(`SELECT area_code, numerator, denominator, suppressed FROM indicator_value WHERE indicator_id = 'fire-false-alarm-share' AND period_id = '2018-Q3' ORDER BY area_code`);
    expect(shareAfter).not.toEqual(shareBefore);
    const partnership = shareAfter.find((r) => r.area_code === 'chorley-south-ribble');
    expect(Number(partnership?.numerator)).toBeLessThan(Number(partnership?.denominator));
    // Other partners' figures are as they were.
    const fire = /^(fire-|accidental-dwelling-fires|deliberate-secondary-fires)/;
    const others = (rows: JsonRow[]) => rows.filter((r) => !fire.test(String(r.indicator_id))).map(keyOf);
    expect(others(after)).toEqual(others(before));
  });
});
