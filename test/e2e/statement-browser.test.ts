import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';
import { threeMonthsFund } from '../support/three-months.ts';

/**
 * The statement and the disclosure report in Chromium on a 360x740 phone: nothing scrolls
 * sideways, axe finds nothing, the wide tables scroll inside their box and a keyboard reaches
 * them; the period form picks any period without a script.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
let seqs: Awaited<ReturnType<typeof threeMonthsFund>>;
const FUND = 'tren-dien-thoai';

beforeAll(async () => {
  api = await startTestApi();
  seqs = await threeMonthsFund(api, FUND);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('statement and disclosure pages in Chromium at 360 px', () => {
  const pages = [
    `/f/${FUND}/statement?from=2026-09-01&to=2026-11-30`,
    `/f/${FUND}/statement?from=2026-09-01&to=2026-11-30&lang=en`,
    `/f/${FUND}/statement?from=2026-02-30`,
    `/f/${FUND}/disclosure?year=2026`,
    `/f/${FUND}/disclosure?year=2026&lang=en`,
    `/f/${FUND}/disclosure?year=1999`,
  ];
  for (const path of pages) {
    it(`${path}: no sideways scroll, no axe violation`, async () => {
      // Prepare
      const context = await phoneContext(browser);
      const page = await context.newPage();
      // Act
      await page.goto(`${api.stack.url}${path}`);
      // Assess
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await context.close();
    }, 60_000);
  }

  it('reaches the scrolling table by keyboard and scrolls it with the arrow keys', async () => {
    // Prepare
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.stack.url}/f/${FUND}/statement?from=2026-09-01&to=2026-11-30`);
    // Act: tab until the table's region has the focus, then press the right arrow
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'region'; i++) {
      await page.keyboard.press('Tab');
      focused = String(await page.evaluate("document.activeElement?.getAttribute('role') ?? ''"));
    }
    const scrollLeft = 'document.activeElement?.scrollLeft ?? -1';
    const before = Number(await page.evaluate(scrollLeft));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // Arrow keys scroll smoothly: wait for the scroll to land before reading it.
    await page
      .waitForFunction(`(document.activeElement?.scrollLeft ?? 0) > ${before}`, undefined, {
        timeout: 5_000,
      })
      .catch(() => undefined);
    const after = Number(await page.evaluate(scrollLeft));
    // Assess
    expect(focused).toBe('region');
    expect(after).toBeGreaterThan(before);
    await context.close();
  }, 60_000);

  it('picks a period with the form, and follows an "adjusted" entry to its reversal', async () => {
    // Prepare
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.stack.url}/f/${FUND}/statement?month=2026-10`);
    // Act: the period 12 October – 1 November
    await page.fill('#period-from', '2026-10-12');
    await page.fill('#period-to', '2026-11-01');
    await page.click('.period-form button[type=submit]');
    // Assess
    expect(page.url()).toContain('from=2026-10-12&to=2026-11-01');
    expect(await page.textContent('#period')).toBe('12/10/2026 – 01/11/2026');
    expect(await page.textContent('#period-opening')).toBe('2.940.000\u00a0₫');
    expect(await page.textContent('#period-closing')).toBe('6.340.000\u00a0₫');
    expect(await page.getAttribute('#disclosure-link', 'href')).toBe(
      `/f/${FUND}/disclosure?from=2026-10-12&to=2026-11-01`,
    );
    const adjusted = page.locator(`#entry-${seqs.transfer} .badge.adjusted`);
    expect(await adjusted.textContent()).toBe('đã điều chỉnh');
    // Act: follow the link to the reversal
    await page.click(`#entry-${seqs.transfer} a[href*="#entry-${seqs.reversal}"]`);
    // Assess: the fund page shows the reversal, naming the entry it reverses
    await page.waitForSelector(`#entry-${seqs.reversal}`);
    expect(await page.textContent(`#entry-${seqs.reversal}`)).toContain(`#${seqs.transfer}`);
    await context.close();
  }, 60_000);
});
