import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  actorName,
  advanceHead,
  assertAmount,
  canonicalJson,
  chartOfAccounts,
  disbursementDraft,
  donationDraft,
  type EntryDraft,
  entryProblems,
  GENESIS_HASH,
  genesisHead,
  hashEntry,
  headTotals,
  InsufficientFundsError,
  InvalidAmountError,
  InvalidEntryError,
  isInstant,
  MAX_AMOUNT,
  monthOf,
  normalizeText,
  pledgeCancelDraft,
  RECORDED_BY_PATTERN,
  reversalDraft,
  sealEntry,
  sha256Hex,
  staff,
} from '../index.ts';
import { base, business, chain, chart, must, sampleDrafts } from './test-fixtures.ts';

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
    const entry = sealEntry(genesisHead('pu-trang'), must(pledge), chart);
    // Assess
    expect(entry.seq).toBe(1);
    expect(entry.prevHash).toBe(GENESIS_HASH);
    const { hash, ...unhashed } = entry;
    expect(hash).toBe(hashEntry(unhashed));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the hash of a fixed entry stable (the vector in docs/ledger-format.md)', () => {
    const entry = sealEntry(genesisHead('pu-trang'), must(sampleDrafts()[0]), chart);
    const canonical = `{"donor":{"displayName":"Cửa hàng Minh Phát","id":"donor-1","kind":"business"},"evidence":[],"fundId":"pu-trang","id":"e1","kind":"pledge","memo":"","occurredAt":"2026-11-20T03:00:00.000Z","postings":[{"account":"assets:pledges","amount":5000000},{"account":"income:pledged","amount":-5000000}],"prevHash":"${GENESIS_HASH}","recordedAt":"2026-11-20T03:05:00.000Z","recordedBy":"thuquy-lan","refs":{"pledgeId":"p1","pledgeReference":"PT7K2Q"},"seq":1,"v":1}`;
    expect(entry.hash).toBe(sha256Hex(GENESIS_HASH + canonical));
    expect(entry.hash).toBe('8699cd6ed4218ff468b586535ec710c1ae73684aa7d5b23efc49305e22cdd58a');
  });

  it('refuses postings that do not sum to zero', () => {
    const draft = {
      ...must(sampleDrafts()[0]),
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
    const { head } = chain('f', [must(sampleDrafts()[2])]);
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
      reversalDraft(base('e6'), must(entries[3]), 'Ghi nhầm số tiền'),
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
    expect(() => reversalDraft(base('r'), must(entries[0]), '  ')).toThrow(/reason/);
  });
});

/** The second test vector of docs/ledger-format.md: a gift typed in NFD, stored in NFC. */
const VECTOR_2_CANONICAL =
  '{"donor":{"displayName":"Hộ bà Nguyễn Thị Ánh","id":"dn_7x2k9q4m8c3v5b6n1z0a","kind":"household"},"evidence":[],"fundId":"pu-trang","id":"payment:9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f","kind":"donation","memo":"Ủng hộ đợt 1\\nCảm ơn tổ dân phố","occurredAt":"2026-11-21T01:30:00.000Z","postings":[{"account":"assets:cash","amount":200000},{"account":"income:donations","amount":-200000}],"prevHash":"8699cd6ed4218ff468b586535ec710c1ae73684aa7d5b23efc49305e22cdd58a","recordedAt":"2026-11-21T01:32:10.250Z","recordedBy":"thuquy-lan","refs":{"receiptNo":"BN-0001"},"seq":2,"v":1}';

describe('the second test vector (Vietnamese typed in NFD)', () => {
  /** What the API's input layer does with what a phone sends: NFC, and CR LF as LF. */
  const typed = {
    name: 'Hộ bà Nguyễn Thị Ánh'.normalize('NFD'),
    memo: 'Ủng hộ đợt 1\r\nCảm ơn tổ dân phố'.normalize('NFD'),
  };
  const gift = (name: string, memo: string) =>
    donationDraft(
      {
        id: 'payment:9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
        occurredAt: '2026-11-21T01:30:00.000Z',
        recordedAt: '2026-11-21T01:32:10.250Z',
        recordedBy: 'thuquy-lan',
        memo,
      },
      {
        donor: { id: 'dn_7x2k9q4m8c3v5b6n1z0a', displayName: name, kind: 'household' },
        amount: 200_000,
        method: 'cash',
        receiptNo: 'BN-0001',
      },
    );
  const afterVector1 = () => {
    const first = sealEntry(genesisHead('pu-trang'), must(sampleDrafts()[0]), chart);
    return advanceHead(genesisHead('pu-trang'), first);
  };

  it('seals the NFC form of NFD input to the documented bytes and hash', () => {
    // Prepare
    expect(typed.name).not.toBe(typed.name.normalize('NFC'));
    // Act
    const entry = sealEntry(
      afterVector1(),
      gift(normalizeText(typed.name), normalizeText(typed.memo)),
      chart,
    );
    // Assess
    const { hash, ...unhashed } = entry;
    expect(canonicalJson(unhashed)).toBe(VECTOR_2_CANONICAL);
    expect(Buffer.from(entry.donor?.displayName ?? '').toString('hex')).toBe(
      '48e1bb992062c3a0204e677579e1bb856e205468e1bb8b20c3816e68',
    );
    expect(hash).toBe(sha256Hex(`${entry.prevHash}${VECTOR_2_CANONICAL}`));
    expect(hash).toBe('d101b844a90abd5b4abd8a486dd1ac33d0a39e047e526a9cab3937c76a89fe1e');
  });

  it('refuses to seal the NFD form, whose hash the document gives as a warning', () => {
    // Prepare
    const draft = gift(typed.name, typed.memo.replace('\r\n', '\n'));
    // Act / Assess
    expect(entryProblems(draft)).toEqual([
      'memo must be in Unicode NFC form',
      'donor.displayName must be in Unicode NFC form',
    ]);
    expect(() => sealEntry(afterVector1(), draft, chart)).toThrow(InvalidEntryError);
    const unhashed = {
      v: 1,
      fundId: 'pu-trang',
      seq: 2,
      ...draft,
      prevHash: '8699cd6ed4218ff468b586535ec710c1ae73684aa7d5b23efc49305e22cdd58a',
    };
    expect(hashEntry(unhashed)).toBe(
      'd014256b527a0ef97be6bb4ab69ca0f105a8817ff0bf51419b16204d00ff7f18',
    );
  });
});

describe('entryProblems: the writer seals nothing the verifier would refuse', () => {
  const [pledge, payment, gift, spending] = sampleDrafts() as [
    EntryDraft,
    EntryDraft,
    EntryDraft,
    EntryDraft,
  ];
  const refused: [string, EntryDraft, RegExp][] = [
    [
      'an instant without milliseconds',
      { ...gift, occurredAt: '2026-11-20T03:00:00Z' },
      /occurredAt/,
    ],
    ['an impossible date', { ...gift, occurredAt: '2026-02-30T03:00:00.000Z' }, /occurredAt/],
    ['an email as recordedBy', { ...gift, recordedBy: 'lan@phuong.gov.vn' }, /recordedBy/],
    ['a phone number in a memo', { ...gift, memo: 'Liên hệ 0912.345.678' }, /published/],
    [
      'an email in a donor name',
      { ...gift, donor: { id: 'd', displayName: 'lan@gmail.com' } },
      /donor.displayName is published/,
    ],
    ['a bidi override in a memo', { ...gift, memo: 'abc\u202edef' }, /text-direction/],
    ['a member the format does not have', { ...gift, note: 'x' } as EntryDraft, /"note"/],
    ['a null', { ...spending, payee: null } as unknown as EntryDraft, /payee is null/],
    ['a payment without its donor', { ...payment, donor: undefined }, /names its donor/],
    [
      'a pledge whose postings are swapped',
      { ...pledge, postings: [...pledge.postings].reverse() },
      /first posting/,
    ],
    ['an id with a space', { ...gift, id: 'a b' }, /^id must/],
  ];

  it.each(refused)('refuses %s', (_, draft, problem) => {
    const problems = entryProblems(draft, chart);
    expect(problems.some((p) => problem.test(p))).toBe(true);
    expect(() => sealEntry(genesisHead('f'), draft, chart)).toThrow(InvalidEntryError);
  });

  it('accepts every kind the writer drafts', () => {
    for (const draft of sampleDrafts()) expect(entryProblems(draft, chart)).toEqual([]);
  });

  it('counts lengths in code points after NFC, not UTF-16 units', () => {
    expect(entryProblems({ ...gift, memo: '😀'.repeat(500) })).toEqual([]);
    expect(entryProblems({ ...gift, memo: '😀'.repeat(501) })).toEqual([
      'memo must be at most 500 characters',
    ]);
  });

  it('lets a category called "fees" spend on expenses:fees, as the document says', () => {
    const fees = disbursementDraft(base('x'), {
      disbursementId: 'd',
      category: 'fees',
      amount: 1,
      method: 'cash',
    });
    expect(entryProblems(fees, chartOfAccounts(['fees']))).toEqual([]);
  });

  it('takes instants exactly as toISOString writes them, in the years 2000–9999', () => {
    expect(isInstant(new Date(Date.UTC(2026, 10, 20, 3)).toISOString())).toBe(true);
    expect(isInstant('2000-01-01T00:00:00.000Z')).toBe(true);
    expect(isInstant('+010000-01-01T00:00:00.000Z')).toBe(false);
    expect(isInstant('2026-11-20T03:00:00.000+00:00')).toBe(false);
  });
});

describe('actorName: what recordedBy holds', () => {
  const person = (username: string, userId = 'b1f4c0de-0000-4000-8000-000000000001') =>
    staff({ userId, username, groups: [] });

  it('records a staff handle as it is', () => {
    expect(actorName(person('thuquy-lan'))).toBe('thuquy-lan');
    expect(actorName(person('Lan.Nguyen_2'))).toBe('Lan.Nguyen_2');
  });

  it('records any other username as staff- and 12 hex digits of the SHA-256 of the user id', () => {
    // Prepare
    const userId = 'b1f4c0de-0000-4000-8000-000000000001';
    const expected = `staff-${sha256Hex(userId).slice(0, 12)}`;
    // Act / Assess: an email, Vietnamese letters, a name too long, names of other actors
    for (const username of [
      'lan@phuong.gov.vn',
      'Lân',
      'x'.repeat(65),
      '-lan',
      'stripe',
      'public',
    ]) {
      const name = actorName(person(username, userId));
      expect(name).toBe(expected);
      expect(name).toMatch(RECORDED_BY_PATTERN);
    }
    expect(actorName(person('lan@phuong.gov.vn', 'another-user'))).not.toBe(expected);
  });

  it('records donors, the public and Stripe by those names', () => {
    expect(actorName({ kind: 'donor', manageToken: 't' })).toBe('donor');
    expect(actorName({ kind: 'public' })).toBe('public');
    expect(actorName({ kind: 'processor', name: 'stripe' })).toBe('stripe');
  });
});
