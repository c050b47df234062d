import { describe, expect, it } from 'vitest';
import { codePointLength, normalizeText, textProblems } from './text.ts';

describe('textProblems', () => {
  it('refuses control characters and text-direction marks, allowing a line feed only in a memo', () => {
    // Act / Assess
    for (const bad of [
      'a\u0000b',
      'a\u001bb',
      'a\u007fb',
      'a\u0085b',
      'a\u202eb',
      'a\u2067b',
      'a\u200fb',
    ]) {
      expect(textProblems(bad, { max: 50 }), JSON.stringify(bad)).toHaveLength(1);
      expect(textProblems(bad, { max: 50, multiline: true }), JSON.stringify(bad)).toHaveLength(1);
    }
    expect(textProblems('dòng 1\ndòng 2', { max: 50 })).toHaveLength(1);
    expect(textProblems('dòng 1\ndòng 2', { max: 50, multiline: true })).toEqual([]);
    expect(textProblems('a\tb', { max: 50, multiline: true })).toHaveLength(1);
  });

  it('refuses a lone surrogate, which has no UTF-8 form to hash', () => {
    expect(textProblems('a\ud800b', { max: 50 })).toHaveLength(1);
    expect(textProblems('a😀b', { max: 50 })).toEqual([]);
  });

  it('counts code points after NFC, not UTF-16 units', () => {
    // Prepare: 4 emoji are 8 UTF-16 units; "Ấ" typed decomposed is 3 code points, 1 after NFC
    expect(codePointLength('😀😀😀😀')).toBe(4);
    expect(textProblems('😀😀😀😀', { max: 4 })).toEqual([]);
    expect(textProblems('😀😀😀😀😀', { max: 4 })).toHaveLength(1);
    expect(codePointLength(normalizeText('A\u0302\u0301'))).toBe(1);
  });

  it('asks for NFC, and normalizeText gives it, with CR LF as LF', () => {
    expect(textProblems('Ho\u0323\u0302', { max: 10 })).toEqual(['must be in Unicode NFC form']);
    expect(normalizeText('Ho\u0323\u0302\r\nx\ry')).toBe('Hộ\nx\ny');
  });

  it('finds phone numbers, tax codes, account numbers and emails in public text only', () => {
    for (const text of [
      'gọi 0912345678',
      '0912 345 678',
      '0912.345.678',
      'MST 0101234567-001',
      'lan@example.vn',
    ]) {
      expect(textProblems(text, { max: 100, isPublic: true }), text).toHaveLength(1);
      expect(textProblems(text, { max: 100 }), text).toEqual([]);
    }
    for (const text of [
      'Hộ số 12',
      'Mua 2 camera 1.500.000',
      'Tổ 4, khu phố 3',
      'Thanh toán 150.000.000 đồng lắp camera',
      'Tạm ứng 1.250.000.000',
    ]) {
      expect(textProblems(text, { max: 100, isPublic: true }), text).toEqual([]);
    }
  });
});
