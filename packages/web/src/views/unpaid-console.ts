import type { UnpaidList, UnpaidPledge } from '@soquy/ledger';
import { formatVietnamTime, formatVnd } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Lang } from '../i18n.ts';

/** The unpaid pledges page's own words (a local table, as bank-console.ts keeps its own). */
const TEXT = {
  vi: {
    title: 'Cam kết chưa đóng',
    intro:
      'Ai đã cam kết bao nhiêu, còn thiếu bao nhiêu, từ bao giờ. Gửi thư nhắc (chỉ khi người cam kết để lại email), hoặc sao chép tin nhắn Zalo/SMS có đường dẫn trang đóng tiền (mã QR, chỉ để xem).',
    back: 'Về trang quỹ',
    csv: 'Tải danh sách (CSV)',
    none: 'Không có cam kết nào còn thiếu.',
    total: 'Tổng còn thiếu',
    pledged: 'Cam kết',
    paid: 'Đã đóng',
    outstanding: 'Còn thiếu',
    since: 'Từ ngày',
    days: 'ngày',
    due: 'Hạn đóng',
    overdue: 'quá hạn',
    noDue: 'không hẹn',
    contact: 'Liên hệ',
    noEmail: 'Không có email: không gửi thư được, hãy dùng tin nhắn bên dưới.',
    unsubscribed: 'Người cam kết đã tắt thư nhắc.',
    remind: 'Gửi thư nhắc',
    message: 'Tin nhắn Zalo/SMS (chọn và sao chép)',
    sent: 'Đã gửi thư nhắc.',
    alreadySent: 'Hôm nay đã gửi thư nhắc cho cam kết này rồi; ngày mai có thể gửi lại.',
    refusedNoEmail: 'Người cam kết này không để lại email, nên không gửi thư được.',
    refusedUnsubscribed: 'Người cam kết đã tắt thư nhắc; hãy dùng tin nhắn Zalo/SMS.',
    refusedClosed: 'Cam kết này không còn thiếu gì nên không cần nhắc.',
    refusedMail: 'Chưa gửi được thư (dịch vụ thư không nhận). Hãy thử lại sau ít phút.',
    greeting: 'Chào',
    sms: 'quỹ xin nhắc khoản cam kết',
    smsLeft: 'còn thiếu',
    smsPay: 'Xem mã QR chuyển khoản và đóng tại',
    smsThanks: 'Cảm ơn bạn!',
  },
  en: {
    title: 'Unpaid pledges',
    intro:
      'Who pledged what, what is outstanding and since when. Send a reminder by email (only when the donor gave one), or copy a Zalo/SMS message with the link to its pay page (QR code, read-only).',
    back: 'Back to the fund',
    csv: 'Download the list (CSV)',
    none: 'No pledge has anything outstanding.',
    total: 'Total outstanding',
    pledged: 'Pledged',
    paid: 'Paid',
    outstanding: 'Outstanding',
    since: 'Since',
    days: 'days',
    due: 'Due',
    overdue: 'overdue',
    noDue: 'no due date',
    contact: 'Contact',
    noEmail: 'No email: no reminder by mail; use the message below.',
    unsubscribed: 'The donor turned reminders off.',
    remind: 'Send a reminder',
    message: 'Zalo/SMS message (select and copy)',
    sent: 'Reminder sent.',
    alreadySent:
      'A reminder for this pledge was sent today already; you can send another tomorrow.',
    refusedNoEmail: 'This donor gave no email address, so no reminder can be mailed.',
    refusedUnsubscribed: 'The donor turned reminders off; use the Zalo/SMS message instead.',
    refusedClosed: 'This pledge has nothing outstanding, so it needs no reminder.',
    refusedMail:
      'The reminder could not be sent (the mail service refused it). Try again in a few minutes.',
    greeting: 'Hello',
    sms: 'a reminder from the fund about pledge',
    smsLeft: 'outstanding',
    smsPay: 'See the transfer QR code and pay at',
    smsThanks: 'Thank you!',
  },
} as const;

export type UnpaidTextKey = keyof (typeof TEXT)['vi'];
export const ut = (lang: Lang, key: UnpaidTextKey): string => TEXT[lang][key];

/**
 * The ready-made Zalo/SMS text for one pledge, in Vietnamese (what donors read): who, which
 * pledge, how much is left, and the pledge's pay link (its QR code; read-only).
 */
export function unpaidMessage(fundName: string, row: UnpaidPledge, payUrl: string): string {
  return `${ut('vi', 'greeting')} ${row.donorName}, ${ut('vi', 'sms')} ${row.reference} (${fundName}): ${ut('vi', 'smsLeft')} ${formatVnd(row.outstanding)}. ${ut('vi', 'smsPay')} ${payUrl} . ${ut('vi', 'smsThanks')}`;
}

export interface UnpaidConsoleData {
  list: UnpaidList;
  csrf: string;
  /** Each pledge's pay link (GET /p/{pledgeId}/pay?k=…, read-only), for the message. */
  payUrls: Map<string, string>;
  flash?: { ok: boolean; text: string; pledgeId?: string };
}

function row(lang: Lang, d: UnpaidConsoleData, p: UnpaidPledge): SafeHtml {
  const q = lang === 'en' ? '?lang=en' : '';
  const url = d.payUrls.get(p.pledgeId) ?? '';
  const flash = d.flash?.pledgeId === p.pledgeId ? d.flash : undefined;
  return html`<li class="card" id="unpaid-${p.pledgeId}">
<p><strong>${p.donorName}</strong> · <span class="mono">${p.reference}</span></p>
<dl>
<dt>${ut(lang, 'pledged')}</dt><dd>${formatVnd(p.amount)}</dd>
<dt>${ut(lang, 'paid')}</dt><dd>${formatVnd(p.paid)}</dd>
<dt>${ut(lang, 'outstanding')}</dt><dd class="outstanding"><strong>${formatVnd(p.outstanding)}</strong></dd>
<dt>${ut(lang, 'since')}</dt><dd class="age">${formatVietnamTime(p.createdAt, lang, { withTime: false })} (${p.ageDays} ${ut(lang, 'days')})</dd>
<dt>${ut(lang, 'due')}</dt><dd>${p.dueDate ? html`${formatVietnamTime(`${p.dueDate}T00:00:00+07:00`, lang, { withTime: false })}${p.overdueDays > 0 ? html` · <span class="alert">${ut(lang, 'overdue')} ${p.overdueDays} ${ut(lang, 'days')}</span>` : ''}` : ut(lang, 'noDue')}</dd>
${p.phone ? html`<dt>${ut(lang, 'contact')}</dt><dd class="mono">${p.phone}</dd>` : ''}
</dl>
${flash ? html`<p class="${flash.ok ? 'ok' : 'error'}" role="status">${flash.text}</p>` : ''}
${
  !p.email
    ? html`<p class="note">${ut(lang, 'noEmail')}</p>`
    : p.unsubscribed
      ? html`<p class="note">${ut(lang, 'unsubscribed')}</p>`
      : html`<form method="post" action="/console/f/${d.list.fundId}/unpaid/${p.pledgeId}/remind${q}"><input type="hidden" name="csrf" value="${d.csrf}"><button type="submit">${ut(lang, 'remind')}</button></form>`
}
<label for="message-${p.pledgeId}">${ut(lang, 'message')}</label>
<textarea id="message-${p.pledgeId}" readonly rows="4">${unpaidMessage(d.list.fundName, p, url)}</textarea>
</li>`;
}

/** The treasurer's list of pledges still owing money; no script: forms, links, a textarea. */
export function unpaidConsole(lang: Lang, d: UnpaidConsoleData): SafeHtml {
  const q = lang === 'en' ? '?lang=en' : '';
  const { list } = d;
  return html`<h1>${ut(lang, 'title')} · ${list.fundName}</h1>
<p><a href="/console/f/${list.fundId}${q}">${ut(lang, 'back')}</a></p>
<p>${ut(lang, 'intro')}</p>
${d.flash && !d.flash.pledgeId ? html`<p class="${d.flash.ok ? 'ok' : 'error'}" role="status" id="flash">${d.flash.text}</p>` : ''}
<p>${ut(lang, 'total')}: <strong id="unpaid-total">${formatVnd(list.totalOutstanding)}</strong> (${list.pledges.length})</p>
<p><a href="/console/f/${list.fundId}/unpaid.csv${q}" download="unpaid-${list.fundId}.csv">${ut(lang, 'csv')}</a></p>
${
  list.pledges.length === 0
    ? html`<p>${ut(lang, 'none')}</p>`
    : html`<ul class="unpaid">${list.pledges.map((p) => row(lang, d, p))}</ul>`
}`;
}
