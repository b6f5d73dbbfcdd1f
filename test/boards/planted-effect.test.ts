/**
 * Evidence of success checked against a known answer. The pilot's generated fire extracts hold a
 * planted effect (datasets/tools/planted-effects.ts: deliberate secondary fires at half their rate in
 * the arson reduction programme's wards for its year), and its council extracts hold nothing for the
 * fly-tipping programme. Through the real pipeline: every pilot extract ingested into a DuckDB file,
 * the indicators built with disclosure control, then the evaluation the API serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_EFFECT_INTERVENTIONS, PLANTED_EFFECTS, resolvePlantedEffects } from '../../datasets/tools/planted-effects.ts';
import type { IndicatorEvaluation } from '../../pipeline/boards/intervention-evaluation.ts';
import { readAreaPools } from '../../pipeline/boards/intervention-store.ts';
import { normalCdf } from '../../pipeline/indicators/statistics/normal-cdf.ts';
import { zForConfidence } from '../../pipeline/indicators/statistics/normal-quantile.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { interventionEvaluator } from '../../server/routes/interventions.ts';
import { InterventionDetail, InterventionList } from '../../web/src/pages/board-common/boards-api.ts';
import { loadPilot, PILOT_DIR, type LoadedPilot } from '../support/pilot-observatory.ts';
import { signedIn } from '../support/sign-in.ts';

let pilot: LoadedPilot;
let app: ReturnType<typeof signedIn>;

beforeAll(async () => {
  pilot = await loadPilot();
  app = signedIn(pilot.app('2026-11-23'), pilot.auth('analyst'));
}, 300_000);
afterAll(async () => pilot?.close());

const planted = PLANTED_EFFECTS[0]!;
const nothingPlanted = NO_EFFECT_INTERVENTIONS[0]!;

/** The pilot's intervention of that id, evaluated as the API evaluates it; the indicator's part. */
async function evaluated(id: string, indicator: string): Promise<IndicatorEvaluation> {
  const intervention = pilot.observatory.boards.interventions.find((i) => i.id === id);
  expect(intervention, `interventions.json has "${id}"`).toBeDefined();
  const evaluate = interventionEvaluator(observatoryState(pilot.observatory, { webDir: null, today: () => '2026-11-23' }), await readAreaPools(pilot.observatory.db));
  const evaluation = await evaluate(intervention!);
  const part = evaluation.indicators.find((e) => e.indicator === indicator);
  expect(part, `${id} is evaluated on ${indicator}`).toBeDefined();
  return part!;
}

/**
 * The chance that the 95% CI of the DiD excludes 1 when the true ratio is `ratio`, given the before
 * counts of the design: the after count in the intervention areas is expected at ratio × its before count.
 */
function power(e: IndicatorEvaluation, ratio: number): number {
  const c = e.counts!;
  const se = Math.sqrt(1 / c.intervention.before.count + 1 / (c.intervention.before.count * ratio) + 1 / c.comparison.before.count + 1 / c.comparison.after.count);
  return normalCdf(Math.abs(Math.log(ratio)) / se - zForConfidence(0.95));
}

describe('an intervention with a planted effect', () => {
  it('is planted where the intervention says: its wards, from its start to its end (one definition for the generator and this test)', () => {
    const [effect] = resolvePlantedEffects(PILOT_DIR, [planted]);
    const intervention = pilot.observatory.boards.interventions.find((i) => i.id === planted.intervention)!;
    expect(effect!.wards).toEqual(intervention.areas.codes);
    expect([effect!.start, effect!.end]).toEqual([intervention.start, intervention.end]);
    expect(intervention.indicators).toEqual([planted.indicator]);
  });

  it('is recovered: the DiD rate ratio’s 95% CI contains the planted ratio and excludes 1, and the verdict says a significant fall', async () => {
    const e = await evaluated(planted.intervention, planted.indicator);
    expect(e.evaluable, e.reason ?? '').toBe(true);
    const r = e.result!;
    expect(r.lower).toBeLessThanOrEqual(planted.rateRatio);
    expect(r.upper).toBeGreaterThanOrEqual(planted.rateRatio);
    expect(r.upper).toBeLessThan(1);
    expect(r.significance).toBe('fall');
    expect(r.verdict).toMatch(/^a significant fall of \d+% \(95% CI \d+% to \d+%\) relative to comparison areas$/);
    // The comparison areas are not the intervention's, so nothing planted is in them.
    expect(e.comparisonAreas.some((a) => pilot.observatory.boards.interventions.find((i) => i.id === planted.intervention)!.areas.codes.includes(a))).toBe(false);
    // The design could find it: at least a 70% chance, on the pilot's volumes, that the CI excludes 1.
    expect(power(e, planted.rateRatio)).toBeGreaterThan(0.7);
  });
});

describe('an intervention with nothing planted', () => {
  it('finds no significant change: the 95% CI contains 1', async () => {
    const e = await evaluated(nothingPlanted.intervention, nothingPlanted.indicator);
    expect(e.evaluable, e.reason ?? '').toBe(true);
    const r = e.result!;
    expect(r.lower).toBeLessThan(1);
    expect(r.upper).toBeGreaterThan(1);
    expect(r.significance).toBe('no significant change');
    expect(r.verdict).toMatch(/^no significant change relative to comparison areas \(rate ratio [\d.]+, 95% CI [\d.]+ to [\d.]+\)$/);
    // Not for want of events: the design would find a 30% fall nine times in ten.
    expect(power(e, 0.7)).toBeGreaterThan(0.85);
  });
});

describe('GET /api/interventions/{id} for the planted effect (through the contract the intervention page reads)', () => {
  it('serves the verdict, the CI containing the planted ratio, the rates and a chart of both groups', async () => {
    const response = await app.request(`/api/interventions/${planted.intervention}`);
    expect(response.status).toBe(200);
    const { intervention, evaluation } = InterventionDetail.parse(await response.json());
    expect(intervention).toMatchObject({ id: planted.intervention, source: 'partnership', start: '2018-04', end: '2019-03' });
    const e = evaluation.indicators.find((i) => i.indicator === planted.indicator)!;
    expect(e.result!.lower).toBeLessThanOrEqual(planted.rateRatio);
    expect(e.result!.upper).toBeGreaterThanOrEqual(planted.rateRatio);
    expect(e.result!.upper).toBeLessThan(1);
    expect(e.result!.verdict).toMatch(/^a significant fall of/);
    expect(e.rates!.intervention.after).toBeLessThan(e.rates!.intervention.before);
    expect(e.before).toEqual(['FY2017-18']);
    expect(e.after).toEqual(['FY2018-19']);
    expect(e.chart.map((p) => p.phase)).toEqual(['before', 'after']);
    expect(e.chart.every((p) => p.intervention !== null && p.comparison !== null)).toBe(true);
    for (const code of [...intervention.areas.codes, ...e.comparisonAreas]) expect(evaluation.areaNames[code], code).toBeTruthy();
  });

  it('lists it beside the one with nothing planted, each with its verdict', async () => {
    const { interventions } = InterventionList.parse(await (await app.request('/api/interventions')).json());
    const verdict = (id: string) => interventions.find((i) => i.id === id)?.verdicts[0]?.verdict ?? '';
    expect(verdict(planted.intervention)).toMatch(/^a significant fall of/);
    expect(verdict(nothingPlanted.intervention)).toMatch(/^no significant change/);
  });
});
