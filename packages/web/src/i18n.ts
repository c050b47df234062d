export type Lang = 'vi' | 'en';

const TEXT = {
  vi: {
    pledgeTitle: 'Cam kết ủng hộ',
    pledgeIntro:
      'Điền thông tin để cam kết ủng hộ quỹ. Bạn có thể chuyển khoản, trả bằng thẻ hoặc nộp tiền mặt cho thủ quỹ.',
    name: 'Tên doanh nghiệp, hộ gia đình hoặc cá nhân',
    kind: 'Là',
    kind_business: 'Doanh nghiệp',
    kind_household: 'Hộ gia đình, hộ kinh doanh',
    kind_individual: 'Cá nhân',
    kind_organisation: 'Tổ chức',
    showName: 'Hiện tên tôi trong danh sách công khai (nếu không, hiện "Ẩn danh")',
    taxCode: 'Mã số thuế (không bắt buộc)',
    email: 'Email để nhận biên nhận (không bắt buộc)',
    phone: 'Số điện thoại (không bắt buộc)',
    amount: 'Số tiền (đồng)',
    method: 'Cách trả',
    method_transfer: 'Chuyển khoản ngân hàng (VietQR)',
    method_card: 'Thẻ ngân hàng quốc tế',
    method_cash: 'Tiền mặt, nộp cho thủ quỹ',
    dueDate: 'Hạn trả (không bắt buộc)',
    message: 'Lời nhắn cho ban quản lý quỹ (không công khai)',
    submit: 'Gửi cam kết',
    privacy:
      'Số điện thoại, email và mã số thuế chỉ ban quản lý quỹ xem được và có thể xóa theo yêu cầu; chúng không bao giờ nằm trong sổ công khai.',
    fixErrors: 'Vui lòng sửa các mục được đánh dấu.',
    thanks: 'Cảm ơn bạn đã cam kết ủng hộ!',
    reference: 'Mã cam kết',
    transferTitle: 'Chuyển khoản',
    bank: 'Ngân hàng',
    accountNumber: 'Số tài khoản',
    accountName: 'Chủ tài khoản',
    memo: 'Nội dung chuyển khoản',
    scanQr: 'Quét mã bằng ứng dụng ngân hàng: số tiền và nội dung đã điền sẵn.',
    qrAlt: 'Mã VietQR chuyển khoản',
    cashNote:
      'Vui lòng nộp tiền mặt cho thủ quỹ và nêu mã cam kết; thủ quỹ sẽ ghi nhận và bạn nhận biên nhận trên trang cam kết.',
    manageLink:
      'Trang cam kết của bạn (lưu lại đường dẫn này; chỉ người có đường dẫn mới xem được)',
    status: 'Trạng thái',
    status_pledged: 'Đã cam kết, chưa trả',
    status_partially_paid: 'Đã trả một phần',
    status_paid: 'Đã thanh toán',
    status_cancelled: 'Đã hủy',
    pledged: 'Số cam kết',
    paid: 'Đã trả',
    outstanding: 'Còn lại',
    cancelledAmount: 'Đã hủy',
    payments: 'Các lần thanh toán',
    noPayments: 'Chưa có khoản thanh toán nào.',
    date: 'Ngày',
    via: 'Hình thức',
    via_cash: 'Tiền mặt',
    via_transfer: 'Chuyển khoản',
    via_card: 'Thẻ',
    seq: 'Số thứ tự trong sổ',
    hash: 'Mã băm (SHA-256)',
    receipt: 'Biên nhận',
    receiptFor: 'Quỹ đã nhận của',
    printReceipt: 'In biên nhận',
    verifyNote:
      'Mỗi khoản nằm trong sổ quỹ công khai với số thứ tự và mã băm trên; ai cũng có thể kiểm tra bằng công cụ xác minh.',
    cancel: 'Hủy phần chưa trả',
    cancelConfirm:
      'Hủy cam kết: phần chưa trả sẽ được xóa khỏi số cam kết (ghi vào sổ, không xóa dấu vết).',
    waitingCard: 'Đang chờ Stripe xác nhận thanh toán thẻ… Trang sẽ tự tải lại.',
    cardFailed: 'Thanh toán thẻ không thành công. Bạn có thể thử lại hoặc chuyển khoản.',
    payOutstanding: 'Chuyển khoản phần còn lại',
    payByCard: 'Trả bằng thẻ',
    notFoundTitle: 'Không tìm thấy',
    notFound: 'Không có trang này, hoặc đường dẫn không đúng.',
    errorTitle: 'Có lỗi xảy ra',
    error: 'Xin lỗi, đã có lỗi. Vui lòng thử lại sau.',
    other: 'English',
    closed: 'Quỹ hiện không nhận cam kết (ngoài thời gian tiếp nhận).',
  },
  en: {
    pledgeTitle: 'Pledge a gift',
    pledgeIntro:
      'Fill in the form to pledge to this fund. You can pay by bank transfer, by card, or in cash to the treasurer.',
    name: 'Name of the business, household or person',
    kind: 'You are',
    kind_business: 'A business',
    kind_household: 'A household or household business',
    kind_individual: 'An individual',
    kind_organisation: 'An organisation',
    showName: 'Show my name in the public list (otherwise "Ẩn danh", anonymous)',
    taxCode: 'Tax code (optional)',
    email: 'Email for your receipt (optional)',
    phone: 'Phone (optional)',
    amount: 'Amount (đồng)',
    method: 'How you will pay',
    method_transfer: 'Bank transfer (VietQR)',
    method_card: 'International card',
    method_cash: 'Cash, to the treasurer',
    dueDate: 'Pay by (optional)',
    message: 'A note to the fund managers (not public)',
    submit: 'Send pledge',
    privacy:
      'Phone, email and tax code are seen only by the fund managers and can be erased on request; they are never in the public journal.',
    fixErrors: 'Please correct the marked fields.',
    thanks: 'Thank you for your pledge!',
    reference: 'Pledge reference',
    transferTitle: 'Bank transfer',
    bank: 'Bank',
    accountNumber: 'Account number',
    accountName: 'Account name',
    memo: 'Transfer memo',
    scanQr: 'Scan with your banking app: amount and memo are filled in.',
    qrAlt: 'VietQR transfer code',
    cashNote:
      'Please pay the treasurer in cash and give your pledge reference; your receipt then appears on your pledge page.',
    manageLink: 'Your pledge page (keep this link; only people with it can see the page)',
    status: 'Status',
    status_pledged: 'Pledged, not paid',
    status_partially_paid: 'Partly paid',
    status_paid: 'Paid',
    status_cancelled: 'Cancelled',
    pledged: 'Pledged',
    paid: 'Paid',
    outstanding: 'Outstanding',
    cancelledAmount: 'Cancelled',
    payments: 'Payments',
    noPayments: 'No payment yet.',
    date: 'Date',
    via: 'Method',
    via_cash: 'Cash',
    via_transfer: 'Transfer',
    via_card: 'Card',
    seq: 'Journal seq',
    hash: 'Hash (SHA-256)',
    receipt: 'Receipt',
    receiptFor: 'The fund received from',
    printReceipt: 'Print receipt',
    verifyNote:
      'Each payment is in the public journal at the seq and hash shown; anyone can check them with the verifier.',
    cancel: 'Cancel what is not paid',
    cancelConfirm:
      'Cancelling withdraws the unpaid part of the pledge (recorded in the journal, nothing erased).',
    waitingCard: 'Waiting for Stripe to confirm the card payment… This page reloads by itself.',
    cardFailed: 'The card payment failed. You can try again or pay by transfer.',
    payOutstanding: 'Transfer what is outstanding',
    payByCard: 'Pay by card',
    notFoundTitle: 'Not found',
    notFound: 'There is no such page, or the link is not right.',
    errorTitle: 'Something went wrong',
    error: 'Sorry, something went wrong. Please try again later.',
    other: 'Tiếng Việt',
    closed: 'The fund is not taking pledges now (outside its receiving window).',
  },
} as const;

export type TextKey = keyof (typeof TEXT)['vi'];

export function t(lang: Lang, key: TextKey): string {
  return TEXT[lang][key];
}

export function langOf(query: Record<string, string | undefined> | undefined): Lang {
  return query?.lang === 'en' ? 'en' : 'vi';
}

/** What to show next to a form field whose value was refused. */
const FIELD_ERRORS: Record<Lang, Record<string, string>> = {
  vi: {
    name: 'Vui lòng nhập tên.',
    kind: 'Vui lòng chọn một mục.',
    taxCode: 'Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu "-" và 3 chữ số.',
    email: 'Email không đúng dạng.',
    phone: 'Số điện thoại Việt Nam, ví dụ 0912345678.',
    amount: 'Số tiền phải là số nguyên dương (đồng), ví dụ 500.000.',
    method: 'Vui lòng chọn cách trả.',
    dueDate: 'Ngày không đúng dạng.',
    message: 'Lời nhắn tối đa 500 ký tự.',
    card_amount_too_large:
      'Trả bằng thẻ tối đa 99.999.999 ₫ mỗi lần. Vui lòng chuyển khoản, hoặc chia thành nhiều cam kết nhỏ hơn.',
  },
  en: {
    name: 'Please give a name.',
    kind: 'Please choose one.',
    taxCode: 'A tax code is 10 digits, or 10 digits, "-" and 3 digits.',
    email: 'This is not an email address.',
    phone: 'A Vietnamese phone number, e.g. 0912345678.',
    amount: 'The amount must be a whole, positive number of đồng, e.g. 500.000.',
    method: 'Please choose how you will pay.',
    dueDate: 'This is not a date.',
    message: 'At most 500 characters.',
    card_amount_too_large:
      'A card payment can be at most 99.999.999 ₫. Please pay by bank transfer, or make several smaller pledges.',
  },
};

export function fieldError(lang: Lang, field: string): string {
  return (
    FIELD_ERRORS[lang][field] ??
    (lang === 'vi' ? 'Giá trị không hợp lệ.' : 'This value is not valid.')
  );
}
