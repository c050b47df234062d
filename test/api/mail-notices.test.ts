import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from '../behaviours/helpers.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { type CaughtMail, mailbox } from '../support/mail.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let box: ReturnType<typeof mailbox>;
let admin: string;
let lan: string;
const FUND = 'pu-trang';

/** A date `days` from today, as a pledge's due date (YYYY-MM-DD). */
const dayFromNow = (days: number) =>
  new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
/** 08:00 in Vietnam on that day: when the daily run goes. */
const morningOf = (day: string) => new Date(`${day}T08:00:00+07:00`);
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function pledge(body: Record<string, unknown>) {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body,
  });
  expect(res.status).toBe(201);
  return res.json as { pledgeId: string; reference: string };
}

const unsubscribeLinkOf = (mail: CaughtMail) => {
  const match = /href="([^"]*\/u\/[^"]+)"/.exec(mail.html);
  expect(match, 'the reminder links to its unsubscribe page').not.toBeNull();
  return (match?.[1] ?? '').replaceAll('&amp;', '&');
};

beforeAll(async () => {
  api = await startTestApi();
  box = mailbox(api.stack.mail.webUrl);
  admin = await api.token(['admin'], 'admin');
  expect((await api.call('POST', '/funds', { body: puTrangInput(), token: admin })).status).toBe(
    201,
  );
  lan = await api.token(['treasurer'], 'lan', FUND);
}, 60_000);
afterAll(() => api.stop());

describe('approvers by email', () => {
  it('tells each approver of the fund when a disbursement waits, and nobody else', async () => {
    // Prepare
    const approver = `duyet.${randomUUID().slice(0, 6)}@example.vn`;
    const added = await api.call('POST', `/funds/${FUND}/staff`, {
      token: admin,
      body: { email: approver, role: 'approver' },
    });
    expect(added.status).toBe(201);
    const before = (await box.all()).length;
    // Act
    const res = await api.call('POST', `/funds/${FUND}/disbursements`, {
      token: lan,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        amount: 1_250_000,
        category: 'cameras',
        payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
        purpose: 'Đầu ghi hình 8 kênh',
        paidAt: new Date().toISOString(),
        method: 'cash',
        evidence: [],
      },
    });
    expect(res.status).toBe(201);
    await api.stack.flushMail();
    await api.stack.flushMail();
    // Assess
    const mails = await box.to(approver);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('1.250.000');
    expect(mails[0]?.html).toContain('Đầu ghi hình 8 kênh');
    expect(mails[0]?.html).toContain(`${api.stack.url}/console/f/${FUND}`);
    expect((await box.all()).length).toBe(before + 1);
  });
});

describe('pledge reminders', () => {
  it('reminds on the due date once, and after unsubscribing sends no more', async () => {
    // Prepare: two pledges due the same day; one donor will unsubscribe
    const due = dayFromNow(3);
    const quits = `quits.${randomUUID().slice(0, 6)}@example.vn`;
    const stays = `stays.${randomUUID().slice(0, 6)}@example.vn`;
    const a = await pledge({
      donor: { name: 'Anh Trần Văn Quý', kind: 'individual', showName: true, email: quits },
      amount: 400_000,
      method: 'transfer',
      dueDate: due,
    });
    await pledge({
      donor: { name: 'Chị Lê Thị Mai', kind: 'individual', showName: true, email: stays },
      amount: 300_000,
      method: 'transfer',
      dueDate: due,
    });
    // Act: the day before, the due date (twice), then a link click and the confirmation
    await api.stack.runReminders(morningOf(addDays(due, -1)));
    const early = await box.to(quits);
    await api.stack.runReminders(morningOf(due));
    await api.stack.runReminders(morningOf(due));
    const [reminder] = await box.to(quits);
    const link = unsubscribeLinkOf(reminder as CaughtMail);
    const question = await api.call('GET', link.replace(api.stack.url, ''));
    const afterQuestion = await api.stack.runReminders(morningOf(addDays(due, 7)));
    const stillOn = (await box.to(quits)).length;
    const token = new URL(link).searchParams.get('t') as string;
    const confirmed = await api.call('POST', new URL(link).pathname, {
      raw: `t=${encodeURIComponent(token)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await api.stack.runReminders(morningOf(addDays(due, 14)));
    // Assess
    expect(early).toHaveLength(0);
    expect(reminder?.subject).toContain(a.reference);
    expect(reminder?.subject).toContain('400.000');
    expect(await box.header(reminder as CaughtMail, 'List-Unsubscribe')).toBe(`<${link}>`);
    expect(await box.header(reminder as CaughtMail, 'List-Unsubscribe-Post')).toBe(
      'List-Unsubscribe=One-Click',
    );
    expect(question.status).toBe(200);
    expect(question.text).toContain(a.reference);
    expect(question.text).toContain('<form method="post"');
    expect(afterQuestion).toBeDefined();
    expect(stillOn).toBe(2); // the question alone stopped nothing: the weekly repeat came
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Đã tắt thư nhắc');
    expect(await box.to(quits)).toHaveLength(2);
    expect(await box.to(stays)).toHaveLength(3); // due date, +7, +14
  });

  it('sends one reminder a day whether a treasurer or the daily run sends it first', async () => {
    // Prepare: two pledges due today; the treasurer reminds the first by hand this morning
    const today = dayFromNow(0);
    const [byHand, bySchedule] = [randomUUID(), randomUUID()].map(
      (id) => `remind.${id.slice(0, 6)}@example.vn`,
    ) as [string, string];
    const first = await pledge({
      donor: { name: 'Anh Vàng A Sùng', kind: 'individual', showName: true, email: byHand },
      amount: 250_000,
      method: 'transfer',
      dueDate: today,
    });
    const second = await pledge({
      donor: { name: 'Chị Lò Thị Dung', kind: 'individual', showName: true, email: bySchedule },
      amount: 150_000,
      method: 'transfer',
      dueDate: today,
    });
    const browser = consoleClient(api);
    const cookie = await browser.signIn(lan);
    const remind = async (pledgeId: string) =>
      browser.send('POST', `/console/f/${FUND}/unpaid/${pledgeId}/remind`, {
        cookie,
        form: { csrf: await browser.csrfOn(cookie, `/console/f/${FUND}/unpaid`) },
      });
    // Act: by hand first for one, the daily run, then by hand for the other
    expect((await remind(first.pledgeId)).status).toBeLessThan(400);
    await api.stack.runReminders(new Date());
    expect((await remind(second.pledgeId)).status).toBeLessThan(400);
    // Assess: each donor got exactly one reminder today
    expect(await box.to(byHand)).toHaveLength(1);
    expect(await box.to(bySchedule)).toHaveLength(1);
  });

  it('stops reminders with one click from a mail app (RFC 8058)', async () => {
    // Prepare
    const due = dayFromNow(5);
    const email = `oneclick.${randomUUID().slice(0, 6)}@example.vn`;
    await pledge({
      donor: { name: 'Quán phở Lan', kind: 'business', showName: true, email },
      amount: 900_000,
      method: 'transfer',
      dueDate: due,
    });
    await api.stack.runReminders(morningOf(due));
    const [reminder] = await box.to(email);
    const header = ((await box.header(reminder as CaughtMail, 'List-Unsubscribe')) ?? '').replace(
      /^<|>$/g,
      '',
    );
    // Act
    const res = await fetch(header, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await api.stack.runReminders(morningOf(addDays(due, 7)));
    // Assess
    expect(res.status).toBe(200);
    expect(await box.to(email)).toHaveLength(1);
  });

  it('sends no reminder to a donor who gave no email', async () => {
    // Prepare
    const due = dayFromNow(6);
    await pledge({
      donor: { name: 'Hộ bà Hà Thị Sen', kind: 'household', showName: true, phone: '0912345678' },
      amount: 150_000,
      method: 'cash',
      dueDate: due,
    });
    const before = (await box.all()).length;
    // Act
    await api.stack.runReminders(morningOf(addDays(due, 1)));
    // Assess: only reminders of other tests' pledges could have gone, none to this donor
    const after = await box.all();
    expect(after.slice(before).every((m) => !m.text.includes('Hà Thị Sen'))).toBe(true);
  });

  it('answers a wrong unsubscribe token with 404 and writes nothing', async () => {
    // Prepare
    const p = await pledge({
      donor: { name: 'Anh Vũ', kind: 'individual', showName: true, email: 'vu@example.vn' },
      amount: 100_000,
      method: 'transfer',
    });
    const before = await api.snapshot();
    // Act
    const get = await api.call('GET', `/u/${p.pledgeId}?t=not-the-token`);
    const post = await api.call('POST', `/u/${p.pledgeId}`, {
      raw: 't=not-the-token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    // Assess
    expect(get.status).toBe(404);
    expect(post.status).toBe(404);
    expect(get.text).toContain('<html lang="vi"');
    expect(await api.snapshot()).toEqual(before);
  });
});
