import type { ApprovalNotice, Notice, ReceiptNotice, ReminderNotice } from '@soquy/ledger';
import { formatVietnamTime, formatVnd, html, type SafeHtml } from '@soquy/web';
import { receiptPdf } from './receipt-pdf.ts';
import { both, type Lang, METHOD, w } from './words.ts';

/** A message ready for any transport (SMTP or SES). */
export interface ComposedMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

const LANGS: readonly Lang[] = ['vi', 'en'];

type Row = [label: string, value: string];

function table(rows: Row[]): SafeHtml {
  return html`<table style="border-collapse:collapse;max-width:100%">${rows.map(
    ([label, value]) =>
      html`<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;font-weight:600">${label}</th><td style="padding:4px 0;word-break:break-all">${value}</td></tr>`,
  )}</table>`;
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1b1b;max-width:640px;margin:0 auto;padding:16px;overflow-wrap:anywhere">${body}</body></html>`.toString();
}

/**
 * One message in both languages, Vietnamese first: the HTML parts with a rule between them, the
 * text parts with a dashed line.
 */
function bilingual(
  to: string,
  subject: string,
  htmlPart: (lang: Lang) => SafeHtml,
  textPart: (lang: Lang) => string,
): Pick<ComposedMail, 'to' | 'subject' | 'html' | 'text'> {
  return {
    to,
    subject,
    html: page(subject, html`${htmlPart('vi')}<hr>${htmlPart('en')}`),
    text: LANGS.map(textPart).join('\n\n----\n\n'),
  };
}

const textOf = (rows: Row[]) => rows.map(([label, value]) => `${label}: ${value}`).join('\n');

function receiptRows(n: ReceiptNotice, lang: Lang): Row[] {
  return [
    [w(lang, 'fund'), n.fundName],
    [w(lang, 'donor'), n.donorName],
    [w(lang, 'reference'), n.reference],
    [w(lang, 'amount'), formatVnd(n.amount)],
    [w(lang, 'method'), METHOD[n.method][lang]],
    [w(lang, 'receivedAt'), formatVietnamTime(n.receivedAt, lang)],
    [w(lang, 'seq'), String(n.seq)],
    [w(lang, 'hash'), n.hash],
    [w(lang, 'pledged'), formatVnd(n.pledgeAmount)],
    [w(lang, 'paid'), formatVnd(n.paid)],
    [w(lang, 'outstanding'), formatVnd(n.outstanding)],
  ];
}

async function receipt(n: ReceiptNotice): Promise<ComposedMail> {
  const part = (lang: Lang) => html`<section lang="${lang}">
<h1 style="font-size:1.3em">${w(lang, 'receiptTitle')}</h1>
<p>${w(lang, 'thanks')}</p>
${table(receiptRows(n, lang))}
<p><a href="${n.pledgeUrl}">${w(lang, 'pledgePage')}</a> · <a href="${n.verifyUrl}">${w(lang, 'verify')}</a></p>
<p>${w(lang, 'pdfNote')} ${w(lang, 'privateLink')}</p>
</section>`;
  const subject = `${both('receiptSubject')} ${n.reference} — ${formatVnd(n.amount)} — ${n.fundName}`;
  return {
    ...bilingual(
      n.to,
      subject,
      part,
      (lang) =>
        `${w(lang, 'receiptTitle')}\n${w(lang, 'thanks')}\n\n${textOf(receiptRows(n, lang))}\n\n${w(lang, 'pledgePage')}: ${n.pledgeUrl}\n${w(lang, 'verify')}: ${n.verifyUrl}\n${w(lang, 'pdfNote')} ${w(lang, 'privateLink')}`,
    ),
    headers: {},
    attachments: [
      {
        filename: `bien-nhan-${n.reference}-${n.seq}.pdf`,
        contentType: 'application/pdf',
        content: await receiptPdf(n),
      },
    ],
  };
}

function approvalRows(n: ApprovalNotice, lang: Lang): Row[] {
  return [
    [w(lang, 'fund'), n.fundName],
    [w(lang, 'amount'), formatVnd(n.amount)],
    [w(lang, 'payee'), n.payeeName],
    [w(lang, 'purpose'), n.purpose],
    [w(lang, 'category'), n.category],
    [w(lang, 'recordedBy'), n.recordedBy],
    [w(lang, 'recordedAt'), formatVietnamTime(n.recordedAt, lang)],
  ];
}

function approval(n: ApprovalNotice): ComposedMail {
  const part = (lang: Lang) => html`<section lang="${lang}">
<h1 style="font-size:1.3em">${w(lang, 'approvalSubject')}</h1>
<p>${w(lang, 'approvalIntro')}</p>
${table(approvalRows(n, lang))}
<p><a href="${n.consoleUrl}">${w(lang, 'openConsole')}</a></p>
</section>`;
  const subject = `${both('approvalSubject')}: ${formatVnd(n.amount)} — ${n.fundName}`;
  return {
    ...bilingual(
      n.to,
      subject,
      part,
      (lang) =>
        `${w(lang, 'approvalIntro')}\n\n${textOf(approvalRows(n, lang))}\n\n${w(lang, 'openConsole')}: ${n.consoleUrl}`,
    ),
    headers: {},
    attachments: [],
  };
}

function reminderRows(n: ReminderNotice, lang: Lang): Row[] {
  return [
    [w(lang, 'fund'), n.fundName],
    [w(lang, 'reference'), n.reference],
    [w(lang, 'pledged'), formatVnd(n.amount)],
    [w(lang, 'paid'), formatVnd(n.paid)],
    [w(lang, 'outstanding'), formatVnd(n.outstanding)],
    ...(n.dueDate
      ? ([
          [
            w(lang, 'dueDate'),
            formatVietnamTime(`${n.dueDate}T00:00:00+07:00`, lang, { withTime: false }),
          ],
        ] as Row[])
      : []),
  ];
}

function reminder(n: ReminderNotice): ComposedMail {
  const part = (lang: Lang) => html`<section lang="${lang}">
<h1 style="font-size:1.3em">${w(lang, 'reminderSubject')}</h1>
<p>${n.donorName}: ${w(lang, 'reminderIntro')}</p>
${table(reminderRows(n, lang))}
<p><a href="${n.pledgeUrl}">${w(lang, 'payNow')}</a></p>
<p style="font-size:.9em;color:#555">${w(lang, 'unsubscribeNote')} <a href="${n.unsubscribeUrl}">${w(lang, 'unsubscribe')}</a></p>
</section>`;
  const subject = `${both('reminderSubject')} ${n.reference} — ${formatVnd(n.outstanding)} — ${n.fundName}`;
  return {
    ...bilingual(
      n.to,
      subject,
      part,
      (lang) =>
        `${w(lang, 'reminderSubject')}\n${n.donorName}: ${w(lang, 'reminderIntro')}\n\n${textOf(reminderRows(n, lang))}\n\n${w(lang, 'payNow')}: ${n.pledgeUrl}\n${w(lang, 'unsubscribe')}: ${n.unsubscribeUrl}`,
    ),
    // RFC 2369 and RFC 8058: mail apps show their own "unsubscribe" and POST it in one click.
    headers: {
      'List-Unsubscribe': `<${n.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    attachments: [],
  };
}

/** The message a notice becomes: subject, HTML and text in Vietnamese then English. */
export async function composeNotice(notice: Notice): Promise<ComposedMail> {
  switch (notice.kind) {
    case 'receipt':
      return receipt(notice);
    case 'approval':
      return approval(notice);
    case 'reminder':
      return reminder(notice);
  }
}
