import { DONOR_KINDS, type Fund, type PledgePaymentView, type PledgeView } from '@soquy/ledger';
import { formatDate, formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, type TextKey, t } from '../i18n.ts';

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

export function transferBlock(lang: Lang, transfer: TransferDetails): SafeHtml {
  return html`<section aria-labelledby="transfer-title">
<h2 id="transfer-title">${t(lang, 'transferTitle')}</h2>
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
</section>`;
}

export function pledgeCreated(
  lang: Lang,
  fund: Fund,
  result: { reference: string; amount: number; method: string; manageUrl: string },
  transfer?: TransferDetails,
): SafeHtml {
  return html`<h1>${t(lang, 'thanks')}</h1>
<p class="ok">${fund.name}: ${formatVnd(result.amount)}. ${t(lang, 'reference')}: <strong id="reference">${result.reference}</strong></p>
${transfer ? transferBlock(lang, transfer) : ''}
${result.method === 'cash' ? html`<p>${t(lang, 'cashNote')}</p>` : ''}
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
<dt>${t(lang, 'date')}</dt><dd>${formatDate(p.receivedAt)}</dd>
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
    cancelAction: string;
    /** Each payment's proof in the transparency log, by seq. */
    proofs?: ReadonlyMap<number, PaymentProof>;
  },
): SafeHtml {
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  return html`<h1>${fund.name}</h1>
<p>${t(lang, 'reference')}: <strong>${pledge.reference}</strong> · ${pledge.donorName}</p>
<p>${t(lang, 'status')}: <span class="badge ${pledge.status}" id="pledge-status">${t(lang, `status_${pledge.status}`)}</span></p>
${options.waitingForCard ? html`<p class="note" role="status">${t(lang, 'waitingCard')}</p>` : ''}
${pledge.lastCardFailure && open ? html`<p class="alert">${t(lang, 'cardFailed')}</p>` : ''}
<table><tbody>
<tr><th>${t(lang, 'pledged')}</th><td class="num" id="pledge-amount">${formatVnd(pledge.amount)}</td></tr>
<tr><th>${t(lang, 'paid')}</th><td class="num" id="pledge-paid">${formatVnd(pledge.paid)}</td></tr>
${pledge.refunded > 0 ? html`<tr><th>${t(lang, 'refundedAmount')}</th><td class="num" id="pledge-refunded">${formatVnd(pledge.refunded)}</td></tr>` : ''}
${pledge.cancelled > 0 ? html`<tr><th>${t(lang, 'cancelledAmount')}</th><td class="num">${formatVnd(pledge.cancelled)}</td></tr>` : ''}
<tr><th>${t(lang, 'outstanding')}</th><td class="num" id="pledge-outstanding">${formatVnd(pledge.outstanding)}</td></tr>
</tbody></table>
<h2>${t(lang, 'payments')}</h2>
${
  pledge.payments.length === 0
    ? html`<p>${t(lang, 'noPayments')}</p>`
    : pledge.payments.map((p) => paymentReceipt(lang, fund, pledge, p, options.proofs?.get(p.seq)))
}
${pledge.payments.length > 0 ? html`<p class="noprint note">${t(lang, 'printReceipt')}: Ctrl+P / ⌘P</p>` : ''}
${open && options.transfer ? transferBlock(lang, options.transfer) : ''}
${
  open
    ? html`<form method="post" action="${options.cancelAction}" class="noprint">
<input type="hidden" name="t" value="${options.token}">
<p class="note">${t(lang, 'cancelConfirm')}</p>
<button type="submit" class="secondary">${t(lang, 'cancel')}</button>
</form>`
    : ''
}`;
}
