import { describe, expect, it } from 'vitest';
import { fieldMessage, issueMessage, ledgerMessage } from './console-messages.ts';

/** The refusals a console form can meet, each with the structured details the core gives. */
const REFUSALS = [
  {
    code: 'insufficient_funds',
    details: { account: 'assets:cash', balance: 200_000, asked: 350_000 },
  },
  { code: 'already_decided' },
  { code: 'not_withdrawable', details: { status: 'rejected' } },
  { code: 'entry_not_reversible', details: { seq: 7, kind: 'reversal' } },
  { code: 'entry_not_found' },
  { code: 'self_approval' },
  { code: 'forbidden' },
  { code: 'pledge_not_found' },
  { code: 'pledge_closed', details: { status: 'cancelled' } },
  { code: 'invalid_amount' },
  { code: 'date_out_of_range', details: { field: 'paidAt' } },
  { code: 'future_date', details: { field: 'receivedAt', latest: '2026-11-23T10:05:00.000Z' } },
  { code: 'evidence_missing' },
  { code: 'idempotency_conflict' },
  { code: 'conflict' },
  { code: 'busy' },
  { code: 'invalid_entry', details: { field: 'category' } },
];

describe('ledgerMessage', () => {
  it.each(REFUSALS)('has its own sentence for $code in Vietnamese and in English', (refusal) => {
    // Act
    const vi = ledgerMessage('vi', { ...refusal, message: 'English words from the core' });
    const en = ledgerMessage('en', { ...refusal, message: 'English words from the core' });
    // Assess: not the catch-all (which names the code), not the core's sentence, not the same
    for (const text of [vi, en]) {
      expect(text).not.toContain(`(${refusal.code})`);
      expect(text).not.toContain('English words from the core');
    }
    expect(vi).not.toBe(en);
  });

  it('names the account, its balance and the amount asked, as people write money', () => {
    expect(ledgerMessage('vi', REFUSALS[0] as { code: string; details: unknown })).toMatch(
      /^Không đủ tiền trong quỹ tiền mặt: số dư còn 200\.000\u00a0₫, khoản này cần 350\.000\u00a0₫\./,
    );
  });

  it('says the latest acceptable time in Vietnam time for a future date', () => {
    const text = ledgerMessage('vi', REFUSALS[11] as { code: string; details: unknown });
    expect(text).toContain('muộn nhất 23/11/2026 17:05');
  });

  it('falls back to a sentence naming the code for one it does not know', () => {
    expect(ledgerMessage('vi', { code: 'brand_new_code', message: 'x' })).toContain(
      'Chưa ghi được (brand_new_code)',
    );
  });
});

describe('issueMessage', () => {
  it('says how long a text may be, and otherwise what to enter in the field', () => {
    expect(
      issueMessage('vi', 'receiptNo', { code: 'too_big', origin: 'string', maximum: 50 }),
    ).toBe('Quá dài: tối đa 50 ký tự.');
    expect(issueMessage('en', 'amount', { code: 'invalid_type' })).toBe(
      fieldMessage('en', 'amount'),
    );
    expect(issueMessage('vi', 'nothing-like-this', { code: 'custom' })).toBe(
      'Giá trị không hợp lệ: kiểm tra lại mục này.',
    );
  });
});
