import { describe, expect, it } from 'vitest';
import { donorNameText, isSystemMemo, memoText } from './memos.ts';

describe('memoText', () => {
  it.each([
    ['Phí thanh toán thẻ (Stripe)', 'Card payment fee (Stripe)'],
    ['Hoàn tiền thẻ cho người ủng hộ (Stripe)', 'Card refund to the donor (Stripe)'],
    ['Thanh toán thẻ không khớp cam kết nào', 'Card payment matching no pledge'],
    ['Hủy cam kết', 'Pledge cancelled'],
    ['Nộp tiền mặt vào tài khoản', 'Cash paid into the bank account'],
    ['Rút tiền mặt về quỹ', 'Cash drawn from the bank for the fund'],
    ['Vượt số cam kết PT7K2Q', 'Paid beyond pledge PT7K2Q'],
  ])('shows what the system wrote ("%s") in English', (memo, english) => {
    // Act / Assess
    expect(memoText('en', { memo })).toBe(english);
    expect(memoText('vi', { memo })).toBe(memo);
    expect(isSystemMemo(memo)).toBe(true);
  });

  it('also knows a system memo written in decomposed Unicode (NFD)', () => {
    // Act / Assess
    expect(memoText('en', { memo: 'Phí thanh toán thẻ (Stripe)'.normalize('NFD') })).toBe(
      'Card payment fee (Stripe)',
    );
  });

  it.each([
    'Ủng hộ đợt 1\nCảm ơn tổ dân phố',
    'Ghi nhầm, đã trả lại',
    'Phí thanh toán thẻ (Stripe) tháng 11',
    'UNG HO PT7K2Q',
    '',
  ])('leaves a person\'s own words as written: "%s"', (memo) => {
    // Act / Assess
    expect(memoText('en', { memo })).toBe(memo);
    expect(isSystemMemo(memo)).toBe(false);
  });

  it('names anonymous donors in English, and keeps chosen names', () => {
    // Act / Assess
    expect(donorNameText('en', 'Ẩn danh')).toBe('Anonymous');
    expect(donorNameText('vi', 'Ẩn danh')).toBe('Ẩn danh');
    expect(donorNameText('en', 'Hiệu vàng Kim Tín')).toBe('Hiệu vàng Kim Tín');
  });
});
