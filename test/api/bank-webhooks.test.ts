import { randomUUID } from 'node:crypto';
import {
  cassoNotificationFor,
  type DemoTransfer,
  type GatewayDelivery,
  sepayNotificationFor,
} from '@soquy/bank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let treasurer: string;
let admin: string;
const ACCOUNT = '1234567890';

const send = (delivery: GatewayDelivery, headers: Record<string, string> = delivery.headers) =>
  api.call('POST', delivery.path, { raw: delivery.rawBody, headers });
const sepay = (transfer: Partial<DemoTransfer> & { reference: string; amount: number }) =>
  sepayNotificationFor(
    { accountNumber: ACCOUNT, at: new Date(Date.now() - 60_000), ...transfer },
    api.stack.gatewayKeys.sepayApiKey,
  );
const casso = (transfer: Partial<DemoTransfer> & { reference: string; amount: number }) =>
  cassoNotificationFor(
    { accountNumber: ACCOUNT, at: new Date(Date.now() - 60_000), ...transfer },
    api.stack.gatewayKeys.cassoChecksumKey,
  );
const journal = async () => (await api.call('GET', '/funds/pu-trang/ledger')).json.entries;

async function pledge(amount: number) {
  const res = await api.call('POST', '/funds/pu-trang/pledges', {
    body: {
      donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
      amount,
      method: 'transfer',
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(res.status).toBe(201);
  return res.json as { pledgeId: string; reference: string };
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token(['admin'], 'admin');
  treasurer = await api.token(['treasurer'], 'lan', 'pu-trang');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
});
afterAll(() => api.stop());

describe('POST /webhooks/sepay', () => {
  it('books a transfer naming a pledge as its payment, with no treasurer, and answers {"success": true}', async () => {
    // Prepare
    const { pledgeId, reference } = await pledge(500_000);
    const delivery = sepay({ reference, amount: 500_000, bankReference: 'FT26327000000001' });
    // Act
    const res = await send(delivery);
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, outcome: 'matched', fundId: 'pu-trang' });
    const payment = (await journal()).at(-1);
    expect(payment).toMatchObject({
      kind: 'payment',
      recordedBy: 'bank',
      refs: { pledgeId, bankRef: 'FT26327000000001' },
      postings: [
        { account: 'assets:bank', amount: 500_000 },
        { account: 'assets:pledges', amount: -500_000 },
      ],
    });
    const paid = await api.stack.deps.store.pledges.get(pledgeId);
    expect(paid?.value).toMatchObject({ status: 'paid', paid: 500_000 });
  });

  it('answers a retried delivery the same and writes nothing more', async () => {
    const { reference } = await pledge(200_000);
    const delivery = sepay({ reference, amount: 200_000 });
    expect((await send(delivery)).status).toBe(200);
    const before = await api.snapshot();
    // Act
    const again = await send(delivery);
    // Assess
    expect(again.status).toBe(200);
    expect(again.json.success).toBe(true);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a wrong, missing or malformed key with 401 and writes nothing', async () => {
    const { reference } = await pledge(100_000);
    const delivery = sepay({ reference, amount: 100_000 });
    const before = await api.snapshot();
    const refused: Record<string, string>[] = [
      { 'content-type': 'application/json', authorization: 'Apikey wrong-key' },
      { 'content-type': 'application/json' },
      {
        'content-type': 'application/json',
        authorization: `Bearer ${api.stack.gatewayKeys.sepayApiKey}`,
      },
    ];
    for (const headers of refused) {
      const res = await send(delivery, headers);
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('unauthorized');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses an amount that is not a positive whole number of đồng with 400 and writes nothing', async () => {
    const delivery = sepay({ reference: 'ABCDEFG', amount: 100_000 });
    const before = await api.snapshot();
    for (const amount of [0, -5, 1.5, '100000']) {
      const raw = JSON.stringify({ ...delivery.body, transferAmount: amount });
      const res = await api.call('POST', '/webhooks/sepay', { raw, headers: delivery.headers });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid_notification');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('keeps a notification for an account no fund owns in the admin-visible unrouted list, in no journal', async () => {
    const delivery = sepay({ reference: 'ABCDEFG', amount: 75_000, accountNumber: '999000111' });
    const entries = (await journal()).length;
    // Act
    const res = await send(delivery);
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, outcome: 'unrouted' });
    expect((await journal()).length).toBe(entries);
    const listed = await api.call('GET', '/bank/unrouted', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.json.notifications).toContainEqual(
      expect.objectContaining({ accountNumber: '999000111', amount: 75_000, channel: 'sepay' }),
    );
    expect((await api.call('GET', '/bank/unrouted', { token: treasurer })).status).toBe(403);
  });

  it('sends a transfer naming no pledge to the review queue, and a treasurer records it as a gift', async () => {
    const delivery = sepay({ reference: 'CAMERA', amount: 300_000 });
    const entries = (await journal()).length;
    const res = await send({
      ...delivery,
      rawBody: JSON.stringify({ ...delivery.body, content: 'NGUYEN VAN C ung ho camera' }),
    });
    expect(res.json).toMatchObject({ success: true, outcome: 'review' });
    expect((await journal()).length).toBe(entries);
    const queue = await api.call('GET', '/funds/pu-trang/bank-lines', { token: treasurer });
    const line = queue.json.lines.find((l: { amount: number }) => l.amount === 300_000);
    expect(line).toMatchObject({ reason: 'no_reference', direction: 'in', status: 'review' });
    // Act
    const decided = await api.call(
      'POST',
      `/funds/pu-trang/bank-lines/${encodeURIComponent(line.lineId)}/decision`,
      { body: { action: 'gift', showName: false }, token: treasurer },
    );
    // Assess
    expect(decided.status).toBe(201);
    const gift = (await journal()).at(-1);
    expect(gift).toMatchObject({
      kind: 'donation',
      recordedBy: 'lan',
      donor: { displayName: 'Ẩn danh' },
      postings: [{ account: 'assets:bank', amount: 300_000 }, { amount: -300_000 }],
    });
    const again = await api.call(
      'POST',
      `/funds/pu-trang/bank-lines/${encodeURIComponent(line.lineId)}/decision`,
      { body: { action: 'cash' }, token: treasurer },
    );
    expect(again.status).toBe(409);
    expect((await journal()).length).toBe(entries + 1);
  });
});

describe('POST /webhooks/casso', () => {
  it('treats the same bank transaction from SePay and Casso as one line: one journal entry', async () => {
    const { reference } = await pledge(400_000);
    const bankReference = 'FT26327000000777';
    expect((await send(sepay({ reference, amount: 400_000, bankReference }))).json.outcome).toBe(
      'matched',
    );
    const entries = (await journal()).length;
    // Act: the same transaction through the other gateway, with its own id.
    const res = await send(casso({ reference, amount: 400_000, bankReference }));
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, outcome: 'duplicate' });
    expect((await journal()).length).toBe(entries);
  });

  it('flags the same day, amount and memo from the other gateway, with no common reference, for a person', async () => {
    // Prepare: SePay reports a gift; Casso reports one like it under another reference.
    const at = new Date(Date.now() - 120_000);
    const memo = 'UNG HO QUY CAMERA TO DAN PHO 5';
    const first = sepay({ reference: 'X', amount: 220_000, at, bankReference: 'FT26327000000901' });
    const second = casso({
      reference: 'X',
      amount: 220_000,
      at,
      bankReference: 'FT26327000000902',
    });
    const withMemo = (d: GatewayDelivery, body: Record<string, unknown>) => ({
      ...d,
      rawBody: JSON.stringify(body),
    });
    expect((await send(withMemo(first, { ...first.body, content: memo }))).json.outcome).toBe(
      'review',
    );
    const casSigned = cassoNotificationFor(
      {
        reference: 'X',
        amount: 220_000,
        at,
        accountNumber: ACCOUNT,
        bankReference: 'FT26327000000902',
      },
      api.stack.gatewayKeys.cassoChecksumKey,
    );
    const body = {
      ...casSigned.body,
      data: { ...(casSigned.body.data as object), description: memo },
    };
    const { cassoSignature } = await import('@soquy/bank');
    const resigned = {
      ...withMemo(second, body),
      headers: {
        ...second.headers,
        'X-Casso-Signature': cassoSignature(
          body,
          api.stack.gatewayKeys.cassoChecksumKey,
          Date.now(),
        ),
      },
    };
    const entries = (await journal()).length;
    // Act
    const res = await send(resigned);
    // Assess: kept and shown to a person, never booked twice nor dropped.
    expect(res.json).toMatchObject({ success: true, outcome: 'review' });
    expect((await journal()).length).toBe(entries);
    const queue = await api.call('GET', '/funds/pu-trang/bank-lines?direction=in&limit=200', {
      token: treasurer,
    });
    const flagged = queue.json.lines.find(
      (l: { lineId: string }) => l.lineId === 'FT26327000000902',
    );
    expect(flagged).toMatchObject({
      reason: 'possible_duplicate',
      candidates: { lines: ['FT26327000000901'] },
    });
  });

  it('refuses a bad signature or a stale timestamp with 401 and writes nothing', async () => {
    const { reference } = await pledge(150_000);
    const fresh = casso({ reference, amount: 150_000 });
    const stale = cassoNotificationFor(
      { reference, amount: 150_000, accountNumber: ACCOUNT },
      api.stack.gatewayKeys.cassoChecksumKey,
      new Date(Date.now() - 60 * 60_000),
    );
    const before = await api.snapshot();
    const tampered = await api.call('POST', '/webhooks/casso', {
      raw: fresh.rawBody.replace('150000', '1150000'),
      headers: fresh.headers,
    });
    const wrongKey = await send(
      cassoNotificationFor({ reference, amount: 150_000, accountNumber: ACCOUNT }, 'not-the-key'),
    );
    const old = await send(stale);
    for (const res of [tampered, wrongKey, old]) {
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('unauthorized');
    }
    expect(old.json.message).toMatch(/old|replay/i);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('a transfer a treasurer typed in, and the same one from the bank', () => {
  it('books it once: the notification finds the typed reference; typing a notified one is refused', async () => {
    // Prepare: the treasurer records a transfer with its bank reference.
    const { pledgeId, reference } = await pledge(450_000);
    const typed = await api.call('POST', '/funds/pu-trang/payments', {
      body: {
        pledgeId,
        amount: 450_000,
        method: 'transfer',
        bankRef: 'FT26327000004500',
        receivedAt: new Date(Date.now() - 600_000).toISOString(),
      },
      token: treasurer,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(typed.status).toBe(201);
    const entries = (await journal()).length;
    // Act: the gateway reports that very transaction.
    const res = await send(
      sepay({ reference, amount: 450_000, bankReference: 'FT26327000004500' }),
    );
    // Assess
    expect(res.json).toMatchObject({ success: true, outcome: 'duplicate' });
    expect((await journal()).length).toBe(entries);
    // And the other way round: a notified transaction typed in afterwards is refused.
    const other = await pledge(80_000);
    await send(
      sepay({ reference: other.reference, amount: 80_000, bankReference: 'FT26327000000080' }),
    );
    const before = await api.snapshot();
    const again = await api.call('POST', '/funds/pu-trang/payments', {
      body: {
        pledgeId: other.pledgeId,
        amount: 80_000,
        method: 'transfer',
        bankRef: 'FT26327000000080',
        receivedAt: new Date(Date.now() - 600_000).toISOString(),
      },
      token: treasurer,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('bank_line_exists');
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('cash carried to the bank', () => {
  it('matches the deposit line to the transfer the treasurer recorded, adding no entry', async () => {
    // Prepare: cash in the box, then carried to the bank.
    await api.call('POST', '/funds/pu-trang/payments', {
      body: {
        donor: { name: '', kind: 'household', showName: false },
        amount: 1_000_000,
        method: 'cash',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      token: treasurer,
      headers: { 'idempotency-key': randomUUID() },
    });
    const carried = await api.call('POST', '/funds/pu-trang/transfers', {
      body: {
        direction: 'cash-to-bank',
        amount: 1_000_000,
        occurredAt: new Date(Date.now() - 1_800_000).toISOString(),
      },
      token: treasurer,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(carried.status).toBe(201);
    expect(carried.json.entry.postings).toEqual([
      { account: 'assets:bank', amount: 1_000_000 },
      { account: 'assets:cash', amount: -1_000_000 },
    ]);
    const entries = (await journal()).length;
    const delivery = sepay({ reference: 'NOPTIEN', amount: 1_000_000 });
    // Act
    const res = await send({
      ...delivery,
      rawBody: JSON.stringify({ ...delivery.body, content: 'NOP TIEN MAT QUY AN NINH' }),
    });
    // Assess
    expect(res.json).toMatchObject({ success: true, outcome: 'matched' });
    expect((await journal()).length).toBe(entries);
  });
});
