import { buildVietQrPayload } from '@soquy/vietqr';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the pledge page in Chromium', () => {
  it('takes a transfer pledge and shows the QR with the right amount and memo', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/pu-trang/pledge`);
    // Act
    await page.fill('#name', 'Hiệu thuốc Phúc An');
    await page.selectOption('#kind', 'business');
    await page.fill('#amount', '500.000');
    await page.check('input[name=method][value=transfer]');
    await page.fill('#phone', '0987 654 321');
    await page.click('button[type=submit]');
    // Assess
    const reference = (await page.textContent('#reference'))?.trim() as string;
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{7}$/);
    expect(await page.textContent('#transfer-amount')).toBe('500.000\u00a0₫');
    expect(await page.textContent('#transfer-memo')).toBe(`UNG HO ${reference}`);
    expect(await page.textContent('#account-number')).toBe('1234567890');
    expect((await page.textContent('#vietqr-payload'))?.trim()).toBe(
      buildVietQrPayload({
        bin: '970436',
        accountNumber: '1234567890',
        amount: 500_000,
        memo: `UNG HO ${reference}`,
      }),
    );
    expect(await page.locator('.qr svg path').count()).toBeGreaterThan(0);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const journal = (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries;
    expect(journal.at(-1)).toMatchObject({ kind: 'pledge', refs: { pledgeReference: reference } });
    await page.close();
  });

  it('shows the mistakes next to the fields and keeps what was typed', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/pu-trang/pledge?lang=en`);
    const before = await api.snapshot();
    await page.fill('#name', 'Quán phở Lan');
    await page.fill('#amount', 'năm trăm');
    await page.fill('#email', 'lan@');
    await page.click('button[type=submit]');
    expect(await page.textContent('#amount-error')).toMatch(
      /whole number of đồng, with no fractional part/,
    );
    expect(await page.textContent('#email-error')).toMatch(/not an email/);
    expect(await page.inputValue('#name')).toBe('Quán phở Lan');
    expect(await api.snapshot()).toEqual(before);
    await page.close();
  });

  it('takes the simulated card checkout and the pledge page then says paid', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/pu-trang/pledge`);
    await page.fill('#name', 'Nhà nghỉ Bình An');
    await page.fill('#amount', '1.500.000');
    await page.check('input[name=method][value=card]');
    // Act
    await page.click('button[type=submit]');
    await page.waitForURL(/\/checkout\/cs_test_/);
    expect(await page.textContent('#amount')).toBe('1.500.000\u00a0₫');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/p\/pl_/);
    // Assess
    expect(await page.textContent('#pledge-status')).toBe('Đã thanh toán');
    expect(await page.textContent('#pledge-paid')).toBe('1.500.000\u00a0₫');
    const receipt = page.locator('.receipt');
    expect(await receipt.count()).toBe(1);
    const seq = Number(await receipt.locator('.seq').textContent());
    const hash = (await receipt.locator('.hash').textContent())?.trim();
    const entries = (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries;
    expect(entries.find((e: { seq: number }) => e.seq === seq)).toMatchObject({
      kind: 'payment',
      hash,
    });
    await page.close();
  });
});
