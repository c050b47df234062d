import { describe, expect, it } from 'vitest';
import {
  type DisbursementCandidate,
  inDisbursementWindow,
  matchDisbursement,
  payeeNamed,
} from './disbursement-match.ts';

const paidAt = '2026-11-20T03:00:00.000Z'; // 10:00 on 20 Nov in Vietnam
const line = {
  amount: 2_500_000,
  bookedAt: '2026-11-21T02:00:00.000Z',
  memo: 'CHI HO TRO NGUYEN THI BICH NGOC',
};
const ngoc: DisbursementCandidate = {
  id: 'db_ngoc',
  amount: 2_500_000,
  paidAt,
  payeeName: 'Bà Nguyễn Thị Bích Ngọc',
};

describe('inDisbursementWindow', () => {
  it('takes bookings from 3 Vietnam days before paidAt to 10 after, whatever the hour', () => {
    expect(inDisbursementWindow(paidAt, '2026-11-16T17:00:00.000Z')).toBe(true); // 17 Nov 00:00
    expect(inDisbursementWindow(paidAt, '2026-11-16T16:59:59.000Z')).toBe(false); // 16 Nov 23:59
    expect(inDisbursementWindow(paidAt, '2026-11-30T16:59:59.000Z')).toBe(true); // 30 Nov 23:59
    expect(inDisbursementWindow(paidAt, '2026-11-30T17:00:00.000Z')).toBe(false); // 1 Dec 00:00
  });

  it('takes no unreadable instant', () => {
    expect(inDisbursementWindow('soon', line.bookedAt)).toBe(false);
  });
});

describe('payeeNamed', () => {
  it('finds the name without diacritics, in any case, with spaces put inside it', () => {
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['chi tien nguyen thi bich ngoc dot 2'])).toBe(true);
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['CHI TIEN NGUYE N THI BICH NGOC'])).toBe(true);
    expect(payeeNamed('Đỗ Văn Đạt', ['CK DO VAN DAT'])).toBe(true);
  });

  it('finds it in the counterpart name when the memo does not hold it', () => {
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['HO TRO DOT 2', 'NGUYEN THI BICH NGOC'])).toBe(true);
  });

  it('takes a name the bank cut where the text ends, keeping the first word and half of it', () => {
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['NGUYEN THI BICH NG'])).toBe(true);
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['CHI TIEN NGUYEN THI B'])).toBe(true);
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['CHI TIEN NGUYEN T'])).toBe(false);
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['NGUYEN THI BICH NG DOT 2'])).toBe(false);
  });

  it('takes a name written without its form of address', () => {
    expect(payeeNamed('Bà Nguyễn Thị Bích Ngọc', ['NGUYEN THI BICH NGOC'])).toBe(true);
    expect(payeeNamed('Ông Lê Văn Tám', ['LE VAN TAM'])).toBe(true);
  });

  it('does not take another person, nor an empty name', () => {
    expect(payeeNamed('Nguyễn Thị Bích Ngọc', ['NGUYEN THI BICH HA'])).toBe(false);
    expect(payeeNamed('Trần Văn Hùng', ['CHI HO TRO NGUYEN THI BICH NGOC', undefined])).toBe(false);
    expect(payeeNamed('  ', ['ANYTHING'])).toBe(false);
  });
});

describe('matchDisbursement', () => {
  it('matches the one disbursement with the same amount, in the window, naming the payee', () => {
    // Act
    const result = matchDisbursement(line, [
      ngoc,
      { ...ngoc, id: 'db_other_amount', amount: 2_400_000 },
      { ...ngoc, id: 'db_too_early', paidAt: '2026-11-01T03:00:00.000Z' },
    ]);
    // Assess
    expect(result).toEqual({ match: 'db_ngoc', candidates: ['db_ngoc'] });
  });

  it('matches on the counterpart name when the memo names no one', () => {
    const result = matchDisbursement(
      { ...line, memo: 'HO TRO DOT 2', counterpartName: 'NGUYEN THI BICH NGOC' },
      [ngoc],
    );
    expect(result.match).toBe('db_ngoc');
  });

  it('does not match without the payee, but offers the amount-and-date candidate', () => {
    const result = matchDisbursement({ ...line, memo: 'CHI HO TRO DOT 2' }, [ngoc]);
    expect(result).toEqual({ candidates: ['db_ngoc'] });
  });

  it('does not match on a different amount or outside the window, and offers nothing', () => {
    expect(matchDisbursement({ ...line, amount: 2_500_001 }, [ngoc])).toEqual({ candidates: [] });
    expect(matchDisbursement({ ...line, bookedAt: '2026-12-05T03:00:00.000Z' }, [ngoc])).toEqual({
      candidates: [],
    });
    expect(matchDisbursement(line, [])).toEqual({ candidates: [] });
  });

  it('does not match when two disbursements fit all three, and ranks them nearest first', () => {
    // Prepare: the same person paid the same amount twice
    const second = { ...ngoc, id: 'db_ngoc_2', paidAt: '2026-11-21T01:00:00.000Z' };
    // Act
    const result = matchDisbursement(line, [ngoc, second]);
    // Assess
    expect(result).toEqual({ candidates: ['db_ngoc_2', 'db_ngoc'] });
  });

  it('matches the one naming the payee among several of the same amount, and ranks the rest after it', () => {
    // Prepare
    const hung = { ...ngoc, id: 'db_hung', payeeName: 'Trần Văn Hùng', paidAt: line.bookedAt };
    const lan = { ...ngoc, id: 'db_lan', payeeName: 'Phạm Thị Lan' };
    // Act
    const result = matchDisbursement(line, [hung, lan, ngoc]);
    // Assess: the payee named comes first, then amount-and-date ones nearest in time first
    expect(result).toEqual({ match: 'db_ngoc', candidates: ['db_ngoc', 'db_hung', 'db_lan'] });
  });

  it('offers amount-and-date candidates, nearest first, when none names the payee', () => {
    const hung = { ...ngoc, id: 'db_hung', payeeName: 'Trần Văn Hùng' };
    const lan = { ...ngoc, id: 'db_lan', payeeName: 'Phạm Thị Lan', paidAt: line.bookedAt };
    expect(matchDisbursement(line, [hung, lan])).toEqual({ candidates: ['db_lan', 'db_hung'] });
  });
});
