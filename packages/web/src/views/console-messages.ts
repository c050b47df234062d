import { formatVietnamTime, formatVnd } from '../format.ts';
import type { Lang } from '../i18n.ts';

/**
 * What the console says when the core refuses something: one sentence in the page's language
 * that says what went wrong and what to do. Chosen by the error's stable `code` (and its
 * structured `details`), never by matching the core's English sentence, which may change.
 */

type Both = { vi: string; en: string };
type Details = Record<string, unknown>;

/** The money accounts as a treasurer calls them. */
const ACCOUNT_NAMES: Record<string, Both> = {
  'assets:bank': { vi: 'tài khoản ngân hàng của quỹ', en: "the fund's bank account" },
  'assets:cash': { vi: 'quỹ tiền mặt', en: 'the cash box' },
  'assets:stripe': { vi: 'số dư thẻ (Stripe)', en: 'the card (Stripe) balance' },
  'assets:pledges': { vi: 'số tiền cam kết còn nợ', en: 'what donors still owe' },
};

export function accountName(lang: Lang, account: string): string {
  return ACCOUNT_NAMES[account]?.[lang] ?? account;
}

const STATUS_WORDS: Record<string, Both> = {
  approved: { vi: 'đã được duyệt', en: 'was approved' },
  rejected: { vi: 'đã bị từ chối', en: 'was rejected' },
  reversed: { vi: 'đã bị đảo', en: 'was reversed' },
  withdrawn: { vi: 'đã được rút lại', en: 'was withdrawn' },
  cancelled: { vi: 'đã hủy', en: 'was cancelled' },
  paid: { vi: 'đã trả đủ', en: 'is fully paid' },
};
const statusWords = (lang: Lang, status: unknown) =>
  STATUS_WORDS[String(status)]?.[lang] ?? String(status);

const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/** A message per ledger error code; `details` are the error's structured fields. */
const LEDGER_MESSAGES: Record<string, (lang: Lang, d: Details) => string> = {
  insufficient_funds: (lang, d) => {
    const account = accountName(lang, String(d.account ?? ''));
    const balance = formatVnd(num(d.balance ?? d.available));
    const asked = formatVnd(num(d.asked ?? d.needed));
    return lang === 'en'
      ? `Not enough money in ${account}: its balance is ${balance}, and ${asked} is asked. Record the money that came in first (or carry cash to or from the bank), then approve again.`
      : `Không đủ tiền trong ${account}: số dư còn ${balance}, khoản này cần ${asked}. Hãy ghi các khoản tiền đã nhận (hoặc nộp/rút tiền mặt) trước, rồi duyệt lại.`;
  },
  already_decided: (lang) =>
    lang === 'en'
      ? 'This was already decided (approved, rejected or reversed) by someone else. Reload the page to see where it stands; nothing more was recorded.'
      : 'Việc này đã được người khác xử lý (duyệt, từ chối hoặc đảo). Tải lại trang để xem tình trạng; không ghi thêm gì.',
  not_withdrawable: (lang, d) =>
    d.status === 'approved'
      ? lang === 'en'
        ? `This spending was already approved${d.seq ? ` (entry ${d.seq})` : ''}, so it can no longer be withdrawn. To undo it, reverse its entry with a reason.`
        : `Khoản chi này đã được duyệt${d.seq ? ` (bút toán số ${d.seq})` : ''} nên không rút lại được nữa. Muốn sửa, hãy đảo bút toán đó và ghi lý do.`
      : lang === 'en'
        ? `This spending ${statusWords(lang, d.status)}, so there is nothing to withdraw.`
        : `Khoản chi này ${statusWords(lang, d.status)} nên không còn gì để rút lại.`,
  entry_not_reversible: (lang, d) =>
    d.kind === 'reversal'
      ? lang === 'en'
        ? `Entry ${num(d.seq)} is itself a reversal and cannot be reversed. If the money did move, record it again as a new entry.`
        : `Bút toán số ${num(d.seq)} là một bút toán đảo, không đảo lại được. Nếu tiền thực sự đã chuyển, hãy ghi lại thành một khoản mới.`
      : lang === 'en'
        ? `Entry ${num(d.seq)} records a pledge (a promise, not money), so it is not reversed. To take the promise back, cancel the pledge from its page; to undo money received, reverse the payment's entry.`
        : `Bút toán số ${num(d.seq)} là một cam kết (lời hứa, chưa phải tiền) nên không đảo được. Muốn bỏ cam kết, hãy hủy cam kết ở trang của nó; muốn sửa khoản tiền đã nhận, hãy đảo bút toán ghi tiền đó.`,
  entry_not_found: (lang) =>
    lang === 'en'
      ? 'There is no entry with this number in the journal. Check the seq in the journal below.'
      : 'Sổ quỹ không có bút toán với số thứ tự này. Kiểm tra lại số (seq) trong sổ quỹ bên dưới.',
  self_approval: (lang) =>
    lang === 'en'
      ? 'You recorded this yourself, so someone else must approve or reject it.'
      : 'Bạn đã ghi khoản này nên không tự duyệt hay từ chối được: một người duyệt khác phải quyết định.',
  forbidden: (lang) =>
    lang === 'en'
      ? 'Your account may not do this here. Ask an administrator if you need this role.'
      : 'Tài khoản của bạn không được làm việc này ở đây. Nếu cần, hãy nhờ quản trị viên cấp quyền.',
  disbursement_not_found: (lang) =>
    lang === 'en'
      ? 'This spending request does not exist (any more). Reload the page.'
      : 'Không tìm thấy khoản chi này. Vui lòng tải lại trang.',
  pledge_not_found: (lang) =>
    lang === 'en'
      ? 'The fund has no pledge with this reference. Check the reference (e.g. PT7K2Q), or leave it empty for a gift without a pledge.'
      : 'Quỹ không có cam kết với mã này. Kiểm tra lại mã (ví dụ PT7K2Q), hoặc để trống nếu là khoản ủng hộ không có cam kết.',
  pledge_closed: (lang, d) =>
    d.status === 'cancelled'
      ? lang === 'en'
        ? 'This pledge was cancelled. Record the money as a gift without a pledge (leave the reference empty).'
        : 'Cam kết này đã hủy. Hãy ghi khoản tiền như ủng hộ không có cam kết (để trống mã cam kết).'
      : lang === 'en'
        ? `This pledge ${statusWords(lang, d.status)}; nothing is outstanding on it.`
        : `Cam kết này ${statusWords(lang, d.status)}; không còn gì phải trả.`,
  invalid_amount: (lang) =>
    lang === 'en'
      ? 'Enter a whole number of đồng greater than 0, e.g. 500000 or 500.000.'
      : 'Nhập số tiền là số nguyên đồng lớn hơn 0, ví dụ 500000 hoặc 500.000.',
  date_out_of_range: (lang, d) => {
    const future = d.reason === 'future';
    if (lang === 'en')
      return future
        ? 'This date is in the future: money is recorded once it has moved. Pick the day it was received or paid.'
        : 'This date is in the future or long before the fund opened. Pick the day the money was actually received or paid (check the year).';
    return future
      ? 'Ngày này ở tương lai: chỉ ghi tiền khi tiền đã thực sự nhận hoặc chi. Chọn đúng ngày.'
      : 'Ngày này ở tương lai hoặc trước ngày quỹ mở quá lâu. Chọn đúng ngày tiền thực sự được nhận hoặc chi (kiểm tra lại năm).';
  },
  future_date: (lang, d) => {
    const latest = typeof d.latest === 'string' ? formatVietnamTime(d.latest, lang) : '';
    return lang === 'en'
      ? `This date is in the future: only money already received or paid is recorded. Pick the day it moved${latest ? ` (at the latest ${latest})` : ''}, or record it once it has.`
      : `Ngày này ở tương lai: chỉ ghi khoản tiền đã thực sự nhận hoặc chi. Chọn đúng ngày tiền đã chuyển${latest ? ` (muộn nhất ${latest})` : ''}, hoặc đợi tiền đã chuyển rồi hãy ghi.`;
  },
  evidence_missing: (lang) =>
    lang === 'en'
      ? 'Some receipt files were not uploaded. Choose the files again and resend the form.'
      : 'Một số tệp chứng từ chưa được tải lên. Chọn lại tệp rồi gửi lại biểu mẫu.',
  idempotency_conflict: (lang) =>
    lang === 'en'
      ? 'This form was already sent with other values. Reload the page and enter it again.'
      : 'Biểu mẫu này đã được gửi với nội dung khác. Tải lại trang rồi nhập lại.',
  conflict: (lang) =>
    lang === 'en'
      ? 'Someone else changed this at the same moment. Reload the page and try again.'
      : 'Có người vừa thay đổi mục này cùng lúc. Tải lại trang rồi thử lại.',
  busy: (lang) =>
    lang === 'en'
      ? 'The journal is busy right now. Wait a few seconds and send the form again.'
      : 'Sổ quỹ đang bận. Đợi vài giây rồi gửi lại biểu mẫu.',
  fund_not_found: (lang) =>
    lang === 'en' ? 'This fund does not exist.' : 'Không tìm thấy quỹ này.',
  fund_not_receiving: (lang) =>
    lang === 'en'
      ? 'The fund is not receiving money now (outside its receiving window).'
      : 'Quỹ hiện không nhận tiền (ngoài thời gian nhận của quỹ).',
  bank_line_exists: (lang) =>
    lang === 'en'
      ? 'The bank already told us of this transaction: it is in the review queue or the books, and is not recorded twice.'
      : 'Ngân hàng đã báo giao dịch này: nó đã có trong hàng chờ xem xét hoặc trong sổ, không ghi hai lần.',
};

/** What the console shows for a refused request, by its code; unknown codes get a safe sentence. */
export function ledgerMessage(
  lang: Lang,
  error: { code: string; message?: string; details?: unknown },
): string {
  const details = (
    typeof error.details === 'object' && error.details !== null ? error.details : {}
  ) as Details;
  const known = LEDGER_MESSAGES[error.code];
  if (known) return known(lang, details);
  if (error.code === 'invalid_entry' && typeof details.field === 'string')
    return fieldMessage(lang, details.field);
  return lang === 'en'
    ? `This was not recorded (${error.code}). Check the marked fields and try again; if it keeps failing, tell an administrator.`
    : `Chưa ghi được (${error.code}). Kiểm tra lại các mục được đánh dấu rồi thử lại; nếu vẫn lỗi, hãy báo quản trị viên.`;
}

/** What to enter in each console field, said when what was entered is refused. */
const FIELD_MESSAGES: Record<string, Both> = {
  amount: {
    vi: 'Nhập số tiền là số nguyên đồng lớn hơn 0, ví dụ 500000 hoặc 500.000.',
    en: 'Enter a whole number of đồng greater than 0, e.g. 500000 or 500.000.',
  },
  reference: {
    vi: 'Mã cam kết gồm 4–12 chữ và số, ví dụ PT7K2Q. Để trống nếu là khoản ủng hộ không có cam kết.',
    en: 'A pledge reference is 4–12 letters and digits, e.g. PT7K2Q. Leave it empty for a gift without a pledge.',
  },
  donorName: {
    vi: 'Nhập tên người nộp trên một dòng (tên sẽ được công khai nếu chọn): không ghi số điện thoại, email, mã số thuế hay số tài khoản.',
    en: "Enter the donor's name on one line (it is published if you choose so): no phone numbers, email addresses, tax codes or account numbers.",
  },
  donorKind: {
    vi: 'Chọn loại người nộp trong danh sách.',
    en: 'Choose the kind of donor from the list.',
  },
  showName: {
    vi: 'Chọn có công khai tên người nộp hay giữ ẩn danh.',
    en: "Choose whether to show the donor's name or keep it anonymous.",
  },
  method: {
    vi: 'Chọn hình thức: tiền mặt hoặc chuyển khoản.',
    en: 'Choose the method: cash or transfer.',
  },
  receivedAt: {
    vi: 'Chọn ngày nhận tiền (ngày/tháng/năm).',
    en: 'Pick the day the money was received (day/month/year).',
  },
  paidAt: {
    vi: 'Chọn ngày chi tiền (ngày/tháng/năm).',
    en: 'Pick the day the money was paid (day/month/year).',
  },
  receiptNo: {
    vi: 'Số biên lai tối đa 50 ký tự trên một dòng.',
    en: 'A receipt number is at most 50 characters on one line.',
  },
  bankRef: {
    vi: 'Mã giao dịch ngân hàng tối đa 100 ký tự trên một dòng.',
    en: 'A bank transaction reference is at most 100 characters on one line.',
  },
  category: {
    vi: 'Chọn mục đích chi trong danh sách của quỹ.',
    en: "Choose a purpose from the fund's list.",
  },
  payee: {
    vi: 'Nhập tên người hoặc đơn vị nhận trên một dòng (tên được công khai): không ghi số điện thoại, email, mã số thuế hay số tài khoản.',
    en: 'Enter who was paid, on one line (it is published): no phone numbers, email addresses, tax codes or account numbers.',
  },
  payeeKind: {
    vi: 'Chọn loại người nhận trong danh sách.',
    en: 'Choose the kind of payee from the list.',
  },
  purpose: {
    vi: 'Ghi nội dung chi (được công khai): không ghi số điện thoại, email, mã số thuế hay số tài khoản.',
    en: 'Say what the money was for (it is published): no phone numbers, email addresses, tax codes or account numbers.',
  },
  files: {
    vi: 'Chứng từ phải là ảnh (JPEG, PNG, WebP, HEIC) hoặc PDF, tối đa 10 tệp, cả biểu mẫu không quá 4 MB.',
    en: 'Receipts must be photos (JPEG, PNG, WebP, HEIC) or PDF, at most 10 files and 4 MB for the whole form.',
  },
  seq: {
    vi: 'Nhập số thứ tự (seq) của bút toán cần đảo, là số nguyên dương trong sổ quỹ bên dưới.',
    en: 'Enter the seq of the entry to reverse: a whole number from the journal below.',
  },
  reason: {
    vi: 'Ghi lý do (sẽ được công khai): không ghi số điện thoại, email, mã số thuế hay số tài khoản.',
    en: 'Give a reason (it is published): no phone numbers, email addresses, tax codes or account numbers.',
  },
};

export function fieldMessage(lang: Lang, field: string): string {
  return (
    FIELD_MESSAGES[field]?.[lang] ??
    (lang === 'en'
      ? 'This value is not valid: check it and try again.'
      : 'Giá trị không hợp lệ: kiểm tra lại mục này.')
  );
}

/** A schema issue (zod's) on a console field: too long says how long, the rest what to enter. */
export function issueMessage(
  lang: Lang,
  field: string,
  issue: { code: string; maximum?: unknown; origin?: unknown },
): string {
  if (issue.code === 'too_big' && issue.origin === 'string' && typeof issue.maximum === 'number') {
    return lang === 'en'
      ? `Too long: at most ${issue.maximum} characters.`
      : `Quá dài: tối đa ${issue.maximum} ký tự.`;
  }
  return fieldMessage(lang, field);
}

/** "23/11/2026 14:05" for the console's lists and files, in Vietnam time. */
export const consoleTime = (lang: Lang, iso: string) => formatVietnamTime(iso, lang);

/** The console's words for its lists, downloads and the withdraw button. */
const LIST_TEXT = {
  vi: {
    mine: 'Chờ duyệt của tôi',
    mineEmpty: 'Bạn không có khoản chi nào đang chờ duyệt.',
    sentAt: 'gửi lúc',
    withdraw: 'Rút lại yêu cầu',
    withdrawNote:
      'Chỉ rút lại được khi khoản chi chưa được duyệt hay từ chối. Rút lại không ghi gì vào sổ quỹ (khoản chờ duyệt chưa có trong sổ); yêu cầu vẫn được lưu với trạng thái "đã rút lại".',
    withdrawn: 'Đã rút lại yêu cầu chi.',
    showNameQuestion: 'Công khai tên người nộp? (bắt buộc chọn khi không có mã cam kết)',
    showNameYes: 'Công khai tên',
    showNameNo: 'Ẩn danh',
    downloads: 'Tải về (CSV, mở được bằng Excel)',
    receiptsCsv: 'Các khoản tiền vào',
    spendingCsv: 'Các khoản đã chi',
    pendingCsv: 'Các khoản chi chờ duyệt',
    queueCsv: 'Hàng chờ xem xét giao dịch ngân hàng',
    unpaidCsv: 'Cam kết chưa trả',
    unpaidPage: 'Cam kết chưa trả (nhắc người ủng hộ)',
    settingsPage: 'Cài đặt quỹ (liên hệ nộp tiền mặt, lịch nhắc)',
  },
  en: {
    mine: 'My requests waiting for approval',
    mineEmpty: 'You have no spending waiting for approval.',
    sentAt: 'sent',
    withdraw: 'Withdraw the request',
    withdrawNote:
      'A request can be withdrawn only before it is approved or rejected. Withdrawing writes nothing to the journal (a waiting request is not in it yet); the request is kept, marked "withdrawn".',
    withdrawn: 'The spending request was withdrawn.',
    showNameQuestion: "Show the donor's name? (required when there is no pledge reference)",
    showNameYes: 'Show the name',
    showNameNo: 'Anonymous',
    downloads: 'Downloads (CSV, opens in Excel)',
    receiptsCsv: 'Money received',
    spendingCsv: 'Spending',
    pendingCsv: 'Spending waiting for approval',
    queueCsv: 'Bank lines waiting for review',
    unpaidCsv: 'Unpaid pledges',
    unpaidPage: 'Unpaid pledges (remind donors)',
    settingsPage: 'Fund settings (cash contact, reminders)',
  },
} as const;

export type ListTextKey = keyof (typeof LIST_TEXT)['vi'];
export const cm = (lang: Lang, key: ListTextKey): string => LIST_TEXT[lang][key];

/**
 * The CSV lists of a fund's console that are not read by period: [href, file name, label]. The
 * money received and the spending come one period at a time (console-downloads.ts).
 */
export function csvLinks(
  lang: Lang,
  fundId: string,
  withQueue: boolean,
  withUnpaid = false,
): [string, string, string][] {
  const q = lang === 'en' ? '?lang=en' : '';
  const link = (list: string, key: ListTextKey): [string, string, string] => [
    `/console/f/${fundId}/${list}.csv${q}`,
    `${fundId}-${list}.csv`,
    cm(lang, key),
  ];
  return [
    link('pending', 'pendingCsv'),
    ...(withQueue ? [link('queue', 'queueCsv')] : []),
    ...(withUnpaid ? [link('unpaid', 'unpaidCsv')] : []),
  ];
}
