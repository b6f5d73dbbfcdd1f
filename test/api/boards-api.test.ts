import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { PriorityDetail, PriorityList, RiskDetail, RiskList } from '../../server/contract/index.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';
import { bearerFor, signedIn } from '../support/sign-in.ts';

type Evaluation = {
  indicator: string;
  before: string[];
  after: string[];
  evaluable: boolean;
  reason: string | null;
  comparisonAreas: string[];
  rates: { intervention: { before: number; after: number }; comparison: { before: number; after: number } } | null;
  result: { ratio: number; lower: number; upper: number; verdict: string } | null;
  chart: { period: string; intervention: number | null; comparison: number | null }[];
  limits: string[];
};

let pilot: LoadedPilot;
let app: ReturnType<typeof signedIn>;
let admin: { authorization: string };

async function call<T>(path: string, init: RequestInit = {}, expectedStatus = 200): Promise<T> {
  const response = await app.request(path, init);
  expect(response.status, `${init.method ?? 'GET'} ${path} → ${await response.clone().text()}`).toBe(expectedStatus);
  return (await response.json()) as T;
}

/** An answer read through the API contract: parsing fails the test if the server broke the contract. */
async function read<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}, expectedStatus = 200): Promise<z.infer<S>> {
  return schema.parse(await call<unknown>(path, init, expectedStatus));
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  pilot = await loadPilot();
  // Board views are for the partnership's staff; reviews are recorded by admins.
  admin = await bearerFor(pilot.observatory.db, 'admin');
  app = signedIn(pilot.app('2026-11-23'), admin);
}, 240_000);
afterAll(async () => pilot?.close());

describe('GET /api/priorities', () => {
  it('lists the pilot’s three priorities and two themes with owners, reviews, and the RAG rule', async () => {
    const body = await read('/api/priorities', PriorityList);
    expect(body.asAt).toBe('2026-11-23');
    expect(body.ragRule).toMatch(/green: on track/);
    expect(body.ragRule).toMatch(/amber: off track, but improving/);
    expect(body.priorities.map((p) => [p.id, p.kind])).toEqual([
      ['shared-data-and-intelligence', 'priority'],
      ['local-delivery-model', 'priority'],
      ['economic-growth-and-reform', 'priority'],
      ['community-safety', 'theme'],
      ['health-inequalities', 'theme'],
    ]);
    for (const p of body.priorities) {
      expect(p.owner.role.length).toBeGreaterThan(2);
      expect(p.reviews.length).toBeGreaterThan(0);
      expect(['green', 'amber', 'red', 'not-assessed']).toContain(p.rag);
    }
  });

  it('computes each measure from the published figures: Chorley’s burglary met its target with a significant fall', async () => {
    const { priority } = await read('/api/priorities/community-safety', PriorityDetail);
    const burglary = priority.measures.find((m) => m.id === 'burglary-chorley')!;
    expect(burglary.area).toBe('E07000118');
    const values = await call<{ values: { area: string; value: number; lower: number; upper: number }[] }>('/api/indicators/burglary/values?level=lad&period=2019-Q1');
    const published = values.values.find((v) => v.area === 'E07000118')!;
    expect(burglary.status.latest).toMatchObject({ period: '2019-Q1', value: published.value, lower: published.lower, upper: published.upper });
    expect(burglary.status.baseline?.period).toBe('2017-Q2');
    expect(burglary.status.targetValue).toBe(3.5);
    expect(burglary.status.change?.verdict).toBe('significant improvement');
    expect(burglary.status.change!.upper).toBeLessThan(1);
    expect(burglary.status.rag).toBe('green');
    // One entry per review that saw a newer quarter.
    expect(burglary.history.map((h) => h.status.latest?.period)).toEqual(['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1']);
  });

  it('says a measure is not assessed until a figure after its baseline is published', async () => {
    const { priority } = await read('/api/priorities/local-delivery-model', PriorityDetail);
    const falls = priority.measures.find((m) => m.id === 'falls-65-plus')!;
    expect(falls.status.rag).toBe('not-assessed');
    expect(falls.status.baseline?.period).toBe('FY2018-19');
    expect(falls.status.reason).toMatch(/no published figure after the baseline/);
  });

  it('answers an unknown priority with a problem naming the ones there are', async () => {
    const response = await app.request('/api/priorities/world-peace');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/no priority "world-peace".*community-safety/);
  });
});

describe('published figures only', () => {
  it('shows each measure’s baseline and latest figure exactly as the series endpoint publishes it', async () => {
    const { priorities } = await read('/api/priorities', PriorityList);
    let compared = 0;
    for (const measure of priorities.flatMap((p) => p.measures)) {
      const series = await call<{ points: { period: { id: string }; value: number | null; lower: number | null; upper: number | null }[] }>(
        `/api/indicators/${measure.indicator}/series?area=${measure.area}`,
      );
      for (const figure of [measure.status.baseline, measure.status.latest]) {
        if (!figure) continue;
        const published = series.points.find((p) => p.period.id === figure.period);
        expect(published, `${measure.id} ${figure.period}`).toMatchObject({ value: figure.value, lower: figure.lower, upper: figure.upper });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('shows no figure at all once the agreements behind them have lapsed', async () => {
    const later = signedIn(pilot.app('2031-01-01'), admin);
    const { priorities } = PriorityList.parse(await (await later.request('/api/priorities')).json());
    for (const m of priorities.flatMap((p) => p.measures)) {
      expect(m.status.baseline, m.id).toBeNull();
      expect(m.status.latest, m.id).toBeNull();
      expect(m.status.rag).toBe('not-assessed');
      expect(m.status.reason).toMatch(/withdrawn/);
    }
    const { risks } = RiskList.parse(await (await later.request('/api/risks')).json());
    for (const r of risks) for (const l of r.linkedIndicators) for (const a of l.atReviews) expect(a.value).toBeNull();
    const { evaluation } = (await (await later.request('/api/interventions/burglary-target-hardening')).json()) as { evaluation: { indicators: Evaluation[] } };
    expect(evaluation.indicators[0]).toMatchObject({ evaluable: false, rates: null, result: null });
    expect(evaluation.indicators[0]!.reason).toMatch(/withdrawn/);
    expect(evaluation.indicators[0]!.chart.every((c) => c.intervention === null && c.comparison === null)).toBe(true);
  });
});

describe('GET /api/risks', () => {
  it('gives inherent, target and current scores with RAG, reviews newest first with their movement', async () => {
    const { scoring } = await call<{ scoring: { bands: unknown[] } }>('/api/risks');
    const { risks } = await read('/api/risks', RiskList);
    expect(scoring.bands).toHaveLength(3);
    expect(risks.length).toBeGreaterThanOrEqual(5);
    const sharing = risks.find((r) => r.id === 'data-sharing-lapses')!;
    expect(sharing.inherent).toMatchObject({ score: 20, rag: 'red' });
    expect(sharing.target).toMatchObject({ score: 8, rag: 'amber' });
    expect(sharing.current).toMatchObject({ date: '2019-06-05', score: 12, rag: 'amber', movement: 'no change in score', previousScore: 12 });
    expect(sharing.reviews.map((r) => [r.date, r.movement])).toEqual([
      ['2019-06-05', 'no change in score'],
      ['2018-09-12', 'down'],
      ['2018-02-14', 'first review'],
    ]);
  });

  it('shows beside each review what the linked indicators did since the previous one', async () => {
    const { risk } = await read('/api/risks/violent-crime-rise', RiskDetail);
    const violence = risk.linkedIndicators.find((l) => l.indicator === 'violent-crime')!;
    expect(violence.atReviews.map((a) => [a.reviewDate, a.period])).toEqual([
      ['2018-02-14', '2018-01'],
      ['2018-09-12', '2018-08'],
      ['2019-06-05', '2019-03'],
    ]);
    expect(violence.atReviews[0]!.change).toBeNull();
    for (const a of violence.atReviews.slice(1)) expect(['better', 'worse', 'no significant change']).toContain(a.change?.verdict);
  });
});

describe('the board views as at a past date (?asAt=), as a board report for that date shows them', () => {
  it('judges each measure on the figures for periods ended by then', async () => {
    const body = await read('/api/priorities?asAt=2018-07-01', PriorityList);
    expect(body.asAt).toBe('2018-07-01');
    const burglary = body.priorities.find((p) => p.id === 'community-safety')!.measures.find((m) => m.id === 'burglary-chorley')!;
    expect(burglary.status.latest?.period).toBe('2018-Q2');
    expect(burglary.history.map((h) => h.status.latest?.period)).toEqual(['2018-Q1']);
    const { priority } = await read('/api/priorities/community-safety?asAt=2018-07-01', PriorityDetail);
    expect(priority.measures.find((m) => m.id === 'burglary-chorley')!.status).toEqual(burglary.status);
  });

  it('gives the register as its reviews by then left it, and leaves out a risk not yet reviewed', async () => {
    const { asAt, risks } = await read('/api/risks?asAt=2018-10-01', RiskList);
    expect(asAt).toBe('2018-10-01');
    const sharing = risks.find((r) => r.id === 'data-sharing-lapses')!;
    expect(sharing.current).toMatchObject({ date: '2018-09-12', score: 12, movement: 'down', previousScore: 16 });
    expect(sharing.reviews.map((r) => r.date)).toEqual(['2018-09-12', '2018-02-14']);
    for (const linked of sharing.linkedIndicators) expect(linked.atReviews.map((a) => a.reviewDate)).toEqual(['2018-02-14', '2018-09-12']);
    expect((await read('/api/risks?asAt=2018-01-31', RiskList)).risks).toEqual([]);
    const response = await app.request('/api/risks/data-sharing-lapses?asAt=2018-01-31');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/no review on or before 2018-01-31/);
  });

  it('refuses a date after today, or one that is not a date, naming asAt', async () => {
    for (const [query, detail] of [
      ['asAt=2026-11-24', /2026-11-24 is after today \(2026-11-23\)/],
      ['asAt=2019-02-30', /2019-02-30 is not a date in the calendar/],
      ['asAt=last-review', /must be a date, YYYY-MM-DD/],
    ] as const) {
      for (const path of ['/api/priorities', '/api/risks']) {
        const response = await app.request(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        const problem = (await response.json()) as { detail: string; parameter: string };
        expect(problem.parameter).toBe('asAt');
        expect(problem.detail).toMatch(detail);
      }
    }
  });
});

describe('PUT /api/risks/{id}/reviews', () => {
  it('refuses a body that is not application/json with 415', async () => {
    const response = await app.request('/api/risks/housing-conditions-decline/reviews', { method: 'PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'likelihood=2&impact=2&note=ok' });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('refuses a score off the partnership scale, naming the field', async () => {
    const problem = await call<{ detail: string }>('/api/risks/housing-conditions-decline/reviews', json('PUT', { likelihood: 6, impact: 2, note: 'too high' }), 400);
    expect(problem.detail).toMatch(/field "likelihood": likelihood 6 is not on the scale/);
  });

  it('records a review dated today, keeps every earlier one, and shows the movement', async () => {
    const { risk } = await read('/api/risks/housing-conditions-decline/reviews', RiskDetail, json('PUT', { likelihood: 2, impact: 3, note: 'Licensing scheme approved.' }), 201);
    expect(risk.current).toMatchObject({ date: '2026-11-23', likelihood: 2, impact: 3, score: 6, rag: 'green', movement: 'down', previousScore: 8, source: 'recorded', note: 'Licensing scheme approved.' });
    expect(risk.reviews).toHaveLength(4);
    const again = await read('/api/risks/housing-conditions-decline', RiskDetail);
    expect(again.risk.current.score).toBe(6);
    // Its audit record goes through the buffered audit, tested for every route in test/access/audit.test.ts.
  });
});

describe('interventions', () => {
  it('lists the pilot’s interventions with a verdict per indicator', async () => {
    const { interventions } = await call<{ interventions: { id: string; source: string; verdicts: { indicator: string; evaluable: boolean; verdict: string }[] }[] }>('/api/interventions');
    expect(interventions.map((i) => i.id)).toEqual([
      'burglary-target-hardening',
      'youth-diversion-bamber-bridge',
      'arson-reduction-seven-stars-chorley',
      'fly-tipping-enforcement-central-chorley',
      'night-time-economy-chorley-town',
    ]);
    for (const i of interventions) for (const v of i.verdicts) expect(v.verdict.length).toBeGreaterThan(10);
  });

  it('evaluates the pilot’s locality intervention against the other localities of its kind', async () => {
    const { intervention, evaluation } = await call<{ intervention: { areas: unknown }; evaluation: { indicators: Evaluation[] } }>('/api/interventions/night-time-economy-chorley-town');
    expect(intervention.areas).toEqual({ level: 'locality', codes: ['npt-chorley-town'] });
    const e = evaluation.indicators[0]!;
    // The other five neighbourhood policing teams, and no care network (the kinds overlap).
    expect([...e.comparisonAreas].sort()).toEqual(['npt-bamber-bridge', 'npt-chorley-east', 'npt-chorley-west', 'npt-leyland', 'npt-penwortham']);
    expect(e.evaluable).toBe(true);
    expect(e.result!.lower).toBeLessThan(e.result!.ratio);
    expect(e.result!.upper).toBeGreaterThan(e.result!.ratio);
    expect(e.result!.verdict).toMatch(/relative to comparison areas/);
  });

  it('evaluates one: rates before and after in both groups, the DiD rate ratio with its CI, chart, method and limits', async () => {
    const { evaluation } = await call<{ evaluation: { method: string; indicators: Evaluation[] } }>('/api/interventions/burglary-target-hardening');
    expect(evaluation.method).toMatch(/Difference in differences/);
    const e = evaluation.indicators[0]!;
    expect(e.evaluable).toBe(true);
    expect(e.comparisonAreas).toHaveLength(6);
    expect(e.result!.lower).toBeLessThan(e.result!.ratio);
    expect(e.result!.upper).toBeGreaterThan(e.result!.ratio);
    expect(e.result!.ratio).toBeCloseTo(e.rates!.intervention.after / e.rates!.intervention.before / (e.rates!.comparison.after / e.rates!.comparison.before), 9);
    expect(e.result!.verdict).toMatch(/relative to comparison areas/);
    expect(e.chart).toHaveLength(8);
    expect(e.limits.length).toBeGreaterThanOrEqual(3);
  });

  it('will not evaluate from withheld figures: noise complaints at ward level', async () => {
    const { evaluation } = await call<{ evaluation: { indicators: Evaluation[] } }>('/api/interventions/youth-diversion-bamber-bridge');
    const noise = evaluation.indicators.find((i) => i.indicator === 'noise-complaints')!;
    expect(noise.evaluable).toBe(false);
    expect(noise.reason).toMatch(/of the figures it needs are withheld \(.+\)/);
    expect(noise.result).toBeNull();
  });

  it('POST adds one for analysts (JSON only), evaluated at once; a bad area or a duplicate is refused by field', async () => {
    const body = {
      id: 'asb-patrols-leyland',
      title: 'Anti-social behaviour patrols in Leyland',
      description: 'Extra evening patrols by police community support officers in two Leyland wards.',
      areas: { level: 'ward', codes: ['E05010226', 'E05010234'] },
      start: '2018-07',
      indicators: ['asb-police'],
    };
    const form = await app.request('/api/interventions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    expect(form.status).toBe(415);
    const bad = await call<{ detail: string }>('/api/interventions', json('POST', { ...body, areas: { level: 'ward', codes: ['E05099999'] } }), 400);
    expect(bad.detail).toMatch(/field "areas\.codes\.0": no ward "E05099999"/);
    const response = await app.request('/api/interventions', json('POST', body));
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/interventions/asb-patrols-leyland');
    const created = (await response.json()) as { intervention: { source: string }; evaluation: { indicators: Evaluation[] } };
    expect(created.intervention.source).toBe('added');
    // Three whole quarters from July 2018 are published, so three just before are compared with them.
    expect(created.evaluation.indicators[0]).toMatchObject({ before: ['2017-Q4', '2018-Q1', '2018-Q2'], after: ['2018-Q3', '2018-Q4', '2019-Q1'] });
    const duplicate = await call<{ detail: string }>('/api/interventions', json('POST', body), 400);
    expect(duplicate.detail).toMatch(/already exists/);
    const { interventions } = await call<{ interventions: { id: string }[] }>('/api/interventions');
    expect(interventions.map((i) => i.id)).toContain('asb-patrols-leyland');
  });

  it('POST over a locality: evaluated on the localities’ own published figures against the other localities of its kind', async () => {
    const body = {
      id: 'burglary-locks-leyland-team',
      title: 'Burglary locks across the Leyland policing team',
      description: 'Free locks and door chains for homes across the Leyland neighbourhood policing team, for six months.',
      areas: { level: 'locality', codes: ['npt-leyland'] },
      start: '2018-07',
      end: '2018-12',
      indicators: ['burglary'],
    };
    const mixed = await call<{ detail: string }>('/api/interventions', json('POST', { ...body, areas: { level: 'locality', codes: ['npt-leyland', 'pcn-1'] } }), 400);
    expect(mixed.detail).toMatch(/field "areas\.codes\.1": "pcn-1" is one of the primary care networks but "npt-leyland" is one of the neighbourhood policing teams/);
    const unknown = await call<{ detail: string }>('/api/interventions', json('POST', { ...body, areas: { level: 'locality', codes: ['npt-nowhere'] } }), 400);
    expect(unknown.detail).toMatch(/field "areas\.codes\.0": no locality "npt-nowhere" in the partnership/);
    const gss = await call<{ detail: string }>('/api/interventions', json('POST', { ...body, areas: { level: 'locality', codes: ['E05010226'] } }), 400);
    expect(gss.detail).toMatch(/field "areas\.codes\.0": must be 3 to 40 lower case letters/);
    await call('/api/interventions', json('POST', body), 201);

    const { intervention, evaluation } = await call<{ intervention: { areas: unknown }; evaluation: { method: string; areaNames: Record<string, string>; indicators: (Evaluation & { counts: Record<'intervention' | 'comparison', Record<'before' | 'after', { count: number }>> | null })[] } }>(
      '/api/interventions/burglary-locks-leyland-team',
    );
    expect(intervention.areas).toEqual({ level: 'locality', codes: ['npt-leyland'] });
    const teams = ['npt-bamber-bridge', 'npt-chorley-east', 'npt-chorley-town', 'npt-chorley-west', 'npt-leyland', 'npt-penwortham'];
    const e = evaluation.indicators[0]!;
    // The other five policing teams, never the care networks that overlap them.
    expect(e.comparisonAreas).toEqual(teams.filter((t) => t !== 'npt-leyland'));
    expect(evaluation.areaNames['npt-leyland']).toBe('Leyland');
    expect(evaluation.method).toMatch(/other localities of the same kind \(neighbourhood policing teams\)/);
    expect(e).toMatchObject({ before: ['2018-Q1', '2018-Q2'], after: ['2018-Q3', '2018-Q4'], evaluable: true });
    // The counts are the sums of the localities' published quarterly figures, as GET /api/indicators/burglary/values gives them.
    const published = new Map<string, Map<string, number | null>>();
    for (const period of [...e.before, ...e.after]) {
      const { values } = await call<{ values: { area: string; numerator: number | null }[] }>(`/api/indicators/burglary/values?level=locality&period=${period}`);
      published.set(period, new Map(values.map((v) => [v.area, v.numerator])));
    }
    const sum = (periods: string[], areas: string[]) => periods.reduce((s, p) => s + areas.reduce((t, a) => t + published.get(p)!.get(a)!, 0), 0);
    expect(e.counts!.intervention.before.count).toBe(sum(e.before, ['npt-leyland']));
    expect(e.counts!.intervention.after.count).toBe(sum(e.after, ['npt-leyland']));
    expect(e.counts!.comparison.before.count).toBe(sum(e.before, e.comparisonAreas));
    expect(e.counts!.comparison.after.count).toBe(sum(e.after, e.comparisonAreas));
    expect(e.result!.ratio).toBeCloseTo(e.rates!.intervention.after / e.rates!.intervention.before / (e.rates!.comparison.after / e.rates!.comparison.before), 9);
    expect(e.limits.join(' ')).toMatch(/there are 5 other localities of this kind \(neighbourhood policing teams\)/);

    // Matched on the localities' published IMD scores and baseline rates: two of the five.
    const matched = await call<{ evaluation: { indicators: Evaluation[] } }>('/api/interventions', json('POST', { ...body, id: 'burglary-locks-leyland-matched', comparison: 'matched' }), 201);
    const m = matched.evaluation.indicators[0]!;
    expect(m.comparisonAreas).toHaveLength(2);
    for (const a of m.comparisonAreas) expect(teams.filter((t) => t !== 'npt-leyland')).toContain(a);
  });
});
