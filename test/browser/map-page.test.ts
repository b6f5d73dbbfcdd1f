/**
 * End to end: the real observatory (built page + server + pilot data) driven
 * in headless Chromium. Checks that the map draws every LSOA, that the table
 * shows exactly the API's figures, that switching level works and is kept in
 * the URL, and that axe finds no serious or critical accessibility problems.
 * Leaves screenshots in test/artifacts/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndicatorList, IndicatorValues } from '../../web/src/api/client.ts';
import type { AreaFigure, Indicator } from '../../web/src/api/client.ts';
import { SEQUENTIAL_PALETTE } from '../../web/src/map/colour-scale.ts';
import { decimalsForFigures, figureRowText } from '../../web/src/table/figures-table.ts';
import type { FigureRowText } from '../../web/src/table/figures-table.ts';
import { WEBGL_PROBE, launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests } from '../support/observatory-process.ts';
import type { RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const LSOA_COUNT = 140;
const WARD_COUNT = 37;

let observatory: RunningObservatory;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const outsideRequests: string[] = [];

/** The demo analyst that `observatory start` created: sign-in is required. */
const analyst = () => demoUser(observatory, 'analyst');

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(new URL(path, observatory.baseUrl), { headers: { authorization: `Bearer ${analyst().token}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function apiFigures(indicator: string, level: string, period: string): Promise<AreaFigure[]> {
  const query = new URLSearchParams({ level, period });
  const body = IndicatorValues.parse(await getJson(`api/indicators/${encodeURIComponent(indicator)}/values?${query}`));
  return body.values;
}

/** Wait until the page has finished a render, and fail with its message if it failed. */
async function waitForMapReady(): Promise<void> {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.mapState ?? ''), null, {
    timeout: 45_000,
  });
  const state = await page.evaluate(() => document.body.dataset.mapState);
  if (state !== 'ready') {
    const message = await page.locator('#error').textContent();
    throw new Error(`The page did not render: ${message}\nWebGL: ${await page.evaluate(WEBGL_PROBE)}`);
  }
}

async function currentView(): Promise<{ indicator: string; level: string; period: string }> {
  const params = new URL(page.url()).searchParams;
  return { indicator: params.get('indicator') ?? '', level: params.get('level') ?? '', period: params.get('period') ?? '' };
}

async function tableRows(): Promise<FigureRowText[]> {
  return page.locator('#figures-table tbody tr').evaluateAll((rows: HTMLTableRowElement[]) =>
    rows.map((row) => {
      const [area = '', name = '', value = '', lower = '', upper = '', numerator = '', denominator = '', status = ''] =
        Array.from(row.cells, (cell) => (cell.textContent ?? '').trim());
      return { area, name, value, lower, upper, numerator, denominator, status };
    }),
  );
}

function byArea(rows: FigureRowText[]): FigureRowText[] {
  return [...rows].sort((a, b) => a.area.localeCompare(b.area));
}

async function expectTableToMatchApi(figures: AreaFigure[]): Promise<void> {
  const decimals = decimalsForFigures(figures);
  const expected = byArea(figures.map((figure) => figureRowText(figure, decimals)));
  const shown = byArea(await tableRows());
  expect(shown.map((row) => row.area)).toEqual(expected.map((row) => row.area));
  expect(shown).toEqual(expected);
  for (const figure of figures.filter((candidate) => candidate.suppressed)) {
    const row = shown.find((candidate) => candidate.area === figure.area);
    expect(row?.value, `withheld ${figure.area} must not show as a number`).toBe('Withheld');
    expect(row?.status).toMatch(/^Withheld/);
  }
}

/** How many pixels of each palette colour a screenshot of the map has. */
async function paletteCoverage(): Promise<Record<string, number>> {
  const png = await page.locator('#map').screenshot();
  return page.evaluate(
    async ({ base64, palette }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('No 2D canvas');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      const targets = palette.map((hex) => [1, 3, 5].map((offset) => Number.parseInt(hex.slice(offset, offset + 2), 16)));
      const counts: Record<string, number> = Object.fromEntries(palette.map((hex) => [hex, 0]));
      for (let offset = 0; offset < data.length; offset += 4) {
        targets.forEach((rgb, index) => {
          if (rgb.every((channel, c) => Math.abs(channel - (data[offset + c] as number)) <= 3)) {
            const hex = palette[index] as string;
            counts[hex] = (counts[hex] ?? 0) + 1;
          }
        });
      }
      return counts;
    },
    { base64: png.toString('base64'), palette: [...SEQUENTIAL_PALETTE] },
  );
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
  // The page must work offline: it may only talk to the observatory itself.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(observatory.baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  page = await context.newPage();
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

describe('the map page', () => {
  let view: { indicator: string; level: string; period: string };
  let lsoaFigures: AreaFigure[];

  it('sends a visitor who is not signed in to the sign-in page, and back to the map once signed in', async () => {
    await page.goto(observatory.baseUrl);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Name').fill(analyst().name);
    await page.getByLabel('Token or password').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(async () => (await page.locator('#sign-in-error').textContent()) ?? '').toMatch(/do not match an active user/);
    await page.getByLabel('Token or password').fill(analyst().token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'observatory_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The failed attempt is an expected 401 in the console, not a problem with the page.
    problems.splice(0, problems.length, ...problems.filter((p) => !/401/.test(p)));
  });

  it('opens on an LSOA choropleth with every area drawn and coloured', async () => {
    await page.goto(observatory.baseUrl);
    await waitForMapReady();
    view = await currentView();
    expect(view.level).toBe('lsoa');
    expect(view.indicator).not.toBe('');
    expect(view.period).not.toBe('');
    lsoaFigures = await apiFigures(view.indicator, 'lsoa', view.period);
    expect(lsoaFigures).toHaveLength(LSOA_COUNT);

    const map = page.locator('#map');
    expect(await map.getAttribute('data-level-areas')).toBe(String(LSOA_COUNT));
    const withValue = lsoaFigures.filter((figure) => !figure.suppressed && figure.value !== null).length;
    const withheld = lsoaFigures.filter((figure) => figure.suppressed).length;
    expect(await map.getAttribute('data-rendered-areas')).toBe(String(withValue));
    expect(withValue + withheld, 'every LSOA has a value or is withheld').toBe(LSOA_COUNT);

    // The screenshot comes first so that a failure below leaves the evidence behind.
    await page.screenshot({ path: join(ARTIFACTS, 'map-page.png'), fullPage: true });
    const coverage = await paletteCoverage();
    const coloursDrawn = Object.values(coverage).filter((pixels) => pixels > 100).length;
    expect(coloursDrawn, `palette pixels on the map: ${JSON.stringify(coverage)}`).toBeGreaterThanOrEqual(5);
  });

  it('lists in the table exactly the figures the API gives, formatted en-GB', async () => {
    await expectTableToMatchApi(lsoaFigures);
    const caption = await page.locator('#figures-table caption').textContent();
    expect(caption?.trim()).not.toBe('');
    expect(await page.locator('#figures-table thead th:not([scope="col"])').count()).toBe(0);
    expect(await page.locator('#figures-table tbody th[scope="row"]').count()).toBe(LSOA_COUNT);
  });

  it('shows an area’s figures when it is chosen from the table with the keyboard', async () => {
    const button = page.locator('#figures-table tbody tr').first().locator('button');
    const name = (await button.textContent())?.trim() ?? '';
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.locator('#details h2').textContent())?.trim()).toBe(name);
    const details = (await page.locator('#details').textContent()) ?? '';
    expect(details).toContain('Area code');
    expect(details).toMatch(/Value/);
  });

  it('keeps the view in the URL, so a shared link opens the same view', async () => {
    const indicators = IndicatorList.parse(await getJson('api/indicators')).indicators;
    const shown = indicators.find((indicator) => indicator.id === view.indicator) as Indicator;
    const earliest = shown.periods[0]?.id ?? view.period;
    await page.goto(`${observatory.baseUrl}?indicator=${encodeURIComponent(view.indicator)}&level=lsoa&period=${encodeURIComponent(earliest)}`);
    await waitForMapReady();
    expect(await page.locator('#period-select').inputValue()).toBe(earliest);
    await expectTableToMatchApi(await apiFigures(view.indicator, 'lsoa', earliest));
  });

  it('switches to wards: 37 rows, the same figures as the API, level kept in the URL', async () => {
    await page.goto(`${observatory.baseUrl}?indicator=${encodeURIComponent(view.indicator)}&level=lsoa&period=${encodeURIComponent(view.period)}`);
    await waitForMapReady();
    await page.selectOption('#level-select', 'ward');
    await waitForMapReady();
    await expect.poll(async () => (await currentView()).level).toBe('ward');
    expect(await page.locator('#figures-table tbody tr').count()).toBe(WARD_COUNT);
    const wardFigures = await apiFigures(view.indicator, 'ward', view.period);
    expect(wardFigures).toHaveLength(WARD_COUNT);
    await expectTableToMatchApi(wardFigures);
    const withValue = wardFigures.filter((figure) => !figure.suppressed && figure.value !== null).length;
    expect(await page.locator('#map').getAttribute('data-rendered-areas')).toBe(String(withValue));
    await page.screenshot({ path: join(ARTIFACTS, 'map-page-ward.png'), fullPage: true });
  });

  it('shows the false alarm share (a proportion over another indicator) chosen from the indicator list', async () => {
    await page.goto(`${observatory.baseUrl}?indicator=${encodeURIComponent(view.indicator)}&level=lsoa&period=${encodeURIComponent(view.period)}`);
    await waitForMapReady();
    await page.selectOption('#indicator-select', 'fire-false-alarm-share');
    await expect.poll(async () => (await currentView()).indicator).toBe('fire-false-alarm-share');
    await waitForMapReady();
    const shown = await currentView();
    const figures = await apiFigures('fire-false-alarm-share', 'lsoa', shown.period);
    expect(figures).toHaveLength(LSOA_COUNT);
    const withValue = figures.filter((figure) => !figure.suppressed && figure.value !== null).length;
    const withheld = figures.filter((figure) => figure.suppressed).length;
    // Some LSOAs have a share, some are withheld (some for their denominator), some had no incident.
    expect(withValue).toBeGreaterThan(0);
    expect(figures.some((figure) => figure.suppressionReason === 'withheld to protect confidentiality')).toBe(true);
    await expect.poll(async () => page.locator('#status').textContent()).toBe(`Showing ${LSOA_COUNT} areas (${withValue} with a value, ${withheld} withheld).`);
    expect(await page.locator('#map').getAttribute('data-rendered-areas')).toBe(String(withValue));
    await expectTableToMatchApi(figures);
    expect(await page.locator('#legend').textContent()).toContain('% of incidents');
    await page.screenshot({ path: join(ARTIFACTS, 'map-page-false-alarm-share.png'), fullPage: true });
  });

  it('has no serious or critical accessibility violations (axe)', async () => {
    const require = createRequire(import.meta.url);
    // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an injected inline script.
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context?: unknown): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
      const result = await axe.run(document);
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => JSON.stringify(node.target)),
      }));
    });
    const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  });

  it('made no requests outside the observatory and logged no errors', () => {
    expect(outsideRequests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
