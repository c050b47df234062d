import {
  type Disbursement,
  DONOR_KINDS,
  type Entry,
  type FundView,
  PAYEE_KINDS,
  vietnamDate,
} from '@soquy/ledger';
import { formatDate, formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, t } from '../i18n.ts';
import { adminFunds, at } from './admin-console.ts';
import { bankNav, bt } from './bank-console.ts';
import { periodCsvForm, periodCsvItem } from './console-downloads.ts';
import { cm, consoleTime, csvLinks } from './console-messages.ts';
import { entryList } from './fund.ts';
import { wt } from './witnesses-console.ts';

const TEXT = {
  vi: {
    console: 'Bảng điều khiển thủ quỹ',
    signIn: 'Đăng nhập',
    signInDev: 'Chạy thử trên máy: dán mã đăng nhập (tạo bằng lệnh bên dưới).',
    devToken: 'Mã đăng nhập (dev token)',
    signInCognito: 'Đăng nhập bằng tài khoản cán bộ',
    badToken: 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.',
    signOut: 'Đăng xuất',
    yourFunds: 'Các quỹ bạn quản lý',
    noFunds: 'Tài khoản này chưa được giao quỹ nào.',
    roles: 'Vai trò',
    treasurer: 'thủ quỹ',
    approver: 'người duyệt chi',
    receipt: 'Ghi nhận tiền vào',
    reference: 'Mã cam kết (để trống nếu không có cam kết)',
    donorName: 'Người nộp',
    donorKind: 'Loại',
    showName: 'Công khai tên',
    amount: 'Số tiền (đồng)',
    method: 'Hình thức',
    cash: 'Tiền mặt',
    transfer: 'Chuyển khoản',
    receivedAt: 'Ngày nhận',
    receiptNo: 'Số biên lai',
    bankRef: 'Mã giao dịch ngân hàng',
    record: 'Ghi vào sổ',
    spending: 'Ghi khoản chi (chờ duyệt)',
    category: 'Mục đích',
    payee: 'Người / đơn vị nhận',
    payeeKind: 'Loại người nhận',
    business: 'Doanh nghiệp',
    organisation: 'Tổ chức',
    individual: 'Cá nhân',
    purpose: 'Nội dung chi',
    paidAt: 'Ngày chi',
    files:
      'Hóa đơn, chứng từ (ảnh hoặc PDF; cả biểu mẫu tối đa 4 MB, tệp lớn hơn hãy tải lên qua API)',
    visibility: 'Chứng từ',
    public: 'Công khai',
    private: 'Chỉ cán bộ xem',
    submitSpending: 'Gửi duyệt',
    queue: 'Chờ duyệt',
    emptyQueue: 'Không có khoản chi nào chờ duyệt.',
    recordedBy: 'Người ghi',
    approve: 'Duyệt',
    reject: 'Từ chối',
    reason: 'Lý do',
    ownRecord: 'Bạn đã ghi khoản này: người khác phải duyệt.',
    reversal: 'Đảo bút toán (sửa sai, không xóa)',
    seq: 'Số thứ tự (seq) cần đảo',
    reverse: 'Đảo',
    journal: 'Sổ quỹ',
    done: 'Đã ghi.',
    fix: 'Vui lòng sửa các mục được đánh dấu.',
    evidence: 'chứng từ',
    invalid: 'Giá trị không hợp lệ.',
    received: 'Đã nhận',
    spent: 'Đã chi',
    balance: 'Còn trong quỹ',
    noReceipt: 'không có chứng từ',
    badDate: 'Ngày không có thật. Chọn ngày theo dạng ngày/tháng/năm, ví dụ 20/11/2026.',
    crossSite:
      'Biểu mẫu này không được gửi từ trang soquy nên đã bị từ chối. Hãy mở trang đăng nhập của soquy và thử lại.',
    signInFailed: 'Không đăng nhập được với mã Cognito gửi về. Vui lòng đăng nhập lại.',
    staleForm: 'Biểu mẫu đã cũ hoặc bị sửa. Vui lòng tải lại trang và nhập lại.',
  },
  en: {
    console: 'Treasurer console',
    signIn: 'Sign in',
    signInDev: 'Running locally: paste a sign-in token (made with the command below).',
    devToken: 'Sign-in token (dev token)',
    signInCognito: 'Sign in with your staff account',
    badToken: 'The token is not valid or has expired.',
    signOut: 'Sign out',
    yourFunds: 'Your funds',
    noFunds: 'This account has no fund yet.',
    roles: 'Roles',
    treasurer: 'treasurer',
    approver: 'approver',
    receipt: 'Record money received',
    reference: 'Pledge reference (empty for a gift without a pledge)',
    donorName: 'From',
    donorKind: 'Kind',
    showName: 'Show the name publicly',
    amount: 'Amount (đồng)',
    method: 'Method',
    cash: 'Cash',
    transfer: 'Transfer',
    receivedAt: 'Received on',
    receiptNo: 'Receipt number',
    bankRef: 'Bank transaction reference',
    record: 'Record',
    spending: 'Record spending (needs approval)',
    category: 'Purpose',
    payee: 'Paid to',
    payeeKind: 'Payee kind',
    business: 'Business',
    organisation: 'Organisation',
    individual: 'Individual',
    purpose: 'What for',
    paidAt: 'Paid on',
    files:
      'Invoices, receipts (photos or PDF; at most 4 MB for the whole form, upload larger files through the API)',
    visibility: 'Receipts are',
    public: 'Public',
    private: 'Staff only',
    submitSpending: 'Send for approval',
    queue: 'Waiting for approval',
    emptyQueue: 'Nothing is waiting for approval.',
    recordedBy: 'Recorded by',
    approve: 'Approve',
    reject: 'Reject',
    reason: 'Reason',
    ownRecord: 'You recorded this: someone else must approve it.',
    reversal: 'Reverse an entry (corrects, erases nothing)',
    seq: 'Seq of the entry to reverse',
    reverse: 'Reverse',
    journal: 'Journal',
    done: 'Recorded.',
    fix: 'Please correct the marked fields.',
    evidence: 'receipt',
    invalid: 'This value is not valid.',
    received: 'Received',
    spent: 'Spent',
    balance: 'In the fund',
    noReceipt: 'no receipt',
    badDate: 'There is no such day. Pick a date as day/month/year, e.g. 20/11/2026.',
    crossSite:
      'This form was not sent from a soquy page, so it was refused. Open the soquy sign-in page and try again.',
    signInFailed: 'Signing in with the code Cognito sent back failed. Please sign in again.',
    staleForm: 'This form is out of date or was changed. Reload the page and enter it again.',
  },
} as const;

type Key = keyof (typeof TEXT)['vi'];
export const ct = (lang: Lang, key: Key) => TEXT[lang][key];

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}
export const emptyForm = (): FormState => ({ values: {}, errors: {} });

/** Ids are prefixed by their form (`spending-amount`), since several forms share field names. */
function fieldName(id: string): string {
  return id.slice(id.indexOf('-') + 1);
}

function input(lang: Lang, form: FormState, id: string, label: Key, type = 'text', extra = '') {
  const name = fieldName(id);
  const error = form.errors[name];
  return html`<label for="${id}">${ct(lang, label)}</label>
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
<input type="${type}" id="${id}" name="${name}" value="${type === 'file' ? '' : (form.values[name] ?? '')}" ${trusted(extra)} ${error ? trusted(`aria-invalid="true" aria-describedby="${id}-error"`) : ''}>`;
}

function select(lang: Lang, form: FormState, id: string, label: Key, options: [string, string][]) {
  const name = fieldName(id);
  return html`<label for="${id}">${ct(lang, label)}</label>
${form.errors[name] ? html`<p class="error" id="${id}-error">${form.errors[name]}</p>` : ''}
<select id="${id}" name="${name}">${options.map(([value, text]) => html`<option value="${value}" ${form.values[name] === value ? html`selected` : ''}>${text}</option>`)}</select>`;
}

export function signInPage(
  lang: Lang,
  options: {
    mode: 'dev' | 'cognito';
    hostedUiUrl?: string;
    error?: string;
    devUser?: string;
    /** Just signed out: said so. */
    signedOut?: boolean;
  },
): SafeHtml {
  return html`<h1>${ct(lang, 'console')}</h1>
${options.signedOut && !options.error ? html`<p class="ok" role="status" id="signed-out">${at(lang, 'signedOut')}</p>` : ''}
${options.error ? html`<p class="alert" role="alert" id="sign-in-error">${options.error}</p>` : ''}
${
  options.mode === 'cognito'
    ? html`<p><a class="button" href="${options.hostedUiUrl ?? '#'}">${ct(lang, 'signInCognito')}</a></p>`
    : html`<p>${ct(lang, 'signInDev')}</p>
<pre class="mono">npm run token -- --role admin --user admin
npm run token -- --role treasurer --fund pu-trang --user lan
npm run token -- --user lan@example.vn</pre>
<form method="post" action="/console/sign-in">
<label for="token">${ct(lang, 'devToken')}</label>
<textarea id="token" name="token" rows="4" required></textarea>
<button type="submit">${ct(lang, 'signIn')}</button>
</form>
<h2>${at(lang, 'devUserTitle')}</h2>
<p class="note">${at(lang, 'devUserHint')}</p>
<form method="post" action="/console/sign-in${lang === 'en' ? '?lang=en' : ''}" id="dev-user-sign-in">
<label for="dev-user">${at(lang, 'devUser')}</label>
<input type="text" id="dev-user" name="user" autocomplete="username" value="${options.devUser ?? ''}" required>
<button type="submit">${at(lang, 'devUserButton')}</button>
</form>`
}`;
}

/**
 * The console's home: the funds this staff member works on, and for an administrator every
 * fund with its staff page. Signing out is in the bar every signed-in page shows.
 */
export function consoleHome(
  lang: Lang,
  title: string,
  funds: { fund: FundView; roles: string[] }[],
  /** Administrators see every fund and manage its staff. */
  allFunds: FundView[] | undefined,
  /** Administrators also see the bank notifications no fund owns. */
  isAdmin = false,
  /** Administrators register the witnesses whose cosignatures the log keeps. */
  manageWitnesses = false,
): SafeHtml {
  return html`<h1>${title}</h1>
${funds.length > 0 || !allFunds ? html`<h2>${ct(lang, 'yourFunds')}</h2>` : ''}
${funds.length === 0 ? (allFunds ? '' : html`<p>${ct(lang, 'noFunds')}</p>`) : html`<ul id="my-funds">${funds.map((f) => html`<li><a href="/console/f/${f.fund.id}${lang === 'en' ? '?lang=en' : ''}">${f.fund.name}</a> · ${ct(lang, 'roles')}: ${f.roles.map((r) => ct(lang, r as Key)).join(', ')} · ${formatVnd(f.fund.totals.balance)}</li>`)}</ul>`}
${allFunds ? adminFunds(lang, allFunds) : ''}
${isAdmin ? html`<p><a href="/console/bank/unrouted${lang === 'en' ? '?lang=en' : ''}" id="unrouted-link">${bt(lang, 'unrouted')}</a></p>` : ''}
${manageWitnesses ? html`<p><a href="/console/witnesses${lang === 'en' ? '?lang=en' : ''}" id="witnesses-link">${wt(lang, 'witnesses')}</a></p>` : ''}`;
}

export interface FundConsoleData {
  fund: FundView;
  user: string;
  isTreasurer: boolean;
  isApprover: boolean;
  /** The fund's treasurers and admins keep its cash contact and reminder schedule. */
  canEditSettings?: boolean;
  csrf: string;
  pending: Disbursement[];
  journal: Entry[];
  flash?: string;
  forms: { payment: FormState; spending: FormState; reversal: FormState };
  /** Bank lines waiting for review (shown in the fund's console links). */
  bankWaiting?: number;
  /** The signed-in treasurer's own requests still waiting for approval (they may withdraw them). */
  mine?: Disbursement[];
  /** A refused approval, rejection or withdrawal, shown on the request it was about. */
  itemError?: { id: string; message: string };
}

export function fundConsole(lang: Lang, d: FundConsoleData): SafeHtml {
  const { fund, forms } = d;
  const csrf = html`<input type="hidden" name="csrf" value="${d.csrf}">`;
  const today = vietnamDate(new Date().toISOString());
  const withDate = (form: FormState, name: string) => ({
    ...form,
    values: { [name]: today, ...form.values },
  });
  const payment = withDate(forms.payment, 'receivedAt');
  const spending = withDate(forms.spending, 'paidAt');
  const anyErrors = [forms.payment, forms.spending, forms.reversal].some(
    (f) => Object.keys(f.errors).length > 0,
  );
  // A request of one's own shows in the queue and in "mine": each copy has its own id.
  const itemError = (id: string, where = 'error') =>
    d.itemError?.id === id
      ? html`<p class="error" id="${where}-${id}">${d.itemError.message}</p>`
      : '';
  const mine = d.mine ?? [];
  // Forms post back to the page's language: a refusal is then shown in it too.
  const q = lang === 'en' ? '?lang=en' : '';
  return html`<h1>${fund.name}</h1>
<p class="note">${ct(lang, 'console')} · ${d.user} · <a href="/console">${ct(lang, 'yourFunds')}</a> · <a href="/f/${fund.id}">/f/${fund.id}</a></p>
${d.isTreasurer || d.canEditSettings ? html`<p class="note">${d.isTreasurer ? html`<a href="/console/f/${fund.id}/unpaid${q}" id="unpaid-link">${cm(lang, 'unpaidPage')}</a> · ` : ''}<a href="/console/f/${fund.id}/settings${q}" id="settings-link">${cm(lang, 'settingsPage')}</a></p>` : ''}
${d.bankWaiting !== undefined ? bankNav(lang, fund, d.bankWaiting) : ''}
${d.flash ? html`<p class="ok" role="status" id="flash">${d.flash}</p>` : ''}
${anyErrors ? html`<p class="alert" role="alert">${ct(lang, 'fix')}</p>` : ''}
${d.itemError ? html`<p class="alert" role="alert" id="item-alert">${d.itemError.message}</p>` : ''}
<p>${ct(lang, 'received')} ${formatVnd(fund.totals.received)} · ${ct(lang, 'spent')} ${formatVnd(fund.totals.spent)} · ${ct(lang, 'balance')} <strong>${formatVnd(fund.totals.balance)}</strong></p>
${
  d.isApprover
    ? html`<section><h2 id="queue">${ct(lang, 'queue')}</h2>
${
  d.pending.length === 0
    ? html`<p>${ct(lang, 'emptyQueue')}</p>`
    : d.pending.map(
        (p) => html`<div class="card pending" id="pending-${p.id}">
<p><strong>${formatVnd(p.amount)}</strong> · ${fund.categories.find((c) => c.id === p.category)?.name ?? p.category} · ${p.payee.name}</p>
<p>${p.purpose} · ${formatDate(p.paidAt)} · ${ct(lang, p.method)} · ${ct(lang, 'recordedBy')}: ${p.recordedBy}</p>
<p>${p.evidence.length === 0 ? html`<span class="badge cancelled">${ct(lang, 'noReceipt')}</span>` : p.evidence.map((digest, i) => html`<a href="/console/f/${fund.id}/evidence/${digest}">${ct(lang, 'evidence')} ${i + 1}</a> `)}</p>
${itemError(p.id)}
${
  p.recordedBy === d.user
    ? html`<p class="note">${ct(lang, 'ownRecord')}</p>`
    : html`<form method="post" action="/console/disbursements/${p.id}/approve${q}" class="inline">${csrf}<button type="submit">${ct(lang, 'approve')}</button></form>
<form method="post" action="/console/disbursements/${p.id}/reject${q}">${csrf}<label for="reason-${p.id}">${ct(lang, 'reason')}</label><input type="text" id="reason-${p.id}" name="reason" required maxlength="500"><button type="submit" class="secondary">${ct(lang, 'reject')}</button></form>`
}
</div>`,
      )
}</section>`
    : ''
}
${
  d.isTreasurer
    ? html`<section><h2 id="mine">${cm(lang, 'mine')}</h2>
${
  mine.length === 0
    ? html`<p>${cm(lang, 'mineEmpty')}</p>`
    : mine.map(
        (p) => html`<div class="card mine" id="mine-${p.id}">
<p><strong>${formatVnd(p.amount)}</strong> · ${fund.categories.find((c) => c.id === p.category)?.name ?? p.category} · ${p.payee.name}</p>
<p>${p.purpose} · ${ct(lang, 'paidAt')} ${formatDate(p.paidAt)} · ${cm(lang, 'sentAt')} ${consoleTime(lang, p.recordedAt)}</p>
${itemError(p.id, 'mine-error')}
<form method="post" action="/console/disbursements/${p.id}/withdraw${q}">${csrf}<button type="submit" class="secondary">${cm(lang, 'withdraw')}</button></form>
</div>`,
      )
}
<p class="note">${cm(lang, 'withdrawNote')}</p></section>
<section><h2 id="receipt">${ct(lang, 'receipt')}</h2>
<form method="post" action="/console/f/${fund.id}/payments${q}">${csrf}
<input type="hidden" name="key" value="${payment.values.key ?? crypto.randomUUID()}">
${input(lang, payment, 'payment-reference', 'reference')}
${input(lang, payment, 'payment-donorName', 'donorName')}
${select(
  lang,
  payment,
  'payment-donorKind',
  'donorKind',
  DONOR_KINDS.map((kind) => [kind, t(lang, `kind_${kind}`)]),
)}
<fieldset id="payment-showName"${payment.errors.showName ? trusted(' aria-describedby="payment-showName-error"') : ''}><legend>${cm(lang, 'showNameQuestion')}</legend>
${payment.errors.showName ? html`<p class="error" id="payment-showName-error">${payment.errors.showName}</p>` : ''}
<label><input type="radio" name="showName" value="1" ${payment.values.showName === '1' ? html`checked` : ''}> ${cm(lang, 'showNameYes')}</label>
<label><input type="radio" name="showName" value="0" ${payment.values.showName === '0' ? html`checked` : ''}> ${cm(lang, 'showNameNo')}</label>
</fieldset>
${input(lang, payment, 'payment-amount', 'amount', 'text', 'inputmode="numeric" required')}
${select(lang, payment, 'payment-method', 'method', [
  ['cash', ct(lang, 'cash')],
  ['transfer', ct(lang, 'transfer')],
])}
${input(lang, payment, 'payment-receivedAt', 'receivedAt', 'date', 'required')}
${input(lang, payment, 'payment-receiptNo', 'receiptNo')}
${input(lang, payment, 'payment-bankRef', 'bankRef')}
<button type="submit">${ct(lang, 'record')}</button>
</form></section>
<section><h2 id="spending">${ct(lang, 'spending')}</h2>
<form method="post" action="/console/f/${fund.id}/disbursements${q}" enctype="multipart/form-data">${csrf}
<input type="hidden" name="key" value="${spending.values.key ?? crypto.randomUUID()}">
${input(lang, spending, 'spending-amount', 'amount', 'text', 'inputmode="numeric" required')}
${select(
  lang,
  spending,
  'spending-category',
  'category',
  fund.categories.map((c) => [c.id, c.name]),
)}
${input(lang, spending, 'spending-payee', 'payee', 'text', 'required')}
${select(
  lang,
  spending,
  'spending-payeeKind',
  'payeeKind',
  PAYEE_KINDS.map((kind) => [kind, ct(lang, kind)]),
)}
${input(lang, spending, 'spending-purpose', 'purpose', 'text', 'required')}
${input(lang, spending, 'spending-paidAt', 'paidAt', 'date', 'required')}
${select(lang, spending, 'spending-method', 'method', [
  ['transfer', ct(lang, 'transfer')],
  ['cash', ct(lang, 'cash')],
])}
${input(lang, spending, 'spending-files', 'files', 'file', 'multiple accept="image/*,application/pdf"')}
${select(lang, spending, 'spending-visibility', 'visibility', [
  ['public', ct(lang, 'public')],
  ['private', ct(lang, 'private')],
])}
<button type="submit">${ct(lang, 'submitSpending')}</button>
</form></section>
<section><h2 id="reversal">${ct(lang, 'reversal')}</h2>
<form method="post" action="/console/f/${fund.id}/reversals${q}">${csrf}
${input(lang, forms.reversal, 'reversal-seq', 'seq', 'text', 'inputmode="numeric" required')}
${input(lang, forms.reversal, 'reversal-reason', 'reason', 'text', 'required maxlength="500"')}
<button type="submit" class="secondary">${ct(lang, 'reverse')}</button>
</form></section>`
    : ''
}
<section><h2 id="downloads">${cm(lang, 'downloads')}</h2>
<ul>${periodCsvItem(lang, fund.id, 'receipts', cm(lang, 'receiptsCsv'), today)}
${periodCsvItem(lang, fund.id, 'spending', cm(lang, 'spendingCsv'), today)}
${csvLinks(lang, fund.id, d.isTreasurer || d.isApprover, d.isTreasurer).map(([href, file, label]) => html`<li><a href="${href}" download="${file}">${label}</a></li>`)}</ul>
${periodCsvForm(lang, fund.id, { from: `${today.slice(0, 4)}-01-01`, to: today })}</section>
<h2>${ct(lang, 'journal')}</h2>
${entryList(lang, fund.id, d.journal)}`;
}
export * from './bank-console.ts';
export * from './console-downloads.ts';
export * from './console-messages.ts';
export * from './witnesses-console.ts';
