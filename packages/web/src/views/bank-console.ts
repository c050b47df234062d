import {
  type BankLine,
  type Disbursement,
  DONOR_KINDS,
  type StatementRecord,
  type StatementStatus,
  type UnroutedNotification,
} from '@soquy/ledger';
import { formatDate, formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, t } from '../i18n.ts';

/** The console's bank pages: statements, an import's progress, the review queue, cash, unrouted. */
const TEXT = {
  vi: {
    statements: 'Sao kê ngân hàng',
    queue: 'Chờ xử lý',
    upload: 'Tải sao kê lên',
    uploadHint:
      'Tệp sao kê tải từ ngân hàng (.xlsx, .xls, .csv, .html). Cùng một tệp chỉ được nhập một lần.',
    file: 'Tệp sao kê',
    uploadButton: 'Tải lên và nhập',
    hashing: 'Đang tính mã băm của tệp…',
    uploading: 'Đang tải tệp lên…',
    uploadFailed: 'Không tải được tệp lên. Vui lòng thử lại.',
    noFile: 'Vui lòng chọn tệp sao kê.',
    tooLarge:
      'Tệp lớn hơn giới hạn của biểu mẫu; hãy bật JavaScript để tải tệp lớn trực tiếp, hoặc tải lên qua API.',
    noStatements: 'Chưa nhập sao kê nào.',
    period: 'Kỳ',
    bank: 'Ngân hàng',
    status: 'Trạng thái',
    lines: 'Số dòng',
    matched: 'Tự khớp',
    unmatched: 'Chờ xử lý',
    duplicates: 'Trùng',
    tieOut: 'Đối chiếu',
    status_awaiting_upload: 'Chờ tải tệp lên',
    status_queued: 'Đang chờ nhập',
    status_importing: 'Đang nhập',
    status_done: 'Đã nhập xong',
    status_failed: 'Không nhập được',
    progress: 'Tiến độ nhập sao kê',
    processed: '{processed} / {lines} dòng',
    tied: 'Khớp: số dư ngân hàng {bank} = sổ quỹ {ledger}',
    difference: 'Chênh lệch {difference}: số dư ngân hàng {bank}, sổ quỹ {ledger}',
    at: 'đến hết ngày {date}',
    refreshing: 'Trang tự tải lại mỗi 2 giây cho đến khi nhập xong.',
    failed: 'Không nhập được tệp này.',
    back: 'Về trang sao kê',
    toQueue: 'Xem các giao dịch chờ xử lý',
    emptyQueue: 'Không có giao dịch nào chờ xử lý.',
    waitingCount: '{count} giao dịch chờ xử lý',
    when: 'Thời gian',
    direction: 'Chiều',
    in: 'Tiền vào',
    out: 'Tiền ra',
    amount: 'Số tiền',
    memo: 'Nội dung',
    counterpart: 'Bên chuyển / nhận',
    reason: 'Lý do chờ',
    since: 'Chờ từ',
    reference: 'Mã giao dịch',
    candidates: 'Gợi ý',
    pledge: 'Ghi vào cam kết',
    pledgeRef: 'Mã cam kết',
    pledgeOutstanding: 'còn lại',
    assign: 'Ghi vào cam kết này',
    assignRef: 'Ghi vào cam kết có mã này',
    gift: 'Ghi là khoản ủng hộ (không có cam kết)',
    donorName: 'Tên người ủng hộ',
    donorKind: 'Loại (không bắt buộc)',
    anyKind: '(không nêu)',
    showName: 'Hiện tên trong danh sách công khai',
    keepAnonymous: 'Giữ ẩn danh',
    recordGift: 'Ghi khoản ủng hộ',
    cashIn: 'Tiền mặt nộp vào tài khoản',
    cashOut: 'Rút tiền mặt về quỹ',
    cashButtonIn: 'Ghi là nộp tiền mặt',
    cashButtonOut: 'Ghi là rút tiền mặt',
    disbursement: 'Gắn với khoản chi',
    chooseDisbursement: 'Khoản chi chuyển khoản cùng số tiền',
    noDisbursement:
      'Không có khoản chi chuyển khoản nào cùng số tiền đang chờ duyệt hoặc đã duyệt.',
    link: 'Gắn khoản chi',
    queueCsv: 'Tải hàng chờ (CSV)',
    pending_approval: 'chờ duyệt',
    approved: 'đã duyệt',
    duplicate: 'Là bản sao của giao dịch khác',
    markCopy: 'Bản sao của giao dịch này',
    readOnly: 'Chỉ thủ quỹ của quỹ mới xử lý được các giao dịch; bạn xem ở chế độ chỉ đọc.',
    done_pledge: 'Đã ghi tiền vào cam kết.',
    done_gift: 'Đã ghi khoản ủng hộ.',
    done_cash: 'Đã ghi nộp/rút tiền mặt.',
    done_disbursement: 'Đã gắn giao dịch với khoản chi.',
    done_duplicate: 'Đã đánh dấu là bản sao; không ghi gì vào sổ.',
    done_transfer: 'Đã ghi nộp/rút tiền mặt vào sổ.',
    done_again: 'Giao dịch này đã được xử lý trước đó với đúng quyết định này; không ghi thêm gì.',
    transfer: 'Nộp/rút tiền mặt',
    transferHint:
      'Ghi khi mang tiền mặt của quỹ nộp vào tài khoản, hoặc rút từ tài khoản về quỹ tiền mặt; giao dịch ngân hàng tương ứng sẽ tự khớp.',
    transferDirection: 'Chiều',
    cashToBank: 'Nộp tiền mặt vào tài khoản',
    bankToCash: 'Rút từ tài khoản về tiền mặt',
    amountVnd: 'Số tiền (đồng)',
    day: 'Ngày',
    time: 'Giờ',
    transferMemo: 'Ghi chú (công khai, không bắt buộc)',
    record: 'Ghi vào sổ',
    unrouted: 'Giao dịch không rõ quỹ',
    unroutedHint:
      'Thông báo từ cổng ngân hàng cho số tài khoản không thuộc quỹ nào; không ghi vào sổ nào.',
    noUnrouted: 'Không có giao dịch nào.',
    home: 'Về bảng điều khiển',
    account: 'Số tài khoản',
    channel: 'Kênh',
    receivedAt: 'Nhận lúc',
    fix: 'Vui lòng sửa các mục được đánh dấu.',
    chooseShowName: 'Chọn "Hiện tên" hoặc "Giữ ẩn danh".',
    badAmount: 'Số tiền phải là số đồng nguyên: viết 1500000, 1.500.000 hoặc 1 500 000.',
    badDate: 'Ngày giờ không hợp lệ.',
    badMemo: 'Ghi chú không hợp lệ (tối đa 200 ký tự).',
    badDecision: 'Quyết định này không phù hợp với giao dịch.',
    staleForm: 'Biểu mẫu đã cũ hoặc bị sửa. Vui lòng tải lại trang và nhập lại.',
  },
  en: {
    statements: 'Bank statements',
    queue: 'To review',
    upload: 'Upload a statement',
    uploadHint:
      "The statement file from the bank's website (.xlsx, .xls, .csv, .html). The same file is imported once only.",
    file: 'Statement file',
    uploadButton: 'Upload and import',
    hashing: 'Computing the file’s hash…',
    uploading: 'Uploading the file…',
    uploadFailed: 'The upload failed. Please try again.',
    noFile: 'Please choose a statement file.',
    tooLarge:
      'The file is larger than the form takes; turn on JavaScript to upload large files directly, or use the API.',
    noStatements: 'No statement imported yet.',
    period: 'Period',
    bank: 'Bank',
    status: 'Status',
    lines: 'Lines',
    matched: 'Matched',
    unmatched: 'To review',
    duplicates: 'Copies',
    tieOut: 'Tie-out',
    status_awaiting_upload: 'Waiting for the file',
    status_queued: 'Queued',
    status_importing: 'Importing',
    status_done: 'Imported',
    status_failed: 'Failed',
    progress: 'Statement import',
    processed: '{processed} of {lines} lines',
    tied: 'Matches: bank balance {bank} = journal {ledger}',
    difference: 'Difference {difference}: bank balance {bank}, journal {ledger}',
    at: 'at the end of {date}',
    refreshing: 'This page reloads every 2 seconds until the import is done.',
    failed: 'This file could not be imported.',
    back: 'Back to the statements',
    toQueue: 'See the transactions to review',
    emptyQueue: 'Nothing is waiting for review.',
    waitingCount: '{count} transactions to review',
    when: 'When',
    direction: 'Direction',
    in: 'Money in',
    out: 'Money out',
    amount: 'Amount',
    memo: 'Memo',
    counterpart: 'Counterpart',
    reason: 'Why it waits',
    since: 'Waiting since',
    reference: 'Bank reference',
    candidates: 'Candidates',
    pledge: 'Pay a pledge',
    pledgeRef: 'Pledge reference',
    pledgeOutstanding: 'outstanding',
    assign: 'Pay this pledge',
    assignRef: 'Pay the pledge with this reference',
    gift: 'Record as a gift (no pledge)',
    donorName: "Donor's name",
    donorKind: 'Kind (optional)',
    anyKind: '(not said)',
    showName: 'Show the name in the public list',
    keepAnonymous: 'Keep anonymous',
    recordGift: 'Record the gift',
    cashIn: 'Cash deposited at the bank',
    cashOut: 'Cash drawn for the cash box',
    cashButtonIn: 'Record as a cash deposit',
    cashButtonOut: 'Record as a cash withdrawal',
    disbursement: 'Link to spending',
    chooseDisbursement: 'Transfer spending of the same amount',
    noDisbursement: 'No pending or approved transfer spending of this amount.',
    link: 'Link the spending',
    queueCsv: 'Download the queue (CSV)',
    pending_approval: 'pending approval',
    approved: 'approved',
    duplicate: 'A copy of another transaction',
    markCopy: 'A copy of this transaction',
    readOnly: "Only the fund's treasurers settle transactions; you see this page read-only.",
    done_pledge: 'Recorded as a payment on the pledge.',
    done_gift: 'Recorded as a gift.',
    done_cash: 'Recorded as cash to or from the bank.',
    done_disbursement: 'Linked to the spending.',
    done_duplicate: 'Marked as a copy; nothing written to the journal.',
    done_transfer: 'Cash to or from the bank recorded in the journal.',
    done_again:
      'This transaction was already settled with this very decision; nothing more was written.',
    transfer: 'Cash to or from the bank',
    transferHint:
      "Record cash from the fund's cash box paid into its account, or drawn from the account into the cash box; the bank's line will match it.",
    transferDirection: 'Direction',
    cashToBank: 'Cash paid into the account',
    bankToCash: 'Cash drawn from the account',
    amountVnd: 'Amount (đồng)',
    day: 'Date',
    time: 'Time',
    transferMemo: 'Note (public, optional)',
    record: 'Record',
    unrouted: 'Transactions for no fund',
    unroutedHint: 'Gateway notifications for account numbers no fund owns; they are in no journal.',
    noUnrouted: 'None.',
    home: 'Back to the console',
    account: 'Account',
    channel: 'Channel',
    receivedAt: 'Received',
    fix: 'Please correct the marked fields.',
    chooseShowName: 'Choose "Show the name" or "Keep anonymous".',
    badAmount: 'The amount must be whole đồng: write 1500000, 1.500.000 or 1 500 000.',
    badDate: 'This is not a valid date and time.',
    badMemo: 'This note is not valid (at most 200 characters).',
    badDecision: 'This decision does not fit the transaction.',
    staleForm: 'This form is out of date or was changed. Reload the page and enter it again.',
  },
} as const;

export type BankTextKey = keyof (typeof TEXT)['vi'];
export const bt = (lang: Lang, key: BankTextKey): string => TEXT[lang][key];
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) =>
    values[name] === undefined ? all : String(values[name]),
  );

/** An instant as dd/mm/yyyy hh:mm in Vietnam time (UTC+7, no daylight saving). */
export function formatDateTime(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3_600_000).toISOString();
  return `${formatDate(instant)} ${local.slice(11, 16)}`;
}

/** A statement's day (YYYY-MM-DD) as dd/mm/yyyy. */
const day = (value: string | undefined) =>
  value ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}` : '';

/** `?lang=en` for links and form actions under English pages. */
const suffix = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

export interface BankFund {
  id: string;
  name: string;
}

/** The fund's console links, with the number of lines waiting for review. */
export function bankNav(lang: Lang, fund: BankFund, waiting: number): SafeHtml {
  const q = suffix(lang);
  return html`<nav class="note" id="bank-nav"><a href="/console/f/${fund.id}${q}">${fund.name}</a> · <a href="/console/f/${fund.id}/bank${q}">${bt(lang, 'statements')}</a> · <a href="/console/f/${fund.id}/queue${q}" id="queue-link">${bt(lang, 'queue')} (<span id="queue-count">${waiting}</span>)</a></nav>`;
}

const statusText = (lang: Lang, status: StatementStatus) => bt(lang, `status_${status}`);

function tieOutText(lang: Lang, tieOut: NonNullable<StatementRecord['tieOut']>): string {
  const values = {
    bank: formatVnd(tieOut.bankBalance),
    ledger: formatVnd(tieOut.ledgerBalance),
    difference: formatVnd(tieOut.difference),
  };
  return fill(bt(lang, tieOut.difference === 0 ? 'tied' : 'difference'), values);
}

export interface FieldsState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface StatementsPageData {
  fund: BankFund;
  csrf: string;
  isTreasurer: boolean;
  waiting: number;
  statements: StatementRecord[];
  /** Files up to this size go through the form; larger ones straight to storage (with JS). */
  maxFormBytes: number;
  flash?: string;
  /** Why the uploaded file was refused. */
  uploadError?: string;
  transfer: FieldsState;
  /** Vietnam's today (YYYY-MM-DD), for the date field. */
  today: string;
}

/**
 * Uploads a file larger than the form takes the way evidence goes to storage: its SHA-256 in the
 * browser, the declaration to the console, a PUT to the answered URL, then the progress page.
 * Small files (and browsers without JavaScript) use the multipart form as it is.
 */
export const STATEMENT_UPLOAD_SCRIPT = `(()=>{const f=document.getElementById('statement-form');if(!f||!window.crypto||!crypto.subtle||!window.fetch)return;const s=document.getElementById('upload-status');f.addEventListener('submit',async(e)=>{const file=f.elements.file.files[0];if(!file||file.size<=Number(f.dataset.limit))return;e.preventDefault();try{s.textContent=f.dataset.hashing;const bytes=await file.arrayBuffer();const hex=[...new Uint8Array(await crypto.subtle.digest('SHA-256',bytes))].map((b)=>b.toString(16).padStart(2,'0')).join('');const r=await fetch(f.dataset.declare,{method:'POST',credentials:'same-origin',body:new URLSearchParams({csrf:f.elements.csrf.value,sha256:hex,size:String(file.size),fileName:file.name})});const j=await r.json();if(!r.ok)throw new Error(j.message);if(j.upload){s.textContent=f.dataset.uploading;const put=await fetch(j.upload.url,{method:'PUT',headers:j.upload.headers,body:bytes});if(!put.ok)throw new Error(f.dataset.failed);}location.href=j.progress;}catch(error){s.textContent=error.message||f.dataset.failed;}});})();`;

export function statementsPage(lang: Lang, d: StatementsPageData): SafeHtml {
  const q = suffix(lang);
  const csrf = html`<input type="hidden" name="csrf" value="${d.csrf}">`;
  const transferErrors = Object.keys(d.transfer.errors).length > 0;
  const v = (name: string, fallback = '') => d.transfer.values[name] ?? fallback;
  const fieldError = (name: string) =>
    d.transfer.errors[name]
      ? html`<p class="error" id="transfer-${name}-error">${d.transfer.errors[name]}</p>`
      : '';
  return html`<h1>${bt(lang, 'statements')} · ${d.fund.name}</h1>
${bankNav(lang, d.fund, d.waiting)}
${d.flash ? html`<p class="ok" role="status" id="flash">${d.flash}</p>` : ''}
${
  d.isTreasurer
    ? html`<section><h2 id="upload">${bt(lang, 'upload')}</h2>
<p class="note">${bt(lang, 'uploadHint')}</p>
${d.uploadError ? html`<p class="alert" role="alert" id="upload-error">${d.uploadError}</p>` : ''}
<form method="post" action="/console/f/${d.fund.id}/statements${q}" enctype="multipart/form-data" id="statement-form" data-limit="${d.maxFormBytes}" data-declare="/console/f/${d.fund.id}/statements/declare${q}" data-hashing="${bt(lang, 'hashing')}" data-uploading="${bt(lang, 'uploading')}" data-failed="${bt(lang, 'uploadFailed')}">${csrf}
<label for="statement-file">${bt(lang, 'file')}</label>
<input type="file" id="statement-file" name="file" required accept=".xlsx,.xls,.csv,.html,.htm">
<button type="submit">${bt(lang, 'uploadButton')}</button>
<p class="note" id="upload-status" role="status"></p>
</form>
<script>${trusted(STATEMENT_UPLOAD_SCRIPT)}</script></section>`
    : ''
}
<section><h2 id="statements">${bt(lang, 'statements')}</h2>
${
  d.statements.length === 0
    ? html`<p>${bt(lang, 'noStatements')}</p>`
    : html`<ol class="entries" id="statement-list">${d.statements.map(
        (
          s,
        ) => html`<li data-statement="${s.statementId}"><p class="line"><a href="/console/statements/${s.statementId}${q}">${s.from ? `${day(s.from)} – ${day(s.to)}` : (s.fileName ?? s.statementId)}</a> <span class="badge${s.status === 'failed' ? ' cancelled' : s.status === 'done' ? ' paid' : ''}">${statusText(lang, s.status)}</span></p>
<p class="note">${s.bank ? html`${bt(lang, 'bank')}: ${s.bank.toUpperCase()} · ` : ''}${s.lines !== undefined ? html`${bt(lang, 'lines')}: ${s.lines} · ` : ''}${bt(lang, 'matched')}: ${s.matched} · ${bt(lang, 'unmatched')}: ${s.unmatched} · ${bt(lang, 'duplicates')}: ${s.duplicates}</p>
${s.tieOut ? html`<p class="${s.tieOut.difference === 0 ? 'in' : 'out'}">${tieOutText(lang, s.tieOut)}</p>` : ''}</li>`,
      )}</ol>`
}</section>
${
  d.isTreasurer
    ? html`<section><h2 id="transfer">${bt(lang, 'transfer')}</h2>
<p class="note">${bt(lang, 'transferHint')}</p>
${transferErrors ? html`<p class="alert" role="alert">${bt(lang, 'fix')}</p>` : ''}
<form method="post" action="/console/f/${d.fund.id}/transfers${q}">${csrf}
<input type="hidden" name="key" value="${v('key') || crypto.randomUUID()}">
<fieldset><legend>${bt(lang, 'transferDirection')}</legend>
<label><input type="radio" name="direction" value="cash-to-bank" required ${v('direction') === 'cash-to-bank' ? html`checked` : ''}> ${bt(lang, 'cashToBank')}</label>
<label><input type="radio" name="direction" value="bank-to-cash" ${v('direction') === 'bank-to-cash' ? html`checked` : ''}> ${bt(lang, 'bankToCash')}</label>
${fieldError('direction')}</fieldset>
<label for="transfer-amount">${bt(lang, 'amountVnd')}</label>${fieldError('amount')}
<input type="text" id="transfer-amount" name="amount" inputmode="numeric" required value="${v('amount')}">
<label for="transfer-day">${bt(lang, 'day')}</label>${fieldError('occurredAt')}
<input type="date" id="transfer-day" name="day" required value="${v('day', d.today)}">
<label for="transfer-time">${bt(lang, 'time')}</label>
<input type="time" id="transfer-time" name="time" value="${v('time', '09:00')}">
<label for="transfer-memo">${bt(lang, 'transferMemo')}</label>${fieldError('memo')}
<input type="text" id="transfer-memo" name="memo" maxlength="200" value="${v('memo')}">
<button type="submit">${bt(lang, 'record')}</button>
</form></section>`
    : ''
}`;
}

export interface StatementProgressData {
  fund: BankFund;
  statement: StatementRecord;
  waiting: number;
  /** The failure in words (the code's sentence in the page's language). */
  errorText?: string;
}

/** Whether the import is still under way (the page then reloads itself). */
export const isImporting = (status: StatementStatus) =>
  status === 'awaiting_upload' || status === 'queued' || status === 'importing';

export function statementProgress(lang: Lang, d: StatementProgressData): SafeHtml {
  const { statement: s } = d;
  const q = suffix(lang);
  const total = s.lines ?? 0;
  return html`<h1>${bt(lang, 'progress')}</h1>
${bankNav(lang, d.fund, d.waiting)}
<p>${s.fileName ?? ''}${s.from ? html` · ${bt(lang, 'period')} ${day(s.from)} – ${day(s.to)}` : ''}${s.bank ? html` · ${s.bank.toUpperCase()}` : ''}</p>
<p>${bt(lang, 'status')}: <strong id="statement-status" data-status="${s.status}">${statusText(lang, s.status)}</strong></p>
<progress id="statement-progress" max="${Math.max(total, 1)}" value="${s.status === 'done' ? Math.max(total, 1) : s.processed}">${s.processed}/${total}</progress>
<p id="statement-counts">${fill(bt(lang, 'processed'), { processed: s.processed, lines: total })} · ${bt(lang, 'matched')}: <span id="count-matched">${s.matched}</span> · ${bt(lang, 'unmatched')}: <span id="count-unmatched">${s.unmatched}</span> · ${bt(lang, 'duplicates')}: <span id="count-duplicates">${s.duplicates}</span></p>
${s.tieOut ? html`<p id="statement-tie-out" class="${s.tieOut.difference === 0 ? 'ok' : 'alert'}">${tieOutText(lang, s.tieOut)} (${fill(bt(lang, 'at'), { date: day(s.to) })})</p>` : ''}
${s.status === 'failed' ? html`<div class="alert" role="alert" id="statement-error"><p><strong>${bt(lang, 'failed')}</strong> ${d.errorText ?? ''}</p>${s.error && s.error.message !== d.errorText ? html`<p class="note">${s.error.message}</p>` : ''}</div>` : ''}
${isImporting(s.status) ? html`<p class="note">${bt(lang, 'refreshing')}</p>` : ''}
<p>${s.status === 'done' && s.unmatched > 0 ? html`<a class="button" href="/console/f/${d.fund.id}/queue${q}">${bt(lang, 'toQueue')}</a> ` : ''}<a href="/console/f/${d.fund.id}/bank${q}">${bt(lang, 'back')}</a></p>`;
}

export interface PledgeCandidate {
  pledgeId: string;
  reference: string;
  donorName: string;
  outstanding: number;
}

export interface QueueItem {
  line: BankLine;
  pledges: PledgeCandidate[];
  /** The fund's pending or approved transfer spending of this amount, not linked yet. */
  disbursements: Disbursement[];
  /** Lines this one may copy. */
  copies: BankLine[];
}

export interface QueuePageData {
  fund: BankFund;
  csrf: string;
  isTreasurer: boolean;
  waiting: number;
  items: QueueItem[];
  flash?: string;
  /** A refused decision: which line, and why in words. */
  error?: { lineId?: string; message: string };
  /** The refused form's fields, to show them again. */
  values?: Record<string, string>;
}

function decisionForms(lang: Lang, d: QueuePageData, item: QueueItem, n: number): SafeHtml {
  const { line } = item;
  const q = suffix(lang);
  const action = `/console/f/${d.fund.id}/bank-lines/decision${q}`;
  const hidden = (kind: string) =>
    html`<input type="hidden" name="csrf" value="${d.csrf}"><input type="hidden" name="lineId" value="${line.lineId}"><input type="hidden" name="action" value="${kind}">`;
  const again = d.error?.lineId === line.lineId ? (d.values ?? {}) : {};
  const copies = item.copies.length
    ? html`<form method="post" action="${action}" class="decision" data-action="duplicate">${hidden('duplicate')}<p><strong>${bt(lang, 'duplicate')}</strong></p>${item.copies.map(
        (c) =>
          html`<p class="note">${formatDateTime(c.bookedAt)} · ${formatVnd(c.amount)} · ${c.memo}</p><button type="submit" class="secondary" name="of" value="${c.lineId}">${bt(lang, 'markCopy')}</button>`,
      )}</form>`
    : '';
  if (line.direction === 'out') {
    return html`<form method="post" action="${action}" class="decision" data-action="disbursement">${hidden('disbursement')}
<label for="disbursement-${n}">${bt(lang, 'disbursement')}</label>
${
  item.disbursements.length
    ? html`<select id="disbursement-${n}" name="disbursementId">${item.disbursements.map((x) => html`<option value="${x.id}">${formatDate(x.paidAt)} · ${formatVnd(x.amount)} · ${x.payee.name} · ${x.purpose} (${bt(lang, x.status === 'approved' ? 'approved' : 'pending_approval')})</option>`)}</select><button type="submit">${bt(lang, 'link')}</button>`
    : html`<p class="note" id="disbursement-${n}">${bt(lang, 'noDisbursement')}</p>`
}</form>
<form method="post" action="${action}" class="decision" data-action="cash">${hidden('cash')}<button type="submit" class="secondary">${bt(lang, 'cashButtonOut')}</button></form>
${copies}`;
  }
  return html`<form method="post" action="${action}" class="decision" data-action="pledge">${hidden('pledge')}
<p><strong>${bt(lang, 'pledge')}</strong></p>
${item.pledges.map(
  (p) =>
    html`<button type="submit" name="pledgeId" value="${p.pledgeId}" class="candidate">${p.reference} · ${p.donorName} · ${bt(lang, 'pledgeOutstanding')} ${formatVnd(p.outstanding)}</button> `,
)}
<label for="reference-${n}">${bt(lang, 'pledgeRef')}</label>
<input type="text" id="reference-${n}" name="reference" maxlength="12" autocomplete="off" value="${again.reference ?? ''}">
<button type="submit" class="secondary">${bt(lang, 'assignRef')}</button></form>
<form method="post" action="${action}" class="decision" data-action="gift">${hidden('gift')}
<p><strong>${bt(lang, 'gift')}</strong></p>
<label for="donor-${n}">${bt(lang, 'donorName')}</label>
<input type="text" id="donor-${n}" name="donorName" maxlength="200" value="${again.donorName ?? line.counterpart?.name ?? ''}">
<label for="kind-${n}">${bt(lang, 'donorKind')}</label>
<select id="kind-${n}" name="donorKind"><option value="">${bt(lang, 'anyKind')}</option>${DONOR_KINDS.map((kind) => html`<option value="${kind}" ${again.donorKind === kind ? html`selected` : ''}>${t(lang, `kind_${kind}`)}</option>`)}</select>
<fieldset><legend>${bt(lang, 'showName')}?</legend>
<label><input type="radio" name="showName" value="1" required> ${bt(lang, 'showName')}</label>
<label><input type="radio" name="showName" value="0"> ${bt(lang, 'keepAnonymous')}</label></fieldset>
<button type="submit">${bt(lang, 'recordGift')}</button></form>
<form method="post" action="${action}" class="decision" data-action="cash">${hidden('cash')}<button type="submit" class="secondary">${bt(lang, 'cashButtonIn')}</button></form>
${copies}`;
}

export function reviewQueue(lang: Lang, d: QueuePageData): SafeHtml {
  return html`<h1>${bt(lang, 'queue')} · ${d.fund.name}</h1>
${bankNav(lang, d.fund, d.waiting)}
${d.flash ? html`<p class="ok" role="status" id="flash">${d.flash}</p>` : ''}
${d.error ? html`<p class="alert" role="alert" id="decision-error">${d.error.message}</p>` : ''}
${d.isTreasurer ? '' : html`<p class="note">${bt(lang, 'readOnly')}</p>`}
<p>${fill(bt(lang, 'waitingCount'), { count: d.waiting })} · <a href="/console/f/${d.fund.id}/queue.csv${lang === 'en' ? '?lang=en' : ''}" download="${d.fund.id}-queue.csv" id="queue-csv">${bt(lang, 'queueCsv')}</a></p>
${
  d.items.length === 0
    ? html`<p id="queue-empty">${bt(lang, 'emptyQueue')}</p>`
    : d.items.map(
        (
          item,
          n,
        ) => html`<section class="card pending bank-line" id="line-${n}" data-line-id="${item.line.lineId}" data-direction="${item.line.direction}">
<p class="line"><span>${formatDateTime(item.line.bookedAt)} · ${bt(lang, item.line.direction)}</span> <strong class="${item.line.direction}">${item.line.direction === 'in' ? '+' : '−'}${formatVnd(item.line.amount)}</strong></p>
<dl>
<dt>${bt(lang, 'memo')}</dt><dd class="mono">${item.line.memo}</dd>
${item.line.counterpart?.name || item.line.counterpart?.account ? html`<dt>${bt(lang, 'counterpart')}</dt><dd>${[item.line.counterpart.name, item.line.counterpart.account, item.line.counterpart.bank].filter(Boolean).join(' · ')}</dd>` : ''}
<dt>${bt(lang, 'reason')}</dt><dd>${t(lang, `reason_${item.line.reason ?? 'no_reference'}`)}</dd>
<dt>${bt(lang, 'since')}</dt><dd>${formatDateTime(item.line.firstSeenAt)}</dd>
<dt>${bt(lang, 'reference')}</dt><dd class="mono">${item.line.refs.join(', ')}</dd>
</dl>
${d.isTreasurer ? decisionForms(lang, d, item, n) : readOnlyCandidates(lang, item)}
</section>`,
      )
}`;
}

function readOnlyCandidates(lang: Lang, item: QueueItem): SafeHtml | '' {
  if (item.pledges.length === 0 && item.disbursements.length === 0) return '';
  return html`<p class="note">${bt(lang, 'candidates')}: ${item.pledges.map((p) => `${p.reference} · ${p.donorName} · ${formatVnd(p.outstanding)}`).join('; ')}${item.disbursements.map((x) => `${formatVnd(x.amount)} · ${x.payee.name}`).join('; ')}</p>`;
}

export function unroutedPage(lang: Lang, items: UnroutedNotification[]): SafeHtml {
  return html`<h1>${bt(lang, 'unrouted')}</h1>
<p class="note">${bt(lang, 'unroutedHint')} · <a href="/console${suffix(lang)}">${bt(lang, 'home')}</a></p>
${
  items.length === 0
    ? html`<p>${bt(lang, 'noUnrouted')}</p>`
    : html`<ol class="entries" id="unrouted">${items.map(
        (u) =>
          html`<li><p class="line"><span>${formatDateTime(u.bookedAt)} · ${bt(lang, u.direction)}</span> <strong>${formatVnd(u.amount)}</strong></p><p class="note">${bt(lang, 'account')}: <span class="mono">${u.accountNumber}</span> · ${bt(lang, 'channel')}: ${u.channel} · ${bt(lang, 'receivedAt')}: ${formatDateTime(u.receivedAt)}</p></li>`,
      )}</ol>`
}`;
}
