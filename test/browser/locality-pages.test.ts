/**
 * End to end: localities (neighbourhood policing teams and primary care
 * networks, which overlap) in the real observatory in headless Chromium. A
 * locality's profile shows its figures, says its kind and that it is compared
 * with the partnership, and links to the LSOAs it is made of; the map shows
 * one kind at a time (only its areas and figures), and the URL reproduces the
 * view. The kinds and their sizes come from the API's locality geography.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaCollection, AreaProfile, IndicatorValues } from '../../web/src/api/client.ts';
import { decimalsForFigures, figureRowText } from '../../web/src/table/figures-table.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests } from '../support/observatory-process.ts';
import type { RunningObservatory } from '../support/observatory-process.ts';
import { seriousAxeViolations, waitForPageReady, watchedPage } from './browser-page.ts';
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
