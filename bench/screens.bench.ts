/**
 * Screen times in headless Chromium against the targets, on the pilot.
 *
 *   npm run bench:screens -- [--runs 3]
 *
 * Starts the real observatory (as the browser tests do; OBSERVATORY_URL uses one already running)
 * and, in a fresh browser context per run, measures from navigation start: the first coloured map
 * (`/`, until the page reports the map drawn and idle), an indicator switch (choose another
 * indicator until the map is idle again), the area profile and the dashboard (until each page
 * reports ready). Prints each run and the median. Chromium renders WebGL in software here (no
 * GPU), which dominates the map times on a small shared machine. The county and England-and-Wales
 * map scales are not measured yet.
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/support/chromium.ts';
import { observatoryForTests } from '../test/support/observatory-process.ts';
import { median, printTable } from './bench-support.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(args.runs);
const TARGETS_MS = { 'first coloured map': 1500, 'indicator switch': 150, 'area profile': 1000, dashboard: null } as const;
type Measure = keyof typeof TARGETS_MS;

const observatory = await observatoryForTests();
const browser = await launchChromium();
const times: Record<Measure, number[]> = { 'first coloured map': [], 'indicator switch': [], 'area profile': [], dashboard: [] };
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(new URL('?indicator=all-crime&level=lsoa&period=2019-03', observatory.baseUrl).toString());
    await page.waitForFunction(() => document.body.dataset.mapState === 'ready', null, { timeout: 60_000 });
    times['first coloured map'].push(await page.evaluate(() => performance.now()));
    for (const next of ['burglary', 'all-crime']) {
      const started = await page.evaluate(() => performance.now());
      await page.selectOption('#indicator-select', next);
      await page.waitForFunction(
        (id) => new URL(location.href).searchParams.get('indicator') === id && document.body.dataset.mapState === 'ready',
        next,
      );
      times['indicator switch'].push((await page.evaluate(() => performance.now())) - started);
    }
    for (const [measure, path] of [['area profile', 'areas/E01024915'], ['dashboard', 'dashboard']] as const) {
      await page.goto(new URL(path, observatory.baseUrl).toString());
      await page.waitForFunction(() => document.body.dataset.pageState === 'ready', null, { timeout: 60_000 });
      times[measure].push(await page.evaluate(() => performance.now()));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await observatory.stop();
}
const ms = (value: number): string => `${Math.round(value)} ms`;
printTable(
  ['measure', 'runs', 'median', 'target'],
  (Object.keys(times) as Measure[]).map((measure) => {
    const target = TARGETS_MS[measure];
    return [measure, times[measure].map(ms).join(', '), ms(median(times[measure])), target === null ? '—' : `< ${target} ms`];
  }),
);
