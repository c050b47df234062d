import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  advanceHead,
  assertAmount,
  disbursementDraft,
  donationDraft,
  GENESIS_HASH,
  genesisHead,
  hashEntry,
  headTotals,
  InsufficientFundsError,
  InvalidAmountError,
  InvalidEntryError,
  MAX_AMOUNT,
  monthOf,
  pledgeCancelDraft,
  reversalDraft,
  sealEntry,
  sha256Hex,
} from '../index.ts';
import { base, business, chain, chart, sampleDrafts } from './test-fixtures.ts';

describe('money', () => {
  it('accepts whole positive đồng up to 10^13 and refuses the rest', () => {
    expect(assertAmount(9_500_000)).toBe(9_500_000);
    expect(assertAmount(MAX_AMOUNT)).toBe(MAX_AMOUNT);
    for (const bad of [0, -1, 1.5, MAX_AMOUNT + 1, Number.NaN, '100']) {
      expect(() => assertAmount(bad)).toThrow(InvalidAmountError);
    }
  });
});

describe('sealEntry', () => {
  it('chains the first entry to the documented genesis and hashes prevHash ‖ canonical bytes', () => {
    // Prepare
    const [pledge] = sampleDrafts();
    // Act
    const entry = sealEntry(genesisHead('pu-trang'), pledge!, chart);
    // Assess
    expect(entry.seq).toBe(1);
    expect(entry.prevHash).toBe(GENESIS_HASH);
    const { hash, ...unhashed } = entry;
    expect(hash).toBe(hashEntry(unhashed));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the hash of a fixed entry stable (the vector in docs/ledger-format.md)', () => {
    const entry = sealEntry(genesisHead('pu-trang'), sampleDrafts()[0]!, chart);
    const canonical = `{"donor":{"displayName":"Cửa hàng Minh Phát","id":"donor-1","kind":"business"},"evidence":[],"fundId":"pu-trang","id":"e1","kind":"pledge","memo":"","occurredAt":"2026-11-20T03:00:00.000Z","postings":[{"account":"assets:pledges","amount":5000000},{"account":"income:pledged","amount":-5000000}],"prevHash":"${GENESIS_HASH}","recordedAt":"2026-11-20T03:05:00.000Z","recordedBy":"thuquy-lan","refs":{"pledgeId":"p1","pledgeReference":"PT7K2Q"},"seq":1,"v":1}`;
    expect(entry.hash).toBe(sha256Hex(GENESIS_HASH + canonical));
    expect(entry.hash).toBe('8699cd6ed4218ff468b586535ec710c1ae73684aa7d5b23efc49305e22cdd58a');
  });

  it('refuses postings that do not sum to zero', () => {
    const draft = {
      ...sampleDrafts()[0]!,
      postings: [
        { account: ACCOUNTS.pledges, amount: 100 },
        { account: ACCOUNTS.pledgedIncome, amount: -99 },
      ],
    };
    expect(() => sealEntry(genesisHead('f'), draft, chart)).toThrow(/sum to 1, not 0/);
  });

  it('refuses accounts outside the fund chart, such as an unknown expense category', () => {
    const draft = disbursementDraft(base('x'), {
      disbursementId: 'd',
      category: 'fireworks',
      amount: 1,
      method: 'cash',
    });
    expect(() => sealEntry(genesisHead('f'), draft, chart)).toThrow(InvalidEntryError);
  });

  it('refuses spending that would take the bank account below zero, naming what is there', () => {
    // Prepare: 1,500,000 in cash only
    const { head } = chain('f', [sampleDrafts()[2]!]);
    const spend = disbursementDraft(base('x'), {
      disbursementId: 'd',
      category: 'cameras',
      amount: 1_500_001,
      method: 'cash',
    });
    // Act / Assess
    try {
      sealEntry(head, spend, chart);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect((error as InsufficientFundsError).available).toBe(1_500_000);
      expect((error as InsufficientFundsError).needed).toBe(1_500_001);
    }
    const exact = {
      ...spend,
      postings: spend.postings.map((p) => ({ ...p, amount: Math.sign(p.amount) * 1_500_000 })),
    };
    expect(sealEntry(head, exact, chart).seq).toBe(2);
  });
});

describe('head totals', () => {
  it('derives pledged, received, spent, balance and outstanding from the balances', () => {
    // Act
    const { head } = chain('f', sampleDrafts());
    // Assess
    expect(headTotals(head)).toEqual({
      pledged: 5_000_000,
      received: 4_500_000,
      spent: 2_400_000,
      balance: 2_100_000,
      outstanding: 2_000_000,
    });
    expect(head.balances[ACCOUNTS.bank]).toBe(600_000);
    expect(head.balances[ACCOUNTS.cash]).toBe(1_500_000);
  });

  it('counts a cancelled remainder out of pledged and outstanding, and a reversal undoes its original', () => {
    // Prepare
    const { entries, head } = chain('f', sampleDrafts());
    const cancel = sealEntry(
      head,
      pledgeCancelDraft(base('e5'), {
        pledgeId: 'p1',
        reference: 'PT7K2Q',
        donor: business,
        amount: 2_000_000,
      }),
      chart,
    );
    const afterCancel = advanceHead(head, cancel);
    // Act: the camera purchase was recorded by mistake
    const reversal = sealEntry(
      afterCancel,
      reversalDraft(base('e6'), entries[3]!, 'Ghi nhầm số tiền'),
      chart,
    );
    const final = advanceHead(afterCancel, reversal);
    // Assess
    expect(reversal.refs.reverses).toBe(4);
    expect(reversal.memo).toBe('Ghi nhầm số tiền');
    expect(headTotals(final)).toEqual({
      pledged: 3_000_000,
      received: 4_500_000,
      spent: 0,
      balance: 4_500_000,
      outstanding: 0,
    });
  });

  it('files movements under the Vietnam-time month of occurredAt', () => {
    expect(monthOf('2026-11-30T16:59:59.000Z')).toBe('2026-11');
    expect(monthOf('2026-11-30T17:00:00.000Z')).toBe('2026-12');
    const gift = donationDraft(
      { ...base('g'), occurredAt: '2026-11-30T17:30:00.000Z' },
      {
        donor: business,
        amount: 10,
        method: 'cash',
      },
    );
    const { head } = chain('f', [gift]);
    expect(head.months['2026-12']).toEqual({ [ACCOUNTS.cash]: 10, [ACCOUNTS.donations]: -10 });
  });

  it('refuses a reversal without a reason', () => {
    const { entries } = chain('f', sampleDrafts());
    expect(() => reversalDraft(base('r'), entries[0]!, '  ')).toThrow(/reason/);
  });
});
