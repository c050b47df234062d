import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  AlreadyDecidedError,
  type Disbursement,
  decideReversal,
  type Entry,
  EntryNotReversibleError,
  headTotals,
  type Pledge,
  paymentDraft,
  pledgeCancelDraft,
  type RecordChange,
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

const context = {
  key: 'reverse:2',
  reason: 'Ghi nhầm: khoản chuyển này của hộ khác',
  at: '2026-11-25T04:00:00.000Z',
  recordedBy: 'thuquy-lan',
};

/** The pledge record of the sample journal's pledge p1 (5,000,000), after `paid` was paid. */
const pledgeRecord = (paid: number, status: Pledge['status']): Pledge => ({
  pledgeId: 'p1',
  fundId: 'pu-trang',
  reference: 'PT7K2Q',
  donorId: 'donor-1',
  donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
  amount: 5_000_000,
  method: 'transfer',
  status,
  paid,
  cancelled: 0,
  pledgeSeq: 1,
  pledgeHash: sha256Hex('pledge-entry'),
  payments: [],
  manageTokenHash: sha256Hex('token'),
  createdAt: '2026-11-20T03:05:00.000Z',
});

/** The camera purchase of the sample journal (seq 4), as approved. */
const approvedCameras = (entry: Entry): Disbursement => ({
  id: 'd1',
  fundId: 'pu-trang',
  status: 'approved',
  recordedBy: 'thuquy-lan',
  recordedAt: '2026-11-20T03:05:00.000Z',
  decidedBy: 'pheduyet-minh',
  decidedAt: '2026-11-20T04:00:00.000Z',
  amount: 2_400_000,
  category: 'cameras',
  payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
  purpose: 'Mua camera',
  paidAt: '2026-11-20T03:00:00.000Z',
  method: 'transfer',
  evidence: [],
  seq: entry.seq,
  hash: entry.hash,
});

function recordOf<T extends RecordChange['type']>(records: RecordChange[], type: T) {
  return records.find((r): r is Extract<RecordChange, { type: T }> => r.type === type);
}

function refusalOf(run: () => void): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('decideReversal', () => {
  it('negates the postings of a payment and points at its seq', () => {
    // Prepare: pledge of 5,000,000, then 3,000,000 paid by transfer (seq 2)
    const { entries } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const payment = must(entries[1]);
    // Act
    const prepared = decideReversal(
      {
        original: payment,
        alreadyReversed: false,
        pledge: { value: pledgeRecord(3_000_000, 'partially_paid'), version: 3 },
      },
      context,
    );
    // Assess
    expect(prepared.drafts).toHaveLength(1);
    const draft = must(prepared.drafts[0]);
    expect(draft.kind).toBe('reversal');
    expect(draft.postings).toEqual([
      { account: ACCOUNTS.bank, amount: -3_000_000 },
      { account: ACCOUNTS.pledges, amount: 3_000_000 },
    ]);
    expect(draft.refs).toMatchObject({ reverses: 2, pledgeId: 'p1', bankRef: 'FT2632401234' });
    expect(draft.memo).toBe('Ghi nhầm: khoản chuyển này của hộ khác');
    expect(draft.occurredAt).toBe(context.at);
    expect(draft.donor).toEqual(payment.donor);
  });

  it('puts the money back on the pledge: the fund shows it outstanding again once sealed', () => {
    // Prepare
    const { entries, head } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const prepared = decideReversal(
      {
        original: must(entries[1]),
        alreadyReversed: false,
        pledge: { value: pledgeRecord(3_000_000, 'partially_paid'), version: 3 },
      },
      context,
    );
    // Act
    const after = sealEntries(head, prepared.drafts, chart).head;
    // Assess
    expect(headTotals(after)).toMatchObject({
      pledged: 5_000_000,
      received: 0,
      balance: 0,
      outstanding: 5_000_000,
    });
  });

  it('claims the seq and lowers what the pledge record says was paid, recomputing its status', () => {
    // Prepare
    const { entries } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const prepared = decideReversal(
      {
        original: must(entries[1]),
        alreadyReversed: false,
        pledge: { value: pledgeRecord(3_000_000, 'partially_paid'), version: 3 },
      },
      context,
    );
    // Act
    const records = must(prepared.records)([]);
    // Assess
    expect(recordOf(records, 'reversal-claim')).toEqual({
      type: 'reversal-claim',
      fundId: 'pu-trang',
      seq: 2,
      by: 'thuquy-lan',
      at: context.at,
    });
    const pledge = must(recordOf(records, 'pledge'));
    expect(pledge.expectedVersion).toBe(3);
    expect(pledge.pledge).toMatchObject({ paid: 0, status: 'pledged', amount: 5_000_000 });
  });

  it('turns a paid pledge back into partially paid when one of its payments is reversed', () => {
    // Prepare: 3,000,000 then 2,000,000 paid on the 5,000,000 pledge
    const second = paymentDraft(base('e3'), {
      pledgeId: 'p1',
      reference: 'PT7K2Q',
      donor: business,
      amount: 2_000_000,
      method: 'cash',
      receiptNo: 'BN-0002',
    });
    const { entries } = chain('pu-trang', [...sampleDrafts().slice(0, 2), second]);
    // Act
    const prepared = decideReversal(
      {
        original: must(entries[2]),
        alreadyReversed: false,
        pledge: { value: pledgeRecord(5_000_000, 'paid'), version: 4 },
      },
      { ...context, key: 'reverse:3' },
    );
    // Assess
    expect(prepared.drafts[0]?.postings).toEqual([
      { account: ACCOUNTS.cash, amount: -2_000_000 },
      { account: ACCOUNTS.pledges, amount: 2_000_000 },
    ]);
    expect(must(recordOf(must(prepared.records)([]), 'pledge')).pledge).toMatchObject({
      paid: 3_000_000,
      status: 'partially_paid',
    });
  });

  it('refuses to reverse a pledge or a pledge cancellation, saying to cancel the pledge instead', () => {
    // Prepare
    const cancel = pledgeCancelDraft(base('e3'), {
      pledgeId: 'p1',
      reference: 'PT7K2Q',
      donor: business,
      amount: 2_000_000,
    });
    const { entries } = chain('pu-trang', [...sampleDrafts().slice(0, 2), cancel]);
    // Act
    const refusals = [must(entries[0]), must(entries[2])].map((original) =>
      refusalOf(() => decideReversal({ original, alreadyReversed: false }, context)),
    );
    // Assess
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(EntryNotReversibleError);
      expect(refusal).toMatchObject({
        code: 'entry_not_reversible',
        details: { kind: expect.stringMatching(/^pledge/), pledgeId: 'p1' },
      });
      // The old message said the pledge "is already a pledge entry; nothing is outstanding".
      expect((refusal as Error).message).toMatch(/cancel the pledge p1/);
      expect((refusal as Error).message).not.toMatch(/already|outstanding/);
    }
  });

  it('refuses to reverse an entry that was already reversed', () => {
    // Prepare
    const { entries } = chain('pu-trang', sampleDrafts());
    // Act
    const refusal = refusalOf(() =>
      decideReversal({ original: must(entries[2]), alreadyReversed: true }, context),
    );
    // Assess
    expect(refusal).toBeInstanceOf(AlreadyDecidedError);
    expect(refusal).toMatchObject({ code: 'already_decided' });
    expect((refusal as Error).message).toContain('Entry 3');
  });

  it('marks an approved disbursement reversed and gives its money back to the bank', () => {
    // Prepare
    const { entries, head } = chain('pu-trang', sampleDrafts());
    const spending = must(entries[3]);
    // Act
    const prepared = decideReversal(
      {
        original: spending,
        alreadyReversed: false,
        disbursement: { value: approvedCameras(spending), version: 2 },
      },
      { ...context, key: 'reverse:4', reason: 'Nhà cung cấp hoàn tiền' },
    );
    const records = must(prepared.records)([]);
    // Assess
    expect(prepared.drafts[0]?.postings).toEqual([
      { account: 'expenses:cameras', amount: -2_400_000 },
      { account: ACCOUNTS.bank, amount: 2_400_000 },
    ]);
    expect(prepared.drafts[0]?.refs).toMatchObject({ reverses: 4, disbursementId: 'd1' });
    expect(recordOf(records, 'disbursement')).toEqual({
      type: 'disbursement',
      disbursement: { ...approvedCameras(spending), status: 'reversed' },
      expectedVersion: 2,
    });
    expect(recordOf(records, 'pledge')).toBeUndefined();
    const after = sealEntries(head, prepared.drafts, chart).head;
    expect(after.balances[ACCOUNTS.bank]).toBe(3_000_000);
    expect(headTotals(after).spent).toBe(0);
  });

  it('reverses a gift with nothing but the claim on its seq', () => {
    // Prepare
    const { entries } = chain('pu-trang', sampleDrafts());
    // Act
    const prepared = decideReversal(
      { original: must(entries[2]), alreadyReversed: false },
      { ...context, key: 'reverse:3' },
    );
    // Assess
    expect(prepared.drafts[0]?.postings).toEqual([
      { account: ACCOUNTS.cash, amount: -1_500_000 },
      { account: ACCOUNTS.donations, amount: 1_500_000 },
    ]);
    expect(must(prepared.records)([]).map((r) => r.type)).toEqual(['reversal-claim']);
  });

  it('refuses to reverse a reversal: the money is recorded again instead', () => {
    // Prepare: a payment (seq 2) and its reversal (seq 5)
    const { entries } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const reversal = decideReversal(
      { original: must(entries[1]), alreadyReversed: false },
      context,
    );
    const { entries: sealed } = sealEntries(
      chain('pu-trang', sampleDrafts().slice(0, 2)).head,
      reversal.drafts,
      chart,
    );
    // Act
    const refusal = refusalOf(() =>
      decideReversal({ original: must(sealed[0]), alreadyReversed: false }, context),
    );
    // Assess
    expect((refusal as Error).message).toMatch(/is itself a reversal/);
  });

  it('reverses only what a card refund left of a payment, and owes the pledge only that', () => {
    // Prepare: 3,000,000 paid; 1,000,000 of it refunded by card already
    const { entries } = chain('pu-trang', sampleDrafts().slice(0, 2));
    // Act
    const prepared = decideReversal(
      {
        original: must(entries[1]),
        alreadyReversed: false,
        partlyReversed: 1_000_000,
        pledge: { value: pledgeRecord(2_000_000, 'partially_paid'), version: 4 },
      },
      context,
    );
    // Assess
    expect(must(prepared.drafts[0]).postings).toEqual([
      { account: ACCOUNTS.bank, amount: -2_000_000 },
      { account: ACCOUNTS.pledges, amount: 2_000_000 },
    ]);
    const pledge = recordOf(must(prepared.records)([]), 'pledge');
    expect(pledge?.pledge.paid).toBe(0);
  });

  it('refuses a payment a card refund already took back in full', () => {
    const { entries } = chain('pu-trang', sampleDrafts().slice(0, 2));
    const refusal = refusalOf(() =>
      decideReversal(
        { original: must(entries[1]), alreadyReversed: false, partlyReversed: 3_000_000 },
        context,
      ),
    );
    expect(refusal).toBeInstanceOf(AlreadyDecidedError);
  });
});
