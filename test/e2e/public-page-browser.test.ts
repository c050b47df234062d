import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const hostile = '<script>alert(1)</script>';
let reference: string;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
  // A donor whose chosen public name is markup.
  const pledge = await api.call('POST', '/funds/pu-trang/pledges', {
    body: {
      donor: { name: hostile, kind: 'business', showName: true },
      amount: 250_000,
      method: 'cash',
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  reference = pledge.json.reference;
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the public fund page in Chromium', () => {
  it('shows the totals the Vietnamese way and draws both charts', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/duc-pho`);
    expect(await page.textContent('#total-received')).toBe('484.500.000\u00a0₫');
    expect(await page.textContent('#total-spent')).toBe('137.500.000\u00a0₫');
    expect(await page.textContent('#total-balance')).toBe('347.000.000\u00a0₫');
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2);
    expect(await charts.nth(0).getAttribute('aria-label')).toBe('Biểu đồ chi theo mục đích');
    expect(await charts.nth(0).locator('rect').count()).toBe(3);
    expect(await charts.nth(0).textContent()).toContain('62.500.000\u00a0₫');
    expect(await charts.nth(1).locator('text', { hasText: '03/2026' }).count()).toBe(1);
    expect(await page.getAttribute('meta[property="og:title"]', 'content')).toBe(
      'Vì quê hương Đức Phổ bình yên',
    );
    expect(await page.getAttribute('meta[property="og:description"]', 'content')).toContain(
      '484.500.000',
    );
    expect(await page.textContent('#head-seq')).toBe('17');
    await page.close();
  });

  it('renders a donor name like <script> as text and runs no script', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    await page.goto(`${api.stack.url}/f/pu-trang`);
    const names = await page.locator('.who').allTextContents();
    expect(names).toContain(hostile);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('is navigable: lang, one h1, headings, labelled charts and QR, labelled search', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/pu-trang`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h2').count()).toBeGreaterThanOrEqual(6);
    for (const img of await page.locator('[role=img]').all())
      expect(await img.getAttribute('aria-label')).toBeTruthy();
    expect(await page.locator('label[for=q]').count()).toBe(1);
    await page.goto(`${api.stack.url}/f/pu-trang?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h2 >> nth=0')).toBe('In the fund now');
    await page.close();
  });

  it('finds my donation by pledge reference and by bank reference', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/pu-trang`);
    await page.fill('#q', reference.toLowerCase());
    await page.click('form[role=search] button');
    expect(await page.locator('#find ~ ol.entries li').count()).toBe(1);
    expect(await page.locator('#find ~ ol.entries .who').first().textContent()).toBe(hostile);
    const journal = (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries;
    const transfer = journal.find((e: any) => e.refs.bankRef);
    await page.fill('#q', transfer.refs.bankRef);
    await page.click('form[role=search] button');
    expect(await page.locator('#find ~ ol.entries li').count()).toBe(1);
    expect(await page.locator(`#find ~ ol.entries #entry-${transfer.seq}`).count()).toBe(1);
    await page.fill('#q', 'KHONGCO');
    await page.click('form[role=search] button');
    expect(await page.textContent('#not-found')).toMatch(/Không tìm thấy/);
    await page.close();
  });

  it('prints a month statement with its QR code', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/f/trung-tam/statement?month=2026-09`);
    expect(await page.textContent('#period')).toBe('09/2026');
    expect(await page.textContent('#period-in')).toBe('72.000.000\u00a0₫');
    expect(await page.textContent('#period-out')).toBe('72.000.000\u00a0₫');
    expect(await page.locator('.qr svg path').count()).toBeGreaterThan(0);
    await page.goto(`${api.stack.url}/`);
    expect(await page.locator('main h2 a').allTextContents()).toEqual(
      expect.arrayContaining(['Vì quê hương Đức Phổ bình yên', 'Camera an ninh phường Pú Trạng']),
    );
    await page.close();
  });
});
