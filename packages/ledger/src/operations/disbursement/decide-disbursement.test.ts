import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  AlreadyDecidedError,
  type Disbursement,
  type DisbursementStatus,
  decideApproval,
  decideDisbursement,
  disbursementInput,
  fundChart,
  InvalidEntryError,
  type PreparedAppend,
  sealEntries,
  sha256Hex,
} from '../../index.ts';
import { chain, puTrangFund as fund, must, sampleDrafts } from '../../primitives/test-fixtures.ts';

const invoice = sha256Hex('hoa-don-camera.pdf');
const photo = sha256Hex('anh-lap-dat.jpg');

const pending: Disbursement = {
  id: 'db_camera000001',
  fundId: 'pu-trang',
  status: 'pending_approval',
  recordedBy: 'thuquy-lan',
  recordedAt: '2026-11-21T02:00:00.000Z',
  amount: 2_400_000,
  category: 'cameras',
  payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
  purpose: 'Mua 2 camera ngoài trời cho ngã ba chợ',
  paidAt: '2026-11-20T03:00:00.000Z',
  method: 'transfer',
  evidence: [invoice, photo],
  bankRef: 'FT2632409876',
};

const approval = {
  key: 'approve:db_camera000001',
  at: '2026-11-22T08:30:00.000Z',
  decidedBy: 'pheduyet-minh',
};

/** A journal with 3,000,000 in the bank and 1,500,000 in cash (pledge, payment, gift). */
const funded = () => chain('pu-trang', sampleDrafts().slice(0, 3)).head;

function carryOut(prepared: PreparedAppend) {
  const { entries, head } = sealEntries(funded(), prepared.drafts, fundChart(fund));
  return { entries, head, records: must(prepared.records)(entries) };
}

describe('decideApproval', () => {
  it('drafts exactly one disbursement: expense up, bank down, dated when the money was paid', () => {
    // Act
    const prepared = decideApproval({ value: pending, version: 1 }, approval);
    // Assess
    expect(prepared.drafts).toHaveLength(1);
    const draft = must(prepared.drafts[0]);
    expect(draft.kind).toBe('disbursement');
    expect(draft.postings).toEqual([
      { account: 'expenses:cameras', amount: 2_400_000 },
      { account: ACCOUNTS.bank, amount: -2_400_000 },
    ]);
    expect(draft.occurredAt).toBe('2026-11-20T03:00:00.000Z');
    expect(draft.occurredAt).not.toBe(approval.at);
    expect(draft.recordedAt).toBe(approval.at);
    expect(draft.recordedBy).toBe('pheduyet-minh');
    expect(draft.memo).toBe('Mua 2 camera ngoài trời cho ngã ba chợ');
    expect(draft.evidence).toEqual([invoice, photo]);
    expect(draft.payee).toEqual({ name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' });
    expect(draft.refs).toEqual({ disbursementId: 'db_camera000001', bankRef: 'FT2632409876' });
  });

  it('takes cash spending out of assets:cash', () => {
    // Prepare
    const paidInCash: Disbursement = { ...pending, method: 'cash', amount: 1_200_000 };
    // Act
    const prepared = decideApproval({ value: paidInCash, version: 1 }, approval);
    // Assess
    expect(prepared.drafts[0]?.postings).toEqual([
      { account: 'expenses:cameras', amount: 1_200_000 },
      { account: ACCOUNTS.cash, amount: -1_200_000 },
    ]);
  });

  it('writes the disbursement back as approved, by whom, when, and with the sealed seq and hash', () => {
    // Prepare
    const prepared = decideApproval({ value: pending, version: 4 }, approval);
    // Act
    const { entries, head, records } = carryOut(prepared);
    // Assess
    const entry = must(entries[0]);
    expect(records).toEqual([
      {
        type: 'disbursement',
        expectedVersion: 4,
        disbursement: {
          ...pending,
          status: 'approved',
          decidedBy: 'pheduyet-minh',
          decidedAt: approval.at,
          seq: 4,
          hash: entry.hash,
        },
      },
    ]);
    expect(head.balances[ACCOUNTS.bank]).toBe(600_000);
  });

  it.each<DisbursementStatus>(['approved', 'rejected', 'reversed'])(
    'refuses a second decision on a disbursement already %s',
    (status) => {
      // Prepare
      const decided: Disbursement = { ...pending, status, decidedBy: 'pheduyet-khac' };
      // Act
      let refusal: unknown;
      try {
        decideApproval({ value: decided, version: 2 }, approval);
      } catch (error) {
        refusal = error;
      }
      // Assess
      expect(refusal).toBeInstanceOf(AlreadyDecidedError);
      expect(refusal).toMatchObject({ code: 'already_decided' });
      expect((refusal as Error).message).toContain(status);
    },
  );
});

describe('decideDisbursement', () => {
  const input = (overrides: Record<string, unknown> = {}) =>
    disbursementInput.parse({
      amount: 2_400_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
      purpose: 'Mua 2 camera ngoài trời cho ngã ba chợ',
      paidAt: '2026-11-20T03:00:00Z',
      method: 'transfer',
      evidence: [invoice, photo],
      ...overrides,
    });
  const context = {
    id: 'db_camera000001',
    at: '2026-11-21T02:00:00.000Z',
    recordedBy: 'thuquy-lan',
  };

  it("refuses a category that is not the fund's, naming the fund's categories", () => {
    // Act
    let refusal: unknown;
    try {
      decideDisbursement(fund, input({ category: 'fireworks' }), context);
    } catch (error) {
      refusal = error;
    }
    // Assess
    expect(refusal).toBeInstanceOf(InvalidEntryError);
    expect(refusal).toMatchObject({ code: 'invalid_entry' });
    expect((refusal as Error).message).toContain('"fireworks"');
    expect((refusal as Error).message).toContain('cameras, installation');
  });

  it('keeps each evidence digest once when the same file is listed twice', () => {
    // Act
    const prepared = decideDisbursement(
      fund,
      input({ evidence: [invoice, photo, invoice, photo, invoice] }),
      context,
    );
    // Assess
    const [change] = must(prepared.records)([]);
    expect(change?.type).toBe('disbursement');
    expect(change?.type === 'disbursement' && change.disbursement.evidence).toEqual([
      invoice,
      photo,
    ]);
  });

  it('writes a new pending disbursement and no journal entry until it is approved', () => {
    // Act
    const prepared = decideDisbursement(fund, input({ category: 'installation' }), context);
    // Assess
    expect(prepared.drafts).toEqual([]);
    expect(must(prepared.records)([])).toEqual([
      {
        type: 'disbursement',
        expectedVersion: 0,
        disbursement: {
          id: 'db_camera000001',
          fundId: 'pu-trang',
          status: 'pending_approval',
          recordedBy: 'thuquy-lan',
          recordedAt: '2026-11-21T02:00:00.000Z',
          amount: 2_400_000,
          category: 'installation',
          payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
          purpose: 'Mua 2 camera ngoài trời cho ngã ba chợ',
          paidAt: '2026-11-20T03:00:00.000Z',
          method: 'transfer',
          evidence: [invoice, photo],
        },
      },
    ]);
  });
});
