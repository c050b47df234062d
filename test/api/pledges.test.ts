import { randomUUID } from 'node:crypto';
import { buildVietQrPayload, hasValidCrc, parseTlv } from '@soquy/vietqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let treasurer: string;

const donor = {
  name: 'Cửa hàng Minh Phát',
  kind: 'business',
  showName: true,
  phone: '0912 345 678',
  email: 'minhphat@example.vn',
  taxCode: '0101234567',
};
const pledge = (body: Record<string, unknown>, key = randomUUID()) =>
  api.call('POST', '/funds/pu-trang/pledges', { body, headers: { 'idempotency-key': key } });
const totals = async () => (await api.call('GET', '/funds/pu-trang')).json.totals;
const pay = (body: Record<string, unknown>, token = treasurer, key = randomUUID()) =>
  api.call('POST', '/funds/pu-trang/payments', {
    body: { method: 'transfer', receivedAt: '2026-11-21T02:00:00Z', ...body },
    token,
    headers: { 'idempotency-key': key },
  });

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
  await api.call('POST', '/funds', {
    body: puTrangInput({
      id: 'da-dong',
      opensAt: '2025-01-01T00:00:00Z',
      closesAt: '2025-12-31T00:00:00Z',
    }),
    token: admin,
  });
  treasurer = await api.token(['treasurer'], 'lan', 'pu-trang');
});
afterAll(() => api.stop());

describe('POST /funds/{fundId}/pledges by transfer', () => {
  it('answers 201 with a reference, a manage link and a VietQR for the fund account, amount and memo', async () => {
    // Act
    const res = await pledge({ donor, amount: 9_500_000, method: 'transfer' });
    // Assess
    expect(res.status).toBe(201);
    const body = res.json;
    expect(body.reference).toMatch(/^[A-HJ-NP-Z2-9]{7}$/);
    expect(body.manageUrl).toMatch(new RegExp(`/p/${body.pledgeId}\\?t=`));
    expect(body.entry).toMatchObject({
      kind: 'pledge',
      postings: [
        { account: 'assets:pledges', amount: 9_500_000 },
        { account: 'income:pledged', amount: -9_500_000 },
      ],
      donor: { displayName: 'Cửa hàng Minh Phát', kind: 'business' },
    });
    expect(body.transfer).toMatchObject({
      bankName: 'Vietcombank',
      accountNumber: '1234567890',
      amount: 9_500_000,
      memo: `UNG HO ${body.reference}`,
    });
    expect(body.transfer.vietqr).toBe(
      buildVietQrPayload({
        bin: '970436',
        accountNumber: '1234567890',
        amount: 9_500_000,
        memo: `UNG HO ${body.reference}`,
      }),
    );
    expect(hasValidCrc(body.transfer.vietqr)).toBe(true);
    expect(parseTlv(body.transfer.vietqr).get('54')).toBe('9500000');
    expect(body.transfer.qrSvg).toMatch(/^<svg/);
    expect((await totals()).pledged).toBe(9_500_000);
  });

  it('keeps phone, email and tax code out of the public journal', async () => {
    const res = await pledge({
      donor: { ...donor, name: 'Hộ bà Tư', showName: false },
      amount: 300_000,
      method: 'cash',
    });
    expect(res.status).toBe(201);
    expect(res.json.entry.donor.displayName).toBe('Ẩn danh');
    const journal = (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).text;
    for (const secret of ['0912', 'minhphat@example.vn', '0101234567', 'Hộ bà Tư'])
      expect(journal).not.toContain(secret);
  });

  it('returns the first answer for a retried key and refuses the key with another body', async () => {
    const key = randomUUID();
    const first = await pledge({ donor, amount: 200_000, method: 'cash' }, key);
    const again = await pledge({ donor, amount: 200_000, method: 'cash' }, key);
    expect(again.status).toBe(200);
    expect(again.json.pledgeId).toBe(first.json.pledgeId);
    expect(again.json.entry.seq).toBe(first.json.entry.seq);
    const before = await api.snapshot();
    const other = await pledge({ donor, amount: 999_000, method: 'cash' }, key);
    expect(other.status).toBe(409);
    expect(other.json.code).toBe('idempotency_conflict');
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('pledge refusals write nothing', () => {
  const cases: [string, () => Promise<{ status: number; json: any }>, number, RegExp][] = [
    [
      'no Idempotency-Key',
      () =>
        api.call('POST', '/funds/pu-trang/pledges', { body: { donor, amount: 1, method: 'cash' } }),
      400,
      /Idempotency-Key/,
    ],
    [
      'a closed fund',
      () =>
        api.call('POST', '/funds/da-dong/pledges', {
          body: { donor, amount: 100_000, method: 'cash' },
          headers: { 'idempotency-key': randomUUID() },
        }),
      409,
      /not receiving/,
    ],
    [
      'amount 0',
      () => pledge({ donor, amount: 0, method: 'cash' }),
      400,
      /amount: must be more than 0/,
    ],
    [
      'a fractional amount',
      () => pledge({ donor, amount: 1000.5, method: 'cash' }),
      400,
      /whole number of đồng/,
    ],
    [
      'an absurd amount',
      () => pledge({ donor, amount: 10 ** 13 + 1, method: 'transfer' }),
      400,
      /at most 10000000000000/,
    ],
    [
      'a card amount above Stripe’s cap',
      () => pledge({ donor, amount: 100_000_000, method: 'card' }),
      400,
      /bank transfer, or pledge in parts/,
    ],
    [
      'no name',
      () => pledge({ donor: { ...donor, name: ' ' }, amount: 1000, method: 'cash' }),
      400,
      /donor.name/,
    ],
    [
      'a malformed tax code',
      () => pledge({ donor: { ...donor, taxCode: '12345' }, amount: 1000, method: 'cash' }),
      400,
      /donor.taxCode/,
    ],
    [
      'a malformed email',
      () => pledge({ donor: { ...donor, email: 'not-mail' }, amount: 1000, method: 'cash' }),
      400,
      /donor.email/,
    ],
    [
      'a malformed phone',
      () => pledge({ donor: { ...donor, phone: '12345' }, amount: 1000, method: 'cash' }),
      400,
      /donor.phone/,
    ],
    ['an unknown method', () => pledge({ donor, amount: 1000, method: 'bitcoin' }), 400, /method/],
  ];
  it.each(cases)('refuses %s with a clear message', async (_, send, status, message) => {
    const before = await api.snapshot();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json.message).toMatch(message);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('treasurer payments', () => {
  it('takes part payments, then an overpayment whose excess is a donation, with exact totals', async () => {
    // Prepare
    const before = await totals();
    const p = (await pledge({ donor, amount: 1_000_000, method: 'transfer' })).json;
    // Act
    const part = await pay({
      reference: p.reference.toLowerCase(),
      amount: 400_000,
      bankRef: 'FT2632600001',
    });
    const rest = await pay({
      pledgeId: p.pledgeId,
      amount: 700_000,
      method: 'cash',
      receiptNo: 'BN-0042',
    });
    // Assess
    expect(part.status).toBe(201);
    expect(part.json).toMatchObject({ status: 'partially_paid', outstanding: 600_000 });
    expect(rest.json).toMatchObject({ status: 'paid', outstanding: 0 });
    expect(
      rest.json.entries.map((e: any) => [e.kind, e.postings[0].account, e.postings[0].amount]),
    ).toEqual([
      ['payment', 'assets:cash', 600_000],
      ['donation', 'assets:cash', 100_000],
    ]);
    const after = await totals();
    expect(after.pledged - before.pledged).toBe(1_000_000);
    expect(after.received - before.received).toBe(1_100_000);
    expect(after.outstanding - before.outstanding).toBe(0);
    expect(after.balance - before.balance).toBe(1_100_000);
    const view = await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`);
    expect(view.json).toMatchObject({ status: 'paid', paid: 1_000_000, outstanding: 0 });
    expect(view.json.payments.map((x: any) => x.amount)).toEqual([400_000, 600_000]);
    expect(view.json.payments[0].hash).toBe(part.json.entries[0].hash);
  });

  it('records a gift without a pledge, named or anonymous', async () => {
    const named = await pay({
      donor: { name: 'Tạp hóa Thu Hà', kind: 'business', showName: true },
      amount: 250_000,
      method: 'cash',
    });
    const anonymous = await pay({
      donor: { name: 'Ông Ba', kind: 'individual', showName: false },
      amount: 50_000,
    });
    expect(named.json.entries[0]).toMatchObject({
      kind: 'donation',
      donor: { displayName: 'Tạp hóa Thu Hà' },
    });
    expect(anonymous.json.entries[0].donor.displayName).toBe('Ẩn danh');
  });

  it('cancels what is outstanding through the manage link and refuses money for it afterwards', async () => {
    // Prepare
    const p = (await pledge({ donor, amount: 2_000_000, method: 'transfer' })).json;
    await pay({ pledgeId: p.pledgeId, amount: 500_000 });
    const before = await totals();
    // Act
    const cancel = await api.call('POST', `/pledges/${p.pledgeId}/cancel?t=${p.manageToken}`);
    const again = await api.call('POST', `/pledges/${p.pledgeId}/cancel?t=${p.manageToken}`);
    // Assess
    expect(cancel.status).toBe(200);
    expect(cancel.json).toMatchObject({
      status: 'cancelled',
      cancelled: 1_500_000,
      entry: { kind: 'pledge_cancel' },
    });
    expect(again.json.entry.seq).toBe(cancel.json.entry.seq);
    const after = await totals();
    expect(before.pledged - after.pledged).toBe(1_500_000);
    expect(before.outstanding - after.outstanding).toBe(1_500_000);
    expect(after.received).toBe(before.received);
    const snapshot = await api.snapshot();
    const late = await pay({ pledgeId: p.pledgeId, amount: 100 });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('pledge_closed');
    expect(await api.snapshot()).toEqual(snapshot);
  });

  it('lets a treasurer of the fund cancel, and only them', async () => {
    const p = (await pledge({ donor, amount: 300_000, method: 'cash' })).json;
    const before = await api.snapshot();
    const other = await api.token(['treasurer'], 'hung', 'duc-pho');
    const approver = await api.token(['approver'], 'mai', 'pu-trang');
    for (const token of [other, approver]) {
      const res = await api.call('POST', `/funds/pu-trang/pledges/${p.pledgeId}/cancel`, { token });
      expect(res.status).toBe(403);
    }
    expect(
      (await pay({ amount: 1, donor: { name: 'x', kind: 'business', showName: true } }, other))
        .status,
    ).toBe(403);
    expect(
      (await api.call('POST', `/pledges/${p.pledgeId}/cancel?t=${'x'.repeat(43)}`)).status,
    ).toBe(404);
    expect(await api.snapshot()).toEqual(before);
    const ok = await api.call('POST', `/funds/pu-trang/pledges/${p.pledgeId}/cancel`, {
      token: treasurer,
    });
    expect(ok.json).toMatchObject({ status: 'cancelled', cancelled: 300_000 });
  });

  it('refuses bad payments with a field-by-field 400 and writes nothing', async () => {
    const before = await api.snapshot();
    const bad = await pay({ amount: -5, method: 'card', receivedAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.json.details.map((d: any) => d.field).sort()).toEqual([
      'amount',
      'method',
      'receivedAt',
    ]);
    const unknown = await pay({ reference: 'ZZZZZZ', amount: 1000 });
    expect(unknown.status).toBe(404);
    expect(await api.snapshot()).toEqual(before);
  });
});
