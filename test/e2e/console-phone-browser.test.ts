import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gift, journalOf, openFund, recordSpending, type TestApi } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * The fund's console on a 360 px phone, in Chromium: a treasurer's own waiting request and its
 * withdraw button, the explicit public-name choice, a refused approval said on the request, and
 * a list saved as CSV. Every state of the page fits the screen and passes axe.
 */

let api: TestApi;
let browser: Browser;
const FUND = 'dien-thoai';

async function signIn(token: string, lang = ''): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${api.stack.url}/console/sign-in${lang}`);
  await page.fill('#token', token);
  await page.click('form[action="/console/sign-in"] button');
  await page.goto(`${api.stack.url}/console/f/${FUND}${lang}`);
  return page;
}

async function fitsAndPassesAxe(page: Page) {
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
}

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  await openFund(api, FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
    amount: 500_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
  // Lan's request: more than the fund holds, so approving it is refused.
  await recordSpending(api, FUND, lan, {
    amount: 9_000_000,
    category: 'cameras',
    payee: {
      name: 'Công ty TNHH Thương mại và Dịch vụ Kỹ thuật An Ninh Tây Bắc',
      kind: 'business',
    },
    purpose: 'Trọn bộ 8 camera và đầu ghi cho tổ dân phố 3',
    paidAt: '2026-11-20T03:00:00Z',
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

// axe and Chromium on a small shared machine: more time than the default 30 s.
describe('the fund console on a 360 px phone', { timeout: 120_000 }, () => {
  it('a treasurer withdraws her own waiting request; the journal does not change', async () => {
    // Prepare
    const lan = await signIn(await api.token(['treasurer'], 'lan', FUND));
    await fitsAndPassesAxe(lan);
    const mine = lan.locator('.mine', { hasText: 'Trọn bộ 8 camera' });
    expect(await lan.textContent('#mine')).toBe('Chờ duyệt của tôi');
    expect(await mine.textContent()).toContain('9.000.000\u00a0₫');
    const journalBefore = await journalOf(api, FUND);
    // Act
    await mine.locator('button', { hasText: 'Rút lại yêu cầu' }).click();
    // Assess
    expect(await lan.textContent('#flash')).toBe('Đã rút lại yêu cầu chi.');
    expect(await lan.locator('.mine').count()).toBe(0);
    expect(await journalOf(api, FUND)).toEqual(journalBefore);
    await fitsAndPassesAxe(lan);
  });

  it('refuses a gift until the treasurer chooses to show the name or not', async () => {
    // Prepare
    const lan = await signIn(await api.token(['treasurer'], 'lan', FUND));
    const before = await api.snapshot();
    // Act: everything filled in except the choice
    await lan.fill('#payment-donorName', 'Cô Ba bán bánh');
    await lan.fill('#payment-amount', '90.000');
    await lan.click('#receipt ~ form button[type=submit]');
    // Assess
    expect(await lan.textContent('#payment-showName-error')).toBe(
      'Chọn có công khai tên người nộp hay giữ ẩn danh.',
    );
    expect(await api.snapshot()).toEqual(before);
    await fitsAndPassesAxe(lan);
    // Act: choose anonymous
    await lan.check('input[name=showName][value="0"]');
    await lan.click('#receipt ~ form button[type=submit]');
    // Assess
    expect(await lan.textContent('#flash')).toBe('Đã ghi.');
    const last = (await journalOf(api, FUND)).at(-1);
    expect(last.postings[0].amount).toBe(90_000);
    expect(last.donor.displayName).not.toContain('Cô Ba');
  });

  it('says on the request, in English with ?lang=en, which account lacks how much', async () => {
    // Prepare: a new request of Lan's, then the approver
    const lan = await api.token(['treasurer'], 'lan', FUND);
    await recordSpending(api, FUND, lan, {
      amount: 7_000_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
      purpose: 'Đầu ghi 16 kênh',
      paidAt: '2026-11-20T03:00:00Z',
    });
    const mai = await signIn(await api.token(['approver'], 'mai', FUND), '?lang=en');
    const before = await api.snapshot();
    // Act
    await mai
      .locator('.pending', { hasText: 'Đầu ghi 16 kênh' })
      .locator('button', { hasText: 'Approve' })
      .click();
    // Assess
    const said = await mai.textContent('.pending .error');
    expect(said).toContain("Not enough money in the fund's bank account");
    // The 90,000 gift was cash: the bank still holds the 500,000 transfer only.
    expect(said).toContain('its balance is 500.000\u00a0₫');
    expect(said).toContain('7.000.000\u00a0₫');
    expect(await api.snapshot()).toEqual(before);
    await fitsAndPassesAxe(mai);
  });

  it('saves the money received as a CSV file from its link', async () => {
    // Prepare
    const lan = await signIn(await api.token(['treasurer'], 'lan', FUND));
    // Act
    const [download] = await Promise.all([
      lan.waitForEvent('download'),
      lan.click(`a[href="/console/f/${FUND}/receipts.csv"]`),
    ]);
    // Assess
    // This year's file, in Vietnam time (the download's default period).
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    expect(download.suggestedFilename()).toBe(`${FUND}-receipts-${year}-01-01-${year}-12-31.csv`);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('Quán phở Lan');
  });
});
