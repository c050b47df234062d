import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { mailbox } from '../support/mail.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let box: ReturnType<typeof mailbox>;
let lan: string;
const FUND = 'pu-trang';

async function pledge(body: Record<string, unknown>) {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body,
  });
  expect(res.status).toBe(201);
  return res.json as { pledgeId: string; reference: string; checkoutUrl?: string };
}

async function payCash(pledgeId: string, amount: number) {
  const res = await api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: { 'idempotency-key': randomUUID() },
    body: { pledgeId, amount, method: 'cash', receivedAt: new Date().toISOString() },
  });
  expect(res.status).toBe(201);
}

/** The fund's journal entries about a pledge, as anyone reads them. */
async function entriesOf(pledgeId: string) {
  const res = await api.call('GET', `/funds/${FUND}/ledger?limit=1000`);
  expect(res.status).toBe(200);
  return (res.json.entries as any[]).filter((e) => e.refs.pledgeId === pledgeId);
}

beforeAll(async () => {
  api = await startTestApi();
  box = mailbox(api.stack.mail.webUrl);
  const admin = await api.token(['admin'], 'admin');
  expect((await api.call('POST', '/funds', { body: puTrangInput(), token: admin })).status).toBe(
    201,
  );
  lan = await api.token(['treasurer'], 'lan', FUND);
}, 60_000);
afterAll(() => api.stop());

describe('receipts by email', () => {
  it('mails a receipt for a cash payment with the entry seq and hash, a pledge link and a PDF', async () => {
    // Prepare
    const email = `hoa.${randomUUID().slice(0, 8)}@example.vn`;
    const p = await pledge({
      donor: { name: 'Chị Nguyễn Thị Hoà', kind: 'individual', showName: true, email },
      amount: 500_000,
      method: 'cash',
    });
    // Act
    await payCash(p.pledgeId, 300_000);
    await api.stack.flushMail();
    // Assess
    const payment = (await entriesOf(p.pledgeId)).find((e) => e.kind === 'payment');
    const mails = await box.to(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails as [(typeof mails)[number]];
    expect(mail.subject).toContain(p.reference);
    expect(mail.subject).toContain('300.000');
    expect(mail.html).toContain(`>${payment.seq}<`);
    expect(mail.html).toContain(payment.hash);
    expect(mail.text).toContain('Còn lại: 200.000');
    expect(mail.html).toContain(`${api.stack.url}/p/${p.pledgeId}?t=`);
    const pdf = await box.attachment(mail);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(mail.attachments?.[0]?.contentType).toBe('application/pdf');
  });

  it('mails a receipt with its PDF after a card payment', async () => {
    // Prepare
    const email = `binhan.${randomUUID().slice(0, 8)}@example.vn`;
    const p = await pledge({
      donor: { name: 'Nhà nghỉ Bình An', kind: 'business', showName: true, email },
      amount: 700_000,
      method: 'card',
    });
    const sessionId = new URL(p.checkoutUrl as string).pathname.split('/').pop() as string;
    // Act
    await api.stack.stripe?.pay(sessionId);
    await api.stack.flushMail();
    // Assess
    const payment = (await entriesOf(p.pledgeId)).find((e) => e.kind === 'payment');
    expect(payment).toBeDefined();
    const mails = await box.to(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.html).toContain(payment.hash);
    expect(mails[0]?.text).toMatch(/Hình thức: Thẻ/);
    const pdf = await box.attachment(mails[0] as (typeof mails)[number]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('sends a receipt once when the stream delivers the same batch again', async () => {
    // Prepare: a payment whose receipt went out
    const email = `retry.${randomUUID().slice(0, 8)}@example.vn`;
    const p = await pledge({
      donor: { name: 'Anh Đặng Văn Tới', kind: 'individual', showName: true, email },
      amount: 250_000,
      method: 'cash',
    });
    await payCash(p.pledgeId, 250_000);
    await api.stack.flushMail();
    const payment = (await entriesOf(p.pledgeId)).find((e) => e.kind === 'payment');
    const { handler } = await import('../../functions/send-mail/handler.ts');
    const batch = {
      Records: [{ dynamodb: { Keys: { fundId: { S: FUND }, seq: { N: String(payment.seq) } } } }],
    };
    // Act: the stream retries the batch, twice
    const retries = [await handler(batch as never), await handler(batch as never)];
    // Assess
    expect(retries.map((r) => r.sent)).toEqual([[], []]);
    expect(retries.map((r) => r.skipped)).toEqual([
      [`receipt:${FUND}:${payment.seq}`],
      [`receipt:${FUND}:${payment.seq}`],
    ]);
    expect(await box.to(email)).toHaveLength(1);
  });

  it('sends nothing for a payment on a pledge whose donor gave no email, and nothing twice', async () => {
    // Prepare
    const before = (await box.all()).length;
    const p = await pledge({
      donor: { name: 'Hộ ông Lò Văn Páo', kind: 'household', showName: true },
      amount: 200_000,
      method: 'cash',
    });
    // Act
    await payCash(p.pledgeId, 200_000);
    await api.stack.flushMail();
    await api.stack.flushMail();
    // Assess
    expect((await entriesOf(p.pledgeId)).some((e) => e.kind === 'payment')).toBe(true);
    expect((await box.all()).length).toBe(before);
  });
});
