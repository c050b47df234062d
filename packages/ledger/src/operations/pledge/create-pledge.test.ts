import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  CardAmountTooLargeError,
  decidePledge,
  FundNotReceivingError,
  fundChart,
  genesisHead,
  type IdSource,
  type PledgeReceipt,
  type PreparedAppend,
  pledgeInput,
  type RecordChange,
  sealEntries,
  sha256Hex,
} from '../../index.ts';
import { puTrangFund as fund, must } from '../../primitives/test-fixtures.ts';

const MANAGE_TOKEN = 'mgmt-secret-Zx81kQ0vLr7TgYp2WcN4';

const ids: IdSource = {
  pledgeId: () => 'pl_minhphat0001',
  reference: () => 'PT7K2Q',
  donorId: () => 'dn_minhphat0001',
  disbursementId: () => 'db_unused00001',
  manageToken: async () => MANAGE_TOKEN,
};

const now = new Date('2026-11-20T03:00:00.000Z');
const key = 'pledge:idem-0001';
const context = (at: Date = now) => ({
  key,
  now: at,
  ids,
  pledgeId: 'pl_minhphat0001',
  manageToken: MANAGE_TOKEN,
});

const privateFacts = {
  message: 'Xin giữ kín: đóng góp thay cho anh Hùng ở tổ 4',
  email: 'minhphat.shop@example.vn',
  phone: '0912 345 678',
  taxCode: '0101234567-001',
};

const input = (overrides: Record<string, unknown> = {}) =>
  pledgeInput.parse({
    donor: {
      name: 'Cửa hàng Minh Phát',
      kind: 'business',
      showName: true,
      taxCode: privateFacts.taxCode,
      email: privateFacts.email,
      phone: privateFacts.phone,
    },
    amount: 2_000_000,
    method: 'transfer',
    dueDate: '2026-12-31',
    message: privateFacts.message,
    ...overrides,
  });

/** Seals the decision's drafts from genesis, as the store would, and reads what it writes. */
function carryOut(prepared: PreparedAppend) {
  const { entries } = sealEntries(genesisHead(fund.id), prepared.drafts, fundChart(fund));
  const records: RecordChange[] = must(prepared.records)(entries);
  const receipt = must(prepared.respond)(entries) as PledgeReceipt;
  return { entries, records, receipt };
}

function pledgeRecordOf(records: RecordChange[]) {
  const change = records.find((r) => r.type === 'pledge');
  if (change?.type !== 'pledge') throw new Error('no pledge record written');
  return change;
}

describe('decidePledge', () => {
  it('drafts one pledge entry: receivable up and pledged income up by the amount', () => {
    // Act
    const prepared = decidePledge(fund, input(), context());
    // Assess
    expect(prepared.drafts).toHaveLength(1);
    const [draft] = prepared.drafts;
    expect(draft).toMatchObject({
      id: key,
      kind: 'pledge',
      occurredAt: '2026-11-20T03:00:00.000Z',
      recordedAt: '2026-11-20T03:00:00.000Z',
      recordedBy: 'public',
      refs: { pledgeId: 'pl_minhphat0001', pledgeReference: 'PT7K2Q' },
    });
    expect(draft?.postings).toEqual([
      { account: ACCOUNTS.pledges, amount: 2_000_000 },
      { account: ACCOUNTS.pledgedIncome, amount: -2_000_000 },
    ]);
    expect(draft?.donor).toEqual({
      id: 'dn_minhphat0001',
      displayName: 'Cửa hàng Minh Phát',
      kind: 'business',
    });
  });

  it('keeps the message, email, phone and tax code in the pledge record and out of every entry field', () => {
    // Act
    const prepared = decidePledge(fund, input(), context());
    const { entries, records } = carryOut(prepared);
    // Assess
    const { pledge } = pledgeRecordOf(records);
    expect(pledge.message).toBe(privateFacts.message);
    expect(pledge.donor).toMatchObject({
      email: privateFacts.email,
      phone: '0912345678',
      taxCode: privateFacts.taxCode,
    });
    const journal = JSON.stringify({ drafts: prepared.drafts, entries });
    for (const secret of [
      privateFacts.message,
      'anh Hùng',
      privateFacts.email,
      'example.vn',
      '0912345678',
      '345 678',
      privateFacts.taxCode,
      '0101234567',
    ]) {
      expect(journal).not.toContain(secret);
    }
  });

  it('shows an anonymous donor as "Ẩn danh" in the entry and keeps the real name in the record', () => {
    // Prepare
    const anonymous = input({
      donor: { name: 'Hộ ông Lò Văn Páo', kind: 'household', showName: false },
    });
    // Act
    const prepared = decidePledge(fund, anonymous, context());
    const { records } = carryOut(prepared);
    // Assess
    expect(prepared.drafts[0]?.donor?.displayName).toBe('Ẩn danh');
    expect(JSON.stringify(prepared.drafts)).not.toContain('Páo');
    expect(pledgeRecordOf(records).pledge.donor).toMatchObject({
      name: 'Hộ ông Lò Văn Páo',
      showName: false,
    });
  });

  it('refuses a card pledge above 99,999,999 đồng and accepts exactly that much', () => {
    // Prepare
    const tooLarge = input({ method: 'card', amount: 100_000_000 });
    const largest = input({ method: 'card', amount: 99_999_999 });
    // Act
    let refusal: unknown;
    try {
      decidePledge(fund, tooLarge, context());
    } catch (error) {
      refusal = error;
    }
    const accepted = decidePledge(fund, largest, context());
    // Assess
    expect(refusal).toBeInstanceOf(CardAmountTooLargeError);
    expect(refusal).toMatchObject({
      code: 'card_amount_too_large',
      details: { amount: 100_000_000, max: 99_999_999 },
    });
    expect(accepted.drafts[0]?.postings[0]?.amount).toBe(99_999_999);
  });

  it('accepts a transfer pledge above the card limit', () => {
    // Prepare
    const byTransfer = input({ method: 'transfer', amount: 150_000_000 });
    // Act
    const prepared = decidePledge(fund, byTransfer, context());
    // Assess
    expect(prepared.drafts[0]?.postings[0]).toEqual({
      account: ACCOUNTS.pledges,
      amount: 150_000_000,
    });
  });

  it('refuses pledges before the fund opens and from the moment it closes', () => {
    // Prepare
    const moments = [
      new Date('2025-12-31T23:59:59.999Z'),
      new Date('2027-12-31T17:00:00.000Z'),
      new Date('2028-03-01T00:00:00.000Z'),
    ];
    // Act
    const refusals = moments.map((at) => {
      try {
        decidePledge(fund, input(), context(at));
        return undefined;
      } catch (error) {
        return error;
      }
    });
    // Assess
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(FundNotReceivingError);
      expect(refusal).toMatchObject({
        code: 'fund_not_receiving',
        details: { opensAt: fund.opensAt, closesAt: fund.closesAt },
      });
    }
  });

  it('accepts a pledge at the opening instant and just before closing', () => {
    // Prepare
    const moments = [new Date(fund.opensAt), new Date('2027-12-31T16:59:59.999Z')];
    // Act
    const drafts = moments.map((at) => decidePledge(fund, input(), context(at)).drafts);
    // Assess
    expect(drafts.map((d) => d[0]?.occurredAt)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-12-31T16:59:59.999Z',
    ]);
  });

  it('writes a new pledge record tied to the sealed entry, and claims the reference in the fund', () => {
    // Act
    const { entries, records, receipt } = carryOut(decidePledge(fund, input(), context()));
    // Assess
    const entry = must(entries[0]);
    expect(pledgeRecordOf(records)).toMatchObject({
      expectedVersion: 0,
      pledge: {
        pledgeId: 'pl_minhphat0001',
        fundId: 'pu-trang',
        reference: 'PT7K2Q',
        donorId: 'dn_minhphat0001',
        amount: 2_000_000,
        method: 'transfer',
        status: 'pledged',
        paid: 0,
        cancelled: 0,
        payments: [],
        pledgeSeq: 1,
        pledgeHash: entry.hash,
        createdAt: '2026-11-20T03:00:00.000Z',
      },
    });
    expect(records).toContainEqual({
      type: 'pledge-reference',
      fundId: 'pu-trang',
      reference: 'PT7K2Q',
      pledgeId: 'pl_minhphat0001',
    });
    expect(receipt).toMatchObject({ reference: 'PT7K2Q', status: 'pledged', amount: 2_000_000 });
  });

  it('keeps only the hash of the manage token, in the record and in the answer a retry replays', () => {
    // Act
    const { records, receipt } = carryOut(decidePledge(fund, input(), context()));
    // Assess: the idempotency record stores this answer; the token is derived again for it
    expect(pledgeRecordOf(records).pledge.manageTokenHash).toBe(sha256Hex(MANAGE_TOKEN));
    expect(JSON.stringify(records)).not.toContain(MANAGE_TOKEN);
    expect(JSON.stringify(receipt)).not.toContain(MANAGE_TOKEN);
  });
});
