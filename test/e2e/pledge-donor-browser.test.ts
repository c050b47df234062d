import { readFileSync } from 'node:fs';
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
 * The donor's new pages on a 360-pixel phone in Chromium, without JavaScript help: backing out
 * of card checkout (item 2), confirming a cancellation (10), the cash contact and its settings
 * page (11), saving the QR image (19). Each page is checked for sideways scroll and with axe.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const FUND = 'pu-trang';

async function phonePage(): Promise<Page> {
  const context = await phoneContext(browser);
  return context.newPage();
}
async function checkPage(page: Page) {
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
}
async function pledgeByForm(page: Page, method: 'card' | 'transfer' | 'cash', amount: string) {
  await page.goto(`${api.stack.url}/f/${FUND}/pledge`);
  await page.fill('#name', 'Hợp tác xã Chè Tà Xùa');
  await page.selectOption('#kind', 'business');
  await page.fill('#amount', amount);
  await page.check(`input[name=method][value=${method}]`);
  await page.click('button[type=submit]');
}

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the donor’s pages on a phone', () => {
  it('backing out of card checkout offers the card again and the transfer QR; the retry pays', async () => {
    // Prepare
    const page = await phonePage();
    await pledgeByForm(page, 'card', '350.000');
    await page.waitForURL(/\/checkout\/cs_test_/);
    const checkoutUrl = page.url();
    // Act 1: back out
    await page.click('#cancel');
    // Assess 1
    await page.waitForSelector('#checkout-cancelled');
    expect(page.url()).toContain('checkout=cancelled');
    expect(await page.locator('#card-retry button').textContent()).toBe('Thử lại thanh toán thẻ');
    expect(await page.textContent('#transfer-title')).toBe(
      'Hoặc chuyển khoản thay vì trả bằng thẻ',
    );
    expect(await page.locator('.qr svg path').count()).toBeGreaterThan(0);
    expect(await page.textContent('#transfer-amount')).toBe('350.000\u00a0₫');
    await checkPage(page);
    // Act 2: try the card again, and pay
    await page.click('#card-retry button');
    await page.waitForURL(/\/checkout\/cs_test_/);
    expect(page.url()).toBe(checkoutUrl);
    await page.click('button[type=submit]');
    // Assess 2
    await page.waitForURL(/paid=1/);
    // The simulator sends Stripe's webhook before it redirects back: the page already says paid.
    expect(await page.textContent('#pledge-status')).toBe('Đã thanh toán');
    expect(await page.locator('#card-retry').count()).toBe(0);
  }, 90_000);

  it('asks before cancelling; "keep" keeps the pledge, "yes" cancels it', async () => {
    // Prepare
    const page = await phonePage();
    await pledgeByForm(page, 'transfer', '1.000.000');
    await page.click('#manage-link');
    // Act 1: the cancel link, then "keep my pledge"
    await page.click('#cancel-link');
    await page.waitForSelector('#cancel-confirm');
    await checkPage(page);
    await page.click('#keep-pledge');
    // Assess 1
    expect(await page.textContent('#pledge-status')).toBe('Đã cam kết, chưa trả');
    // Act 2: the cancel link, then "yes"
    await page.click('#cancel-link');
    await page.click('#cancel-confirm button');
    // Assess 2
    expect(await page.textContent('#pledge-status')).toBe('Đã hủy');
    expect(await page.textContent('#pledge-outstanding')).toBe('0\u00a0₫');
  }, 90_000);

  it('saves the QR code as a PNG image from the pledge result', async () => {
    // Prepare
    const page = await phonePage();
    await pledgeByForm(page, 'transfer', '200.000');
    await checkPage(page);
    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-qr')]);
    // Assess
    const reference = (await page.textContent('#reference'))?.trim();
    expect(download.suggestedFilename()).toBe(`vietqr-${reference}.png`);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(600);
  }, 90_000);

  it('the treasurer sets the cash contact in the console; a cash pledge result shows it', async () => {
    // Prepare
    const treasurer = await api.token(['treasurer'], 'lan', FUND);
    const staff = await phonePage();
    await staff.goto(`${api.stack.url}/console`);
    await staff.fill('#token', treasurer);
    await staff.click('form[action="/console/sign-in"] button');
    await staff.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
    await staff.goto(`${api.stack.url}/console/f/${FUND}/settings`);
    await checkPage(staff);
    // Act 1: a phone left empty is refused
    await staff.fill('#name', 'Chị Lò Thị Lan');
    await staff.fill('#place', 'Nhà văn hóa bản Pú Trạng');
    await staff.fill('#hours', 'Thứ Bảy, 8:00 – 11:00');
    await staff.click('#settings-form button[type=submit]');
    // Assess 1
    expect(await staff.textContent('#phone-error')).toBe(
      'Số điện thoại Việt Nam, ví dụ 0912 345 678.',
    );
    await checkPage(staff);
    // Act 2: with the phone
    await staff.fill('#phone', '0912 345 678');
    await staff.click('#settings-form button[type=submit]');
    await staff.waitForSelector('#flash');
    const donor = await phonePage();
    await pledgeByForm(donor, 'cash', '300.000');
    // Assess 2
    expect(await donor.textContent('#cash-name')).toBe('Chị Lò Thị Lan');
    expect(await donor.textContent('#cash-phone')).toBe('0912345678');
    expect(await donor.textContent('#cash-place')).toBe('Nhà văn hóa bản Pú Trạng');
    expect(await donor.textContent('#cash-hours')).toBe('Thứ Bảy, 8:00 – 11:00');
    await checkPage(donor);
  }, 90_000);
});
