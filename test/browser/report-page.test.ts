/**
 * End to end: the board report of the real observatory in headless Chromium, signed in as a board
 * reader. On screen it must show every theme and every indicator that has a figure by the report's
 * last month, choose another six months by ?period=, fit a 390 px phone and pass axe. Printed to
 * PDF (as "Save as PDF" does), every theme and indicator title must be in the PDF's text
 * (pdftotext) and no page may be blank (pdftoppm: each page has ink inside its margins).
 * The screenshots and the PDF go to test/artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndicatorList, type Indicator } from '../../web/src/api/client.ts';
import { indicatorPeriodFor, latestReportMonth, previousReportPeriod, reportPeriod } from '../../web/src/pages/report/report-period.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests } from '../support/observatory-process.ts';
import type { RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';
import { scrollsSideways, seriousAxeViolations, waitForPageReady, watchedPage } from './browser-page.ts';
import type { WatchedPage } from './browser-page.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
/** The report makes about a hundred API calls; on a shared machine in the full suite that can take tens of seconds. */
const READY_MS = 120_000;
const TEST_MS = 240_000;

let observatory: RunningObservatory;
let browser: Browser;
let desktop: WatchedPage;
let page: Page;
let indicators: Indicator[];

/** A board reader: the demo executive (or, on a server you run yourself, the user you named). */
const reader = () => observatory.users.executive ?? demoUser(observatory, 'analyst');

/** Text with every run of white space (line breaks from wrapping included) as one space. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * Whether a grey-level page image (a binary PGM from `pdftoppm -gray`) has ink inside its
 * margins: at least `minShare` of the pixels inside a 4% border darker than near-white.
 */
function inkShare(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (header === null) throw new Error('not a binary PGM image');
  const [whole, w, h] = header;
  const width = Number(w);
  const height = Number(h);
  const pixels = pgm.subarray(Buffer.byteLength(whole ?? '', 'latin1'));
  const marginX = Math.round(width * 0.04);
  const marginY = Math.round(height * 0.04);
  let inked = 0;
  let counted = 0;
  for (let y = marginY; y < height - marginY; y += 1) {
    for (let x = marginX; x < width - marginX; x += 1) {
      counted += 1;
      if ((pixels[y * width + x] ?? 255) < 235) inked += 1;
    }
  }
  return inked / counted;
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  desktop = await watchedPage(browser, observatory.baseUrl, 1440, 900, reader());
  page = desktop.page;
  await mkdir(ARTIFACTS, { recursive: true });
  const response = await fetch(new URL('api/indicators', observatory.baseUrl), { headers: { authorization: `Bearer ${reader().token}` } });
  indicators = IndicatorList.parse(await response.json()).indicators;
});

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('the board report', () => {
  it('shows the latest six months by default: every theme and every indicator with a figure, for a board reader', async () => {
    const latest = latestReportMonth(indicators);
    expect(latest, 'the pilot has dated figures').not.toBeNull();
    const period = reportPeriod(latest as string);
    const started = performance.now();
    await page.goto(new URL('report', observatory.baseUrl).toString());
    await waitForPageReady(page, READY_MS);
    const loadMs = performance.now() - started;
    console.log(`board report ready in ${Math.round(loadMs)} ms`);
    expect(await page.locator('.report-period').textContent()).toBe(`Six months: ${period.label}`);
    expect(await page.locator('nav#site-nav a[aria-current="page"]').textContent()).toBe('Board report');
    const shown = indicators.filter((indicator) => indicatorPeriodFor(indicator, period) !== null);
    expect(shown.length).toBeGreaterThan(10);
    const text = flat((await page.locator('main').textContent()) ?? '');
    for (const theme of new Set(shown.map((indicator) => indicator.theme))) {
      expect(await page.locator('.report-theme h2', { hasText: theme }).count(), theme).toBe(1);
    }
    for (const indicator of shown) {
      expect(await page.locator(`article.report-indicator[data-indicator="${indicator.id}"] svg.static-map`).count(), `${indicator.id} has a map`).toBe(1);
      expect(text).toContain(indicator.title);
    }
    // The summary lists each indicator with a partnership figure once, with its sparkline where it has a series.
    const withPartnership = shown.filter((indicator) => indicator.levels.includes('partnership'));
    expect(await page.locator('.report-summary tr[data-indicator]').count()).toBe(withPartnership.length);
    expect(await page.locator('.report-summary .sparkline-cell svg').count()).toBeGreaterThan(0);
    // Maps are vector: withheld areas hatched, every area a path.
    const firstMap = page.locator('article.report-indicator svg.static-map').first();
    expect(await firstMap.getAttribute('aria-label')).toMatch(/^Map of /);
    expect(await firstMap.locator('path').count()).toBeGreaterThan(100);
    expect(await page.locator('#report-multi-agency svg.static-map').count()).toBe(1);
    expect(text).toContain(`What changed since the last report (${previousReportPeriod(period).label})`);
    expect(desktop.problems).toEqual([]);
    expect(desktop.outsideRequests).toEqual([]);
    const blocking = await seriousAxeViolations(page);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-1440.png'), fullPage: true });
  }, TEST_MS);

  it('fits a 390 px phone without sideways scrolling', async () => {
    const phone = await watchedPage(browser, observatory.baseUrl, 390, 844, reader());
    try {
      await phone.page.goto(new URL('report', observatory.baseUrl).toString());
      await waitForPageReady(phone.page, READY_MS);
      expect(await scrollsSideways(phone.page)).toBe(false);
      await phone.page.screenshot({ path: join(ARTIFACTS, 'report-390.png'), fullPage: true });
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, TEST_MS);

  it('prints to a PDF with every theme and indicator title and no blank page', async () => {
    await page.goto(new URL('report', observatory.baseUrl).toString());
    await waitForPageReady(page, READY_MS);
    const pdfPath = join(ARTIFACTS, 'report.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const text = flat(execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    const flowing = flat(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    const period = reportPeriod(latestReportMonth(indicators) as string);
    const shown = indicators.filter((indicator) => indicatorPeriodFor(indicator, period) !== null);
    expect(flowing).toContain(period.label);
    for (const theme of new Set(shown.map((indicator) => indicator.theme))) expect(flowing, theme).toContain(theme);
    for (const indicator of shown) expect(text.includes(indicator.title) || flowing.includes(indicator.title), indicator.title).toBe(true);
    expect(flowing).toContain('Data notes');
    expect(flowing).not.toContain('Save as PDF or print'); // the controls are not printed

    const pages = await mkdtemp(join(tmpdir(), 'report-pages-'));
    try {
      execFileSync('pdftoppm', ['-r', '30', '-gray', pdfPath, join(pages, 'page')]);
      const images = (await readdir(pages)).filter((name) => name.endsWith('.pgm')).sort();
      console.log(`board report PDF: ${images.length} pages`);
      expect(images.length).toBeGreaterThan(shown.length / 3);
      for (const image of images) {
        const share = inkShare(await readFile(join(pages, image)));
        expect(share, `${image} is blank`).toBeGreaterThan(0.005);
      }
      // The first page, rendered for people to look at.
      execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', pdfPath, join(ARTIFACTS, 'report-pdf-page')]);
    } finally {
      await rm(pages, { recursive: true, force: true });
    }
  }, TEST_MS);

  it('shows a chosen six months, and says plainly when the period is not one', async () => {
    const latest = reportPeriod(latestReportMonth(indicators) as string);
    const earlier = previousReportPeriod(latest);
    await page.goto(new URL(`report?period=${earlier.id}`, observatory.baseUrl).toString());
    await waitForPageReady(page, READY_MS);
    expect(await page.locator('.report-period').textContent()).toBe(`Six months: ${earlier.label}`);
    expect(await page.locator('#report-period').inputValue()).toBe(earlier.id);
    await page.goto(new URL('report?period=last-year', observatory.baseUrl).toString());
    await page.waitForFunction(() => document.body.dataset.pageState === 'error', null, { timeout: READY_MS });
    expect(await page.locator('#error').textContent()).toContain('is not a report period');
  }, TEST_MS);
});
