/**
 * Retention and rebuilds (DESIGN §3: aggregates already computed stay): once `observatory purge` has
 * deleted an extract's raw rows, a full rebuild keeps the published figures of the periods those
 * rows fed, and of the periods tied to them by secondary suppression or a trend, instead of
 * recomputing them from what remains; later extracts are still built as usual.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, JsonRow } from '../../pipeline/db/database.ts';
import { buildIndicators, type BuildSummary } from '../../pipeline/indicators/build-indicators.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract } from '../../pipeline/ingest/ingest-extract.ts';
import { purgeExpiredRows } from '../../pipeline/retention/purge-expired-rows.ts';
import { loadPilot, PILOT_DIR, type LoadedPilot } from '../support/pilot-observatory.ts';

const TODAY = '2026-11-23';
const PURGED_FILE = 'generated-fire-incidents-2017-Q2.csv';

/** The whole table without build ids, in a fixed order. */
async function snapshot(db: Database): Promise<string[]> {
  const rows = await db.all(
    `SELECT * EXCLUDE (build_id), period_start::VARCHAR AS period_start FROM indicator_value
     ORDER BY indicator_id, level, area_code, period_id`,
  );
  return rows.map((r: JsonRow) => JSON.stringify(r));
}

let pilot: LoadedPilot;
let before: string[];
let summary: BuildSummary;

beforeAll(async () => {
  pilot = await loadPilot();
  const { db, agreements, definitions } = pilot.observatory;
  before = await snapshot(db);
  // The fire extract for April–June 2017 was loaded long ago: its five years of retention are over.
  await db.exec(`UPDATE extract_log SET loaded_at = TIMESTAMP '2019-01-01 09:00:00' WHERE file_name = $file`, { file: PURGED_FILE });
  const purge = await purgeExpiredRows(db, agreements, { today: TODAY, actor: 'retention-test' });
  expect(purge.extracts.map((e) => e.dataset)).toEqual(['fire.incidents']);
  expect(purge.extracts[0]?.datasetRows).toBeGreaterThan(100);
  summary = await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
}, 600_000);
afterAll(async () => pilot?.close());

describe('a full rebuild after a purge', () => {
  it('finds the purged quarter empty, so recomputing it would lose its figures', async () => {
    const rows = await pilot.observatory.db.all(`SELECT count(*)::INTEGER AS n FROM fire_incidents WHERE period BETWEEN DATE '2017-04-01' AND DATE '2017-06-01'`);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('leaves every figure of the kept periods as it was, the purged quarter’s included, and publishes the same figures elsewhere', async () => {
    const after = await snapshot(pilot.observatory.db);
    expect(after.length).toBe(before.length);
    const unchanged = new Set(before);
    const changed = after.filter((r) => !unchanged.has(r)).map((r) => JSON.parse(r) as { indicator_id: string; period_id: string; suppressed: boolean });
    // Known gap (README, Limits): the attacker-checked suppression of the other periods of a family
    // with kept periods may choose other secondary cells than before, as the kept figures are not yet
    // given to its model as published constants; the kept figures themselves never change.
    const kept = new Set(summary.kept.flatMap((k) => k.periods.map((p) => `${k.id} ${p}`)));
    expect(changed.filter((r) => kept.has(`${r.indicator_id} ${r.period_id}`))).toEqual([]);
    expect(changed.filter((r) => !/^(fire-|accidental-dwelling-fires|deliberate-secondary-fires)/.test(r.indicator_id))).toEqual([]);
  });

  it('keeps the purged periods and those tied to them, and says so; it recomputes the rest', () => {
    const quarters = ['2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2'];
    expect(summary.kept).toEqual([
      // A yearly trend reads the year before, so the year after is kept too.
      { id: 'accidental-dwelling-fires', periods: ['FY2017-18', 'FY2018-19'] },
      { id: 'deliberate-secondary-fires', periods: ['FY2017-18', 'FY2018-19'] },
      // The quarter and the four after it, whose trends read it.
      { id: 'fire-false-alarm-share', periods: quarters },
      { id: 'fire-false-alarms', periods: quarters },
      { id: 'fire-incidents-all', periods: quarters },
    ]);
    const fireAll = summary.indicators.find((i) => i.id === 'fire-incidents-all');
    expect(fireAll?.periods).toBe(3);
    expect(summary.indicators.find((i) => i.id === 'all-crime')?.periods).toBe(24);
  });

  it('still builds a later extract, incrementally or in full, with the same result and the kept figures untouched', async () => {
    const { db, definitions, agreements, ingest } = pilot.observatory;
    // The last fire quarter sent again with a third of its incidents withdrawn.
    const original = readFileSync(join(PILOT_DIR, 'extracts', 'fire', 'generated-fire-incidents-2019-Q1.csv'), 'utf8');
    const file = join(pilot.dir, 'generated-fire-incidents-2019-Q1-resent.csv');
    writeFileSync(file, original.split('\n').filter((_, i) => i === 0 || i % 3 !== 0).join('\n'));
    const result = await ingestExtract(ingest, file, { today: TODAY, replace: true });
    expect(result.status, result.reason ?? '').toBe('loaded');
    const [incremental] = await rebuildAfterIngest(db, definitions, agreements, [result]);
    expect(incremental?.full).toBe(false);
    const afterIncremental = await snapshot(db);
    const unchanged = new Set(before);
    const changed = afterIncremental.filter((r) => !unchanged.has(r)).map((r) => JSON.parse(r) as { indicator_id: string; period_id: string });
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.map((r) => r.period_id)).toContain('2019-Q1');
    const kept = new Set(summary.kept.flatMap((k) => k.periods.map((p) => `${k.id} ${p}`)));
    expect(changed.filter((r) => kept.has(`${r.indicator_id} ${r.period_id}`))).toEqual([]);
    await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
    expect(await snapshot(db)).toEqual(afterIncremental);
    // An incremental build recomputes the whole fire family, with its attacker-checked suppression.
  }, 300_000);
});
