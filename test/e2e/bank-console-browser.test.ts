import { randomUUID } from 'node:crypto';
import { writeStatement } from '@soquy/bank/samples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalOf, openFund } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Bank reconciliation in the console, in Chromium: a treasurer uploads the fund's statement
 * through the form, follows the import to the end, and settles two waiting lines from the
 * review queue (a gift kept anonymous, a payment on a pledge typed by its reference). A second,
 * different decision on a settled line is refused in Vietnamese and writes nothing.
 */
const FUND = 'sao-ke';
const ACCOUNT = '1234567890';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
let autoPledge: { pledgeId: string; reference: string };
let typedPledge: { pledgeId: string; reference: string };

/** A transfer booked `days` ago at 09:00 Vietnam time. */
const daysAgo = (days: number, hour = 2) => {
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};
const dayOf = (instant: string) =>
  new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);

async function pledge(name: string, amount: number) {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body: { donor: { name, kind: 'household', showName: true }, amount, method: 'transfer' },
  });
  expect(res.status).toBe(201);
  return res.json as { pledgeId: string; reference: string };
}

async function signIn(token: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${api.stack.url}/console`);
  await page.fill('#token', token);
  await page.click('form[action="/console/sign-in"] button');
  return page;
}

/** Money moving through the fund's bank account in an entry. */
const bankAmount = (entry: any) =>
  (entry.postings as { account: string; amount: number }[])
    .filter((p) => p.account === 'assets:bank')
    .reduce((sum, p) => sum + p.amount, 0);

const GIFT_MEMO = 'CHUYEN KHOAN UNG HO QUY CAMERA';
const TYPED_MEMO = 'TIEN GOP CAMERA TO 5';
const OUT_MEMO = 'RUT TIEN CHI PHI';

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  await openFund(api, FUND, 'Camera an ninh tổ 5');
  autoPledge = await pledge('Hộ bà Lò Thị Mai', 600_000);
  typedPledge = await pledge('Hộ ông Sùng A Páo', 1_000_000);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('bank reconciliation in the console (Chromium)', () => {
  it('uploads a statement, follows the import, settles waiting lines from the queue', async () => {
    // Prepare: the bank's statement of the last days (ACB's xlsx, with counterparts)
    const lines = [
      {
        bookedAt: daysAgo(4),
        direction: 'in' as const,
        amount: 600_000,
        memo: `UNG HO ${autoPledge.reference}`,
        ref: 'FT26320000000101',
      },
      {
        bookedAt: daysAgo(3),
        direction: 'in' as const,
        amount: 300_000,
        memo: GIFT_MEMO,
        ref: 'FT26321000000202',
        counterpart: { name: 'NGUYEN VAN AN', account: '0011002233445' },
      },
      {
        bookedAt: daysAgo(2),
        direction: 'in' as const,
        amount: 1_000_000,
        memo: TYPED_MEMO,
        ref: 'FT26322000000303',
      },
      {
        bookedAt: daysAgo(1),
        direction: 'out' as const,
        amount: 200_000,
        memo: OUT_MEMO,
        ref: 'FT26323000000404',
      },
    ];
    const bytes = await writeStatement('acb', 'xlsx', {
      account: ACCOUNT,
      from: dayOf(daysAgo(4)),
      to: dayOf(daysAgo(1)),
      openingBalance: 0,
      lines,
    });
    const lan = await signIn(await api.token(['treasurer'], 'lan', FUND));

    // Act: upload through the console's form
    await lan.goto(`${api.stack.url}/console/f/${FUND}`);
    await lan.click('#bank-nav a[href$="/bank"]');
    expect(await lan.getAttribute('#statement-file', 'accept')).toContain('.xlsx');
    await lan.setInputFiles('#statement-file', {
      name: 'saoke-acb.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    await lan.click('#statement-form button[type=submit]');

    // Assess: the progress page reloads itself until the import is done, with the counts
    expect(lan.url()).toMatch(/\/console\/statements\/st_[0-9a-f]{24}$/);
    await lan.waitForSelector('#statement-status[data-status="done"]', { timeout: 30_000 });
    expect(await lan.textContent('#statement-status')).toBe('Đã nhập xong');
    expect(await lan.getAttribute('#statement-progress', 'value')).toBe('4');
    expect(await lan.getAttribute('#statement-progress', 'max')).toBe('4');
    expect(await lan.textContent('#count-matched')).toBe('1');
    expect(await lan.textContent('#count-unmatched')).toBe('3');
    expect(await lan.textContent('#count-duplicates')).toBe('0');
    // The bank holds 1.700.000 ₫; the journal has booked the 600.000 ₫ pledge payment only.
    expect(await lan.textContent('#statement-tie-out')).toContain('Chênh lệch 1.100.000\u00a0₫');
    expect(await lan.textContent('#queue-count')).toBe('3');

    // Act: open the review queue (and keep a second, soon stale, copy of it)
    await lan.click('a[href$="/queue"]');
    const stale = await lan.context().newPage();
    await stale.goto(lan.url());
    const journalBefore = await journalOf(api, FUND);
    const giftLine = lan.locator('.bank-line', { hasText: GIFT_MEMO });
    expect(await giftLine.textContent()).toContain('300.000\u00a0₫');
    expect(await giftLine.textContent()).toContain('Nội dung không có mã cam kết');
    // The name comes from the bank; showing it is a choice nobody made for the treasurer.
    expect(await giftLine.locator('input[name=donorName]').inputValue()).toBe('NGUYEN VAN AN');
    expect(await giftLine.locator('input[name=showName]:checked').count()).toBe(0);
    await giftLine.locator('input[name=showName][value="0"]').check();
    await giftLine.locator('form[data-action=gift] button[type=submit]').click();

    // Assess: a Vietnamese flash, the line gone, one fewer waiting
    expect(await lan.textContent('#flash')).toBe('Đã ghi khoản ủng hộ.');
    expect(await lan.locator('.bank-line', { hasText: GIFT_MEMO }).count()).toBe(0);
    expect(await lan.textContent('#queue-count')).toBe('2');

    // Act: assign the next line to the pledge by its reference
    const typedLine = lan.locator('.bank-line', { hasText: TYPED_MEMO });
    await typedLine.locator('input[name=reference]').fill(typedPledge.reference);
    await typedLine.locator('form[data-action=pledge] button.secondary').click();
    expect(await lan.textContent('#flash')).toBe('Đã ghi tiền vào cam kết.');
    expect(await lan.textContent('#queue-count')).toBe('1');

    // Assess: the journal gained exactly those two entries
    const journalAfter = await journalOf(api, FUND);
    const added = journalAfter.slice(journalBefore.length);
    expect(added.map((e) => [e.kind, bankAmount(e)])).toEqual([
      ['donation', 300_000],
      ['payment', 1_000_000],
    ]);
    expect(added[0].donor.displayName).not.toContain('NGUYEN VAN AN');
    expect(journalAfter.reduce((sum, e) => sum + bankAmount(e), 0)).toBe(1_900_000);

    // Act: a different decision on the gift line, from the stale copy of the queue
    const before = await api.snapshot();
    await stale
      .locator('.bank-line', { hasText: GIFT_MEMO })
      .locator('form[data-action=cash] button')
      .click();

    // Assess: refused in Vietnamese, no stack trace, nothing written
    expect(await stale.textContent('#decision-error')).toBe(
      'Giao dịch này đã được xử lý trước đó; không ghi thêm gì vào sổ.',
    );
    expect(await stale.content()).not.toMatch(/Error:|at .*\.ts:\d+/);
    expect(await api.snapshot()).toEqual(before);
    expect(await stale.textContent('#queue-count')).toBe('1');

    // Assess: on a 360 px phone, the public page's bank section fits without scrolling sideways
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(`${api.stack.url}/f/${FUND}`);
    expect(await phone.textContent('#bank-tie-out')).toContain('Chênh lệch');
    expect(await phone.textContent('#bank')).not.toContain(GIFT_MEMO);
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
  }, 90_000);
});
