import type { PaymentMethod } from '@soquy/ledger';

/**
 * Every message is written twice, Vietnamese first and English below it: a donor's pledge does
 * not say which language they read, and most read Vietnamese.
 */
export type Lang = 'vi' | 'en';

export const METHOD: Record<PaymentMethod, Record<Lang, string>> = {
  cash: { vi: 'Tiền mặt', en: 'Cash' },
  transfer: { vi: 'Chuyển khoản', en: 'Bank transfer' },
  card: { vi: 'Thẻ', en: 'Card' },
};

const WORDS = {
  receiptSubject: { vi: 'Biên nhận đóng góp', en: 'Receipt' },
  receiptTitle: { vi: 'Biên nhận đóng góp', en: 'Donation receipt' },
  thanks: {
    vi: 'Quỹ đã nhận khoản đóng góp của bạn. Cảm ơn bạn!',
    en: 'The fund has received your contribution. Thank you!',
  },
  fund: { vi: 'Quỹ', en: 'Fund' },
  donor: { vi: 'Người đóng góp', en: 'Donor' },
  reference: { vi: 'Mã cam kết', en: 'Pledge reference' },
  amount: { vi: 'Số tiền', en: 'Amount' },
  method: { vi: 'Hình thức', en: 'Method' },
  receivedAt: { vi: 'Ngày nhận', en: 'Received' },
  seq: { vi: 'Số thứ tự trong sổ (seq)', en: 'Ledger entry (seq)' },
  hash: { vi: 'Mã băm (hash)', en: 'Entry hash' },
  pledged: { vi: 'Đã cam kết', en: 'Pledged' },
  paid: { vi: 'Đã đóng', en: 'Paid so far' },
  outstanding: { vi: 'Còn lại', en: 'Outstanding' },
  pledgePage: { vi: 'Trang cam kết của bạn', en: 'Your pledge page' },
  verify: {
    vi: 'Kiểm tra biên nhận trong sổ công khai',
    en: 'Check this receipt in the public ledger',
  },
  pdfNote: {
    vi: 'Biên nhận in được (PDF) đính kèm thư này.',
    en: 'A printable receipt (PDF) is attached.',
  },
  privateLink: {
    vi: 'Đường dẫn trang cam kết là riêng của bạn: đừng chia sẻ.',
    en: 'The pledge page link is yours alone: do not share it.',
  },
  approvalSubject: { vi: 'Khoản chi chờ duyệt', en: 'Spending awaits approval' },
  approvalIntro: {
    vi: 'Một khoản chi đang chờ bạn duyệt hoặc từ chối.',
    en: 'A disbursement is waiting for you to approve or reject it.',
  },
  payee: { vi: 'Người nhận', en: 'Payee' },
  purpose: { vi: 'Mục đích', en: 'Purpose' },
  category: { vi: 'Hạng mục', en: 'Category' },
  recordedBy: { vi: 'Người ghi', en: 'Recorded by' },
  recordedAt: { vi: 'Ghi lúc', en: 'Recorded at' },
  openConsole: { vi: 'Mở trang quản lý để duyệt', en: 'Open the console to decide' },
  reminderSubject: { vi: 'Nhắc cam kết đóng góp', en: 'Pledge reminder' },
  reminderIntro: {
    vi: 'Bạn đã cam kết đóng góp cho quỹ. Khoản còn lại có thể đóng bằng chuyển khoản (mã QR trên trang cam kết), thẻ hoặc tiền mặt.',
    en: 'You pledged to the fund. What is outstanding can be paid by bank transfer (QR code on your pledge page), card or cash.',
  },
  dueDate: { vi: 'Hạn đóng', en: 'Due date' },
  payNow: { vi: 'Mở trang cam kết để đóng (mã QR)', en: 'Open your pledge page to pay (QR code)' },
  unsubscribe: { vi: 'Không nhận nhắc nhở nữa', en: 'Stop these reminders' },
  unsubscribeNote: {
    vi: 'Bạn nhận thư này vì đã để lại email khi cam kết.',
    en: 'You get this because you gave your email address with your pledge.',
  },
} as const;

export type WordKey = keyof typeof WORDS;

export function w(lang: Lang, key: WordKey): string {
  return WORDS[key][lang];
}

/** "Vietnamese / English" for subjects and PDF labels. */
export function both(key: WordKey): string {
  return `${WORDS[key].vi} / ${WORDS[key].en}`;
}
