import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { mailbox } from '../support/mail.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const FUND = 'pu-trang';
const email = `minhphat.${randomUUID().slice(0, 6)}@example.vn`;
let withEmail: { pledgeId: string; reference: string };
let withoutEmail: { pledgeId: string; reference: string };

/** Yesterday in Vietnam, as a due date already passed. */
const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

async function pledge(body: Record<string, unknown>) {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body,
  });
  expect(res.status).toBe(201);
  return res.json as { pledgeId: string; reference: string };
}

async function signIn(token: string): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${api.stack.url}/console`);
  await page.fill('#token', token);
  await page.click('form[action="/console/sign-in"] button');
  return page;
}

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  const admin = await api.token(['admin'], 'admin');
  expect((await api.call('POST', '/funds', { body: puTrangInput(), token: admin })).status).toBe(
    201,
  );
  const lan = await api.token(['treasurer'], 'lan', FUND);
  withEmail = await pledge({
    donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true, email },
    amount: 2_000_000,
    method: 'transfer',
    dueDate: yesterday,
  });
  withoutEmail = await pledge({
    donor: { name: 'Hộ ông Lò Văn Páo', kind: 'household', showName: false, phone: '0912345678' },
    amount: 300_000,
    method: 'cash',
  });
  const paid = await api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      pledgeId: withEmail.pledgeId,
      amount: 500_000,
      method: 'cash',
      receivedAt: new Date().toISOString(),
    },
  });
  expect(paid.status).toBe(201);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the unpaid pledges list in Chromium, on a 360-pixel phone', () => {
  it('shows who owes what and since when, mails a reminder once a day, and gives a Zalo/SMS text', async () => {
    // Prepare
    const box = mailbox(api.stack.mail.webUrl);
    await api.stack.flushMail(); // the receipt of the payment above
    const page = await signIn(await api.token(['treasurer'], 'lan', FUND));
    // Act: open the list
    await page.goto(`${api.stack.url}/console/f/${FUND}/unpaid`);
    // Assess: amounts, ages, what each row can do
    const first = page.locator(`#unpaid-${withEmail.pledgeId}`);
    const second = page.locator(`#unpaid-${withoutEmail.pledgeId}`);
    expect(await page.textContent('#unpaid-total')).toBe('1.800.000\u00a0₫');
    expect(await first.locator('.outstanding').textContent()).toBe('1.500.000\u00a0₫');
    expect(await first.textContent()).toContain('quá hạn 1 ngày');
    expect(await first.locator('.age').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \(0 ngày\)$/);
    expect(await second.locator('.outstanding').textContent()).toBe('300.000\u00a0₫');
    expect(await second.textContent()).toContain('Lò Văn Páo');
    expect(await second.locator('button').count()).toBe(0);
    expect(await second.textContent()).toContain('Không có email');
    const sms = await second.locator('textarea').inputValue();
    expect(sms).toContain(withoutEmail.reference);
    expect(sms).toContain('300.000');
    expect(sms).toContain(`${api.stack.url}/p/${withoutEmail.pledgeId}/pay?k=`);
    expect(sms).not.toContain('?t=');
    expect(await second.locator('textarea').getAttribute('readonly')).not.toBeNull();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    // Act: send a reminder, then try again the same day
    await first.locator('button', { hasText: 'Gửi thư nhắc' }).click();
    const afterFirst = await page
      .locator(`#unpaid-${withEmail.pledgeId} [role=status]`)
      .textContent();
    await page.locator(`#unpaid-${withEmail.pledgeId} button`).click();
    const afterSecond = await page
      .locator(`#unpaid-${withEmail.pledgeId} [role=status]`)
      .textContent();
    // Assess
    expect(afterFirst).toBe('Đã gửi thư nhắc.');
    expect(afterSecond).toContain('Hôm nay đã gửi thư nhắc');
    const reminders = (await box.to(email)).filter((m) => m.subject.startsWith('Nhắc cam kết'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain('1.500.000');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  }, 180_000);

  it('downloads the list as CSV and reads in English with ?lang=en', async () => {
    // Prepare
    const page = await signIn(await api.token(['treasurer'], 'lan', FUND));
    // Act
    await page.goto(`${api.stack.url}/console/f/${FUND}/unpaid?lang=en`);
    const href = (await page.locator('a[download]').getAttribute('href')) as string;
    const csv = await page.request.get(`${api.stack.url}${href}`);
    const text = await csv.text();
    // Assess
    expect(await page.locator('h1').textContent()).toContain('Unpaid pledges');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    expect(text.split('\r\n')[0]).toContain('Outstanding (VND)');
    const row = text.split('\r\n').find((line) => line.startsWith(withEmail.reference));
    expect(row).toContain(',2000000,500000,1500000,');
    expect(row).toContain(email);
    await expectNoAxeViolations(page);
  }, 120_000);

  it('lets a donor read a reminder on a phone and stop reminders from its link', async () => {
    // Prepare: a reminder on the due date
    const box = mailbox(api.stack.mail.webUrl);
    const donor = `lan.${randomUUID().slice(0, 6)}@example.vn`;
    const due = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const p = await pledge({
      donor: { name: 'Quán phở Lan', kind: 'business', showName: true, email: donor },
      amount: 750_000,
      method: 'transfer',
      dueDate: due,
    });
    await api.stack.runReminders(new Date(`${due}T08:00:00+07:00`));
    const [reminder] = await box.to(donor);
    const page = await (await phoneContext(browser)).newPage();
    // Act: the message as a mail app shows it (maildev's own page serves it without a charset,
    // so it is set here as the UTF-8 the message declares), then its unsubscribe link
    await page.setContent(reminder?.html ?? '');
    await expectNoSidewaysScroll(page);
    const unsubscribe = page.locator('a', { hasText: 'Không nhận nhắc nhở nữa' });
    const href = (await unsubscribe.getAttribute('href')) as string;
    await page.goto(href);
    const question = await page.textContent('main, body');
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await page.locator('form button[type=submit]', { hasText: 'Tắt thư nhắc' }).click();
    const done = await page.textContent('#unsubscribed');
    await api.stack.runReminders(new Date(`${due}T08:00:00+07:00`));
    await api.stack.runReminders(new Date(Date.parse(`${due}T08:00:00+07:00`) + 7 * 86_400_000));
    // Assess
    expect(reminder?.subject).toContain(p.reference);
    expect(question).toContain(p.reference);
    expect(done).toContain(p.reference);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    expect(await box.to(donor)).toHaveLength(1);
  }, 120_000);

  it('is not for approvers', async () => {
    // Prepare
    const page = await signIn(await api.token(['approver'], 'tuan', FUND));
    // Act
    const response = await page.goto(`${api.stack.url}/console/f/${FUND}/unpaid`);
    // Assess
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).not.toContain('Minh Phát');
  }, 60_000);
});
