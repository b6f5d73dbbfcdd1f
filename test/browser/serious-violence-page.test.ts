/**
 * The serious-violence page (/serious-violence) in headless Chromium over the real observatory:
 * it lists exactly the areas the API judges high on both, shows every area's police, A&E and
 * combined figures (withheld ones as "Withheld", never a number), draws the map with a legend of
 * the API's counts, follows the level in the URL, fits a 390 px phone, and passes axe.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriousViolenceView } from '../../web/src/api/client.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests, type RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';
import { scrollsSideways, seriousAxeViolations, waitForPageReady, watchedPage, type WatchedPage } from './browser-page.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

let observatory: RunningObservatory;
let browser: Browser;
let desktop: WatchedPage;
let page: Page;

/** The demo analyst: the view is for the partnership's own staff. */
const analyst = () => demoUser(observatory, 'analyst');

async function view(query = ''): Promise<SeriousViolenceView> {
  const response = await fetch(new URL(`api/serious-violence${query}`, observatory.baseUrl), { headers: { authorization: `Bearer ${analyst().token}` } });
  if (!response.ok) throw new Error(`GET /api/serious-violence${query} answered ${response.status}: ${await response.text()}`);
  return SeriousViolenceView.parse(await response.json());
}

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, observatory.baseUrl).toString());
  await waitForPageReady(page);
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  desktop = await watchedPage(browser, observatory.baseUrl, 1440, 900, analyst());
  page = desktop.page;
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('the serious-violence page', () => {
  let lsoa: SeriousViolenceView;

  it('lists exactly the neighbourhoods the API finds high on both, in its order', async () => {
    lsoa = await view();
    await open('serious-violence');
    expect((await page.locator('h1').textContent())?.trim()).toBe('Serious violence: police and A&E');
    expect(lsoa.highOnBoth.length, 'the pilot has neighbourhoods high on both').toBeGreaterThan(0);
    const listed = await page.locator('#high-on-both-list li').evaluateAll((items: HTMLLIElement[]) => items.map((item) => item.dataset.area ?? ''));
    expect(listed).toEqual(lsoa.highOnBoth);
    expect(await page.locator('.high-on-both .figure-note').textContent()).toContain(`${lsoa.unjudged} areas have a police or A&E figure withheld`);
    expect(await page.locator('section.method p').textContent()).toBe(lsoa.method);
  });

  it('shows every area with its three figures, withheld ones in words (the combined demand withheld with either part)', async () => {
    const rows = page.locator('#serious-violence-table tbody tr[data-area]');
    expect(await rows.count()).toBe(lsoa.areas.length);
    const withheld = lsoa.areas.find((a) => a.hospital.withheld && !a.police.withheld);
    expect(withheld, 'the pilot withholds an A&E figure beside a published police one').toBeDefined();
    const cells = (await page.locator(`#serious-violence-table tr[data-area="${withheld!.area}"] td`).allTextContents()).map((t) => t.trim());
    expect(cells[0]).not.toMatch(/^Withheld/);
    expect(cells[1]).toMatch(/^Withheld/);
    expect(cells[2]).toMatch(/^Withheld/);
    expect(cells[3]).toBe('Not judged (withheld)');
    const first = lsoa.areas[0]!;
    const firstRow = page.locator(`#serious-violence-table tr[data-area="${first.area}"]`);
    expect(await firstRow.getAttribute('class')).toContain('high-on-both-row');
    expect(((await firstRow.locator('td').nth(3).textContent()) ?? '').trim()).toBe('Yes');
  });

  it('draws the map, its legend counting the API’s areas by category', async () => {
    const map = page.locator('.serious-violence-map svg');
    expect(await map.count()).toBe(1);
    expect(await map.getAttribute('aria-label')).toContain(`${lsoa.highOnBoth.length} high on both, ${lsoa.unjudged} with a withheld figure`);
    const counts = (await page.locator('.serious-violence-map .legend-list li .legend-count').allTextContents()).map((t) => t.trim());
    expect(counts[0]).toContain(String(lsoa.highOnBoth.length));
  });

  it('follows the level in the URL, and changing it rewrites the URL', async () => {
    await page.selectOption('#sv-level', 'ward');
    await page.waitForURL(/\/serious-violence\?level=ward/);
    await waitForPageReady(page);
    const wards = await view('?level=ward');
    await expect.poll(() => page.locator('#serious-violence-table tbody tr[data-area]').count()).toBe(wards.areas.length);
    expect(wards.areas.every((a) => a.area.startsWith('E05'))).toBe(true);
    await open(`serious-violence?level=ward&period=${wards.period.id}`);
    expect(await page.locator('#sv-level').inputValue()).toBe('ward');
    expect(await page.locator('#sv-period').inputValue()).toBe(wards.period.id);
  });

  it('has no serious or critical accessibility violations, and fits a 390 px phone', async () => {
    await open('serious-violence');
    const blocking = await seriousAxeViolations(page);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'serious-violence-1440.png'), fullPage: true });
    const phone = await watchedPage(browser, observatory.baseUrl, 390, 844, analyst());
    try {
      await phone.page.goto(new URL('serious-violence', observatory.baseUrl).toString());
      await waitForPageReady(phone.page);
      await phone.page.screenshot({ path: join(ARTIFACTS, 'serious-violence-390.png'), fullPage: true });
      expect(await scrollsSideways(phone.page)).toBe(false);
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
    expect(desktop.problems).toEqual([]);
    expect(desktop.outsideRequests).toEqual([]);
  });
});
