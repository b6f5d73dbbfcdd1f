/**
 * The board pages (/priorities, /risks, /interventions) in headless Chromium over the real observatory: the priorities
 * show the API's RAG for every priority and measure, the risk register its scores and movements,
 * and an intervention page its verdict and chart; the dashboard and the board report carry the
 * priorities' RAG and the register (the report's as at its own date); axe finds no serious or critical problem.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardAttention } from '../../web/src/components/board-attention.ts';
import { changeSinceLastReview, evidenceSinceLastReview } from '../../web/src/components/risk-summary.ts';
import { longDate } from '../../web/src/format/dates.ts';
import { measureRagJudgement, riskScoreJudgement } from '../../web/src/format/judgements.ts';
import { InterventionDetail, PriorityList, RiskList } from '../../web/src/pages/board-common/boards-api.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests, type RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

let observatory: RunningObservatory;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/** The demo analyst that `observatory start` created: sign-in is required, and board views are for staff. */
const analyst = () => demoUser(observatory, 'analyst');

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(new URL(path, observatory.baseUrl), { headers: { authorization: `Bearer ${analyst().token}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, observatory.baseUrl).href);
  await waitForReady();
}

async function waitForReady(timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.pageState ?? ''), null, { timeout });
  const state = await page.evaluate(() => document.body.dataset.pageState);
  if (state !== 'ready') throw new Error(`the board page failed: ${await page.locator('#main').textContent()}`);
}

async function axeBlocking(): Promise<unknown[]> {
  const require = createRequire(import.meta.url);
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy rightly refuses an inline script tag.
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context?: unknown): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
  await context.route('**/*', (route) => (route.request().url().startsWith(observatory.baseUrl) ? route.continue() : route.abort()));
  page = await context.newPage();
  // Sign in as a user would, on the sign-in page, so the session cookie is the page's own.
  await page.goto(observatory.baseUrl);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('Name').fill(analyst().name);
  await page.getByLabel('Token or password').fill(analyst().token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('the board pages', () => {
  it('show every priority and measure with the RAG status the API computed', async () => {
    const api = PriorityList.parse(await getJson('api/priorities'));
    await open('priorities');
    // The site navigation is the analyst's: the board marked as the current page, a sign-out button.
    expect(await page.locator('#site-nav a[aria-current="page"]').textContent()).toBe('Priorities and risks');
    expect(await page.locator('#site-nav .sign-out').textContent()).toContain(analyst().name);
    for (const priority of api.priorities) {
      const section = page.locator(`section[data-priority="${priority.id}"]`);
      await expect.poll(() => section.locator('h2 .rag').getAttribute('data-rag')).toBe(priority.rag);
      for (const measure of priority.measures) {
        const row = section.locator(`tr[data-measure="${measure.id}"]`);
        expect(await row.locator('td.status > .rag').getAttribute('data-rag'), `${priority.id}/${measure.id}`).toBe(measure.status.rag);
        if (measure.status.latest) expect(await row.locator('td.latest').textContent()).toContain(measure.status.latest.label);
      }
    }
    expect(await page.locator('h1').textContent()).toBe('Priorities and measures of success');
    await page.screenshot({ path: join(ARTIFACTS, 'board-priorities.png'), fullPage: true });
    expect(await axeBlocking()).toEqual([]);
  });

  it('show the risk register: inherent, target and current scores, movement and previous scores', async () => {
    const { risks } = RiskList.parse(await getJson('api/risks'));
    await open('risks');
    const rows = page.locator('tr[data-risk]');
    expect(await rows.count()).toBe(risks.length);
    for (const risk of risks) {
      const row = page.locator(`tr[data-risk="${risk.id}"]`);
      const cells = row.locator('td');
      expect(await cells.nth(2).textContent()).toBe(`${risk.current.likelihood} × ${risk.current.impact} = ${risk.current.score}`);
      expect(await cells.nth(2).locator('.rag').getAttribute('data-rag')).toBe(risk.current.rag);
      expect(await row.locator('td.movement').textContent()).toBe(risk.current.movement);
      expect(await row.locator('ul.previous li').count()).toBe(risk.reviews.length - 1);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'board-risks.png'), fullPage: true });
    expect(await axeBlocking()).toEqual([]);
  });

  it('show an intervention: its verdict in plain words, the rates table and a chart of both groups', async () => {
    const detail = InterventionDetail.parse(await getJson('api/interventions/burglary-target-hardening'));
    await open('interventions');
    await page.locator('li[data-intervention="burglary-target-hardening"] > a').click();
    await page.waitForURL((url) => url.pathname === '/interventions/burglary-target-hardening');
    await waitForReady();
    const evaluation = detail.evaluation.indicators[0]!;
    expect(await page.locator('[data-verdict="burglary"]').textContent()).toContain(evaluation.result!.verdict);
    expect(await page.locator('table.rates tbody tr').count()).toBe(2);
    expect(await page.locator('svg.rate-chart path[data-group]').count()).toBe(2);
    expect(await page.locator('svg.rate-chart circle.intervention').count()).toBe(evaluation.chart.filter((p) => p.intervention !== null).length);
    await page.screenshot({ path: join(ARTIFACTS, 'board-intervention.png'), fullPage: true });
    expect(await axeBlocking()).toEqual([]);
  });

  it('let an analyst record an intervention over a locality with the form; its page names the locality and the others of its kind', async () => {
    await open('interventions');
    await page.locator('#intervention-title').fill('Burglary locks across the Leyland team');
    await page.locator('#intervention-description').fill('Free locks and door chains for homes across the Leyland neighbourhood policing team.');
    await page.locator('#intervention-level').selectOption('locality');
    // Localities are offered grouped by their kind: policing teams and care networks.
    await expect.poll(() => page.locator('#intervention-areas optgroup').count()).toBe(2);
    await page.locator('#intervention-areas').selectOption(['npt-leyland']);
    await page.locator('#intervention-start').fill('2018-07');
    await page.locator('#intervention-end').fill('2018-12');
    await page.locator('#intervention-indicators').selectOption(['burglary']);
    await page.getByRole('button', { name: 'Record and evaluate' }).click();
    await page.waitForURL((url) => url.pathname === '/interventions/burglary-locks-across-the-leyland-team');
    await waitForReady();
    const detail = InterventionDetail.parse(await getJson('api/interventions/burglary-locks-across-the-leyland-team'));
    expect(detail.intervention.areas).toEqual({ level: 'locality', codes: ['npt-leyland'] });
    expect(await page.locator('p[data-areas="locality"]').textContent()).toContain('1 locality: Leyland;');
    const evaluation = detail.evaluation.indicators[0]!;
    expect(await page.locator('[data-verdict="burglary"]').textContent()).toContain(evaluation.result?.verdict ?? evaluation.reason ?? '');
    const comparison = (await page.locator('section.board-card p.meta', { hasText: 'Comparison areas' }).textContent()) ?? '';
    for (const code of evaluation.comparisonAreas) expect(comparison).toContain(detail.evaluation.areaNames[code]!);
    expect(comparison).toContain('Penwortham and Western Parishes');
    await page.screenshot({ path: join(ARTIFACTS, 'board-intervention-locality.png'), fullPage: true });
    expect(await axeBlocking()).toEqual([]);
  });

  it('sends the old address of a board page (/boards.html#risks) to its own path', async () => {
    await page.goto(new URL('boards.html#risks', observatory.baseUrl).href);
    await page.waitForURL((url) => url.pathname === '/risks');
    await waitForReady();
    expect(await page.locator('h1').textContent()).toBe('Strategic risk register');
  });

  it('put the priorities’ RAG and the risk register on the partnership’s dashboard, each linking to its full page', async () => {
    const priorities = PriorityList.parse(await getJson('api/priorities'));
    const { risks } = RiskList.parse(await getJson('api/risks'));
    await page.goto(new URL('dashboard', observatory.baseUrl).href);
    await waitForReady(60_000);
    const priorityRows = page.locator('#dashboard-priorities-table tbody tr');
    expect(await priorityRows.count()).toBe(priorities.priorities.length);
    for (const priority of priorities.priorities) {
      const row = page.locator(`#dashboard-priorities-table tr[data-priority="${priority.id}"]`);
      expect(await row.getAttribute('data-rag')).toBe(priority.rag);
      expect(await row.locator('.badge').textContent()).toBe(measureRagJudgement(priority.rag).text);
      const offTrack = priority.measures.filter((m) => m.status.rag === 'red' || m.status.rag === 'amber');
      expect(await row.locator('li[data-measure]').count(), priority.id).toBe(offTrack.length);
    }
    // Highest current score first, each with its band and how its latest review moved it.
    const riskRows = page.locator('#dashboard-risks-table tbody tr');
    const order = [...risks].sort((a, b) => b.current.score - a.current.score || a.title.localeCompare(b.title, 'en-GB')).map((r) => r.id);
    expect(await riskRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-risk')))).toEqual(order);
    for (const risk of risks) {
      const row = page.locator(`#dashboard-risks-table tr[data-risk="${risk.id}"]`);
      for (const which of ['inherent', 'target', 'current'] as const) {
        expect(await row.locator(`td[data-score="${which}"] .badge`).textContent(), `${risk.id} ${which}`).toBe(riskScoreJudgement(risk[which]).text);
      }
      expect(await row.locator('td[data-column="movement"]').textContent()).toBe(changeSinceLastReview(risk).text);
      // The previous scores by review date, and what each linked indicator did over the same time.
      expect(await row.locator('td[data-column="previous"] li').count()).toBe(risk.reviews.length - 1);
      expect(await row.locator('td[data-column="evidence"] li').allTextContents()).toEqual(risk.linkedIndicators.map((linked) => evidenceSinceLastReview(linked, 'Chorley and South Ribble').text));
    }
    const violentCrime = page.locator('#dashboard-risks-table tr[data-risk="violent-crime-rise"]');
    expect(await violentCrime.locator('td[data-column="movement"]').textContent()).toMatch(/^(Up from|Down from|No change since) /);
    expect(await violentCrime.locator('td[data-column="evidence"]').textContent()).toMatch(/Violence and sexual offences: (significantly better|significantly worse|no significant change) \(/);
    await page.locator('#dashboard-risks-table').screenshot({ path: join(ARTIFACTS, 'dashboard-risks.png') });
    expect(await axeBlocking()).toEqual([]);
    // A risk's link opens the register at its row.
    await page.locator('#dashboard-risks-table tr[data-risk="health-gap-widens"] th a').click();
    await page.waitForURL((url) => url.pathname === '/risks' && url.hash === '#risk-health-gap-widens');
    await waitForReady();
    await expect.poll(() => page.locator('#risk-health-gap-widens').isVisible()).toBe(true);
  });

  it('put the priorities and the risk register in the board report as at the day after its six months', async () => {
    const asAt = '2018-10-01';
    const priorities = PriorityList.parse(await getJson(`api/priorities?asAt=${asAt}`));
    const then = RiskList.parse(await getJson(`api/risks?asAt=${asAt}`));
    const now = RiskList.parse(await getJson('api/risks'));
    // The pilot's register was reviewed again after that date, so the report must not show today's scores.
    expect(then.risks.map((r) => r.current.date)).not.toEqual(now.risks.map((r) => r.current.date));
    await page.goto(new URL('report?period=2018-09', observatory.baseUrl).href);
    await waitForReady(120_000);
    const section = page.locator('#report-priorities');
    expect(await section.locator('.description').textContent()).toContain('As at 1 October 2018');
    expect(await page.locator('.report-contents a[href="#report-priorities"]').count()).toBe(1);
    for (const priority of priorities.priorities) {
      expect(await section.locator(`tr[data-priority="${priority.id}"]`).getAttribute('data-rag'), priority.id).toBe(priority.rag);
    }
    for (const risk of then.risks) {
      const current = section.locator(`tr[data-risk="${risk.id}"] td[data-score="current"]`);
      expect(await current.locator('.badge').textContent()).toBe(riskScoreJudgement(risk.current).text);
      expect(await current.textContent()).toContain(`Reviewed ${longDate(risk.current.date)}`);
    }
    // The cover's "What needs attention" names the red priorities and the risks scored red or risen, as at the same date.
    const cover = await page.locator('.report-board-attention li').allTextContents();
    expect(cover.map((line) => line.replace(/ See Priorities and risks$/, ''))).toEqual(boardAttention(priorities, then));
    expect(cover.length).toBeGreaterThan(0);
    await section.screenshot({ path: join(ARTIFACTS, 'report-priorities-and-risks.png') });
    expect(await axeBlocking()).toEqual([]);
  });

  it('leave the priorities and risks off the dashboard of a role that may not read them, without calling it a failure', async () => {
    const partner = demoUser(observatory, 'partner:police');
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
    await context.route('**/*', (route) => (route.request().url().startsWith(observatory.baseUrl) ? route.continue() : route.abort()));
    const partnerPage = await context.newPage();
    try {
      await partnerPage.goto(new URL('sign-in', observatory.baseUrl).href);
      await partnerPage.getByLabel('Name').fill(partner.name);
      await partnerPage.getByLabel('Token or password').fill(partner.token);
      await partnerPage.getByRole('button', { name: 'Sign in' }).click();
      await partnerPage.waitForURL((url) => url.pathname !== '/sign-in');
      await partnerPage.goto(new URL('dashboard', observatory.baseUrl).href);
      await partnerPage.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.pageState ?? ''), null, { timeout: 60_000 });
      expect(await partnerPage.evaluate(() => document.body.dataset.pageState)).toBe('ready');
      expect(await partnerPage.locator('#attention-heading').count()).toBe(1);
      expect(await partnerPage.locator('#priorities-heading, #risks-heading').count()).toBe(0);
      expect(await partnerPage.locator('main .error, #main .error').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
