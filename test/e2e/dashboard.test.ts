/**
 * The dashboard in a real browser (the system Chromium, headless) against the suite's local
 * stack: sign in with a code, upload a workbook, follow its analysis, open a report, give a
 * verdict, export a PDF. Screenshots go to .pynomaly/screenshots/ (PYNOMALY_SCREENSHOTS to move them).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { apiUrl, authed, loginEnrollingTotp, loginWithTotp } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';
import { totp } from '../support/totp';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(process.env.PYNOMALY_SCREENSHOTS ?? '.pynomaly/screenshots');
const USER = { username: 'dashboard-analyst', password: 'Dashboard-Analyst-1' };

let browser: Browser;
let page: Page;
let secret: string;
/** What went wrong in the page: failed requests, script errors, console errors (a CSP violation is one). */
const problems: string[] = [];

const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await createUser(USER.username, USER.password);
  ({ secret } = await loginEnrollingTotp(USER.username, USER.password));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => problems.push(error.message));
  // A failed request is reported with its URL here, and again, without it, on the console.
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the dashboard', () => {
  it('is served at / and at client routes, as CloudFront serves it', async () => {
    for (const path of ['/', '/dashboard', '/reports/some-report', '/datasets']) {
      const response = await fetch(`${apiUrl()}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
    const manifest = await fetch(`${apiUrl()}/manifest.webmanifest`);
    expect(await manifest.json()).toMatchObject({ display: 'standalone', start_url: '/dashboard' });
  });

  it('signs in with a password and then a code, and keeps the sign-in across a reload', async () => {
    await page.goto(`${apiUrl()}/dashboard`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await shoot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code').fill(totp(secret));
    await shoot('02-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Analyse a security log');
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Analyse a security log');
  });

  it('uploads a workbook and follows its analysis to the end', async () => {
    const seen = new Set<string>();
    const watch = setInterval(() => {
      void page
        .locator('progress')
        .evaluateAll((bars) => bars.map((bar) => bar.id))
        .then((ids) => {
          for (const id of ids) seen.add(id);
        });
    }, 50);
    await page.locator('#workbook').setInputFiles({
      name: 'security_logs.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: securityLogsWorkbook().file,
    });
    await page.getByText('Analysis complete').waitFor({ timeout: 110_000 });
    clearInterval(watch);
    expect(seen.has('analysis-progress')).toBe(true);
    await shoot('03-analysed');
  });

  it('lists the reports, sorts them, and opens one', async () => {
    await page.getByRole('link', { name: 'See its reports' }).click();
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Score' }).click();
    expect(await page.getByRole('columnheader', { name: 'Score' }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    const scores = await page.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(scores.map(Number)).toEqual([...scores.map(Number)].sort((a, b) => b - a));
    await shoot('04-reports');
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await shoot('05-report');
  });

  it('records a verdict with its reason', async () => {
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByLabel('True positive').check();
    await page.getByLabel('Reason').fill('Confirmed with the account owner: not their export');
    await page.getByRole('button', { name: 'Save verdict' }).click();
    await page.getByText('Verdict saved: true positive.').waitFor();
    const report = await authed(await loginWithTotp(USER.username, USER.password, secret))(
      `/api/anomaly/anomaly-reports/${id}`,
    );
    expect(await report.json()).toMatchObject({
      verdict: 'true_positive',
      verdict_reason: 'Confirmed with the account owner: not their export',
    });
  });

  it('exports the report as a PDF download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^report-.+\.pdf$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('fits a phone, with nothing failed along the way', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot('06-report-phone');
    expect(problems).toEqual([]);
  });

  it('signs out: the tab forgets the sign-in and its token stops working', async () => {
    const stored = JSON.parse(await page.evaluate<string>("sessionStorage.getItem('pynomaly.session')")) as {
      tokens: { access_token: string };
    };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect((await authed(stored.tokens.access_token)('/api/anomaly/anomaly-reports')).status).toBe(401);
  });
});
