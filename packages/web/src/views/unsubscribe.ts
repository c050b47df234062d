import { html, type SafeHtml } from '../html.ts';
import type { Lang } from '../i18n.ts';

const TEXT = {
  vi: {
    title: 'Tắt thư nhắc cam kết',
    question: 'Bạn muốn ngừng nhận thư nhắc cho cam kết',
    keep: 'Biên nhận khi bạn đóng tiền vẫn được gửi như trước.',
    confirm: 'Tắt thư nhắc',
    done: 'Đã tắt thư nhắc cho cam kết',
    doneNote: 'Bạn sẽ không nhận thêm thư nhắc nào cho cam kết này.',
    already: 'Thư nhắc cho cam kết này đã được tắt trước đó.',
  },
  en: {
    title: 'Stop pledge reminders',
    question: 'Do you want to stop reminders for pledge',
    keep: 'Receipts for what you pay are still sent.',
    confirm: 'Stop reminders',
    done: 'Reminders stopped for pledge',
    doneNote: 'You will get no more reminders for this pledge.',
    already: 'Reminders for this pledge were already stopped.',
  },
} as const;

export const unsubscribeTitle = (lang: Lang) => TEXT[lang].title;

/** GET /u/{pledgeId}?t=…: asks first (a mail scanner following links stops nothing). */
export function unsubscribeQuestion(
  lang: Lang,
  d: { fundName: string; reference: string; action: string; token: string; already: boolean },
): SafeHtml {
  const x = TEXT[lang];
  return html`<h1>${x.title}</h1>
<p>${d.fundName}</p>
${
  d.already
    ? html`<p class="ok" role="status">${x.already}</p>`
    : html`<p>${x.question} <strong class="mono">${d.reference}</strong>?</p>
<p class="note">${x.keep}</p>
<form method="post" action="${d.action}"><input type="hidden" name="t" value="${d.token}"><button type="submit">${x.confirm}</button></form>`
}`;
}

/** After POST /u/{pledgeId}: done. */
export function unsubscribeDone(lang: Lang, d: { fundName: string; reference: string }): SafeHtml {
  const x = TEXT[lang];
  return html`<h1>${x.title}</h1>
<p class="ok" role="status" id="unsubscribed">${x.done} <strong class="mono">${d.reference}</strong> (${d.fundName}).</p>
<p>${x.doneNote} ${x.keep}</p>`;
}
