import type { Lang } from './i18n.ts';

/**
 * The memos soquy itself writes into the journal (packages/ledger: card payments, Stripe fees and
 * refunds, overpayments, pledge cancellations, cash carried to or from the bank), in English. The
 * journal keeps the Vietnamese text (it is hashed); only the page shows the translation. Anything
 * else in a memo is somebody's own words (a reversal's reason, a spending's purpose, a bank
 * transfer's memo) and is shown as written.
 */
const SYSTEM_MEMOS: Record<string, string> = {
  'Phí thanh toán thẻ (Stripe)': 'Card payment fee (Stripe)',
  'Hoàn tiền thẻ cho người ủng hộ (Stripe)': 'Card refund to the donor (Stripe)',
  'Thanh toán thẻ không khớp cam kết nào': 'Card payment matching no pledge',
  'Hủy cam kết': 'Pledge cancelled',
  'Nộp tiền mặt vào tài khoản': 'Cash paid into the bank account',
  'Rút tiền mặt về quỹ': 'Cash drawn from the bank for the fund',
};

/** System memos carrying a value: the pledge reference of an overpayment. */
const SYSTEM_PATTERNS: { pattern: RegExp; en: (match: RegExpExecArray) => string }[] = [
  {
    pattern: /^Vượt số cam kết ([A-Z0-9]{1,40})$/u,
    en: (m) => `Paid beyond pledge ${m[1]}`,
  },
];

/** The names the system gives donors who chose not to be named. */
const SYSTEM_NAMES: Record<string, string> = { 'Ẩn danh': 'Anonymous' };

/** Whether a memo is one soquy wrote (not a person's words). */
export function isSystemMemo(memo: string): boolean {
  const text = memo.normalize('NFC');
  return text in SYSTEM_MEMOS || SYSTEM_PATTERNS.some((p) => p.pattern.test(text));
}

/**
 * An entry's memo as a reader in `lang` should see it: what the system wrote translated, what a
 * person wrote left exactly as written.
 */
export function memoText(lang: Lang, entry: { memo: string }): string {
  if (lang === 'vi' || entry.memo === '') return entry.memo;
  const text = entry.memo.normalize('NFC');
  const known = SYSTEM_MEMOS[text];
  if (known) return known;
  for (const { pattern, en } of SYSTEM_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return en(match);
  }
  return entry.memo;
}

/** A donor's public name in `lang`: "Ẩn danh" is the system's word, a chosen name stays. */
export function donorNameText(lang: Lang, displayName: string): string {
  if (lang === 'vi') return displayName;
  return SYSTEM_NAMES[displayName.normalize('NFC')] ?? displayName;
}
