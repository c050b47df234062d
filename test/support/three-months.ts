import { randomUUID } from 'node:crypto';
import {
  createPledge,
  type LedgerDeps,
  PUBLIC,
  recordCardFee,
  recordCardPayment,
  recordPayment,
  reverseEntry,
  staff,
} from '@soquy/ledger';
import { expect } from 'vitest';
import { puTrangInput } from './funds.ts';
import type { startTestApi } from './local-api.ts';

type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/** When the treasurer's later actions (the pledge, its payment, the reversal) happen. */
export const NOW = '2026-11-20T05:00:00.000Z';

/**
 * A fund with real entries over September, October and November 2026 (Vietnam time), recorded
 * through the use cases and the API as people would:
 *
 *   09-05  cash gift, household "Hộ bà Tư"                   +1.000.000
 *   10-10  card gift (no pledge)                             +2.000.000
 *   10-10  Stripe's card fee                                    −60.000
 *   10-15  transfer gift, individual "Anh Sáu" (later reversed) +3.000.000
 *   10-31 18:00Z = 11-01 01:00 in Vietnam: cash gift, organisation "Hội Phụ nữ"  +400.000
 *   11-05  spending on cameras, paid to "Công ty An Ninh Tây Bắc"  −1.500.000
 *   11-20  pledge, business "Cửa hàng Minh Phát"            (5.000.000 promised)
 *   11-20  its first payment, by transfer                    +2.000.000
 *   11-20  reversal of the 10-15 gift                        −3.000.000
 */
export async function threeMonthsFund(api: TestApi, fundId: string) {
  const deps: LedgerDeps = { ...api.stack.deps, clock: () => new Date(NOW) };
  const lan = staff({ userId: 'lan', username: 'lan', groups: [`treasurer:${fundId}`] });
  const stripe = { kind: 'processor', name: 'stripe' } as const;
  const admin = await api.token(['admin'], 'admin');
  const created = await api.call('POST', '/funds', {
    body: puTrangInput({ id: fundId, name: `Quỹ ${fundId}` }),
    token: admin,
  });
  expect(created.status).toBe(201);
  const gift = (
    receivedAt: string,
    amount: number,
    method: 'cash' | 'transfer',
    donor: { name: string; kind: 'household' | 'individual' | 'organisation' },
    bankRef?: string,
  ) =>
    recordPayment(
      deps,
      fundId,
      {
        method,
        amount,
        receivedAt,
        donor: { ...donor, showName: true },
        ...(bankRef ? { bankRef } : {}),
      },
      lan,
      randomUUID(),
    );
  const cashSep =
    (
      await gift('2026-09-05T03:00:00.000Z', 1_000_000, 'cash', {
        name: 'Hộ bà Tư',
        kind: 'household',
      })
    ).entries[0]?.seq ?? 0;
  const cardPaid = await recordCardPayment(
    deps,
    {
      fundId,
      paymentIntentId: `pi_${fundId}`,
      amount: 2_000_000,
      occurredAt: '2026-10-10T02:00:00.000Z',
    },
    stripe,
  );
  const card = cardPaid.entries[0]?.seq ?? 0;
  const feePaid = await recordCardFee(
    deps,
    {
      fundId,
      paymentIntentId: `pi_${fundId}`,
      fee: 60_000,
      occurredAt: '2026-10-10T02:00:01.000Z',
    },
    stripe,
  );
  const fee = feePaid.entries[0]?.seq ?? 0;
  const transfer =
    (
      await gift(
        '2026-10-15T03:00:00.000Z',
        3_000_000,
        'transfer',
        { name: 'Anh Sáu', kind: 'individual' },
        'FT26101500001',
      )
    ).entries[0]?.seq ?? 0;
  const lateOctober =
    (
      await gift('2026-10-31T18:00:00.000Z', 400_000, 'cash', {
        name: 'Hội Phụ nữ',
        kind: 'organisation',
      })
    ).entries[0]?.seq ?? 0;
  // Spending goes through the API: recorded by a treasurer, approved by another officer.
  const lanToken = await api.token(['treasurer'], 'lan', fundId);
  const maiToken = await api.token(['approver'], 'mai', fundId);
  const recorded = await api.call('POST', `/funds/${fundId}/disbursements`, {
    token: lanToken,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      amount: 1_500_000,
      category: 'cameras',
      payee: { name: 'Công ty An Ninh Tây Bắc', kind: 'business' },
      purpose: 'Mua 2 camera cho đầu ngõ',
      paidAt: '2026-11-05T03:00:00.000Z',
      method: 'transfer',
      evidence: [],
    },
  });
  expect(recorded.status).toBe(201);
  const approved = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
    token: maiToken,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(approved.status).toBe(201);
  const spending = approved.json.entry.seq;
  const pledged = await createPledge(
    deps,
    fundId,
    {
      donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
      amount: 5_000_000,
      method: 'transfer',
    },
    PUBLIC,
    randomUUID(),
  );
  const pledge = pledged.entry.seq;
  const paid = await recordPayment(
    deps,
    fundId,
    { pledgeId: pledged.pledgeId, method: 'transfer', amount: 2_000_000, receivedAt: NOW },
    lan,
    randomUUID(),
  );
  const pledgePayment = paid.entries[0]?.seq ?? 0;
  const reversed = await reverseEntry(
    deps,
    fundId,
    transfer,
    'Ghi nhầm: khoản này của quỹ khác',
    lan,
  );
  const reversal = reversed.entry.seq;
  return { cashSep, card, fee, transfer, lateOctober, spending, pledge, pledgePayment, reversal };
}

/** The four figures of a statement page, as numbers (from "1.000.000 ₫"). */
export function figuresOf(text: string) {
  const read = (id: string) => {
    const m = new RegExp(`id="${id}">(-?[\\d.]+)\\u00a0₫`).exec(text);
    if (!m?.[1]) throw new Error(`no #${id} on the page`);
    return Number(m[1].replaceAll('.', ''));
  };
  return {
    opening: read('period-opening'),
    received: read('period-in'),
    spent: read('period-out'),
    closing: read('period-closing'),
    pledged: read('period-pledged'),
  };
}
