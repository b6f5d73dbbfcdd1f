/**
 * Shared set-up for the browser tests: a Chromium page that may talk only to
 * the observatory (every other request is refused and recorded), collects
 * page errors, waits for a page to say it is ready, and runs axe.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Page errors and console errors seen so far. */
  problems: string[];
  /** Requests to anywhere but the observatory (all refused). */
  outsideRequests: string[];
}

/** A new page at `width` × `height` that may only reach `baseUrl`, signed in as `user` when one is given. */
export async function watchedPage(browser: Browser, baseUrl: string, width = 1440, height = 900, user?: { name: string; token: string }): Promise<WatchedPage> {
  const problems: string[] = [];
  const outsideRequests: string[] = [];
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  if (user !== undefined) await signInThroughPage(page, baseUrl, user);
  return { page, context, problems, outsideRequests };
}

/** Signs `page` in as `user` through the sign-in page, as a person would, and waits to land on `next`. */
export async function signInThroughPage(page: Page, baseUrl: string, user: { name: string; token: string }, next = '/'): Promise<void> {
  await page.goto(new URL(`sign-in?next=${encodeURIComponent(next)}`, baseUrl).href);
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Token or password').fill(user.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/** Wait until the page has finished loading (`body[data-page-state]`), and fail with its message if it failed. */
export async function waitForPageReady(page: Page, timeout = 45_000): Promise<void> {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.pageState ?? ''), null, { timeout });
  if ((await page.evaluate(() => document.body.dataset.pageState)) !== 'ready') {
    throw new Error(`The page did not load: ${await page.locator('#error').first().textContent()}`);
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it stands. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const require = createRequire(import.meta.url);
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an injected script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
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
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Whether the page scrolls sideways (it must not, down to a 390 px phone). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** The ids (or tag and text) of the elements that Tab reaches, in order, up to `limit` presses. */
export async function tabStops(page: Page, limit: number): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const active = document.activeElement;
        if (active === null || active === document.body) return 'body';
        return active.id ? `#${active.id}` : `${active.tagName.toLowerCase()}:${(active.textContent ?? '').trim().slice(0, 40)}`;
      }),
    );
  }
  return stops;
}
