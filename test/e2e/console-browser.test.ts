import { createHash, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;

/** A small PDF, as a treasurer would scan an invoice. */
const invoice = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const digest = createHash('sha256').update(invoice).digest('hex');

async function signIn(token: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${api.stack.url}/console`);
  await page.fill('#token', token);
  await page.click('form[action="/console/sign-in"] button');
  return page;
}

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
  // Money in the bank to spend.
  const treasurer = await api.token(['treasurer'], 'lan', 'trung-tam');
  await api.call('POST', '/funds/trung-tam/payments', {
    token: treasurer,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: 'Tổ dân phố 15', kind: 'organisation', showName: true },
      amount: 5_000_000,
      method: 'transfer',
      receivedAt: '2026-11-20T03:00:00Z',
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the console in Chromium', () => {
  it('a treasurer records spending with a file, an approver approves it, the journal shows it', async () => {
    // Prepare: the treasurer signs in with a dev token
    const lan = await signIn(await api.token(['treasurer'], 'lan', 'trung-tam'));
    expect(
      await lan.locator('main a', { hasText: 'Camera an ninh phường Trung Tâm' }).count(),
    ).toBe(1);
    await lan.click('main a[href="/console/f/trung-tam"]');
    // Act: record a disbursement with its invoice
    await lan.fill('#spending-amount', '2.400.000');
    await lan.selectOption('#spending-category', 'cameras');
    await lan.fill('#spending-payee', 'Công ty CP Viễn thông Nghĩa Lộ');
    await lan.fill('#spending-purpose', 'Thay 1 camera hỏng ở tổ 7');
    await lan.setInputFiles('#spending-files', {
      name: 'hoa-don.pdf',
      mimeType: 'application/pdf',
      buffer: invoice,
    });
    await lan.click('#spending ~ form button[type=submit]');
    // Assess: recorded, not yet in the journal
    expect(await lan.textContent('#flash')).toBe('Đã ghi.');
    const journalBefore = (await api.call('GET', '/funds/trung-tam/ledger?limit=1000')).json
      .entries;
    expect(
      journalBefore.some(
        (e: any) => e.kind === 'disbursement' && e.memo === 'Thay 1 camera hỏng ở tổ 7',
      ),
    ).toBe(false);

    // Act: an approver signs in, sees it in the queue, approves
    const mai = await signIn(await api.token(['approver'], 'mai', 'trung-tam'));
    await mai.goto(`${api.stack.url}/console/f/trung-tam`);
    const pending = mai.locator('.pending', { hasText: 'Thay 1 camera hỏng ở tổ 7' });
    expect(await pending.count()).toBe(1);
    expect(await pending.textContent()).toContain('2.400.000\u00a0₫');
    await pending.locator('button', { hasText: 'Duyệt' }).click();
    expect(await mai.textContent('#flash')).toBe('Đã ghi.');

    // Assess: one disbursement entry carrying the file's digest; the public page links it
    const journal = (await api.call('GET', '/funds/trung-tam/ledger?limit=1000')).json.entries;
    const spent = journal.filter(
      (e: any) => e.kind === 'disbursement' && e.memo === 'Thay 1 camera hỏng ở tổ 7',
    );
    expect(spent).toHaveLength(1);
    expect(spent[0]).toMatchObject({
      evidence: [digest],
      payee: { name: 'Công ty CP Viễn thông Nghĩa Lộ' },
      postings: [
        { account: 'expenses:cameras', amount: 2_400_000 },
        { account: 'assets:bank', amount: -2_400_000 },
      ],
    });
    const visitor = await browser.newPage();
    await visitor.goto(`${api.stack.url}/f/trung-tam`);
    const row = visitor.locator(`#entry-${spent[0].seq}`);
    expect(await row.textContent()).toContain('−2.400.000\u00a0₫');
    const href = await row.locator('a', { hasText: 'chứng từ 1' }).getAttribute('href');
    const served = Buffer.from(await (await fetch(`${api.stack.url}${href}`)).arrayBuffer());
    expect(createHash('sha256').update(served).digest('hex')).toBe(digest);
    await visitor.close();
  });

  it('shows form errors next to the fields and refuses the recorder approving their own spending', async () => {
    const both = await signIn(await api.token(['treasurer', 'approver'], 'hoa', 'trung-tam'));
    await both.goto(`${api.stack.url}/console/f/trung-tam`);
    const before = await api.snapshot();
    await both.fill('#spending-amount', 'hai triệu');
    await both.fill('#spending-payee', 'Cửa hàng điện nước');
    await both.fill('#spending-purpose', 'Dây điện');
    await both.click('#spending ~ form button[type=submit]');
    expect(await both.textContent('#spending-amount-error')).toBe(
      'Nhập số tiền là số nguyên đồng lớn hơn 0, ví dụ 500000 hoặc 500.000.',
    );
    expect(await both.inputValue('#spending-payee')).toBe('Cửa hàng điện nước');
    expect(await api.snapshot()).toEqual(before);
    await both.fill('#spending-amount', '100.000');
    await both.fill('#spending-payee', 'Cửa hàng điện nước');
    await both.fill('#spending-purpose', 'Dây điện');
    await both.click('#spending ~ form button[type=submit]');
    const mine = both.locator('.pending', { hasText: 'Dây điện' });
    expect(await mine.textContent()).toContain('người khác phải duyệt');
    expect(await mine.locator('button', { hasText: 'Duyệt' }).count()).toBe(0);
  });

  it('sends an unsigned visitor to sign-in and refuses a bad token', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.stack.url}/console/f/trung-tam`);
    expect(page.url()).toMatch(/\/console\/sign-in$/);
    await page.fill('#token', 'not-a-token');
    await page.click('form[action="/console/sign-in"] button');
    expect(await page.textContent('[role=alert]')).toMatch(/không hợp lệ/);
    await page.close();
  });
});
