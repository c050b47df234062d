import {
  type CashContact,
  DONOR_KINDS,
  type Fund,
  type PledgePaymentView,
  type PledgeView,
} from '@soquy/ledger';
import { formatVietnamTime, formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, type TextKey, t } from '../i18n.ts';
import { cashContactBlock } from './fund-settings.ts';

/** The pledge pages' own words (card retry, cancel confirmation, QR image), kept beside them. */
const TEXT = {
  vi: {
    saveQr: 'Lưu ảnh mã QR',
    saveQrHint:
      'Lưu ảnh rồi mở trong ứng dụng ngân hàng (Quét mã → Chọn ảnh) nếu bạn đang xem trên chính điện thoại đó.',
    checkoutCancelled:
      'Bạn đã rời trang thanh toán thẻ: chưa có khoản tiền nào bị trừ. Bạn có thể thử lại bằng thẻ, hoặc chuyển khoản bằng mã QR bên dưới.',
    payCardTitle: 'Trả bằng thẻ',
    tryCardAgain: 'Thử lại thanh toán thẻ',
    transferInstead: 'Hoặc chuyển khoản thay vì trả bằng thẻ',
    transferInsteadNote:
      'Chuyển khoản đúng số tiền và nội dung bên dưới; quỹ sẽ tự ghi nhận. Đừng trả cả hai cách.',
    cancelAsk: 'Hủy cam kết…',
    confirmTitle: 'Hủy cam kết này?',
    confirmBody:
      'Phần chưa trả ({amount}) sẽ được hủy. Việc hủy được ghi vào sổ quỹ công khai và không thể hoàn tác; các khoản đã trả vẫn giữ nguyên.',
    confirmCancel: 'Có, hủy phần chưa trả',
    keepPledge: 'Không, giữ cam kết',
    nothingToCancel: 'Cam kết này không còn phần nào chưa trả để hủy.',
  },
  en: {
    saveQr: 'Save QR image',
    saveQrHint:
      'Save the image, then open it in your banking app (Scan → choose image) if you are reading this on that same phone.',
    checkoutCancelled:
      'You left the card payment page: nothing was charged. You can try the card again, or transfer with the QR code below.',
    payCardTitle: 'Pay by card',
    tryCardAgain: 'Try the card payment again',
    transferInstead: 'Or pay by bank transfer instead',
    transferInsteadNote:
      'Transfer the amount with the memo below; the fund records it by itself. Do not pay both ways.',
    cancelAsk: 'Cancel the pledge…',
    confirmTitle: 'Cancel this pledge?',
    confirmBody:
      'What is not paid yet ({amount}) will be cancelled. The cancellation is recorded in the public journal and cannot be undone; payments already made stay.',
    confirmCancel: 'Yes, cancel what is not paid',
    keepPledge: 'No, keep my pledge',
    nothingToCancel: 'This pledge has nothing left unpaid to cancel.',
  },
} as const;

type PledgeTextKey = keyof (typeof TEXT)['vi'];
const pt = (lang: Lang, key: PledgeTextKey): string => TEXT[lang][key];

export interface PledgeFormState {
  values: Record<string, string>;
  /** Field name → message; `_form` for a message about the whole form. */
  errors: Record<string, string>;
  idempotencyKey: string;
}

const METHODS = ['transfer', 'card', 'cash'] as const;

function field(
  lang: Lang,
  name: string,
  key: Parameters<typeof t>[1],
  state: PledgeFormState,
  type = 'text',
  extra = '',
) {
  const error = state.errors[name];
  return html`<label for="${name}">${t(lang, key)}</label>
${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
<input type="${type}" id="${name}" name="${name}" value="${state.values[name] ?? ''}" ${trusted(extra)} ${error ? trusted(`aria-invalid="true" aria-describedby="${name}-error"`) : ''}>`;
}

export function pledgeForm(
  lang: Lang,
  fund: Fund,
  state: PledgeFormState,
  action: string,
): SafeHtml {
  const v = state.values;
  const method = v.method ?? 'transfer';
  return html`<h1>${t(lang, 'pledgeTitle')}: ${fund.name}</h1>
<p>${fund.owner}. ${t(lang, 'pledgeIntro')}</p>
${state.errors._form ? html`<p class="alert" role="alert">${state.errors._form}</p>` : Object.keys(state.errors).length ? html`<p class="alert" role="alert">${t(lang, 'fixErrors')}</p>` : ''}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="key" value="${state.idempotencyKey}">
${field(lang, 'name', 'name', state, 'text', 'required maxlength="200" autocomplete="organization"')}
<label for="kind">${t(lang, 'kind')}</label>
${state.errors.kind ? html`<p class="error">${state.errors.kind}</p>` : ''}
<select id="kind" name="kind">${DONOR_KINDS.map((k) => html`<option value="${k}" ${v.kind === k ? trusted('selected') : ''}>${t(lang, `kind_${k}`)}</option>`)}</select>
<label><input type="checkbox" name="showName" value="1" ${v.showName === '1' || v.showName === undefined ? trusted('checked') : ''}> ${t(lang, 'showName')}</label>
${field(lang, 'amount', 'amount', state, 'text', 'inputmode="numeric" required placeholder="500.000"')}
<fieldset><legend>${t(lang, 'method')}</legend>
${state.errors.method ? html`<p class="error">${state.errors.method}</p>` : ''}
${METHODS.map((m) => html`<label><input type="radio" name="method" value="${m}" ${method === m ? trusted('checked') : ''}> ${t(lang, `method_${m}`)}</label>`)}
</fieldset>
${field(lang, 'taxCode', 'taxCode', state, 'text', 'inputmode="numeric"')}
${field(lang, 'email', 'email', state, 'email', 'autocomplete="email"')}
${field(lang, 'phone', 'phone', state, 'tel', 'autocomplete="tel"')}
${field(lang, 'dueDate', 'dueDate', state, 'date')}
<label for="message">${t(lang, 'message')}</label>
${state.errors.message ? html`<p class="error">${state.errors.message}</p>` : ''}
<textarea id="message" name="message" rows="3" maxlength="500">${v.message ?? ''}</textarea>
<p class="note">${t(lang, 'privacy')}</p>
<button type="submit">${t(lang, 'submit')}</button>
</form>`;
}

export interface TransferDetails {
  bankName: string;
  accountNumber: string;
  accountName: string;
  amount: number;
  memo: string;
  vietqr: string;
  qrSvg: string;
}

/** The fund's account, the memo and the VietQR code; `qrPngUrl` offers the code as an image. */
export function transferBlock(
  lang: Lang,
  transfer: TransferDetails,
  qrPngUrl?: string,
  title: string = t(lang, 'transferTitle'),
): SafeHtml {
  return html`<section aria-labelledby="transfer-title" id="transfer">
<h2 id="transfer-title">${title}</h2>
<div class="qr" role="img" aria-label="${t(lang, 'qrAlt')}">${trusted(transfer.qrSvg)}</div>
<p class="note">${t(lang, 'scanQr')}</p>
<dl>
<dt>${t(lang, 'bank')}</dt><dd>${transfer.bankName}</dd>
<dt>${t(lang, 'accountNumber')}</dt><dd id="account-number">${transfer.accountNumber}</dd>
<dt>${t(lang, 'accountName')}</dt><dd>${transfer.accountName}</dd>
<dt>${t(lang, 'amount')}</dt><dd id="transfer-amount">${formatVnd(transfer.amount)}</dd>
<dt>${t(lang, 'memo')}</dt><dd id="transfer-memo">${transfer.memo}</dd>
</dl>
<p class="note mono" id="vietqr-payload">${transfer.vietqr}</p>
${
  qrPngUrl
    ? html`<p><a class="button" id="save-qr" href="${qrPngUrl}" download="${`vietqr-${transfer.memo.replace(/[^A-Za-z0-9]+/g, '-')}.png`}">${pt(lang, 'saveQr')}</a></p>
<p class="note">${pt(lang, 'saveQrHint')}</p>`
    : ''
}
</section>`;
}

export function pledgeCreated(
  lang: Lang,
  fund: Fund,
  result: {
    reference: string;
    amount: number;
    method: string;
    manageUrl: string;
    /** The VietQR code as a PNG download (GET /p/{pledgeId}/qr.png?t=…). */
    qrPngUrl?: string;
    /** Whom a cash donor pays, where and when (the fund's settings). */
    cashContact?: CashContact;
  },
  transfer?: TransferDetails,
): SafeHtml {
  return html`<h1>${t(lang, 'thanks')}</h1>
<p class="ok">${fund.name}: ${formatVnd(result.amount)}. ${t(lang, 'reference')}: <strong id="reference">${result.reference}</strong></p>
${transfer ? transferBlock(lang, transfer, result.qrPngUrl) : ''}
${result.method === 'cash' ? cashContactBlock(lang, result.cashContact, result.reference) : ''}
<h2>${t(lang, 'manageLink')}</h2>
<p><a id="manage-link" href="${result.manageUrl}">${result.manageUrl}</a></p>`;
}

/** What became of a payment: refunded by card (in full or in part), reversed, or kept. */
function paymentState(p: PledgePaymentView): TextKey | undefined {
  if (p.refunded > 0) {
    return p.refunded + p.reversed >= p.amount ? 'paymentRefunded' : 'paymentPartlyRefunded';
  }
  return p.reversed > 0 ? 'paymentReversed' : undefined;
}

/** A payment's place in the transparency log, as its receipt prints it. */
export interface PaymentProof {
  /** The verification page with this receipt's values (absolute: the QR code holds it). */
  verifyUrl: string;
  /** The receipt JSON (`/funds/{fundId}/receipts/{seq}`). */
  receiptUrl: string;
  /** The QR code of `verifyUrl`, as SVG. */
  qrSvg: string;
  /** The checkpoint the payment is included under; absent while none covers it yet. */
  checkpoint?: { size: number; root: string; proof: string[] };
}

/** The first 12 characters of a base64 root: enough to compare by eye. */
export const shortRoot = (root: string) => `${root.slice(0, 12)}…`;

function proofBlock(lang: Lang, seq: number, proof: PaymentProof): SafeHtml {
  const checkpoint = proof.checkpoint;
  return html`<div class="proof-block" id="proof-${seq}">
<h4>${t(lang, 'proofTitle')}</h4>
${
  checkpoint
    ? html`<dl>
<dt>${t(lang, 'checkpointLabel')}</dt><dd class="checkpoint" data-size="${checkpoint.size}" data-root="${checkpoint.root}">${t(lang, 'checkpointOf').replace('{size}', String(checkpoint.size)).replace('{root}', shortRoot(checkpoint.root))}</dd>
</dl>
<details class="proof-hashes"><summary>${t(lang, 'proofHashes').replace('{count}', String(checkpoint.proof.length))}</summary>
${checkpoint.proof.length ? html`<ol class="proof mono">${checkpoint.proof.map((h) => html`<li>${h}</li>`)}</ol>` : html`<p class="note">${t(lang, 'proofNone')}</p>`}
</details>`
    : html`<p class="note waiting-checkpoint" id="waiting-checkpoint-${seq}">${t(lang, 'waitingCheckpoint')}</p>`
}
<div class="sheet-foot">
<div class="qr small" role="img" aria-label="${t(lang, 'qrVerifyAlt')}">${trusted(proof.qrSvg)}</div>
<p class="note"><a class="verify-link" href="${proof.verifyUrl}">${t(lang, 'verifyLink')}</a>${checkpoint ? html`<br><a class="receipt-json noprint" href="${proof.receiptUrl}" download>${t(lang, 'receiptJson')}</a>` : ''}</p>
</div>
</div>`;
}

/** One payment's printable receipt; a refunded or reversed one says so, with the amount. */
function paymentReceipt(
  lang: Lang,
  fund: Fund,
  pledge: PledgeView,
  p: PledgePaymentView,
  proof: PaymentProof | undefined,
) {
  const state = paymentState(p);
  return html`<div class="receipt" id="receipt-${p.seq}">
<h3>${t(lang, 'receipt')} · ${fund.name}</h3>
${state ? html`<p><span class="badge cancelled" id="payment-state-${p.seq}">${t(lang, state)}</span></p>` : ''}
<p>${fund.owner}</p>
<dl>
<dt>${t(lang, 'receiptFor')}</dt><dd>${pledge.donorName}</dd>
<dt>${t(lang, 'amount')}</dt><dd class="amount">${formatVnd(p.amount)}</dd>
${p.refunded > 0 ? html`<dt>${t(lang, 'refundedAmount')}</dt><dd class="amount refunded">${formatVnd(p.refunded)}</dd>` : ''}
${p.reversed > 0 ? html`<dt>${t(lang, 'reversedAmount')}</dt><dd class="amount reversed">${formatVnd(p.reversed)}</dd>` : ''}
<dt>${t(lang, 'date')}</dt><dd>${formatVietnamTime(p.receivedAt, lang)}</dd>
<dt>${t(lang, 'via')}</dt><dd>${t(lang, `via_${p.method}`)}${p.receiptNo ? ` · ${p.receiptNo}` : ''}${p.bankRef ? ` · ${p.bankRef}` : ''}</dd>
<dt>${t(lang, 'reference')}</dt><dd>${pledge.reference}</dd>
<dt>${t(lang, 'seq')}</dt><dd class="seq">${p.seq}</dd>
<dt>${t(lang, 'hash')}</dt><dd class="mono hash">${p.hash}</dd>
</dl>
${p.receipt === 'matches' ? '' : html`<p class="alert" id="receipt-mismatch-${p.seq}" role="alert">${t(lang, p.receipt === 'mismatch' ? 'receiptMismatch' : 'receiptMissing').replace('{seq}', String(p.seq))}</p>`}
${proof ? proofBlock(lang, p.seq, proof) : ''}
<p class="note">${t(lang, 'verifyNote')}${state ? ` ${t(lang, 'refundNote')}` : ''} <a class="receipt-check" href="/f/${fund.id}?seq=${p.seq}&amp;hash=${p.hash}#receipt-check">${t(lang, 'receiptCheckTitle')}</a></p>
</div>`;
}

export function pledgeStatus(
  lang: Lang,
  fund: Fund,
  pledge: PledgeView,
  options: {
    token: string;
    waitingForCard: boolean;
    transfer?: TransferDetails;
    /** GET: the confirmation page of a cancellation (the manage token in its query). */
    cancelAction: string;
    /** Each payment's proof in the transparency log, by seq. */
    proofs?: ReadonlyMap<number, PaymentProof>;
    /** The VietQR code as a PNG download. */
    qrPngUrl?: string;
    /** POST: a new try at the card checkout (a card pledge nothing was paid on yet). */
    cardRetryAction?: string;
    /** Back from Stripe Checkout without paying. */
    checkoutCancelled?: boolean;
    /** Whom a cash donor pays (the fund's settings); shown on an open cash pledge. */
    cashContact?: CashContact;
  },
): SafeHtml {
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  const cardRetry = open && options.cardRetryAction !== undefined;
  return html`<h1>${fund.name}</h1>
<p>${t(lang, 'reference')}: <strong>${pledge.reference}</strong> · ${pledge.donorName}</p>
<p>${t(lang, 'status')}: <span class="badge ${pledge.status}" id="pledge-status">${t(lang, `status_${pledge.status}`)}</span></p>
${options.waitingForCard ? html`<p class="note" role="status">${t(lang, 'waitingCard')}</p>` : ''}
${options.checkoutCancelled && cardRetry ? html`<p class="alert" role="status" id="checkout-cancelled">${pt(lang, 'checkoutCancelled')}</p>` : ''}
${pledge.lastCardFailure && open ? html`<p class="alert">${t(lang, 'cardFailed')}</p>` : ''}
<table><tbody>
<tr><th>${t(lang, 'pledged')}</th><td class="num" id="pledge-amount">${formatVnd(pledge.amount)}</td></tr>
<tr><th>${t(lang, 'paid')}</th><td class="num" id="pledge-paid">${formatVnd(pledge.paid)}</td></tr>
${pledge.refunded > 0 ? html`<tr><th>${t(lang, 'refundedAmount')}</th><td class="num" id="pledge-refunded">${formatVnd(pledge.refunded)}</td></tr>` : ''}
${pledge.cancelled > 0 ? html`<tr><th>${t(lang, 'cancelledAmount')}</th><td class="num">${formatVnd(pledge.cancelled)}</td></tr>` : ''}
<tr><th>${t(lang, 'outstanding')}</th><td class="num" id="pledge-outstanding">${formatVnd(pledge.outstanding)}</td></tr>
</tbody></table>
${
  cardRetry
    ? html`<section aria-labelledby="card-title" class="noprint"><h2 id="card-title">${pt(lang, 'payCardTitle')}</h2>
<form method="post" action="${options.cardRetryAction}" id="card-retry">
<input type="hidden" name="t" value="${options.token}">
<button type="submit">${pt(lang, 'tryCardAgain')}</button>
</form></section>`
    : ''
}
${
  open && options.transfer
    ? html`${cardRetry ? html`<p class="note noprint">${pt(lang, 'transferInsteadNote')}</p>` : ''}${transferBlock(lang, options.transfer, options.qrPngUrl, cardRetry ? pt(lang, 'transferInstead') : undefined)}`
    : ''
}
${open && pledge.method === 'cash' ? cashContactBlock(lang, options.cashContact, pledge.reference) : ''}
<h2>${t(lang, 'payments')}</h2>
${
  pledge.payments.length === 0
    ? html`<p>${t(lang, 'noPayments')}</p>`
    : pledge.payments.map((p) => paymentReceipt(lang, fund, pledge, p, options.proofs?.get(p.seq)))
}
${pledge.payments.length > 0 ? html`<p class="noprint note">${t(lang, 'printReceipt')}: Ctrl+P / ⌘P</p>` : ''}
${
  open
    ? html`<p class="noprint"><a id="cancel-link" href="${options.cancelAction}">${pt(lang, 'cancelAsk')}</a></p>`
    : ''
}`;
}

/**
 * GET /p/{pledgeId}/cancel?t=…: asks before anything is written. Only the form here (a POST
 * with `confirm=1`) cancels; the link back keeps the pledge as it is.
 */
export function cancelConfirmation(
  lang: Lang,
  fund: Fund,
  pledge: PledgeView,
  options: { token: string; confirmAction: string; backUrl: string },
): SafeHtml {
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  return html`<h1>${pt(lang, 'confirmTitle')}</h1>
<p>${fund.name} · ${t(lang, 'reference')}: <strong>${pledge.reference}</strong> · ${pledge.donorName}</p>
${
  open
    ? html`<p id="cancel-warning">${pt(lang, 'confirmBody').replace('{amount}', formatVnd(pledge.outstanding))}</p>
<form method="post" action="${options.confirmAction}" id="cancel-confirm">
<input type="hidden" name="t" value="${options.token}">
<input type="hidden" name="confirm" value="1">
<button type="submit" class="secondary">${pt(lang, 'confirmCancel')}</button>
</form>
<p><a class="button" id="keep-pledge" href="${options.backUrl}">${pt(lang, 'keepPledge')}</a></p>`
    : html`<p>${pt(lang, 'nothingToCancel')}</p><p><a id="keep-pledge" href="${options.backUrl}">${pt(lang, 'keepPledge')}</a></p>`
}`;
}
