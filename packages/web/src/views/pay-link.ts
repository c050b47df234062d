import type { CashContact, Fund, PledgeToPay } from '@soquy/ledger';
import { formatVnd } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, t } from '../i18n.ts';
import { cashContactBlock } from './fund-settings.ts';
import { type TransferDetails, transferBlock } from './pledge.ts';

/** The pay link's own words (a local table, as bank-console.ts keeps its own). */
const TEXT = {
  vi: {
    title: 'Đóng tiền cam kết',
    forPledge: 'Cam kết',
    of: 'của',
    paidInFull: 'Cam kết này đã được đóng đủ. Cảm ơn bạn!',
    cancelled: 'Cam kết này đã được hủy; không cần đóng thêm.',
    readOnly:
      'Trang này chỉ để xem số tiền còn thiếu và cách chuyển khoản; không thay đổi được gì. Muốn sửa hay hủy cam kết, người cam kết dùng đường dẫn riêng trong thư xác nhận của mình.',
  },
  en: {
    title: 'Pay a pledge',
    forPledge: 'Pledge',
    of: 'by',
    paidInFull: 'This pledge is paid in full. Thank you!',
    cancelled: 'This pledge was cancelled; nothing more is due.',
    readOnly:
      'This page only shows what is outstanding and how to transfer it; nothing can be changed here. To change or cancel the pledge, the donor uses the private link in their confirmation email.',
  },
} as const;

export const payLinkTitle = (lang: Lang) => TEXT[lang].title;

/**
 * GET /p/{pledgeId}/pay?k=…: what a pledge still owes and how to pay it, for whoever the
 * treasurer sent the link to. Read-only: no cancel, no card retry, no contact data.
 */
export function payLinkPage(
  lang: Lang,
  fund: Fund,
  pledge: PledgeToPay,
  options: { transfer?: TransferDetails; cashContact?: CashContact },
): SafeHtml {
  const x = TEXT[lang];
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  return html`<h1>${fund.name}</h1>
<p>${x.forPledge} <strong class="mono" id="reference">${pledge.reference}</strong> ${x.of} <span id="donor-name">${pledge.displayName}</span></p>
<p>${t(lang, 'status')}: <span class="badge ${pledge.status}" id="pledge-status">${t(lang, `status_${pledge.status}`)}</span></p>
<table><tbody>
<tr><th>${t(lang, 'pledged')}</th><td class="num" id="pledge-amount">${formatVnd(pledge.amount)}</td></tr>
<tr><th>${t(lang, 'paid')}</th><td class="num" id="pledge-paid">${formatVnd(pledge.paid)}</td></tr>
${pledge.cancelled > 0 ? html`<tr><th>${t(lang, 'cancelledAmount')}</th><td class="num">${formatVnd(pledge.cancelled)}</td></tr>` : ''}
<tr><th>${t(lang, 'outstanding')}</th><td class="num" id="pledge-outstanding">${formatVnd(pledge.outstanding)}</td></tr>
</tbody></table>
${
  open
    ? html`${options.transfer ? transferBlock(lang, options.transfer) : ''}${pledge.method === 'cash' ? cashContactBlock(lang, options.cashContact, pledge.reference) : ''}`
    : html`<p class="ok" role="status" id="pay-closed">${pledge.status === 'cancelled' ? x.cancelled : x.paidInFull}</p>`
}
<p class="note" id="pay-read-only">${x.readOnly}</p>`;
}
