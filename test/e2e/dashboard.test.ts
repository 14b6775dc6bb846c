/**
 * The dashboard in a real browser (the system Chromium, headless) against the suite's local
 * stack: sign in with a code, upload a workbook, follow its analysis, open a report, read its
 * feature deviations, give a verdict, assign it, export a PDF; the statistics; a table uploaded,
 * detected, an anomaly explained; a detector created, trained and scoring as a model. Screenshots go to .pynomaly/screenshots/ (PYNOMALY_SCREENSHOTS to move them).
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
    await page.getByText(/^Row \d+ of sheet/).waitFor();
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

  it('shows what made the finding unusual, and assigns the report', async () => {
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByRole('heading', { name: 'What stands out' }).waitFor();
    await page.getByText(/^Row \d+ of sheet/).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText(`Assigned to ${USER.username}.`).waitFor();
    const report = await authed(await loginWithTotp(USER.username, USER.password, secret))(
      `/api/anomaly/anomaly-reports/${id}`,
    );
    expect(await report.json()).toMatchObject({ assigned_to: USER.username });
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

  it('charts the statistics: by severity, status, verdict and day', async () => {
    await page.getByRole('link', { name: 'Statistics' }).click();
    const bySeverity = page.getByRole('table', { name: 'Reports by severity' });
    await bySeverity.waitFor();
    const counts = (await bySeverity.locator('td.number').allTextContents()).map((text) =>
      Number.parseInt(text, 10),
    );
    const stats = (await (
      await authed(await loginWithTotp(USER.username, USER.password, secret))('/api/anomaly/statistics')
    ).json()) as { by_severity: Record<string, number> };
    expect(counts).toEqual(['critical', 'high', 'medium', 'low'].map((s) => stats.by_severity[s]));
    // Today's reports are drawn in the last day's column.
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(0);
    await shoot('07-statistics');
  });

  it('uploads a table, detects its anomalies and explains one', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [20 + (i % 7) * 0.5, 100 + (i % 5), 0.1 * (i % 3)]);
    rows[150] = [95, 100, 0.1];
    // One empty cell: the run says how it treated it.
    const csv = [
      'temperature,pressure,vibration',
      ...rows.map((r, i) => (i === 3 ? `${r[0]},,${r[2]}` : r.join(','))),
    ].join('\n');
    await page.getByRole('link', { name: 'Datasets' }).click();
    await page.getByLabel(/Upload a table/).setInputFiles({
      name: 'sensors.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('heading', { name: 'sensors' }).waitFor();
    // The form asks for an algorithm: it cannot be sent before the list has loaded.
    await expect.poll(() => page.getByLabel('Algorithm').inputValue()).toBe('isolation_forest');
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await page.getByRole('table', { name: /Anomalies/ }).waitFor();
    await page.getByText('1 cells in 1 rows, treated by median').waitFor();
    const first = page.locator('tbody tr').first();
    expect(await first.locator('td').nth(1).textContent()).toBe('150');
    await first.getByRole('button', { name: /Why\?/ }).click();
    const chart = page.getByRole('table', { name: /Feature deviations/ });
    await chart.waitFor();
    expect(await chart.locator('th').first().textContent()).toMatch(/^temperature 95 \(mean 21\.7/);
    await shoot('08-detection');
  });

  it('creates a detector, trains it, and scores the dataset with the model', async () => {
    await page.getByRole('link', { name: 'Detectors' }).click();
    await page.getByLabel('Name').fill('Sensor forest');
    await expect.poll(() => page.getByLabel('Algorithm').inputValue()).toBe('isolation_forest');
    await page.getByRole('button', { name: 'Create detector' }).click();
    await page.getByRole('heading', { name: /Sensor forest/ }).waitFor();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Train again' }).waitFor();
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'Score with this model' }).click();
    await page.getByRole('table', { name: /Anomalies/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/detection\/pred_/);
    await shoot('09-model-scores');
  });

  it('fits a phone, with nothing failed along the way', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    // What sticks out, to say which element a failure is about.
    const wide = await page.evaluate<string[]>(
      `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-scroll')).slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent ?? '').slice(0, 40))`,
    );
    expect(overflow, wide.join(' | ')).toBeLessThanOrEqual(0);
    await shoot('06-report-phone');
    expect(problems).toEqual([]);
  });

  it('signs out: the tab forgets the sign-in, and its tokens stop working', async () => {
    const stored = JSON.parse(await page.evaluate<string>("sessionStorage.getItem('pynomaly.session')")) as {
      tokens: { access_token: string; refresh_token: string };
    };
    const refresh = () =>
      fetch(`${apiUrl()}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: stored.tokens.refresh_token }),
      });
    // The refresh token of a sign-in finished with a code refreshes, as on AWS.
    expect((await refresh()).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    expect((await authed(stored.tokens.access_token)('/api/anomaly/anomaly-reports')).status).toBe(401);
    expect((await refresh()).status).toBe(401);
    // The logout itself was answered 200: nothing failed.
    expect(problems).toEqual([]);
  });
});
