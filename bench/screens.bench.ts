/**
 * Screen times in headless Chromium against the targets, on the pilot and, with --national,
 * on all 35,672 LSOAs of England and Wales in the same run.
 *
 *   npm run bench:screens -- [--runs 3] [--national] [--months 3] [--fresh]
 *
 * Starts the real observatory (as the browser tests do; OBSERVATORY_URL uses one already running for
 * the pilot), signs in as its demo analyst and, in a fresh browser context per run, measures from
 * navigation start: the first coloured map (`/`, until the page reports the map drawn and idle), an
 * indicator switch (choose another indicator until the map is idle again), the page's longest
 * main-thread task over each (Long Tasks API), and the bytes of geometry fetched; for the pilot also
 * the area profile and the dashboard (until each page reports ready). Prints each run and the median.
 *
 * --national serves the England-and-Wales benchmark database (bench/national-database.ts: the real
 * simplified LSOA boundaries and --months of generated extracts, with indicators built) with
 * `observatory serve`. It needs the open data (see datasets/tools/open-data.ts) and makes the database
 * the first time (minutes; cached in bench/out/national-screens). Chromium renders WebGL in software
 * here (no GPU), which dominates the map times on a small shared machine: read the figures with the
 * load average printed beside them.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { buildIndicators } from '../pipeline/indicators/build-indicators.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { demoUser, observatoryForTests, startObservatory } from '../test/support/observatory-process.ts';
import type { RunningObservatory } from '../test/support/observatory-process.ts';
import { fmt, median, openScratchObservatory, printTable } from './bench-support.ts';
import { BENCH_TODAY, log, nationalDatabase } from './national-database.ts';
import { missingOpenData, missingOpenDataMessage, NATIONAL_OPEN_DATA, openDataDir } from '../datasets/tools/open-data.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    national: { type: 'boolean', default: false },
    months: { type: 'string', default: '3' },
    fresh: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Math.floor(Number(args.runs)));
const months = Math.floor(Number(args.months));
if (!(months > 0)) throw new Error('--months must be positive');

const TARGETS_MS = { 'first coloured map': { pilot: 1500, national: 5000 }, 'indicator switch': { pilot: 150, national: 150 }, 'area profile': { pilot: 1000, national: 1000 } } as const;
type Measure = 'first coloured map' | 'indicator switch' | 'longest task, first map' | 'longest task, switch' | 'geometry fetched' | 'area profile' | 'dashboard';
type Scale = 'pilot' | 'national';

/** The 1-minute load average, to read the figures by (other processes share the two cores). */
const load = (): string => os.loadavg()[0]?.toFixed(1) ?? '?';

declare global {
  interface Window {
    /** The longest main-thread task (ms) since the benchmark last read it. */
    observatoryLongestTask?: number;
  }
}

/** Installed before any page script: keeps the longest main-thread task since the last reset. */
const LONG_TASK_WATCH = (): void => {
  window.observatoryLongestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.observatoryLongestTask = Math.max(window.observatoryLongestTask ?? 0, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};
const takeLongestTask = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const longest = window.observatoryLongestTask ?? 0;
    window.observatoryLongestTask = 0;
    return longest;
  });

const mapIdle = (page: Page, indicator: string | null, timeout: number) =>
  page.waitForFunction(
    (id) => (id === null || new URL(location.href).searchParams.get('indicator') === id) && ['ready', 'error'].includes(document.body.dataset.mapState ?? ''),
    indicator,
    { timeout },
  );

async function measureScale(browser: Browser, observatory: RunningObservatory, scale: Scale): Promise<Map<Measure, number[]>> {
  const times = new Map<Measure, number[]>();
  const add = (measure: Measure, value: number): void => void times.set(measure, [...(times.get(measure) ?? []), value]);
  const user = demoUser(observatory, 'analyst');
  const timeout = scale === 'pilot' ? 60_000 : 300_000;
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const origin = new URL(observatory.baseUrl).origin;
    const signIn = await context.request.post(new URL('api/session', observatory.baseUrl).href, { data: user, headers: { origin } });
    if (!signIn.ok()) throw new Error(`sign-in answered ${signIn.status()}: ${await signIn.text()}`);
    await context.addInitScript(LONG_TASK_WATCH);
    const page = await context.newPage();
    let geometryBytes = 0;
    page.on('requestfinished', (request) => {
      if (!request.url().includes('/api/geographies/')) return;
      void request.sizes().then((sizes) => (geometryBytes += sizes.responseBodySize));
    });
    const query = scale === 'pilot' ? '?indicator=all-crime&level=lsoa&period=2019-03' : '?indicator=all-crime&level=lsoa';
    await page.goto(new URL(query, observatory.baseUrl).href);
    await mapIdle(page, null, timeout);
    const firstMap = await page.evaluate(() => performance.now());
    if ((await page.evaluate(() => document.body.dataset.mapState)) !== 'ready') throw new Error(`the map did not draw: ${await page.locator('#error').textContent()}`);
    const coloured = await page.locator('#map').getAttribute('data-level-areas');
    add('first coloured map', firstMap);
    add('longest task, first map', await takeLongestTask(page));
    log(`${scale} run ${run + 1}: first coloured map ${Math.round(firstMap)} ms (${coloured} areas at the level), load ${load()}`);
    // Ward and district outlines load after the first map; let them settle so the switch is timed alone.
    await page.waitForSelector('#map[data-context="drawn"]', { timeout });
    await mapIdle(page, null, timeout);
    await takeLongestTask(page);
    for (const next of ['burglary', 'all-crime']) {
      const started = await page.evaluate(() => performance.now());
      await page.selectOption('#indicator-select', next);
      await mapIdle(page, next, timeout);
      add('indicator switch', (await page.evaluate(() => performance.now())) - started);
    }
    add('longest task, switch', await takeLongestTask(page));
    add('geometry fetched', geometryBytes);
    if (scale === 'pilot') {
      for (const [measure, path] of [['area profile', 'areas/E01024915'], ['dashboard', 'dashboard']] as const) {
        await page.goto(new URL(path, observatory.baseUrl).href);
        await page.waitForFunction(() => document.body.dataset.pageState === 'ready', null, { timeout: 60_000 });
        add(measure, await page.evaluate(() => performance.now()));
      }
    }
    await context.close();
  }
  return times;
}

/**
 * The England-and-Wales database with indicators built (group rules only, as the indicators bench
 * builds at this scale), made from the cached national database when that is newer.
 */
async function builtNationalDatabase(): Promise<{ dbPath: string; partnershipDir: string }> {
  const national = await nationalDatabase({ name: 'national-screens', months, scale: 0.1, fresh: args.fresh });
  const built = join(national.dbPath, '..', 'built.duckdb');
  const stamp = `${built}.stamp`;
  // Remade when the loaded database or an indicator definition changes.
  const definitions = readdirSync(join(national.partnershipDir, 'indicators')).sort();
  const source = [statSync(national.dbPath).mtimeMs, ...definitions.map((f) => `${f}:${readFileSync(join(national.partnershipDir, 'indicators', f), 'utf8')}`)].join('|');
  if (existsSync(built) && existsSync(stamp) && readFileSync(stamp, 'utf8') === source) return { dbPath: built, partnershipDir: national.partnershipDir };
  rmSync(built, { force: true });
  rmSync(`${built}.wal`, { force: true });
  copyFileSync(national.dbPath, built);
  const observatory = await openScratchObservatory(built, national.partnershipDir);
  try {
    const started = performance.now();
    const summary = await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true }, BENCH_TODAY, { disclosure: 'group-rules' });
    log(`national indicators built: ${fmt.int(summary.valuesWritten)} values in ${fmt.s((performance.now() - started) / 1000)} s`);
  } finally {
    await observatory.db.close();
  }
  writeFileSync(stamp, source);
  return { dbPath: built, partnershipDir: national.partnershipDir };
}

if (args.national) {
  const missing = missingOpenData(openDataDir(), NATIONAL_OPEN_DATA.map((f) => f.path));
  if (missing.length > 0) {
    console.error(missingOpenDataMessage(openDataDir(), missing));
    process.exit(1);
  }
}
const national = args.national ? await builtNationalDatabase() : null;
const results = new Map<Scale, { times: Map<Measure, number[]>; load: string }>();
const browser = await launchChromium();
try {
  const scales: Scale[] = national === null ? ['pilot'] : ['pilot', 'national'];
  for (const scale of scales) {
    const observatory =
      scale === 'pilot' || national === null
        ? await observatoryForTests({ readyTimeoutMs: 600_000 })
        : await startObservatory({
            database: national.dbPath,
            readyTimeoutMs: 600_000,
            env: { OBSERVATORY_PARTNERSHIP: national.partnershipDir, OBSERVATORY_PSEUDONYM_KEY: 'x'.repeat(32) },
          });
    try {
      const times = await measureScale(browser, observatory, scale);
      results.set(scale, { times, load: load() });
    } finally {
      await observatory.stop();
    }
  }
} finally {
  await browser.close();
}

const ms = (value: number): string => `${Math.round(value)} ms`;
const kib = (value: number): string => `${Math.round(value / 1024).toLocaleString('en-GB')} KiB`;
const rows: string[][] = [];
for (const [scale, { times, load: loadAfter }] of results) {
  for (const [measure, values] of times) {
    const format = measure === 'geometry fetched' ? kib : ms;
    const target = measure in TARGETS_MS ? `< ${TARGETS_MS[measure as keyof typeof TARGETS_MS][scale]} ms` : '—';
    rows.push([scale === 'pilot' ? 'pilot (140 LSOAs)' : 'England and Wales (35,672 LSOAs)', measure, values.map(format).join(', '), format(median(values)), target, loadAfter]);
  }
}
console.log('');
printTable(['scale', 'measure', 'runs', 'median', 'target', 'load after'], rows);
console.log(`\n${os.cpus().length} cores; WebGL in software (SwiftShader)`);
