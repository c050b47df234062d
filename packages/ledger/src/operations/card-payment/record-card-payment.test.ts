import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  type CardRefundFacts,
  decideCardPayment,
  decideCardRefund,
  type Entry,
  feeDraft,
  type Head,
  InvalidAmountError,
  type Pledge,
  paymentDraft,
  reversalDraft,
  sealEntries,
  sha256Hex,
} from '../../index.ts';
import {
  base,
  business,
  chain,
  chart,
  must,
  sampleDrafts,
} from '../../primitives/test-fixtures.ts';

const PAYMENT_INTENT = 'pi_3QxT9aLkdIwHu7ix0';
const CHARGE = 'ch_3QxT9aLkdIwHu7ix1';

/** Pledge p1 of 5,000,000, then 2,000,000 paid on it by card and Stripe's 70,000 fee. */
function paidByCard(): { entries: Entry[]; head: Head; payment: Entry; fee: Entry } {
  const { entries, head } = chain('pu-trang', [
    must(sampleDrafts()[0]),
    paymentDraft(base('stripe:pi'), {
      pledgeId: 'p1',
      reference: 'PT7K2Q',
      donor: business,
      amount: 2_000_000,
      method: 'card',
      stripeId: PAYMENT_INTENT,
    }),
    feeDraft(base('stripe-fee:pi'), { amount: 70_000, stripeId: PAYMENT_INTENT }),
  ]);
  return { entries, head, payment: must(entries[1]), fee: must(entries[2]) };
}

/** Pledge p1 of 5,000,000 as its record says, with `paid` paid on it. */
const pledgeRecord = (paid = 0): Pledge => ({
  pledgeId: 'p1',
  fundId: 'pu-trang',
  reference: 'PT7K2Q',
  donorId: 'donor-1',
  donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
  amount: 5_000_000,
  method: 'card',
  status: paid >= 5_000_000 ? 'paid' : paid > 0 ? 'partially_paid' : 'pledged',
  paid,
  cancelled: 0,
  pledgeSeq: 1,
  pledgeHash: sha256Hex('pledge'),
  payments: [],
  manageTokenHash: sha256Hex('token'),
  createdAt: '2026-11-20T03:05:00.000Z',
});

const cardFacts = (amount: number) => ({
  fundId: 'pu-trang',
  pledgeId: 'p1',
  paymentIntentId: PAYMENT_INTENT,
  amount,
  occurredAt: '2026-11-21T01:00:00.000Z',
});

const cardContext = { key: `stripe:${PAYMENT_INTENT}`, at: '2026-11-21T01:00:03.000Z' };

/** Pledge p1 of 5,000,000 paid 6,000,000 by card: a 5,000,000 payment and a 1,000,000 gift. */
function overpaidByCard(): { related: Entry[]; head: Head } {
  const card = decideCardPayment(
    cardFacts(6_000_000),
    { value: pledgeRecord(), version: 1 },
    cardContext,
  );
  const { entries, head } = chain('pu-trang', [must(sampleDrafts()[0]), ...card.drafts]);
  return { related: entries.slice(1), head };
}

const refundOf = (amountRefunded: number): CardRefundFacts => ({
  fundId: 'pu-trang',
  paymentIntentId: PAYMENT_INTENT,
  chargeId: CHARGE,
  amountRefunded,
  occurredAt: '2026-11-23T09:00:00.000Z',
});

const contextFor = (amountRefunded: number) => ({
  key: `stripe-refund:${CHARGE}:${amountRefunded}`,
  at: '2026-11-23T09:00:05.000Z',
});

describe('decideCardRefund', () => {
  it('reverses a fully refunded card payment by the Stripe amount and owes the pledge that much again', () => {
    // Prepare
    const { payment, fee } = paidByCard();
    // Act
    const { drafts, pledgeRefunds } = decideCardRefund(
      refundOf(2_000_000),
      [payment, fee],
      contextFor(2_000_000),
    );
    // Assess
    expect(drafts).toHaveLength(1);
    const reversal = must(drafts[0]);
    expect(reversal).toMatchObject({
      id: `stripe-refund:${CHARGE}:2000000`,
      kind: 'reversal',
      occurredAt: '2026-11-23T09:00:00.000Z',
      recordedBy: 'stripe',
      refs: { reverses: payment.seq, pledgeId: 'p1', stripeId: PAYMENT_INTENT },
    });
    expect(reversal.postings).toEqual([
      { account: ACCOUNTS.stripe, amount: -2_000_000 },
      { account: ACCOUNTS.pledges, amount: 2_000_000 },
    ]);
    expect(pledgeRefunds).toEqual(new Map([['p1', 2_000_000]]));
  });

  it('leaves the pledge outstanding again and Stripe short by its fee once sealed', () => {
    // Prepare
    const { payment, fee, head } = paidByCard();
    const { drafts } = decideCardRefund(refundOf(2_000_000), [payment, fee], contextFor(2_000_000));
    // Act
    const after = sealEntries(head, drafts, chart).head;
    // Assess
    expect(after.balances[ACCOUNTS.pledges]).toBe(5_000_000);
    expect(after.balances[ACCOUNTS.stripe]).toBe(-70_000);
  });

  it('adds nothing when the same refund event arrives again after its reversal was recorded', () => {
    // Prepare
    const { payment, fee, head } = paidByCard();
    const first = decideCardRefund(refundOf(2_000_000), [payment, fee], contextFor(2_000_000));
    const [reversal] = sealEntries(head, first.drafts, chart).entries;
    // Act
    const again = decideCardRefund(
      refundOf(2_000_000),
      [payment, fee, must(reversal)],
      contextFor(2_000_000),
    );
    // Assess
    expect(again.drafts).toEqual([]);
    expect(again.pledgeRefunds.size).toBe(0);
  });

  it('reverses exactly 30% on a partial refund, then only the remaining 70% on the full refund', () => {
    // Prepare
    const { payment, fee, head } = paidByCard();
    // Act: Stripe reports 600,000 refunded, later 2,000,000 (cumulative)
    const partial = decideCardRefund(refundOf(600_000), [payment, fee], contextFor(600_000));
    const sealedPartial = sealEntries(head, partial.drafts, chart);
    const rest = decideCardRefund(
      refundOf(2_000_000),
      [payment, fee, ...sealedPartial.entries],
      contextFor(2_000_000),
    );
    const final = sealEntries(sealedPartial.head, rest.drafts, chart).head;
    // Assess
    expect(partial.drafts).toHaveLength(1);
    expect(partial.drafts[0]?.postings).toEqual([
      { account: ACCOUNTS.stripe, amount: -600_000 },
      { account: ACCOUNTS.pledges, amount: 600_000 },
    ]);
    expect(partial.pledgeRefunds).toEqual(new Map([['p1', 600_000]]));
    expect(rest.drafts).toHaveLength(1);
    expect(rest.drafts[0]?.postings).toEqual([
      { account: ACCOUNTS.stripe, amount: -1_400_000 },
      { account: ACCOUNTS.pledges, amount: 1_400_000 },
    ]);
    expect(rest.drafts[0]?.refs.reverses).toBe(payment.seq);
    expect(rest.pledgeRefunds).toEqual(new Map([['p1', 1_400_000]]));
    expect(final.balances[ACCOUNTS.pledges]).toBe(5_000_000);
  });

  it('adds nothing for a late partial-refund event that arrives after the full refund was recorded', () => {
    // Prepare
    const { payment, fee, head } = paidByCard();
    const full = decideCardRefund(refundOf(2_000_000), [payment, fee], contextFor(2_000_000));
    const sealed = sealEntries(head, full.drafts, chart).entries;
    // Act
    const late = decideCardRefund(
      refundOf(600_000),
      [payment, fee, ...sealed],
      contextFor(600_000),
    );
    // Assess
    expect(late.drafts).toEqual([]);
    expect(late.pledgeRefunds.size).toBe(0);
  });

  it('reverses only the increase when a second partial refund follows a first (30% then 50%)', () => {
    // Prepare
    const { payment, fee, head } = paidByCard();
    const first = decideCardRefund(refundOf(600_000), [payment, fee], contextFor(600_000));
    const sealedFirst = sealEntries(head, first.drafts, chart).entries;
    // Act
    const second = decideCardRefund(
      refundOf(1_000_000),
      [payment, fee, ...sealedFirst],
      contextFor(1_000_000),
    );
    // Assess
    expect(second.drafts.map((d) => d.postings)).toEqual([
      [
        { account: ACCOUNTS.stripe, amount: -400_000 },
        { account: ACCOUNTS.pledges, amount: 400_000 },
      ],
    ]);
    expect(second.pledgeRefunds).toEqual(new Map([['p1', 400_000]]));
  });

  it('reverses both the pledge payment and the excess gift of an overpaid card payment, owing the pledge only its part', () => {
    // Prepare
    const { related } = overpaidByCard();
    // Act
    const { drafts, pledgeRefunds } = decideCardRefund(
      refundOf(6_000_000),
      related,
      contextFor(6_000_000),
    );
    // Assess
    expect(related.map((e) => e.kind)).toEqual(['payment', 'donation']);
    expect(drafts.map((d) => d.id)).toEqual([
      `stripe-refund:${CHARGE}:6000000`,
      `stripe-refund:${CHARGE}:6000000:2`,
    ]);
    expect(drafts.map((d) => d.postings)).toEqual([
      [
        { account: ACCOUNTS.stripe, amount: -5_000_000 },
        { account: ACCOUNTS.pledges, amount: 5_000_000 },
      ],
      [
        { account: ACCOUNTS.stripe, amount: -1_000_000 },
        { account: ACCOUNTS.donations, amount: 1_000_000 },
      ],
    ]);
    expect(pledgeRefunds).toEqual(new Map([['p1', 5_000_000]]));
  });

  it('after a partial refund of an overpaid payment, the full refund reverses only what is left of the gift', () => {
    // Prepare: 5,500,000 of the 6,000,000 refunded first: the whole payment and half the gift
    const { related, head } = overpaidByCard();
    const partial = decideCardRefund(refundOf(5_500_000), related, contextFor(5_500_000));
    const sealedPartial = sealEntries(head, partial.drafts, chart).entries;
    // Act
    const rest = decideCardRefund(
      refundOf(6_000_000),
      [...related, ...sealedPartial],
      contextFor(6_000_000),
    );
    // Assess
    expect(partial.drafts.map((d) => d.refs.reverses)).toEqual(related.map((e) => e.seq));
    expect(partial.pledgeRefunds).toEqual(new Map([['p1', 5_000_000]]));
    expect(rest.drafts).toHaveLength(1);
    expect(rest.drafts[0]?.refs.reverses).toBe(related[1]?.seq);
    expect(rest.drafts[0]?.postings).toEqual([
      { account: ACCOUNTS.stripe, amount: -500_000 },
      { account: ACCOUNTS.donations, amount: 500_000 },
    ]);
    expect(rest.pledgeRefunds.size).toBe(0);
  });
});

describe('decideCardPayment refuses amounts that would move the pledge without an entry', () => {
  it.each([
    ['negative', -2_000_000],
    ['zero', 0],
    ['fractional', 1_500_000.5],
    ['not a number', Number.NaN],
  ])('refuses a %s amount, before any draft or pledge change', (_, amount) => {
    // Prepare: a pledge paid in full, whose outstanding is 0
    const record = { value: pledgeRecord(5_000_000), version: 3 };
    // Act
    const decide = () => decideCardPayment(cardFacts(amount), record, cardContext);
    // Assess
    expect(decide).toThrow(InvalidAmountError);
  });
});

describe('decideCardRefund keeps the journal and Stripe in step', () => {
  it('caps a refund larger than what was paid at the payment, and marks it reversed in full', () => {
    // Prepare
    const { payment, fee } = paidByCard();
    // Act
    const { drafts, pledgeRefunds, fullyReversed } = decideCardRefund(
      refundOf(3_000_000),
      [payment, fee],
      contextFor(3_000_000),
    );
    // Assess
    expect(drafts.map((d) => d.postings)).toEqual([
      [
        { account: ACCOUNTS.stripe, amount: -2_000_000 },
        { account: ACCOUNTS.pledges, amount: 2_000_000 },
      ],
    ]);
    expect(pledgeRefunds).toEqual(new Map([['p1', 2_000_000]]));
    expect(fullyReversed).toEqual([payment.seq]);
  });

  it('lists no seq as reversed in full after a partial refund', () => {
    const { payment, fee } = paidByCard();
    const { fullyReversed } = decideCardRefund(
      refundOf(600_000),
      [payment, fee],
      contextFor(600_000),
    );
    expect(fullyReversed).toEqual([]);
  });

  it('does not count a reversed fee as money already refunded', () => {
    // Prepare: the treasurer reversed Stripe's fee entry (it carries the same Stripe id)
    const { payment, fee, head } = paidByCard();
    const feeBack = reversalDraft(base('reverse:fee'), fee, 'Stripe hoàn phí');
    const [feeReversal] = sealEntries(head, [feeBack], chart).entries;
    // Act: Stripe refunds 600,000 of the 2,000,000
    const { drafts, pledgeRefunds } = decideCardRefund(
      refundOf(600_000),
      [payment, fee, must(feeReversal)],
      contextFor(600_000),
    );
    // Assess: 600,000 reversed, not 670,000
    expect(drafts.map((d) => d.postings)).toEqual([
      [
        { account: ACCOUNTS.stripe, amount: -600_000 },
        { account: ACCOUNTS.pledges, amount: 600_000 },
      ],
    ]);
    expect(pledgeRefunds).toEqual(new Map([['p1', 600_000]]));
  });

  it.each([
    ['negative', -600_000],
    ['zero', 0],
    ['fractional', 600_000.5],
  ])('refuses a %s amount refunded', (_, amountRefunded) => {
    const { payment, fee } = paidByCard();
    expect(() =>
      decideCardRefund(refundOf(amountRefunded), [payment, fee], contextFor(amountRefunded)),
    ).toThrow(InvalidAmountError);
  });
});
