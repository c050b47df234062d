import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * The pay link as its reader sees it on a 360-pixel phone: opened from the Zalo/SMS text a
 * treasurer copied from the unpaid list. Long names and a 19-digit account must not push it
 * sideways, in Vietnamese or English, open or paid.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const FUND = 'pay-link-phone';
const LONG_NAME =
  'CôngTyTNHHMộtThànhViênThươngMạiDịchVụXuấtNhậpKhẩuThủySảnSaHuỳnhPhổThạnhĐứcPhổQuảngNgãi';
let lan: string;
let pledgeId: string;
let payUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  const admin = await api.token(['admin'], 'admin');
  const fund = puTrangInput({
    id: FUND,
    name: 'Quỹ hỗ trợ đồng bào bị thiệt hại do lũ lụt tháng 11/2026 tại xã Phổ Thạnh, thị xã Đức Phổ, tỉnh Quảng Ngãi',
  });
  fund.bankAccount = { ...fund.bankAccount, accountNumber: '9704361234567890123' };
  expect((await api.call('POST', '/funds', { body: fund, token: admin })).status).toBe(201);
  lan = await api.token(['treasurer'], 'lan', FUND);
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: LONG_NAME, kind: 'business', showName: true, phone: '0912345678' },
      amount: 12_500_000,
      method: 'transfer',
    },
  });
  expect(res.status).toBe(201);
  pledgeId = res.json.pledgeId;
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function treasurerPage(): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${api.stack.url}/console`);
  await page.fill('#token', lan);
  await page.click('form[action="/console/sign-in"] button');
  return page;
}

describe('the pay link on a 360-pixel phone', () => {
  it('opens from the unpaid list’s message and shows the QR code, with nothing to change', async () => {
    // Prepare: the treasurer copies the message
    const list = await treasurerPage();
    await list.goto(`${api.stack.url}/console/f/${FUND}/unpaid`);
    const sms = await list.locator(`#message-${pledgeId}`).inputValue();
    payUrl = /https?:\/\/\S+\/pay\?k=[\w-]+/.exec(sms)?.[0] ?? '';
    const reader = await (await phoneContext(browser)).newPage();
    // Act: whoever gets the message opens it
    const response = await reader.goto(payUrl);
    // Assess
    expect(sms).not.toContain('?t=');
    expect(response?.status()).toBe(200);
    expect(await reader.textContent('#pledge-outstanding')).toBe('12.500.000\u00a0₫');
    expect(await reader.locator('#transfer .qr svg').count()).toBe(1);
    expect(await reader.locator('form, button').count()).toBe(0);
    expect(await reader.textContent('body')).not.toContain('0912345678');
    await expectNoSidewaysScroll(reader);
    await expectNoAxeViolations(reader);
    // Act: in English
    await reader.goto(`${payUrl}&lang=en`);
    // Assess
    expect(await reader.textContent('#pay-read-only')).toContain('nothing can be changed here');
    await expectNoSidewaysScroll(reader);
    await expectNoAxeViolations(reader);
  }, 120_000);

  it('says the pledge is paid once it is, still fitting the phone', async () => {
    // Prepare
    const paid = await api.call('POST', `/funds/${FUND}/payments`, {
      token: lan,
      headers: { 'idempotency-key': randomUUID() },
      body: { pledgeId, amount: 12_500_000, method: 'cash', receivedAt: new Date().toISOString() },
    });
    expect(paid.status).toBe(201);
    const reader = await (await phoneContext(browser)).newPage();
    // Act
    await reader.goto(payUrl);
    // Assess
    expect(await reader.textContent('#pay-closed')).toContain('đã được đóng đủ');
    expect(await reader.textContent('#pledge-outstanding')).toBe('0\u00a0₫');
    expect(await reader.locator('#transfer').count()).toBe(0);
    await expectNoSidewaysScroll(reader);
    await expectNoAxeViolations(reader);
  }, 60_000);
});
