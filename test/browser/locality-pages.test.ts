/**
 * End to end: localities (neighbourhood policing teams and primary care
 * networks, which overlap) in the real observatory in headless Chromium. A
 * locality's profile shows its figures, says its kind and that it is compared
 * with the partnership, and links to the LSOAs it is made of; the map shows
 * one kind at a time (only its areas and figures), and the URL reproduces the
 * view. The dashboard offers each locality its own dashboard (an area
 * board's view) and shows how every locality stands against the partnership;
 * the trends page offers them in its chooser. The kinds and their sizes come
 * from the API's locality geography.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AreaCollection, AreaProfile, IndicatorList, IndicatorValues } from '../../web/src/api/client.ts';
import type { AreaFigure, Indicator } from '../../web/src/api/client.ts';
import { decimalsFor, formatNumber } from '../../web/src/format/numbers.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';
import { decimalsForFigures, figureRowText } from '../../web/src/table/figures-table.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests } from '../support/observatory-process.ts';
import type { RunningObservatory } from '../support/observatory-process.ts';
import { scrollsSideways, seriousAxeViolations, waitForPageReady, watchedPage } from './browser-page.ts';
import type { WatchedPage } from './browser-page.ts';

const PCN = 'primary-care-network';
const NPT = 'neighbourhood-policing-team';

let observatory: RunningObservatory;
let browser: Browser;
let watched: WatchedPage;
let page: Page;
let localities: AreaCollection;

const analyst = () => demoUser(observatory, 'analyst');

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(new URL(path, observatory.baseUrl), { headers: { authorization: `Bearer ${analyst().token}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The kinds of locality in the order the geography first names them. */
function kindsInOrder(): Array<{ id: string; name: string }> {
  const kinds = new Map<string, { id: string; name: string }>();
  for (const feature of localities.features) if (feature.properties.kind !== undefined) kinds.set(feature.properties.kind.id, feature.properties.kind);
  return [...kinds.values()];
}

function ofKind(kind: string): AreaCollection['features'] {
  return localities.features.filter((feature) => feature.properties.kind?.id === kind);
}

async function waitForMapReady(): Promise<void> {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.mapState ?? ''), null, { timeout: 45_000 });
  const state = await page.evaluate(() => document.body.dataset.mapState);
  if (state !== 'ready') throw new Error(`The map did not render: ${await page.locator('#error').textContent()}`);
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  watched = await watchedPage(browser, observatory.baseUrl, 1440, 900, analyst());
  page = watched.page;
  localities = AreaCollection.parse(await getJson('api/geographies/locality'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('a locality’s profile', () => {
  it('shows /areas/pcn-1 with its figures, its kind, its LSOAs and its benchmark, the partnership', async () => {
    const profile = AreaProfile.parse(await getJson('api/areas/pcn-1/profile'));
    const feature = localities.features.find((candidate) => candidate.properties.code === 'pcn-1');
    const lsoas = feature?.properties.lsoas ?? [];
    expect(lsoas.length).toBeGreaterThan(0);

    await page.goto(new URL('areas/pcn-1', observatory.baseUrl).href);
    await waitForPageReady(page);
    expect((await page.locator('h1').textContent())?.trim()).toBe(profile.area.name);
    expect((await page.locator('#area-kind').textContent())?.trim()).toBe('Primary care network');
    expect(await page.locator('.area-context').textContent()).toContain('compared with the partnership');
    if (profile.partnership !== null) expect(await page.locator(`.area-context a[href="/areas/${profile.partnership}"]`).count()).toBe(1);

    // Every indicator, each figure as the API gives it (withheld ones as "Withheld").
    expect(profile.indicators.length).toBeGreaterThan(0);
    expect(await page.locator('tr[data-indicator]').count()).toBe(profile.indicators.length);
    const shown = profile.indicators.filter((entry) => !entry.area.suppressed && entry.area.value !== null);
    expect(shown.length).toBeGreaterThan(0);
    for (const entry of profile.indicators) {
      const cell = page.locator(`tr[data-indicator="${entry.indicator.id}"] td`).nth(1);
      const text = (await cell.textContent()) ?? '';
      if (entry.area.suppressed) expect(text).toContain('Withheld');
      else if (entry.area.value !== null) expect(text.replace(/\s/g, '')).toMatch(/^-?[\d,.]+/);
    }
    const crime = profile.indicators.find((entry) => entry.indicator.id === 'all-crime');
    if (crime !== undefined && !crime.area.suppressed && crime.area.value !== null) {
      const value = await page.locator('tr[data-indicator="all-crime"] td .figure-value').first().textContent();
      expect(Number(value?.replace(/,/g, ''))).toBeCloseTo(crime.area.value, 0);
    }

    // The LSOAs it is made of, each a link to its profile.
    expect(await page.locator('#locality-lsoas-heading').textContent()).toBe(`The ${lsoas.length} LSOAs ${profile.area.name} is made of`);
    const links = await page.locator('.locality-lsoas a').evaluateAll((anchors: HTMLAnchorElement[]) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect([...links].sort()).toEqual(lsoas.map((code) => `/areas/${code}`).sort());
    expect(await page.locator('a', { hasText: 'See the map' }).getAttribute('href')).toBe(`/?level=locality&kind=${PCN}`);

    const blocking = await seriousAxeViolations(page);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);

    // A member LSOA's link opens its profile.
    await page.locator('.locality-lsoas a').first().click();
    await waitForPageReady(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/areas\/E01\d+$/);
    expect(watched.problems).toEqual([]);
  });

  it('is offered in the area chooser, grouped by kind', async () => {
    await page.goto(new URL('areas', observatory.baseUrl).href);
    await waitForPageReady(page);
    const summaries = await page.locator('details.area-group summary').allTextContents();
    expect(summaries).toContain(`Primary care networks (${ofKind(PCN).length})`);
    expect(summaries).toContain(`Neighbourhood policing teams (${ofKind(NPT).length})`);
    expect(await page.locator('a[href="/areas/pcn-1"]').count()).toBe(1);
  });
});

describe('the map by locality', () => {
  it('shows one kind at a time, only its areas and figures, and the URL reproduces the view', async () => {
    expect(ofKind(PCN)).toHaveLength(8);
    expect(ofKind(NPT)).toHaveLength(6);
    const period = '2019-01';
    const all = IndicatorValues.parse(await getJson(`api/indicators/all-crime/values?level=locality&period=${period}`)).values;
    const figuresOf = (kind: string) => {
      const codes = new Set(ofKind(kind).map((feature) => feature.properties.code));
      return all.filter((figure) => codes.has(figure.area));
    };

    await page.goto(new URL(`?indicator=all-crime&level=locality&kind=${PCN}&period=${period}`, observatory.baseUrl).href);
    await waitForMapReady();
    expect(await page.locator('#level-select').inputValue()).toBe(`locality:${PCN}`);
    expect(await page.locator('#map').getAttribute('data-level-areas')).toBe('8');
    const pcnFigures = figuresOf(PCN);
    const withValue = pcnFigures.filter((figure) => !figure.suppressed && figure.value !== null).length;
    expect(await page.locator('#map').getAttribute('data-rendered-areas')).toBe(String(withValue));
    const decimals = decimalsForFigures(pcnFigures);
    const rows = await page.locator('#figures-table tbody tr td:first-child').allTextContents();
    expect(rows.map((row) => row.trim()).sort()).toEqual(pcnFigures.map((figure) => figureRowText(figure, decimals).area).sort());
    expect(await page.locator('#figures-table caption').textContent()).toContain('by primary care network');

    // Compared with the parent: for a locality, that is the partnership.
    expect(await page.locator('#mode-select option[value="parent"]').textContent()).toBe('Compared with the partnership (95% CI)');

    // Switching kind is a level choice; the URL follows and reproduces the view.
    await page.selectOption('#level-select', `locality:${NPT}`);
    await waitForMapReady();
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe(NPT);
    expect(new URL(page.url()).searchParams.get('level')).toBe('locality');
    expect(await page.locator('#map').getAttribute('data-level-areas')).toBe('6');
    expect(await page.locator('#figures-table tbody tr').count()).toBe(6);
    const shared = page.url();

    // Back to the care networks through history, switched on the same map.
    await page.goBack();
    await expect.poll(() => page.locator('#map').getAttribute('data-level-areas')).toBe('8');
    await waitForMapReady();
    expect(await page.locator('#level-select').inputValue()).toBe(`locality:${PCN}`);

    // The shared link, opened afresh, shows the policing teams again.
    await page.goto(shared);
    await waitForMapReady();
    expect(await page.locator('#level-select').inputValue()).toBe(`locality:${NPT}`);
    expect(await page.locator('#map').getAttribute('data-level-areas')).toBe('6');
    expect(await page.locator('#figures-table tbody tr').count()).toBe(6);
    expect(await page.locator('#map').getAttribute('data-rendered-areas')).toBe(
      String(figuresOf(NPT).filter((figure) => !figure.suppressed && figure.value !== null).length),
    );
    expect(watched.problems).toEqual([]);
    expect(watched.outsideRequests).toEqual([]);
  });
});

describe('localities on the dashboard and the trends page', () => {
  /** The indicators the dashboard shows for localities: a latest period, a partnership and a locality level. */
  async function localityIndicators(): Promise<Indicator[]> {
    return IndicatorList.parse(await getJson('api/indicators')).indicators.filter(
      (indicator) => indicator.latestPeriod !== null && indicator.levels.includes('partnership') && indicator.levels.includes('locality'),
    );
  }

  async function latestLocalityFigures(indicator: Indicator): Promise<AreaFigure[]> {
    return IndicatorValues.parse(await getJson(`api/indicators/${indicator.id}/values?level=locality&period=${indicator.latestPeriod}`)).values;
  }

  it('shows on the partnership’s dashboard how each locality stands against the partnership, one table per kind', async () => {
    const indicators = await localityIndicators();
    const worseCount = new Map<string, number>();
    const betterCount = new Map<string, number>();
    for (const indicator of indicators.filter((candidate) => candidate.polarity !== 'no-judgement')) {
      for (const figure of await latestLocalityFigures(indicator)) {
        if (figure.suppressed) continue;
        if (figure.comparison?.judgement === 'worse') worseCount.set(figure.area, (worseCount.get(figure.area) ?? 0) + 1);
        if (figure.comparison?.judgement === 'better') betterCount.set(figure.area, (betterCount.get(figure.area) ?? 0) + 1);
      }
    }
    // The pilot's localities differ from the partnership on some indicators, or this test shows nothing.
    expect([...worseCount.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);

    await page.goto(new URL('dashboard', observatory.baseUrl).href);
    await waitForPageReady(page);
    expect(await page.locator('.dashboard-localities h3').allTextContents()).toEqual(kindsInOrder().map((kind) => kind.name));
    for (const kind of [PCN, NPT]) {
      const rows = page.locator(`.locality-standing[data-kind="${kind}"] tbody tr`);
      expect(await rows.count()).toBe(ofKind(kind).length);
      const listed = await rows.evaluateAll((items: HTMLTableRowElement[]) => items.map((item) => item.dataset.locality ?? ''));
      expect([...listed].sort()).toEqual(ofKind(kind).map((feature) => feature.properties.code).sort());
      // Most "worse" first.
      const counts = listed.map((code) => worseCount.get(code) ?? 0);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    for (const feature of localities.features) {
      const code = feature.properties.code;
      const row = page.locator(`.locality-standing tr[data-locality="${code}"]`);
      expect((await row.locator('td').nth(0).locator('.figure-value').textContent())?.trim()).toBe(String(worseCount.get(code) ?? 0));
      expect((await row.locator('td').nth(1).locator('.figure-value').textContent())?.trim()).toBe(String(betterCount.get(code) ?? 0));
      expect(await row.locator('th a').getAttribute('href')).toBe(`/dashboard?area=${code}`);
    }
    const blocking = await seriousAxeViolations(page);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  });

  it('gives a locality its own dashboard: its figures against the partnership, its neighbourhoods, its multi-agency list', async () => {
    const feature = ofKind(NPT)[0];
    if (feature === undefined) throw new Error('the pilot has no neighbourhood policing team');
    const code = feature.properties.code;
    const members = new Set(feature.properties.lsoas ?? []);
    const indicators = await localityIndicators();

    // Chosen as a person would: from the chooser on the partnership's dashboard.
    await page.goto(new URL('dashboard', observatory.baseUrl).href);
    await waitForPageReady(page);
    await page.selectOption('#dashboard-area', code);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard' && url.searchParams.get('area') === code);
    await waitForPageReady(page);
    expect((await page.locator('h1').textContent())?.trim()).toBe(`Dashboard: ${feature.properties.name} (neighbourhood policing team)`);
    expect(await page.locator('#dashboard-area').inputValue()).toBe(code);
    expect(await page.locator('.dashboard-localities').count()).toBe(0);
    expect(await page.locator('.dashboard-table tbody tr[data-indicator]').count()).toBe(indicators.length);

    const crime = indicators.find((indicator) => indicator.id === 'all-crime');
    if (crime === undefined) throw new Error('the pilot has no all-crime indicator');
    const figure = (await latestLocalityFigures(crime)).find((candidate) => candidate.area === code);
    const partnership = IndicatorValues.parse(await getJson(`api/indicators/all-crime/values?level=partnership&period=${crime.latestPeriod}`)).values[0];
    const lsoas = IndicatorValues.parse(await getJson(`api/indicators/all-crime/values?level=lsoa&period=${crime.latestPeriod}`)).values.filter((candidate) =>
      members.has(candidate.area),
    );
    if (figure === undefined || partnership === undefined || figure.value === null) throw new Error('no published all-crime figure for the locality');
    const row = page.locator(`.dashboard-table tr[data-indicator="all-crime"]`);
    const decimals = decimalsFor([figure.value, figure.lower, figure.upper]);
    expect(((await row.locator('td').nth(0).textContent()) ?? '').startsWith(formatNumber(figure.value, decimals))).toBe(true);
    const judgement = { worse: 'Significantly worse than the partnership', better: 'Significantly better than the partnership', similar: 'Similar to the partnership' }[
      figure.comparison?.judgement as 'worse' | 'better' | 'similar'
    ];
    expect(await row.locator('td').nth(4).locator('.badge').first().textContent()).toBe(judgement);
    // Its neighbourhoods significantly worse than the partnership (low is good: the whole interval above its value).
    const worse = lsoas.filter((candidate) => !candidate.suppressed && candidate.lower !== null && candidate.lower > (partnership.value as number)).length;
    expect(((await row.locator('td').nth(4).locator('a').textContent()) ?? '').trim()).toBe(`${worse} of ${lsoas.length}`);
    // The multi-agency list names only its own neighbourhoods.
    const ranked = await page.locator('#multi-agency-table tbody th a').evaluateAll((anchors: HTMLAnchorElement[]) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    for (const href of ranked) expect(members.has(href.replace('/areas/', ''))).toBe(true);
    expect(await page.locator(`a[href="/areas/${code}"]`).count()).toBeGreaterThan(0);

    const blocking = await seriousAxeViolations(page);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    const artifacts = join(PROJECT_ROOT, 'test', 'artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard-locality-1440.png'), fullPage: true });
    const phone = await watchedPage(browser, observatory.baseUrl, 390, 844, analyst());
    try {
      await phone.page.goto(new URL(`dashboard?area=${code}`, observatory.baseUrl).href);
      await waitForPageReady(phone.page);
      expect(await scrollsSideways(phone.page)).toBe(false);
      await phone.page.screenshot({ path: join(artifacts, 'dashboard-locality-390.png'), fullPage: true });
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
    expect(watched.problems).toEqual([]);
  });

  it('says so when the address names no locality of the partnership', async () => {
    const other = await watchedPage(browser, observatory.baseUrl, 1440, 900, analyst());
    try {
      await other.page.goto(new URL('dashboard?area=npt-nowhere', observatory.baseUrl).href);
      await other.page.waitForFunction(() => document.body.dataset.pageState === 'error');
      expect(await other.page.locator('#error').textContent()).toContain('“npt-nowhere” is not one of the partnership’s localities');
    } finally {
      await other.context.close();
    }
  });

  it('offers the localities, by kind, in the trends page’s chooser', async () => {
    const code = ofKind(PCN)[0]?.properties.code ?? '';
    await page.goto(new URL('indicators/all-crime', observatory.baseUrl).href);
    await waitForPageReady(page);
    expect(await page.locator('#area-select optgroup').evaluateAll((groups: HTMLOptGroupElement[]) => groups.map((group) => [group.label, group.children.length]))).toEqual(
      kindsInOrder().map((kind) => [kind.name, ofKind(kind.id).length]),
    );
    await page.selectOption('#area-select', code);
    await page.waitForURL((url) => url.searchParams.get('area') === code);
    await waitForPageReady(page);
    const crime = (await localityIndicators()).find((indicator) => indicator.id === 'all-crime');
    expect((await page.locator('h1').textContent())?.trim()).toBe(`${crime?.title}: ${ofKind(PCN)[0]?.properties.name}`);
    expect(await page.locator('#area-select').inputValue()).toBe(code);
    expect(watched.problems).toEqual([]);
  });
});
