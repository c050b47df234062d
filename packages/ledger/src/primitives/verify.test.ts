import { describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../test/fixtures/log/keys.ts';
import {
  advanceHead,
  disbursementDraft,
  donationDraft,
  type Entry,
  type EntryDraft,
  type ExpectedHead,
  feeDraft,
  GENESIS_HASH,
  genesisHead,
  type Head,
  hashEntry,
  headTotals,
  partialReversalDraft,
  pledgeCancelDraft,
  pledgeDraft,
  reversalDraft,
  sealEntry,
  type VerifyOptions,
  verifyJournal,
} from '../index.ts';
import { entryLeafHash, rootOf } from './merkle.ts';
import { checkpointText, type NoteSigner, signNote, totalsLine } from './signed-note.ts';
import { base, business, chain, chart, must, sampleDrafts } from './test-fixtures.ts';

const rehash = (entry: Entry): Entry => {
  const { hash: _old, ...unhashed } = entry;
  return { ...entry, hash: hashEntry(unhashed) };
};

/**
 * One entry of every kind, as the writer makes them:
 * 1 pledge 5,000,000 · 2 payment 3,000,000 by transfer · 3 gift 1,500,000 in cash ·
 * 4 cameras 2,400,000 paid by transfer, with a payee · 5 card gift 800,000 · 6 Stripe fee 20,000 ·
 * 7 partial card refund 300,000 of seq 5 · 8 whole reversal of seq 4 · 9 pledge cancelled 2,000,000.
 */
function sealAll(fundId: string, drafts: ((entries: Entry[]) => EntryDraft)[]) {
  let head: Head = genesisHead(fundId);
  const entries: Entry[] = [];
  for (const make of drafts) {
    const entry = sealEntry(head, make(entries), chart);
    entries.push(entry);
    head = advanceHead(head, entry);
  }
  return { entries, head };
}

const card = { id: 'stripe:pi_1', displayName: 'Ẩn danh' };
const everyKind = () =>
  sealAll('pu-trang', [
    ...sampleDrafts()
      .slice(0, 3)
      .map((d) => () => d),
    () =>
      disbursementDraft(
        { ...base('e4'), memo: 'Mua 2 camera' },
        {
          disbursementId: 'd1',
          category: 'cameras',
          amount: 2_400_000,
          method: 'transfer',
          bankRef: 'FT2632409999',
          payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
        },
      ),
    () =>
      donationDraft(base('stripe:pi_1'), {
        donor: card,
        amount: 800_000,
        method: 'card',
        stripeId: 'pi_1',
      }),
    () => feeDraft(base('stripe-fee:pi_1'), { amount: 20_000, stripeId: 'pi_1' }),
    (es) =>
      partialReversalDraft(
        base('stripe-refund:ch_1:300000'),
        must(es[4]),
        300_000,
        'Hoàn tiền thẻ',
      ),
    (es) => reversalDraft(base('reverse:4'), must(es[3]), 'Ghi nhầm'),
    () =>
      pledgeCancelDraft(base('cancel:p1'), {
        pledgeId: 'p1',
        reference: 'PT7K2Q',
        donor: business,
        amount: 2_000_000,
      }),
  ]);

const headOf = (head: Head): ExpectedHead => ({
  seq: head.seq,
  hash: head.hash,
  totals: headTotals(head),
});

/** Entries as a verifier reads them: plain JSON values anyone may have edited. */
// biome-ignore lint/suspicious/noExplicitAny: a test edits entries read from JSON at will
type Raw = Record<string, any>;

/** Both postings moved to ±amount: the first +amount, the second −amount. */
const amounts = (e: Raw, amount: number) => {
  e.postings[0].amount = amount;
  e.postings[1].amount = -amount;
};
const raw = (entries: readonly Entry[]): Raw[] => structuredClone(entries) as unknown as Raw[];

/** Puts the chain back together from `index` on: prevHash and hash recomputed, as a forger would. */
function relink(entries: Raw[], index: number): Raw[] {
  for (let i = index; i < entries.length; i++) {
    const entry = must(entries[i]);
    entry.prevHash = i === 0 ? GENESIS_HASH : must(entries[i - 1]).hash;
    const { hash: _old, ...unhashed } = entry;
    try {
      entry.hash = hashEntry(unhashed as Entry);
    } catch {
      // A value JCS cannot encode (1.5): the entry fails on its own before its hash matters.
    }
  }
  return entries;
}

/** The sample journal with entry `seq` edited and the chain re-hashed from it on. */
function forged(seq: number, edit: (entry: Raw, all: Raw[]) => void): Raw[] {
  const entries = raw(everyKind().entries);
  edit(must(entries[seq - 1]), entries);
  return relink(entries, seq - 1);
}

const verdictOf = (
  entries: readonly unknown[],
  expected?: ExpectedHead,
  options?: VerifyOptions,
) => {
  const report = verifyJournal('pu-trang', entries, expected, options);
  return report.problem ? { seq: report.problem.seq, reason: report.problem.reason } : 'ok';
};

describe('verifyJournal', () => {
  it('accepts an untouched journal of every kind and recomputes every balance and the head', () => {
    // Prepare
    const { entries, head } = everyKind();
    // Act
    const report = verifyJournal('pu-trang', raw(entries), headOf(head));
    // Assess
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(9);
    expect(report.head).toEqual({ seq: 9, hash: head.hash });
    expect(report.balances).toEqual(head.balances);
    expect(report.totals).toEqual(headTotals(head));
  });

  it('names the seq whose memo was edited afterwards', () => {
    const { entries } = chain('f', sampleDrafts());
    entries[1] = { ...must(entries[1]), memo: 'edited' };
    const report = verifyJournal('f', entries);
    expect(report.problem).toMatchObject({ seq: 2, reason: 'hash' });
    expect(report.checked).toBe(1);
  });

  it('names the seq whose amount was changed, even when one posting alone was touched', () => {
    const { entries } = chain('f', sampleDrafts());
    const e = must(entries[2]);
    entries[2] = {
      ...e,
      postings: [{ ...must(e.postings[0]), amount: 15_000_000 }, must(e.postings[1])],
    };
    expect(verifyJournal('f', entries).problem).toMatchObject({ seq: 3, reason: 'invalid_entry' });
  });

  it('catches a rewritten entry whose own hash was recomputed, at the next seq', () => {
    const { entries } = chain('f', sampleDrafts());
    entries[1] = rehash({ ...must(entries[1]), memo: 'rewritten and rehashed' });
    expect(verifyJournal('f', entries).problem).toMatchObject({ seq: 3, reason: 'prev_hash' });
  });

  it('catches a deleted entry as a gap, and a repeated one', () => {
    const { entries } = chain('f', sampleDrafts());
    expect(verdictOf([])).toBe('ok');
    expect(verifyJournal('f', entries.toSpliced(2, 1)).problem).toMatchObject({
      seq: 3,
      reason: 'gap',
    });
    expect(verifyJournal('f', entries.toSpliced(2, 0, must(entries[1]))).problem).toMatchObject({
      seq: 3,
      reason: 'gap',
    });
  });

  it('refuses entries of another fund', () => {
    const { entries } = chain('duc-pho', sampleDrafts());
    expect(verifyJournal('pu-trang', entries).problem).toMatchObject({
      seq: 1,
      reason: 'wrong_fund',
    });
  });

  it('refuses something that is not an entry at all, without throwing', () => {
    const entries: unknown[] = raw(everyKind().entries);
    for (const junk of [null, 7, 'entry', [], { seq: 3 }]) {
      entries[2] = junk;
      expect(verdictOf(entries)).toMatchObject({ seq: 3 });
    }
    entries[2] = null;
    expect(verdictOf(entries)).toEqual({ seq: 3, reason: 'invalid_entry' });
  });
});

describe('verifyJournal: the rules of one entry (invalid_entry)', () => {
  const long = (n: number, unit = 'a') => unit.repeat(n);
  const cases: [string, number, (e: Raw) => void][] = [
    // Members, null, version
    ['an unknown member of the entry', 3, (e) => (e.note = 'x')],
    ['an unknown member of a posting', 3, (e) => (e.postings[0].currency = 'VND')],
    ['an unknown member of refs', 3, (e) => (e.refs.phone = 'x')],
    ['an unknown member of donor', 3, (e) => (e.donor.email = 'x')],
    ['an unknown member of payee', 4, (e) => (e.payee.taxCode = 'x')],
    ['a null memo', 3, (e) => (e.memo = null)],
    ['a null optional donor', 4, (e) => (e.donor = null)],
    ['a null optional ref', 2, (e) => (e.refs.receiptNo = null)],
    ['a null donor kind', 3, (e) => (e.donor.kind = null)],
    ['a missing required member', 3, (e) => delete e.evidence],
    ['v 2', 1, (e) => (e.v = 2)],
    ['v "1"', 1, (e) => (e.v = '1')],
    ['a missing v', 1, (e) => delete e.v],
    // Ids and kinds
    ['an empty id', 3, (e) => (e.id = '')],
    ['an id with a space', 3, (e) => (e.id = 'payment: 1')],
    ['an id of 257 characters', 3, (e) => (e.id = long(257))],
    ['an id outside ASCII', 3, (e) => (e.id = 'thanh-toán')],
    ['a donor id with a space', 3, (e) => (e.donor.id = 'donor 2')],
    ['an unknown kind', 3, (e) => (e.kind = 'gift')],
    // Instants
    ['an instant without milliseconds', 3, (e) => (e.occurredAt = '2026-11-20T03:00:00Z')],
    ['an instant with 6 fraction digits', 3, (e) => (e.occurredAt = '2026-11-20T03:00:00.000000Z')],
    ['an instant with an offset', 3, (e) => (e.recordedAt = '2026-11-20T10:00:00.000+07:00')],
    ['30 February', 3, (e) => (e.occurredAt = '2026-02-30T03:00:00.000Z')],
    ['29 February of a common year', 3, (e) => (e.occurredAt = '2027-02-29T03:00:00.000Z')],
    ['a leap second', 3, (e) => (e.occurredAt = '2016-12-31T23:59:60.000Z')],
    ['hour 24', 3, (e) => (e.occurredAt = '2026-11-20T24:00:00.000Z')],
    ['the year 1999', 3, (e) => (e.occurredAt = '1999-12-31T23:59:59.999Z')],
    ['a lowercase t', 3, (e) => (e.occurredAt = '2026-11-20t03:00:00.000Z')],
    // recordedBy
    ['an email as recordedBy', 3, (e) => (e.recordedBy = 'lan@phuong.gov.vn')],
    ['a recordedBy starting with a dash', 3, (e) => (e.recordedBy = '-lan')],
    ['a recordedBy of 65 characters', 3, (e) => (e.recordedBy = long(65))],
    // Text
    ['a name in NFD', 3, (e) => (e.donor.displayName = 'Nguyễn'.normalize('NFD'))],
    ['a control character in a memo', 3, (e) => (e.memo = 'a\u0007b')],
    ['a tab in a memo', 3, (e) => (e.memo = 'a\tb')],
    ['a right-to-left override in a payee name', 4, (e) => (e.payee.name = 'An\u202eNinh')],
    ['a line break in a name', 3, (e) => (e.donor.displayName = 'Hộ\nbà Lan')],
    ['a lone surrogate', 3, (e) => (e.memo = 'a\ud800b')],
    ['a memo of 501 characters', 3, (e) => (e.memo = long(501, 'ạ'))],
    ['a name of 201 characters', 3, (e) => (e.donor.displayName = long(201, 'ạ'))],
    ['a ref of 201 characters', 2, (e) => (e.refs.bankRef = long(201))],
    ['an empty name', 4, (e) => (e.payee.name = '')],
    ['an empty ref', 2, (e) => (e.refs.bankRef = '')],
    // Personal data
    ['a phone number in a memo', 3, (e) => (e.memo = 'Gọi 0912 345 678')],
    ['an email address in a donor name', 3, (e) => (e.donor.displayName = 'lan@gmail.com')],
    ['a tax code in a payee name', 4, (e) => (e.payee.name = 'Công ty 0101234567')],
    ['an account number in a memo', 3, (e) => (e.memo = 'TK 1903-4567-8901')],
    // Money
    ['an amount of 1.5', 3, (e) => amounts(e, 1.5)],
    ['an amount of 0', 3, (e) => amounts(e, 0)],
    ['an amount written as a string', 3, (e) => (e.postings[0].amount = '1500000')],
    ['an amount above 10^13', 3, (e) => amounts(e, 10 ** 13 + 1)],
    ['postings that do not sum to 0', 3, (e) => (e.postings[1].amount = -1_400_000)],
    [
      'three postings',
      3,
      (e) =>
        e.postings.push(
          { account: 'assets:cash', amount: 1 },
          { account: 'assets:cash', amount: -1 },
        ),
    ],
    ['one posting', 3, (e) => e.postings.pop()],
    // Accounts and kinds
    ['an unknown account', 3, (e) => (e.postings[0].account = 'assets:gold')],
    ['a category id in capitals', 4, (e) => (e.postings[0].account = 'expenses:Cameras')],
    ['a category id with a double dash', 4, (e) => (e.postings[0].account = 'expenses:a--b')],
    ['a category id of 65 characters', 4, (e) => (e.postings[0].account = `expenses:${long(65)}`)],
    ['a payment credited to donations', 2, (e) => (e.postings[1].account = 'income:donations')],
    ['a disbursement paid from Stripe', 4, (e) => (e.postings[1].account = 'assets:stripe')],
    ['a fee taken from the bank', 6, (e) => (e.postings[1].account = 'assets:bank')],
    ['a gift booked to a pledge', 3, (e) => (e.postings[1].account = 'assets:pledges')],
    ['a pledge with its postings swapped', 1, (e) => e.postings.reverse()],
    ['a pledge without its reference', 1, (e) => delete e.refs.pledgeReference],
    ['a gift with a pledgeId', 3, (e) => (e.refs.pledgeId = 'p1')],
    ['a fee without its Stripe id', 6, (e) => delete e.refs.stripeId],
    ['a disbursement with a Stripe id', 4, (e) => (e.refs.stripeId = 'pi_1')],
    ['reverses on a payment', 2, (e) => (e.refs.reverses = 1)],
    ['a reversal without reverses', 8, (e) => delete e.refs.reverses],
    ['reverses 0', 8, (e) => (e.refs.reverses = 0)],
    ['a gift without a donor', 3, (e) => delete e.donor],
    ['a disbursement with a donor', 4, (e) => (e.donor = business)],
    ['a payment with a payee', 2, (e) => (e.payee = { name: 'An', kind: 'individual' })],
    ['a donor kind not in the list', 3, (e) => (e.donor.kind = 'company')],
    ['a payee without a kind', 4, (e) => delete e.payee.kind],
    ['a reversal without a reason', 8, (e) => (e.memo = '')],
    // Evidence and hashes
    ['evidence in uppercase hex', 4, (e) => (e.evidence = ['A'.repeat(64)])],
    ['the same evidence twice', 4, (e) => (e.evidence = ['a'.repeat(64), 'a'.repeat(64)])],
    [
      '21 evidence files',
      4,
      (e) => (e.evidence = Array.from({ length: 21 }, (_, i) => i.toString(16).padStart(64, '0'))),
    ],
  ];

  it.each(cases)('fails %s at its seq', (_, seq, edit) => {
    expect(verdictOf(forged(seq, edit))).toEqual({ seq, reason: 'invalid_entry' });
  });

  it('fails a hash that is not 64 lowercase hex digits as a malformed entry', () => {
    const entries = raw(everyKind().entries);
    must(entries[8]).hash = must(entries[8]).hash.toUpperCase();
    expect(verdictOf(entries)).toEqual({ seq: 9, reason: 'invalid_entry' });
  });

  const fine: [string, number, (e: Raw, all: Raw[]) => void][] = [
    ['a memo with line feeds', 3, (e) => (e.memo = 'Ủng hộ đợt 1\nCảm ơn')],
    ['a memo of 500 code points', 3, (e) => (e.memo = long(500, 'ạ'))],
    ['a memo of 300 emoji (600 UTF-16 units)', 3, (e) => (e.memo = long(300, '😀'))],
    ['a bank reference with a long digit run', 2, (e) => (e.refs.bankRef = 'FT26324012345678')],
    ['29 February of a leap year', 3, (e) => (e.occurredAt = '2028-02-29T23:59:59.999Z')],
    ['the year 9999', 3, (e) => (e.occurredAt = '9999-12-31T23:59:59.999Z')],
    ['occurredAt after recordedAt', 3, (e) => (e.occurredAt = '2026-12-01T00:00:00.000Z')],
    [
      'a category id of 64 characters (and its reversal)',
      4,
      (e, all) => {
        e.postings[0].account = `expenses:${long(64)}`;
        must(all[7]).postings[0].account = e.postings[0].account;
      },
    ],
    ['a donor without a kind', 3, (e) => delete e.donor.kind],
    [
      'a disbursement without a payee (nor its reversal)',
      4,
      (e, all) => {
        delete e.payee;
        delete must(all[7]).payee;
      },
    ],
    ['recordedBy staff-<hash>', 3, (e) => (e.recordedBy = 'staff-0123456789ab')],
  ];

  it.each(fine)('accepts %s', (_, seq, edit) => {
    expect(verdictOf(forged(seq, edit))).toBe('ok');
  });
});

describe('verifyJournal: rules across entries', () => {
  it('fails an id used twice at the second entry (duplicate_id)', () => {
    expect(verdictOf(forged(6, (e) => (e.id = 'e2')))).toEqual({ seq: 6, reason: 'duplicate_id' });
  });

  const reversals: [string, (e: Raw, all: Raw[]) => void][] = [
    ['points at a later seq', (e) => (e.refs.reverses = 9)],
    ['points at itself', (e) => (e.refs.reverses = 8)],
    ['points past the journal', (e) => (e.refs.reverses = 99)],
    ['reverses a reversal', (e, all) => Object.assign(e, reversalOf(must(all[6]), 'reverses 7'))],
    ['swaps the accounts', (e) => e.postings.reverse()],
    ['moves the accounts the same way as the original', (e) => amounts(e, 2_400_000)],
    ['reverses more than the original moved', (e) => amounts(e, -2_400_001)],
    ['drops a ref of the original', (e) => delete e.refs.bankRef],
    ['adds a ref the original lacks', (e) => (e.refs.receiptNo = 'BN-9')],
    ['changes a ref of the original', (e) => (e.refs.disbursementId = 'd2')],
    ['changes the payee', (e) => (e.payee = { ...e.payee, name: 'Người khác' })],
    ['drops the payee', (e) => delete e.payee],
    ['adds a donor', (e) => (e.donor = business)],
  ];

  /** A reversal of `original` (a raw entry) by `r`, whole by default. */
  function reversalOf(original: Raw, memo: string, r?: number): Raw {
    return {
      kind: 'reversal',
      memo,
      postings: original.postings.map((p: Raw) => ({
        account: p.account,
        amount: -Math.sign(p.amount) * (r ?? Math.abs(p.amount)),
      })),
      refs: { ...original.refs, reverses: original.seq },
      ...(original.donor ? { donor: original.donor } : {}),
      ...(original.payee ? { payee: original.payee } : {}),
    };
  }

  it.each(reversals)('fails a reversal that %s (reversal)', (_, edit) => {
    expect(verdictOf(forged(8, edit))).toEqual({ seq: 8, reason: 'reversal' });
  });

  it('accepts partial reversals up to the original, and fails the one that goes beyond', () => {
    // Prepare: the card gift of 800,000 (seq 5) was refunded 300,000 at seq 7
    const withMore = (r: number) =>
      forged(9, (e, all) =>
        Object.assign(e, reversalOf(must(all[4]), 'Hoàn tiền thẻ', r), { id: 'r2' }),
      );
    // Act / Assess: 500,000 more reverses it all; 500,001 more is too much
    expect(verdictOf(withMore(500_000))).toBe('ok');
    expect(verdictOf(withMore(500_001))).toEqual({ seq: 9, reason: 'reversal' });
  });

  it('fails a whole reversal of an entry already reversed in part', () => {
    const entries = forged(9, (e, all) =>
      Object.assign(e, reversalOf(must(all[4]), 'Khiếu nại thẻ'), { id: 'r2' }),
    );
    expect(verdictOf(entries)).toEqual({ seq: 9, reason: 'reversal' });
  });

  it('fails a reversal of the same entry twice', () => {
    const entries = forged(9, (e, all) =>
      Object.assign(e, reversalOf(must(all[3]), 'Lần nữa'), { id: 'r2' }),
    );
    expect(verdictOf(entries)).toEqual({ seq: 9, reason: 'reversal' });
  });

  it('fails money spent from the bank that is not there, after any entry (balance)', () => {
    // The camera purchase (seq 4) paid 3,000,001 from a bank holding 3,000,000; the bank is
    // back above zero at the end (gifts, the reversal at seq 8), which is not enough
    const entries = forged(4, (e) => amounts(e, 3_000_001));
    expect(verdictOf(entries)).toEqual({ seq: 4, reason: 'balance' });
  });

  it('fails cash spent that is not there, and a pledge cancelled beyond what is outstanding', () => {
    const cash = forged(4, (e) => (e.postings[1].account = 'assets:cash'));
    expect(verdictOf(cash)).toMatchObject({ seq: 4, reason: 'balance' });
    const cancelled = forged(9, (e) => amounts(e, 2_000_001));
    expect(verdictOf(cancelled)).toEqual({ seq: 9, reason: 'balance' });
  });

  it('fails a journal whose sums would leave the exact integers, without throwing (balance)', () => {
    // Prepare: 901 pledges of 10^13 đồng: 9.01 × 10^15 is more than 2^53 − 1
    const entries: Raw[] = [];
    for (let seq = 1; seq <= 901; seq++) {
      const entry: Raw = {
        v: 1,
        fundId: 'pu-trang',
        seq,
        ...pledgeDraft(base(`p${seq}`), {
          pledgeId: `p${seq}`,
          reference: 'PT7K2Q',
          donor: business,
          amount: 10 ** 13,
        }),
        prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
      };
      entry.hash = hashEntry(entry as Entry);
      entries.push(entry);
    }
    // Act / Assess
    expect(verdictOf(entries)).toEqual({ seq: 901, reason: 'balance' });
  });

  it('lets assets:stripe go below zero: Stripe takes back its fee from later payouts', () => {
    const entries = forged(6, (e) => amounts(e, 900_000));
    expect(verdictOf(entries)).toBe('ok');
  });
});

describe('verifyJournal: the head, saved hashes and parts', () => {
  it('accepts an empty journal whose head is the empty fund head, and nothing else', () => {
    const empty = { seq: 0, hash: GENESIS_HASH, totals: headTotals(genesisHead('pu-trang')) };
    expect(verdictOf([], empty)).toBe('ok');
    expect(verdictOf([], { ...empty, hash: 'a'.repeat(64) })).toEqual({
      seq: 0,
      reason: 'head_mismatch',
    });
    expect(verdictOf([], { ...empty, totals: { ...empty.totals, balance: 1 } })).toEqual({
      seq: 0,
      reason: 'head_mismatch',
    });
  });

  it('fails a journal cut short at the first missing seq, and one that goes past its head', () => {
    const { entries, head } = everyKind();
    expect(verdictOf(raw(entries).slice(0, 7), headOf(head))).toEqual({
      seq: 8,
      reason: 'head_mismatch',
    });
    const headAt7 = { seq: 7, hash: must(entries[6]).hash };
    expect(verdictOf(raw(entries), headAt7)).toEqual({ seq: 8, reason: 'head_mismatch' });
  });

  it('fails published totals that the journal does not add up to, at the head seq', () => {
    const { entries, head } = everyKind();
    const report = verifyJournal('pu-trang', raw(entries), {
      ...headOf(head),
      totals: { ...headTotals(head), spent: 1 },
    });
    expect(report.problem).toMatchObject({ seq: 9, reason: 'head_mismatch' });
    expect(report.problem?.message).toMatch(/spent \(published 1, journal 20000\)/);
  });

  it('fails a chain rewritten from seq k and re-hashed to the end, the old head kept, at the head seq', () => {
    // Prepare: seq 3's memo rewritten, seqs 3–9 re-hashed; the head still says seq 9's old hash
    const { head } = everyKind();
    const entries = forged(3, (e) => (e.memo = 'sửa lại'));
    // Act
    const report = verifyJournal('pu-trang', entries, headOf(head));
    // Assess: the head pins seq 9 only; nothing in the journal shows seq 3
    expect(report.problem).toMatchObject({ seq: 9, reason: 'head_mismatch' });
    expect(report.problem?.message).toMatch(/seq 9 or an entry before it was rewritten/);
    expect(report.checked).toBe(9);
  });

  it('narrows such a rewrite down with hashes saved earlier (anchor)', () => {
    // Prepare
    const { entries: original, head } = everyKind();
    const entries = forged(3, (e) => (e.memo = 'sửa lại'));
    const saved = (seq: number) => ({ seq, hash: must(original[seq - 1]).hash });
    // Act / Assess: a receipt for seq 2 still matches, one for seq 5 does not
    expect(verdictOf(entries, headOf(head), { anchors: [saved(2), saved(7), saved(5)] })).toEqual({
      seq: 5,
      reason: 'anchor',
    });
    expect(verdictOf(entries, headOf(head), { anchors: [saved(2)] })).toEqual({
      seq: 9,
      reason: 'head_mismatch',
    });
    expect(verdictOf(raw(original), headOf(head), { anchors: [saved(2), saved(9)] })).toBe('ok');
  });

  it('fails a saved hash for a seq the journal does not reach', () => {
    const { entries, head } = everyKind();
    expect(
      verdictOf(raw(entries), headOf(head), { anchors: [{ seq: 12, hash: 'a'.repeat(64) }] }),
    ).toEqual({ seq: 12, reason: 'anchor' });
  });

  it('checks the head of each part of a chunked export after its last entry', () => {
    // Prepare: parts 1–4 and 5–9; the first part's head is the chain after seq 4
    const fundId = 'pu-trang';
    const { entries, head } = everyKind();
    const headAt4 = headOf(
      entries.slice(0, 4).reduce((h, e) => advanceHead(h, e), genesisHead(fundId)),
    );
    const part = (h: ExpectedHead) => ({ partHeads: [{ after: 3, head: h, label: 'part 1' }] });
    // Act / Assess
    expect(verdictOf(raw(entries), headOf(head), part(headAt4))).toBe('ok');
    expect(verdictOf(raw(entries), headOf(head), part({ ...headAt4, hash: head.hash }))).toEqual({
      seq: 4,
      reason: 'head_mismatch',
    });
    expect(verdictOf(raw(entries), headOf(head), part({ ...headAt4, seq: 5 }))).toEqual({
      seq: 4,
      reason: 'head_mismatch',
    });
  });

  it('reads numbers by value: 5000000.0 in a file is the integer 5000000 and hashes as it', () => {
    // Prepare: an export whose amounts and seqs a tool rewrote with ".0"
    const { entries, head } = everyKind();
    const text = JSON.stringify(entries)
      .replaceAll('"amount":5000000', '"amount":5000000.0')
      .replaceAll('"seq":1,', '"seq":1.0,')
      .replaceAll('"v":1', '"v":1e0');
    expect(text).toContain('5000000.0');
    // Act
    const report = verifyJournal('pu-trang', JSON.parse(text), headOf(head));
    // Assess
    expect(report.ok).toBe(true);
    expect(verdictOf(JSON.parse(text.replace('"amount":5000000.0', '"amount":5000000.5')))).toEqual(
      { seq: 1, reason: 'invalid_entry' },
    );
  });
});

describe('verifyJournal: the signed checkpoint of an export (reason checkpoint)', () => {
  const logSigner = fixedSigner();
  const stranger = fixedSigner('someone else', 'soquy.test');

  /** The head after the first `size` entries, with the checkpoint the log signs for that size. */
  async function signedHead(
    entries: readonly Entry[],
    size: number,
    edit: { origin?: string; totals?: string; root?: Uint8Array; by?: NoteSigner } = {},
  ): Promise<ExpectedHead> {
    const head = entries
      .slice(0, size)
      .reduce((h, e) => advanceHead(h, e), genesisHead('pu-trang'));
    const text = checkpointText({
      origin: edit.origin ?? 'soquy.test/funds/pu-trang',
      size,
      root: edit.root ?? rootOf(entries.slice(0, size).map(entryLeafHash)),
      extensions: [edit.totals ?? totalsLine(headTotals(head))],
    });
    return {
      ...headOf(head),
      checkpoint: { note: await signNote(text, edit.by ?? logSigner), logKey: logSigner.vkey },
    };
  }

  it('accepts an export whose head carries the checkpoint of its seq, reporting the root', async () => {
    const { entries } = everyKind();
    const report = verifyJournal('pu-trang', raw(entries), await signedHead(entries, 9));
    expect(report.ok).toBe(true);
    expect(report.root).toBe(Buffer.from(rootOf(entries.map(entryLeafHash))).toString('base64'));
    expect(report.checkpoints).toHaveLength(1);
    expect(report.checkpoints[0]).toMatchObject({ size: 9, origin: 'soquy.test/funds/pu-trang' });
  });

  it('fails an export cut short with its head recomputed: the checkpoint signs more entries', async () => {
    // Prepare: the export of 9 entries, the last two dropped, the head re-made for seq 7
    const { entries } = everyKind();
    const full = await signedHead(entries, 9);
    const cut = entries.slice(0, 7);
    const recomputed = {
      ...headOf(cut.reduce((h, e) => advanceHead(h, e), genesisHead('pu-trang'))),
      checkpoint: full.checkpoint,
    };
    // Act
    const report = verifyJournal('pu-trang', raw(cut), recomputed);
    // Assess
    expect(report.problem).toMatchObject({ seq: 7, reason: 'checkpoint' });
    expect(report.problem?.message).toMatch(/entries 8–9 were cut off/);
    // Without the checkpoint (format 1) the same cut file passes: the blind spot this closes
    expect(verdictOf(raw(cut), { ...recomputed, checkpoint: undefined } as ExpectedHead)).toBe(
      'ok',
    );
  });

  it('fails a rewrite consistent in itself whose checkpoint signs the original tree (root)', async () => {
    const { entries } = everyKind();
    const rewritten = forged(3, (e) => (e.memo = 'sửa lại'));
    const honest = await signedHead(entries, 9);
    const forgedHead = (rewritten as unknown as Entry[]).reduce(
      (h: Head, e) => advanceHead(h, e),
      genesisHead('pu-trang'),
    );
    const report = verifyJournal('pu-trang', rewritten, {
      ...headOf(forgedHead),
      checkpoint: honest.checkpoint,
    });
    expect(report.problem).toMatchObject({ seq: 9, reason: 'checkpoint' });
    expect(report.problem?.message).toMatch(/the signed log holds other entries/);
  });

  it('fails a checkpoint signed by another key, of another fund, or with other totals', async () => {
    const { entries } = everyKind();
    const cases = [
      await signedHead(entries, 9, { by: stranger }),
      await signedHead(entries, 9, { origin: 'soquy.test/funds/duc-pho' }),
      await signedHead(entries, 9, {
        totals: 'soquy-totals pledged=1 received=0 spent=0 balance=0 outstanding=0',
      }),
      await signedHead(entries, 9, { totals: 'no totals here' }),
      await signedHead(entries, 9, { root: new Uint8Array(32) }),
    ];
    for (const head of cases) {
      expect(verdictOf(raw(entries), head)).toEqual({ seq: 9, reason: 'checkpoint' });
    }
    // A pinned key refuses a checkpoint the export's own key signed, when they differ
    const good = await signedHead(entries, 9);
    expect(verdictOf(raw(entries), good, { logKey: stranger.vkey })).toEqual({
      seq: 9,
      reason: 'checkpoint',
    });
    expect(verdictOf(raw(entries), good, { logKey: logSigner.vkey })).toBe('ok');
  });

  it('checks each part’s checkpoint once the walk from seq 1 reaches its end', async () => {
    const { entries } = everyKind();
    const part1 = await signedHead(entries, 4);
    const end = await signedHead(entries, 9);
    expect(
      verdictOf(raw(entries), end, { partHeads: [{ after: 3, head: part1, label: 'part 1' }] }),
    ).toBe('ok');
    const wrong = await signedHead(entries, 4, { root: new Uint8Array(32) });
    expect(
      verdictOf(raw(entries), end, { partHeads: [{ after: 3, head: wrong, label: 'part 1' }] }),
    ).toEqual({ seq: 4, reason: 'checkpoint' });
  });
});
