/**
 * End to end: the area profile, trends and dashboard pages of the real
 * observatory in headless Chromium. Each page must show the API's figures
 * (withheld ones as "Withheld" with the reason, never as a number), draw its
 * charts with a text alternative and a table of the same figures, have a URL
 * that reproduces it, fit a 390 px phone without sideways scrolling, and pass
 * axe with no serious or critical violation. Screenshots at 1440×900 and
 * 390×844 go to test/artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreaCollection, AreaProfile, IndicatorList, Lineage, IndicatorSeries, IndicatorValues, MultiAgencyView } from '../../web/src/api/client.ts';
import type { AreaFigure, Indicator } from '../../web/src/api/client.ts';
import { figureText } from '../../web/src/components/charts/trend-chart.ts';
import { decimalsFor, formatNumber } from '../../web/src/format/numbers.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests } from '../support/observatory-process.ts';
import type { RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';
import { scrollsSideways, seriousAxeViolations, tabStops, waitForPageReady, watchedPage } from './browser-page.ts';
import type { WatchedPage } from './browser-page.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

let observatory: RunningObservatory;
let browser: Browser;
let desktop: WatchedPage;
let page: Page;

/** The demo executive that `observatory start` created: these are the executives' pages. */
const executive = () => demoUser(observatory, 'executive');

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(new URL(path, observatory.baseUrl), { headers: { authorization: `Bearer ${executive().token}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, observatory.baseUrl).toString());
  await waitForPageReady(page);
}

/** Screenshots of `path` at 1440×900 (already open) and 390×844, and no sideways scrolling on the phone. */
async function screenshotsAndPhone(path: string, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1440.png`), fullPage: true });
  const phone = await watchedPage(browser, observatory.baseUrl, 390, 844, executive());
  try {
    await phone.page.goto(new URL(path, observatory.baseUrl).toString());
    await waitForPageReady(phone.page);
    await phone.page.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
    expect(await scrollsSideways(phone.page), `${path} scrolls sideways at 390 px`).toBe(false);
    // Wide tables become cards on a phone rather than scrolling inside their box.
    const wide = await phone.page.locator('.stack-on-phone').evaluateAll((tables: HTMLElement[]) =>
      tables.filter((table) => table.scrollWidth > (table.parentElement?.clientWidth ?? 0) + 1).length,
    );
    expect(wide, `${path}: tables wider than a 390 px phone`).toBe(0);
    expect(phone.problems).toEqual([]);
  } finally {
    await phone.context.close();
  }
}

async function expectNoSeriousAxeViolations(): Promise<void> {
  const blocking = await seriousAxeViolations(page);
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  desktop = await watchedPage(browser, observatory.baseUrl, 1440, 900, executive());
  page = desktop.page;
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('the area profile', () => {
  let profile: AreaProfile;

  it('shows every indicator for an LSOA beside its local authority and the partnership, withheld ones in words', async () => {
    const lsoas = AreaCollection.parse(await getJson('api/geographies/lsoa'));
    const code = lsoas.features[0]?.properties.code as string;
    profile = AreaProfile.parse(await getJson(`api/areas/${code}/profile`));
    await open(`areas/${code}`);
    expect((await page.locator('h1').textContent())?.trim()).toBe(profile.area.name);
    expect(await page.locator('tr[data-indicator]').count()).toBe(profile.indicators.length);
    const withheld = profile.indicators.filter((entry) => entry.area.suppressed);
    expect(withheld.length, 'the pilot withholds some figures for this LSOA').toBeGreaterThan(0);
    for (const entry of profile.indicators) {
      const row = page.locator(`tr[data-indicator="${entry.indicator.id}"]`);
      const areaCell = ((await row.locator('td').nth(1).textContent()) ?? '').trim();
      if (entry.area.suppressed) {
        expect(areaCell, entry.indicator.id).toMatch(/^Withheld/);
        expect(areaCell).toContain(entry.area.suppressionReason ?? '');
        expect(areaCell).not.toMatch(/^\d/);
      } else if (entry.area.value !== null) {
        const decimals = decimalsFor([
          entry.area.value, entry.area.lower, entry.area.upper,
          entry.benchmark?.value, entry.benchmark?.lower, entry.benchmark?.upper,
          entry.partnership?.value, entry.partnership?.lower, entry.partnership?.upper,
          entry.spread?.min, entry.spread?.max, entry.spread?.median,
        ]);
        expect(areaCell.startsWith(formatNumber(entry.area.value, decimals)), `${entry.indicator.id}: ${areaCell}`).toBe(true);
      }
      const comparison = (await row.locator('.judgement-cell').first().textContent()) ?? '';
      if (entry.comparison?.judgement === 'worse') expect(comparison).toMatch(/^Significantly worse than /);
      if (entry.comparison?.judgement === 'better') expect(comparison).toMatch(/^Significantly better than /);
      if (entry.spread !== null && entry.spread.min !== null) {
        const spine = row.locator('.spine-cell svg');
        expect(await spine.count(), `${entry.indicator.id} has a spine chart`).toBe(1);
        expect(await spine.getAttribute('aria-label')).toContain(profile.area.name);
      }
    }
    // Links to the ward and local authority profiles.
    if (profile.area.localAuthority !== null) {
      expect(await page.locator(`a[href="/areas/${profile.area.localAuthority.code}"]`).count()).toBeGreaterThan(0);
    }
  });

  it('draws a trend chart with confidence intervals, a text alternative and the same figures as a table', async () => {
    const entry = profile.indicators.find((candidate) => candidate.indicator.id === 'all-crime');
    expect(entry).toBeDefined();
    const details = page.locator('details.trend-details[data-indicator="all-crime"]');
    await details.locator('summary').click();
    await expect.poll(() => details.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const chart = details.locator('.chart');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toContain(profile.area.name);
    // A CI band (area) and a line per series: the LSOA, its local authority, the partnership.
    expect(await chart.locator('svg g[data-mark="area"] path').count()).toBe(3);
    expect(await chart.locator('svg g[data-mark="line"] path').count()).toBe(3);
    const series = IndicatorSeries.parse(await getJson(`api/indicators/all-crime/series?area=${profile.area.code}`));
    await details.locator('.chart-table summary').click();
    const rows = details.locator('.chart-table tbody tr');
    expect(await rows.count()).toBe(series.points.length);
    const all = await Promise.all(
      [profile.area.code, profile.benchmark as string, profile.partnership].map(async (code) =>
        IndicatorSeries.parse(await getJson(`api/indicators/all-crime/series?area=${code}`)),
      ),
    );
    const decimals = decimalsFor(all.flatMap((result) => result.points.flatMap((point) => [point.value, point.lower, point.upper])));
    const first = series.points[0];
    expect(((await rows.first().locator('td').first().textContent()) ?? '').trim()).toBe(figureText(first, decimals));
    // Lineage: the extracts and agreement versions behind the area's latest figure.
    const lineage = Lineage.parse(await getJson(`api/indicators/all-crime/lineage?area=${profile.area.code}&period=${entry?.period.id}`));
    expect(lineage.extracts.length).toBeGreaterThan(0);
    const listed = await details.locator('.lineage-list li').allTextContents();
    expect(listed).toHaveLength(lineage.extracts.length);
    expect(listed[0]).toContain(`agreement ${lineage.extracts[0]?.agreement.id} version ${lineage.extracts[0]?.agreement.version}`);
    await screenshotsAndPhone(`areas/${profile.area.code}`, 'area-profile');
  });

  it('has no serious or critical accessibility violations (axe)', async () => {
    await expectNoSeriousAxeViolations();
  });

  it('lists the areas to choose from at /areas', async () => {
    await open('areas');
    const wards = AreaCollection.parse(await getJson('api/geographies/ward'));
    for (const ward of wards.features.slice(0, 3)) {
      expect(await page.locator(`a[href="/areas/${ward.properties.code}"]`).textContent()).toBe(ward.properties.name);
    }
    await expectNoSeriousAxeViolations();
  });
});

describe('the trends page', () => {
  it('shows an LSOA’s withheld periods as withheld, with the reason, in the chart’s table', async () => {
    const lsoas = AreaCollection.parse(await getJson('api/geographies/lsoa'));
    let found: { code: string; series: IndicatorSeries } | null = null;
    for (const feature of lsoas.features.slice(0, 20)) {
      const series = IndicatorSeries.parse(await getJson(`api/indicators/fly-tipping/series?area=${feature.properties.code}`));
      if (series.points.some((point) => point.suppressed) && series.points.some((point) => !point.suppressed && point.value !== null)) {
        found = { code: feature.properties.code, series };
        break;
      }
    }
    expect(found, 'an LSOA with some fly-tipping months withheld and some published').not.toBeNull();
    const { code, series } = found as { code: string; series: IndicatorSeries };
    await open(`indicators/fly-tipping?area=${code}`);
    expect(await page.locator('h1').textContent()).toContain(series.area.name);
    expect(await page.locator('#area-select').inputValue()).toBe(code);
    const summary = (await page.locator('.chart-summary').textContent()) ?? '';
    const withheld = series.points.filter((point) => point.suppressed).length;
    expect(summary).toContain(`${withheld} of ${series.points.length} periods withheld`);
    expect(await page.locator('.chart svg g[data-mark="dot"]').count()).toBeGreaterThan(0);
    await page.locator('.chart-table summary').click();
    const cells = await page.locator('.chart-table tbody tr').evaluateAll((rows: HTMLTableRowElement[]) =>
      rows.map((row) => (row.cells[1]?.textContent ?? '').trim()),
    );
    expect(cells).toHaveLength(series.points.length);
    series.points.forEach((point, index) => {
      if (point.suppressed) {
        expect(cells[index]).toBe(`Withheld: ${point.suppressionReason}`);
      } else {
        expect(cells[index]).not.toMatch(/^Withheld/);
      }
    });
    await expectNoSeriousAxeViolations();
  });

  it('opens on the partnership beside each local authority, with direction of travel and RAG', async () => {
    await open('indicators/all-crime');
    const lads = IndicatorValues.parse(await getJson('api/indicators/all-crime/values?level=lad'));
    const key = await page.locator('.chart-key li').allTextContents();
    expect(key.slice(1)).toEqual(lads.values.map((figure) => figure.name));
    const partnership = IndicatorValues.parse(await getJson('api/indicators/all-crime/values?level=partnership')).values[0] as AreaFigure;
    const badges = await page.locator('.judgements .badge').allTextContents();
    if (partnership.rag === 'green') expect(badges).toContain('Green: meets the target');
    if (partnership.rag === 'red') expect(badges).toContain('Red: significantly misses the target');
    if (partnership.trend?.judgement === 'better') expect(badges.some((text) => text.startsWith('Getting better'))).toBe(true);
    await screenshotsAndPhone('indicators/all-crime', 'trends');
  });
});

describe('the dashboard', () => {
  let indicators: Indicator[];

  it('lists every indicator with the partnership’s latest figure, RAG and the neighbourhoods significantly worse', async () => {
    indicators = IndicatorList.parse(await getJson('api/indicators')).indicators.filter(
      (indicator) => indicator.levels.includes('partnership') && indicator.latestPeriod !== null,
    );
    await open('dashboard');
    expect(await page.locator('.dashboard-table tbody tr[data-indicator]').count()).toBe(indicators.length);
    for (const indicator of indicators.filter((candidate) => ['all-crime', 'crime-annual', 'fly-tipping'].includes(candidate.id))) {
      const period = indicator.latestPeriod as string;
      const partnership = IndicatorValues.parse(await getJson(`api/indicators/${indicator.id}/values?level=partnership&period=${period}`)).values[0] as AreaFigure;
      const lsoas = IndicatorValues.parse(await getJson(`api/indicators/${indicator.id}/values?level=lsoa&period=${period}`)).values;
      const row = page.locator(`.dashboard-table tr[data-indicator="${indicator.id}"]`);
      const cells = row.locator('td');
      const decimals = decimalsFor([partnership.value, partnership.lower, partnership.upper]);
      expect(((await cells.nth(0).textContent()) ?? '').startsWith(formatNumber(partnership.value, decimals))).toBe(true);
      // Low is good for these: significantly worse when the LSOA's whole interval is above the partnership's value.
      const worse = lsoas.filter((figure) => !figure.suppressed && figure.lower !== null && figure.lower > (partnership.value as number)).length;
      expect(((await cells.nth(4).locator('a').textContent()) ?? '').trim()).toBe(`${worse} of ${lsoas.length}`);
      expect(await cells.nth(4).locator('a').getAttribute('href')).toBe(
        `/?indicator=${indicator.id}&level=lsoa&period=${encodeURIComponent(period)}&mode=partnership`,
      );
      const rag = ((await cells.nth(2).textContent()) ?? '').trim();
      if (partnership.rag === 'red') expect(rag).toMatch(/^Red/);
      if (partnership.rag === 'green') expect(rag).toMatch(/^Green/);
      if (partnership.rag === null) expect(rag).toBe('No target set');
    }
  });

  it('puts what needs attention first, red RAG first of all', async () => {
    const reds: string[] = [];
    for (const indicator of indicators) {
      const partnership = IndicatorValues.parse(await getJson(`api/indicators/${indicator.id}/values?level=partnership&period=${indicator.latestPeriod}`)).values[0];
      if (partnership?.rag === 'red') reds.push(indicator.id);
    }
    const listed = await page.locator('.attention-list li').evaluateAll((items: HTMLLIElement[]) => items.map((item) => item.dataset.indicator ?? ''));
    expect(listed.slice(0, reds.length).sort()).toEqual([...reds].sort());
  });

  it('ranks the neighbourhoods where several partners see high demand, with the method in words', async () => {
    const view = MultiAgencyView.parse(await getJson('api/multi-agency'));
    const ranked = view.areas.filter((area) => area.highDemandCount >= 2);
    const rows = page.locator('#multi-agency-table tbody tr');
    expect(await rows.count()).toBe(ranked.length);
    expect(((await rows.first().locator('th').textContent()) ?? '').trim()).toBe(ranked[0]?.name);
    expect(await page.locator('.multi-agency .description').textContent()).toContain(view.method);
    await screenshotsAndPhone('dashboard', 'dashboard');
  });

  it('has no serious or critical accessibility violations (axe), and keyboard reaches its links', async () => {
    await expectNoSeriousAxeViolations();
    const stops = await tabStops(page, 12);
    expect(stops.filter((stop) => stop.startsWith('a:')).length).toBeGreaterThan(6);
  });

  it('reads on a projector (1920 px) without sideways scrolling', async () => {
    const projector = await watchedPage(browser, observatory.baseUrl, 1920, 1080, executive());
    try {
      await projector.page.goto(new URL('dashboard', observatory.baseUrl).toString());
      await waitForPageReady(projector.page);
      expect(await scrollsSideways(projector.page)).toBe(false);
      await projector.page.screenshot({ path: join(ARTIFACTS, 'dashboard-1920.png') });
    } finally {
      await projector.context.close();
    }
  });
});

describe('every page', () => {
  it('made no requests outside the observatory and logged no errors', () => {
    expect(desktop.outsideRequests).toEqual([]);
    expect(desktop.problems).toEqual([]);
  });
});
