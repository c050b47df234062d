import type { Entry, Fund, PledgeView } from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { pledgeStatus } from './pledge.ts';
import { verifyPage } from './verify.ts';
import { VERIFY_SCRIPT } from './verify-script.ts';

/**
 * The moments a browser test cannot catch on time: a payment in the journal that no signed
 * checkpoint covers yet (the local publisher signs one within a quarter of a second).
 */
const HASH = 'ab'.repeat(32);
const fund = { id: 'quy-cho', name: 'Quỹ chờ', owner: 'Phường Pú Trạng' } as Fund;
const entry = {
  v: 1,
  fundId: 'quy-cho',
  seq: 7,
  kind: 'payment',
  occurredAt: '2026-11-20T17:30:00.000Z',
  recordedAt: '2026-11-20T17:30:01.000Z',
  recordedBy: 'lan',
  postings: [
    { account: 'assets:bank', amount: 300_000 },
    { account: 'assets:pledges', amount: -300_000 },
  ],
  refs: {},
  memo: '',
  evidence: [],
  donor: { id: 'd1', displayName: 'Hộ bà Ba' },
  prevHash: '0'.repeat(64),
  hash: HASH,
  id: 'e1',
} as Entry;

describe('a receipt waiting for its checkpoint', () => {
  it('has a verification page that says it is waiting, with no script to run', () => {
    // Act
    const page = String(
      verifyPage('vi', {
        fundId: 'quy-cho',
        fundName: 'Quỹ chờ',
        seq: 7,
        claimed: { hash: HASH },
        entry,
        receiptUrl: '/funds/quy-cho/receipts/7',
      }),
    );
    // Assess
    expect(page).toContain('Đang chờ checkpoint: bút toán số 7 đã vào sổ');
    expect(page).toContain('Hộ bà Ba');
    expect(page).toContain('300.000\u00a0₫');
    expect(page).toContain('21/11/2026 00:30');
    expect(page).not.toContain('<script');
  });

  it("prints 'đang chờ checkpoint' on the donor's receipt, with the verification link still there", () => {
    // Prepare
    const pledge = {
      pledgeId: 'pl_1',
      fundId: 'quy-cho',
      reference: 'ABCDEFG',
      donorName: 'Hộ bà Ba',
      status: 'paid',
      amount: 300_000,
      paid: 300_000,
      refunded: 0,
      cancelled: 0,
      outstanding: 0,
      payments: [
        {
          seq: 7,
          hash: HASH,
          amount: 300_000,
          method: 'transfer',
          receivedAt: entry.occurredAt,
          refunded: 0,
          reversed: 0,
          receipt: 'matches',
        },
      ],
    } as unknown as PledgeView;
    const verifyUrl = `https://soquy.example/funds/quy-cho/verify?seq=7&hash=${HASH}`;
    // Act
    const page = String(
      pledgeStatus('vi', fund, pledge, {
        token: 't',
        waitingForCard: false,
        cancelAction: '/p/pl_1/cancel',
        proofs: new Map([
          [7, { verifyUrl, receiptUrl: '/funds/quy-cho/receipts/7', qrSvg: '<svg></svg>' }],
        ]),
      }),
    );
    // Assess
    expect(page).toContain('id="waiting-checkpoint-7"');
    expect(page).toContain('Đang chờ checkpoint');
    expect(page).toContain(`class="verify-link" href="${verifyUrl.replace('&', '&amp;')}"`);
    expect(page).not.toContain('class="checkpoint"');
  });
});

describe('the verification script', () => {
  it('stays small and loads nothing: no import, no fetch, no eval', () => {
    expect(Buffer.byteLength(VERIFY_SCRIPT)).toBeLessThan(6 * 1024);
    expect(VERIFY_SCRIPT).not.toMatch(/\bimport\b|\bfetch\(|\beval\(|new Function|XMLHttpRequest/);
  });
});
