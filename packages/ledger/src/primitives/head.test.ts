import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  advanceHead,
  applyChange,
  changeOf,
  disbursementDraft,
  type Entry,
  type EntryDraft,
  feeDraft,
  genesisHead,
  InsufficientFundsError,
  paymentDraft,
  sealEntries,
  sealEntry,
  withdrawalsOf,
} from '../index.ts';
import { base, business, chain, chart, must, sampleDrafts } from './test-fixtures.ts';

/** The sample journal with the pledge made on the evening of 30 September, Vietnam time 1 October. */
function draftsAcrossMonths(): EntryDraft[] {
  const [pledge, ...rest] = sampleDrafts();
  return [{ ...must(pledge), occurredAt: '2026-09-30T18:00:00.000Z' }, ...rest];
}

const foldOneByOne = (fundId: string, entries: readonly Entry[]) =>
  entries.reduce(advanceHead, genesisHead(fundId));

describe('changeOf / applyChange', () => {
  it('gives, applied once, the same head as advancing entry by entry', () => {
    // Prepare
    const { entries } = chain('pu-trang', draftsAcrossMonths());
    // Act
    const folded = applyChange(genesisHead('pu-trang'), changeOf(entries));
    // Assess
    expect(folded).toEqual(foldOneByOne('pu-trang', entries));
    expect(folded.balances).toEqual({
      [ACCOUNTS.pledges]: 2_000_000,
      [ACCOUNTS.pledgedIncome]: -5_000_000,
      [ACCOUNTS.bank]: 600_000,
      [ACCOUNTS.cash]: 1_500_000,
      [ACCOUNTS.donations]: -1_500_000,
      'expenses:cameras': 2_400_000,
    });
    expect(folded.seq).toBe(4);
    expect(folded.hash).toBe(entries[3]?.hash);
  });

  it('files an entry at 2026-09-30T18:00:00Z under the Vietnam month 2026-10', () => {
    // Prepare
    const { entries } = chain('pu-trang', draftsAcrossMonths());
    // Act
    const change = changeOf(entries);
    // Assess
    expect(Object.keys(change.months).sort()).toEqual(['2026-10', '2026-11']);
    expect(change.months['2026-10']).toEqual({
      [ACCOUNTS.pledges]: 5_000_000,
      [ACCOUNTS.pledgedIncome]: -5_000_000,
    });
    expect(change.months['2026-09']).toBeUndefined();
    expect(change.months['2026-11']).toEqual({
      [ACCOUNTS.bank]: 600_000,
      [ACCOUNTS.pledges]: -3_000_000,
      [ACCOUNTS.cash]: 1_500_000,
      [ACCOUNTS.donations]: -1_500_000,
      'expenses:cameras': 2_400_000,
    });
  });

  it('counts money received by donor kind and anonymous gifts the same way both folds do', () => {
    // Prepare
    const { entries } = chain('pu-trang', draftsAcrossMonths());
    // Act
    const folded = applyChange(genesisHead('pu-trang'), changeOf(entries));
    // Assess
    expect(folded.counters).toEqual({
      'in:business': 3_000_000,
      'in:household': 1_500_000,
      'anon:received': 1_500_000,
    });
    expect(foldOneByOne('pu-trang', entries).counters).toEqual(folded.counters);
  });

  it('adds a later run onto an existing head, months and counters included', () => {
    // Prepare
    const { entries } = chain('pu-trang', draftsAcrossMonths());
    const afterTwo = foldOneByOne('pu-trang', entries.slice(0, 2));
    // Act
    const folded = applyChange(afterTwo, changeOf(entries.slice(2)));
    // Assess
    expect(folded).toEqual(foldOneByOne('pu-trang', entries));
    expect(afterTwo.seq).toBe(2);
    expect(afterTwo.balances[ACCOUNTS.cash]).toBeUndefined();
  });

  it('does not change the head it is applied to', () => {
    // Prepare
    const { entries } = chain('pu-trang', draftsAcrossMonths());
    const afterTwo = foldOneByOne('pu-trang', entries.slice(0, 2));
    const snapshot = structuredClone(afterTwo);
    // Act
    applyChange(afterTwo, changeOf(entries.slice(2)));
    // Assess
    expect(afterTwo).toEqual(snapshot);
  });

  it('refuses a change of no entries', () => {
    // Act / Assess
    expect(() => changeOf([])).toThrow(RangeError);
  });
});

describe('sealEntries', () => {
  it('returns a change whose tip is the last entry and which takes the old head to the new one', () => {
    // Prepare
    const start = genesisHead('pu-trang');
    // Act
    const { entries, head, change } = sealEntries(start, sampleDrafts(), chart);
    // Assess
    const last = must(entries.at(-1));
    expect(must(change).tip).toEqual({ seq: 4, hash: last.hash });
    expect(head.seq).toBe(4);
    expect(head.hash).toBe(last.hash);
    expect(applyChange(start, must(change))).toEqual(head);
    expect(entries).toEqual(chain('pu-trang', sampleDrafts()).entries);
  });

  it('lets each draft spend what the drafts before it brought in', () => {
    // Prepare: 1,500,000 in cash arrives and is spent in the same run
    const drafts = [
      sampleDrafts()[2],
      disbursementDraft(base('e9'), {
        disbursementId: 'd9',
        category: 'rewards',
        amount: 1_500_000,
        method: 'cash',
      }),
    ].map(must);
    // Act
    const { head, change } = sealEntries(genesisHead('pu-trang'), drafts, chart);
    // Assess
    expect(head.balances[ACCOUNTS.cash]).toBe(0);
    expect(must(change).balances[ACCOUNTS.cash]).toBe(0);
    expect(withdrawalsOf(must(change)).size).toBe(0);
  });

  it('returns the head unchanged and no change when there is nothing to seal', () => {
    // Prepare
    const { head: start } = chain('pu-trang', sampleDrafts());
    // Act
    const result = sealEntries(start, [], chart);
    // Assess
    expect(result.entries).toEqual([]);
    expect(result.head).toBe(start);
    expect(result.change).toBeUndefined();
  });
});

describe('withdrawalsOf', () => {
  it('lists only the cash, bank and pledges accounts a change takes money out of, with how much', () => {
    // Prepare
    const change = {
      balances: {
        [ACCOUNTS.bank]: -600_000,
        [ACCOUNTS.cash]: -100_000,
        [ACCOUNTS.stripe]: -50_000,
        [ACCOUNTS.pledges]: -3_000_000,
        [ACCOUNTS.donations]: -20_000,
        'expenses:cameras': 700_000,
      },
    };
    // Act
    const needs = withdrawalsOf(change);
    // Assess
    expect([...needs.entries()].sort()).toEqual(
      [
        [ACCOUNTS.pledges, 3_000_000],
        [ACCOUNTS.bank, 600_000],
        [ACCOUNTS.cash, 100_000],
      ].sort(),
    );
  });

  it('lists nothing for money coming into the bank or cash', () => {
    // Prepare
    const { change } = sealEntries(genesisHead('pu-trang'), sampleDrafts().slice(0, 3), chart);
    // Act
    const needs = withdrawalsOf(must(change));
    // Assess
    expect(must(change).balances[ACCOUNTS.bank]).toBe(3_000_000);
    expect(needs.size).toBe(0);
  });
});

describe('sealEntry', () => {
  it('refuses a disbursement that would take assets:bank below zero, naming account, available and needed', () => {
    // Prepare: 3,000,000 reached the bank, 1,500,000 is in cash
    const { head } = chain('pu-trang', sampleDrafts().slice(0, 3));
    const spend = disbursementDraft(base('e5'), {
      disbursementId: 'd5',
      category: 'cameras',
      amount: 3_000_001,
      method: 'transfer',
    });
    // Act
    let refusal: unknown;
    try {
      sealEntry(head, spend, chart);
    } catch (error) {
      refusal = error;
    }
    // Assess
    expect(refusal).toBeInstanceOf(InsufficientFundsError);
    expect(refusal).toMatchObject({
      code: 'insufficient_funds',
      account: ACCOUNTS.bank,
      available: 3_000_000,
      needed: 3_000_001,
    });
    expect((refusal as Error).message).toContain('assets:bank');
  });

  it('does not let cash on hand cover a bank transfer', () => {
    // Prepare: only cash
    const { head } = chain('pu-trang', [must(sampleDrafts()[2])]);
    const spend = disbursementDraft(base('e5'), {
      disbursementId: 'd5',
      category: 'cameras',
      amount: 100_000,
      method: 'transfer',
    });
    // Act / Assess
    expect(() => sealEntry(head, spend, chart)).toThrow(InsufficientFundsError);
  });

  it('seals a disbursement that takes the bank exactly to zero', () => {
    // Prepare
    const { head } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const spend = disbursementDraft(base('e3'), {
      disbursementId: 'd3',
      category: 'cameras',
      amount: 3_000_000,
      method: 'transfer',
    });
    // Act
    const entry = sealEntry(head, spend, chart);
    // Assess
    expect(entry.seq).toBe(3);
    expect(entry.prevHash).toBe(head.hash);
    expect(advanceHead(head, entry).balances[ACCOUNTS.bank]).toBe(0);
  });

  it('lets a Stripe fee take assets:stripe below zero (Stripe settles it from the bank)', () => {
    // Prepare: 200,000 paid by card on the pledge
    const { head } = chain('pu-trang', [
      must(sampleDrafts()[0]),
      paymentDraft(base('e2'), {
        pledgeId: 'p1',
        reference: 'PT7K2Q',
        donor: business,
        amount: 200_000,
        method: 'card',
        stripeId: 'pi_1',
      }),
    ]);
    // Act
    const entry = sealEntry(
      head,
      feeDraft(base('e3'), { amount: 250_000, stripeId: 'pi_1' }),
      chart,
    );
    // Assess
    expect(advanceHead(head, entry).balances[ACCOUNTS.stripe]).toBe(-50_000);
  });
});
