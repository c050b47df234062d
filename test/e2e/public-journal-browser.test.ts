import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * The fund page's journal on a 360-px phone, in Chromium, without JavaScript: paging, a search
 * and the filters through the form, each page with no sideways scroll and no axe violation.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
  // A page and a half of entries: ten more gifts after the demo's own.
  const lan = await api.token(['treasurer'], 'lan', 'duc-pho');
  for (let i = 1; i <= 10; i++) {
    const res = await api.call('POST', '/funds/duc-pho/payments', {
      token: lan,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        donor: { name: `Hộ kinh doanh số ${i}`, kind: 'household', showName: true },
        amount: 50_000 * i,
        method: 'cash',
        receivedAt: `2026-11-${String(i + 5).padStart(2, '0')}T02:00:00Z`,
      },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function phonePage(): Promise<Page> {
  const context = await phoneContext(browser);
  await context.route('**/*', (route) =>
    route.request().url().startsWith(api.stack.url) ? route.continue() : route.abort(),
  );
  return context.newPage();
}

const shownSeqs = (page: Page) =>
  page.locator('#journal li[id^="entry-"]').evaluateAll((items) => items.map((li) => li.id));

describe('the journal section on a phone', () => {
  it('pages, searches and filters through links and the form, and fits 360 px', async () => {
    // Prepare
    const page = await phonePage();
    const journal = (await api.call('GET', '/funds/duc-pho/ledger?limit=1000')).json.entries;
    expect(journal.length).toBeGreaterThan(20);
    // Act: the newest page, then the older one by its link
    await page.goto(`${api.stack.url}/f/duc-pho`);
    const newest = await shownSeqs(page);
    await expectNoSidewaysScroll(page);
    await page.click('#journal a[rel=next]');
    const older = await shownSeqs(page);
    // Assess
    expect(newest).toHaveLength(20);
    expect(newest[0]).toBe(`entry-${journal.at(-1).seq}`);
    expect(older[0]).toBe(`entry-${journal.at(-21).seq}`);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    // Act: a kind and a month through the form
    const spending = journal.filter((e: any) => e.kind === 'disbursement');
    const month = new Date(Date.parse(spending[0].occurredAt) + 7 * 3600_000)
      .toISOString()
      .slice(0, 7);
    await page.selectOption('#kind', 'disbursement');
    await page.selectOption('#month', month);
    await page.click('#journal form[role=search] button');
    // Assess
    const kinds = await page.locator('#journal li .line strong').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['Chi']));
    expect(await page.textContent('#journal-range')).toContain(
      `${month.slice(5)}/${month.slice(0, 4)}`,
    );
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    // Act: search an amount as people type it, in English
    const target = journal.find((e: any) => e.kind === 'disbursement');
    const amount = Math.abs(target.postings[0].amount);
    await page.goto(`${api.stack.url}/f/duc-pho?lang=en`);
    await page.fill('#q', amount.toLocaleString('vi-VN'));
    await page.click('#journal form[role=search] button');
    // Assess
    expect(await shownSeqs(page)).toContain(`entry-${target.seq}`);
    expect(await page.textContent('#journal h2')).toBe('The journal: every entry');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('answers a bad filter with a readable page that fits the phone', async () => {
    // Prepare
    const page = await phonePage();
    // Act
    const response = await page.goto(`${api.stack.url}/f/duc-pho?month=2026-13`);
    // Assess
    expect(response?.status()).toBe(400);
    expect(await page.textContent('main')).toContain('Viết tháng dạng NNNN-TT');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
