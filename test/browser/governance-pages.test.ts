/**
 * Issue 9 (partners and admin) in headless Chromium over the real observatory:
 * a partner signs in, reads its own agreement in plain English and its extracts,
 * and is refused another partner's window and agreement with a 403 page; an
 * admin adds a user, issues a token shown once (which then works), lists the user's
 * tokens and revokes that one after a confirm step (then it is refused), disables the
 * user, and reads and filters the audit. Every page: axe finds no serious or
 * critical violation, the keyboard reaches every control, screenshots at
 * 1440×900 and 390×844 go to test/artifacts/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgreementDetail, AgreementList, PartnerWindow } from '../../server/contract/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { demoUser, observatoryForTests, type RunningObservatory } from '../support/observatory-process.ts';
import { PROJECT_ROOT } from '../support/web-build.ts';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let observatory: RunningObservatory;
let browser: Browser;
const problems: string[] = [];

async function api<T>(path: string, role: string, parse: { parse(value: unknown): T }): Promise<T> {
  const response = await fetch(new URL(path, observatory.baseUrl), { headers: { authorization: `Bearer ${demoUser(observatory, role).token}` } });
  if (!response.ok) throw new Error(`GET ${path} as ${role} answered ${response.status}: ${await response.text()}`);
  return parse.parse(await response.json());
}

/** A browser context signed in as the demo user of a role, through the sign-in page as a person would. */
async function signedInPage(role: string, next: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  await context.route('**/*', (route) => (route.request().url().startsWith(observatory.baseUrl) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${role}: page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused request shows in the console as a failed resource; the page handles it (that is what is tested).
    if (message.type() === 'error' && !/status of 403/.test(message.text())) problems.push(`${role}: console error: ${message.text()}`);
  });
  await page.goto(new URL(next.replace(/^\//, ''), observatory.baseUrl).href);
  await page.waitForURL(/\/sign-in\?next=/);
  const user = demoUser(observatory, role);
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Token or password').fill(user.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
  await settled(page);
  return { context, page };
}

/** Waits for the page to say it is ready, refused or failed, and returns which. */
async function settled(page: Page): Promise<string> {
  await page.waitForFunction(() => ['ready', 'error', 'forbidden'].includes(document.body.dataset.pageState ?? ''), null, { timeout: 30_000 });
  return (await page.evaluate(() => document.body.dataset.pageState)) ?? '';
}

async function open(page: Page, path: string): Promise<string> {
  await page.goto(new URL(path.replace(/^\//, ''), observatory.baseUrl).href);
  return settled(page);
}

async function axeBlocking(page: Page): Promise<unknown[]> {
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

/** Screenshots at desktop and phone size; on the phone the page must not scroll sideways. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1440x900.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-390x844.png`), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} is wider than a phone`).toBeLessThanOrEqual(PHONE.width);
  await page.setViewportSize(DESKTOP);
}

/**
 * Presses Tab from the top of the page until focus comes back round, and returns the
 * visible controls (links, buttons, inputs, selects, focusable regions) it never reached.
 */
async function unreachedByKeyboard(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    for (const [i, node] of [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')].entries()) node.dataset.kbd = String(i);
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const reached = new Set<string>();
  let first: string | null = null;
  for (let presses = 0; presses < 600; presses++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kbd ?? null);
    if (id === null) {
      if (reached.size > 0) break; // past the last control, back to the document
      continue;
    }
    // A date input takes several Tabs (day, month, year); the walk ends when focus comes round to the first control again.
    if (id === first && reached.size > 1) break;
    first ??= id;
    reached.add(id);
  }
  return page.evaluate((seen) => {
    const visible = (node: HTMLElement) => node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';
    return [...document.querySelectorAll<HTMLElement>('[data-kbd]')]
      .filter((node) => visible(node) && !node.hasAttribute('disabled') && !seen.includes(node.dataset.kbd ?? ''))
      .map((node) => `${node.tagName.toLowerCase()} ${node.id || node.getAttribute('href') || node.textContent?.trim().slice(0, 40)}`);
  }, [...reached]);
}

beforeAll(async () => {
  observatory = await observatoryForTests();
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await observatory?.stop();
});

describe('the sign-in page', () => {
  it('never puts the token in the address bar, even when it is submitted before its script runs', async () => {
    // Scripts off: the form's own submit is what a person pressing Enter before the page's script loads would send.
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB', javaScriptEnabled: false });
    await context.route('**/*', (route) => (route.request().url().startsWith(observatory.baseUrl) ? route.continue() : route.abort()));
    try {
      const page = await context.newPage();
      await page.goto(new URL('sign-in', observatory.baseUrl).href);
      expect(await page.locator('noscript').count()).toBe(1);
      const user = demoUser(observatory, 'analyst');
      await page.getByLabel('Name').fill(user.name);
      await page.getByLabel('Token or password').fill(user.token);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(page.url()).not.toContain(user.token.slice(0, 12));
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await context.close();
    }
  });
});

describe('a partner’s window', () => {
  let page: Page;
  let context: BrowserContext;
  beforeAll(async () => {
    ({ page, context } = await signedInPage('partner:police', '/partners/police'));
  });
  afterAll(async () => context?.close());

  it('shows the partner its agreements, its extracts (each linking to its report) and the indicators its data feeds', async () => {
    const window = await api('api/partners/police', 'partner:police', PartnerWindow);
    expect(await page.locator('h1').textContent()).toBe(`${window.name}: your data in the observatory`);
    expect(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').textContent()).toBe('Our data');
    // The site's navigation shows a partner what it may use: upload and the log of its own data, its agreements and page; no board pages, no administration.
    expect(await page.locator('nav[aria-label="Main"] a').allTextContents()).toEqual(['Dashboard', 'Map', 'Area profiles', 'Trends', 'Upload', 'Extract log', 'Agreements', 'Our data']);
    expect(await page.locator('#extracts tbody tr').count()).toBe(Math.min(window.extracts.length, 200));
    const first = window.extracts[0];
    expect(await page.locator('#extracts tbody tr').first().locator('a').getAttribute('href')).toBe(`/extracts/${first?.extractId}`);
    expect(await page.locator('#extract-summary').textContent()).toContain(`${window.extractSummary.extracts.toLocaleString('en-GB')} extracts`);
    expect(await page.locator('#partner-indicators li').count()).toBe(window.indicators.length);
    expect(await page.locator('#usage-csv').getAttribute('href')).toBe('/api/partners/police/usage?format=csv');
    // An executive reads police figures twice; the partner's usage table shows it this week, and the CSV has the row.
    for (const period of ['2019-01', '2019-02']) {
      const read = await fetch(new URL(`api/indicators/all-crime/values?level=lad&period=${period}`, observatory.baseUrl), { headers: { authorization: `Bearer ${demoUser(observatory, 'executive').token}` } });
      expect(read.status).toBe(200);
    }
    // The executive opens Chorley's profile too: it shows police figures among others', so it counts here, in words.
    const profile = await fetch(new URL('api/areas/E07000118/profile', observatory.baseUrl), { headers: { authorization: `Bearer ${demoUser(observatory, 'executive').token}` } });
    expect(profile.status).toBe(200);
    await expect
      .poll(async () => {
        await open(page, '/partners/police');
        return page.locator('#usage tbody tr', { hasText: 'Executive' }).filter({ hasText: 'all-crime' }).locator('td').nth(3).textContent();
      })
      .toBe('2');
    expect(await page.locator('#usage tbody tr', { hasText: 'Read an area profile' }).locator('td').allTextContents()).toEqual(['Executive', 'Read an area profile', 'Every indicator in the profile', '1', '1']);
    const csv = await page.request.get(new URL('api/partners/police/usage?format=csv', observatory.baseUrl).href);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('week,week_start,role,action,indicator,requests,users');
    expect(lines.some((line) => /,executive,read-figures,all-crime,2,1$/.test(line))).toBe(true);
    expect(lines.some((line) => /,executive,read-profile,,1,1$/.test(line))).toBe(true);
    expect(await axeBlocking(page)).toEqual([]);
    expect(await unreachedByKeyboard(page)).toEqual([]);
    await screenshots(page, 'partner-window');
  });

  it('reads its own agreement in plain English, generated from the definition', async () => {
    const agreement = await api('api/agreements/DSA-CSR-POLICE-STREET-CRIME', 'partner:police', AgreementDetail);
    await page.locator('#partner-agreements a').first().click();
    await page.waitForURL(/\/agreements\/DSA-CSR-POLICE-STREET-CRIME$/);
    expect(await settled(page)).toBe('ready');
    const shown = await page.locator('#plain-english p').allTextContents();
    expect(shown).toEqual(agreement.plainEnglish.flatMap((s) => s.sentences));
    expect(shown.join(' ')).toMatch(/Dropped before anything is stored, and never written to the database: context\./);
    expect(shown.join(' ')).toMatch(/Raw rows are kept for 3,650 days \(10 years\)/);
    expect(await page.locator('#fields tbody tr').count()).toBe(agreement.fields.kept.length + agreement.fields.pseudonymised.length + agreement.fields.dropped.length);
    expect(await axeBlocking(page)).toEqual([]);
    expect(await unreachedByKeyboard(page)).toEqual([]);
    await screenshots(page, 'agreement');
  });

  it('is refused another partner’s window and agreement with a page that says so', async () => {
    expect(await open(page, '/partners/fire')).toBe('forbidden');
    expect(await page.locator('h1').textContent()).toBe('You do not have access to partner “fire”');
    expect(await page.locator('main').textContent()).toContain('may see only its own window');
    expect(await page.locator('main a[href="/partners/police"]').count()).toBe(1);
    expect(await axeBlocking(page)).toEqual([]);
    await screenshots(page, 'partner-refused');
    expect(await open(page, '/agreements/DSA-CSR-FIRE-INCIDENTS')).toBe('forbidden');
    expect(await page.locator('h1').textContent()).toBe('You do not have access to agreement DSA-CSR-FIRE-INCIDENTS');
    expect(await open(page, '/admin')).toBe('forbidden');
    expect(await open(page, '/agreements')).toBe('ready');
    expect(await page.locator('#agreements tbody tr').count()).toBe(1);
  });
});

describe('the admin page', () => {
  let page: Page;
  let context: BrowserContext;
  const newUser = `browser-exec-${Date.now().toString(36)}`;
  beforeAll(async () => {
    ({ page, context } = await signedInPage('admin', '/admin'));
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => context?.close());

  it('lists the agreements nearing their end or review, as the API judges them today', async () => {
    const due = await api('api/agreements?attention=true', 'admin', AgreementList);
    if (due.agreements.length === 0) expect(await page.locator('#due-section .empty').count()).toBe(1);
    else expect(await page.locator('#agreements-due li').count()).toBe(due.agreements.length);
    for (const agreement of due.agreements) expect(await page.locator(`#agreements-due a[href="/agreements/${agreement.id}"]`).count()).toBe(1);
  });

  it('adds a user, issues a token shown once that then works, and disables the user', async () => {
    await page.getByLabel('Name', { exact: true }).fill(newUser);
    await page.getByLabel('Role', { exact: true }).selectOption('executive');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.locator('#users-status').textContent()).toContain(`${newUser} is added as Executive`);
    const row = page.locator('#users tbody tr', { has: page.locator(`th:text-is("${newUser}")`) });
    expect(await row.locator('td').first().textContent()).toBe('Executive');
    expect(await page.getByLabel('User', { exact: true }).inputValue()).toBe(newUser);
    await page.getByLabel('Label (optional)').fill('browser test');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.waitForSelector('#token-value');
    const token = await page.locator('#token-value').inputValue();
    expect(token).toMatch(/^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('#token-note').textContent()).toContain('shown only once');
    // The users table is fetched again after the token is issued.
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('1');
    const asNew = await fetch(new URL('api/agreements', observatory.baseUrl), { headers: { authorization: `Bearer ${token}` } });
    expect(asNew.status).toBe(200);
    expect(await axeBlocking(page)).toEqual([]);
    await screenshots(page, 'admin-token-issued');

    // The user's tokens are listed (never the secret), and one is revoked after a confirm step; it is refused at once.
    const tokenId = token.slice(4, 20);
    const tokenRow = page.locator('#tokens tbody tr', { has: page.locator(`th:text-is("${tokenId}")`) });
    await expect.poll(() => tokenRow.count()).toBe(1);
    expect(await tokenRow.locator('td').first().textContent()).toBe('browser test');
    expect(await page.locator('#user-tokens').textContent()).not.toContain(token.slice(-43));
    // Start the keyboard walk from the top of the page, not from the token field that has focus.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    expect(await unreachedByKeyboard(page)).toEqual([]);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => void dialogs.push(dialog.message()));
    await page.getByRole('button', { name: `Revoke token ${tokenId} of ${newUser}` }).click();
    await expect.poll(() => page.locator('#users-status').textContent()).toBe(`Token ${tokenId} of ${newUser} is revoked.`);
    expect(dialogs).toEqual([expect.stringContaining(`Revoke the token "browser test" (${tokenId}) of ${newUser}?`)]);
    expect(await tokenRow.locator('td').nth(3).textContent()).toMatch(/^Revoked /);
    expect(await tokenRow.getByRole('button').count()).toBe(0);
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('0');
    const revoked = await fetch(new URL('api/agreements', observatory.baseUrl), { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(await axeBlocking(page)).toEqual([]);
    await screenshots(page, 'admin-token-revoked');

    await page.getByRole('button', { name: `Disable ${newUser}` }).click();
    await expect.poll(() => page.locator('#users-status').textContent()).toBe(`${newUser} is disabled.`);
    expect(await row.locator('td').nth(1).textContent()).toBe('Disabled');
    // Reloading shows the secret nowhere: it was in one answer only.
    await open(page, '/admin');
    expect(await page.content()).not.toContain(token);
  });

  it('reads the audit and filters it by user and action, the filters kept in the URL', async () => {
    await page.getByLabel('User name').fill(newUser);
    await page.getByLabel('Action', { exact: true }).fill('read-agreements');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('user') === newUser);
    expect(await settled(page)).toBe('ready');
    expect(new URL(page.url()).searchParams.get('action')).toBe('read-agreements');
    const rows = page.locator('#audit tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    for (const who of await rows.locator('td:nth-of-type(1)').allTextContents()) expect(who).toBe(newUser);
    expect(await page.getByLabel('User name').inputValue()).toBe(newUser);
    expect(await axeBlocking(page)).toEqual([]);
    expect(await unreachedByKeyboard(page)).toEqual([]);
    await screenshots(page, 'admin-audit-filtered');
    // A filter that matches nothing says so in words.
    expect(await open(page, `/admin?user=${newUser}&from=2000-01-01&to=2000-01-02`)).toBe('ready');
    expect(await page.locator('#audit-empty').textContent()).toContain('No audit record matches these filters');
  });

  it('lists every agreement on /agreements', async () => {
    const all = await api('api/agreements', 'admin', AgreementList);
    expect(await open(page, '/agreements')).toBe('ready');
    expect(await page.locator('#agreements tbody tr').count()).toBe(all.agreements.length);
    expect(await axeBlocking(page)).toEqual([]);
    expect(await unreachedByKeyboard(page)).toEqual([]);
    await screenshots(page, 'agreements');
  });

  it('logged no page or console error', () => {
    expect(problems).toEqual([]);
  });
});
