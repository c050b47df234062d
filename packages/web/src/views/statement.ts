import {
  type Entry,
  effectOf,
  type FundStatement,
  type InvalidPeriodError,
  type Period,
  type PeriodProblem,
} from '@soquy/ledger';
import { formatDate, formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, type TextKey, t } from '../i18n.ts';
import { donorNameText, memoText } from '../memos.ts';
import { adjustedLabel, entryHref, reversesLabel } from '../reversals.ts';
import { moneyOf } from './fund.ts';
import { shortRoot } from './pledge.ts';

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);

/** The statement's and the disclosure report's own words (kept here, not in i18n.ts). */
const TEXT = {
  vi: {
    opening: 'Số dư đầu kỳ',
    received: 'Thu trong kỳ',
    spent: 'Chi trong kỳ',
    closing: 'Số dư cuối kỳ',
    pledgedInPeriod: 'Cam kết mới trong kỳ (chưa phải tiền đã thu)',
    pledgedColumn: 'Cam kết',
    periodNote:
      'Ngày tính theo giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+7), gồm cả ngày đầu và ngày cuối. Số dư cuối kỳ = số dư đầu kỳ + thu − chi.',
    choosePeriod: 'Chọn kỳ khác',
    from: 'Từ ngày',
    to: 'Đến ngày',
    show: 'Xem',
    entriesRegion: 'Các bút toán trong kỳ (cuộn ngang được)',
    periodError: 'Kỳ báo cáo không hợp lệ',
    malformed:
      '"{value}" không đọc được. Ghi ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ ?from=2026-11-01&to=2026-11-30; một tháng: ?month=2026-11; cả đợt vận động: ?month=all.',
    impossible_date:
      '{value} không có trên lịch. Kiểm tra lại tháng (01–12) và ngày (tháng 2 có 28 hoặc 29 ngày).',
    out_of_range: '"{value}" nằm ngoài khoảng cho phép: từ năm 2000 đến năm sau.',
    from_after_to: 'Ngày bắt đầu ({value}) đứng sau ngày kết thúc: hãy đổi chỗ from và to.',
    ambiguous:
      'Chỉ ghi một cách chọn kỳ: from/to, hoặc month, hoặc year. Ví dụ ?from=2026-01-01&to=2026-03-31.',
    tryAgain: 'Xem bảng tháng này',
    examples: 'Ví dụ',
    disclosureLink: 'Báo cáo công khai theo Nghị định 93/2021 cho kỳ này',
  },
  en: {
    opening: 'Opening balance',
    received: 'Received in the period',
    spent: 'Spent in the period',
    closing: 'Closing balance',
    pledgedInPeriod: 'New pledges in the period (not money received yet)',
    pledgedColumn: 'Pledged',
    periodNote:
      'Days are Vietnam time (Asia/Ho_Chi_Minh, UTC+7), first and last day included. Closing balance = opening balance + received − spent.',
    choosePeriod: 'Choose another period',
    from: 'From',
    to: 'To',
    show: 'Show',
    entriesRegion: "The period's entries (scrolls sideways)",
    periodError: 'Invalid period',
    malformed:
      '"{value}" cannot be read. Write days as YEAR-MONTH-DAY, e.g. ?from=2026-11-01&to=2026-11-30; a month: ?month=2026-11; the whole campaign: ?month=all.',
    impossible_date:
      '{value} is not in the calendar. Check the month (01–12) and the day (February has 28 or 29 days).',
    out_of_range: '"{value}" is out of range: periods lie between the year 2000 and next year.',
    from_after_to: 'The start ({value}) comes after the end: swap from and to.',
    ambiguous:
      'Choose the period one way only: from/to, or month, or year. E.g. ?from=2026-01-01&to=2026-03-31.',
    tryAgain: "This month's statement",
    examples: 'Examples',
    disclosureLink: 'Public disclosure report (Decree 93/2021) for this period',
  },
} as const;
export type StatementTextKey = keyof (typeof TEXT)['vi'];

export function statementText(lang: Lang, key: StatementTextKey): string {
  return TEXT[lang][key];
}
const st = statementText;

/** What to tell a reader about a period that cannot be read: what is wrong and what to write. */
export function periodProblemText(lang: Lang, error: InvalidPeriodError): string {
  const problem: PeriodProblem = error.problem;
  return fill(st(lang, problem), { value: error.value });
}

/** A day YYYY-MM-DD as dd/mm/yyyy. */
const day = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** A period as people write it: 09/2026, 2025, 01/09/2026 – 15/10/2026, the whole campaign. */
export function periodText(lang: Lang, period: Period): string {
  if (period.kind === 'all') return t(lang, 'wholeCampaign');
  if (period.kind === 'month') return `${period.from.slice(5, 7)}/${period.from.slice(0, 4)}`;
  if (period.kind === 'year') return period.from.slice(0, 4);
  return period.from === period.to ? day(period.from) : `${day(period.from)} – ${day(period.to)}`;
}

export interface StatementData {
  statement: FundStatement;
  /** The next page of the period's entries, when there is one. */
  nextUrl?: string;
  qrSvg: string;
  pageUrl: string;
  generatedAt: string;
  /** The signed checkpoint the statement was cut at (the latest kept), with a QR of its URL. */
  checkpoint?: { size: number; root: string; url: string; qrSvg: string };
}

const kindText = (lang: Lang, kind: string) => t(lang, `kind_${kind}` as TextKey) ?? kind;

/** Where an entry is: on this page, else on the fund page's browse (any seq). */
const linkTo = (lang: Lang, fundId: string, onPage: ReadonlySet<number>) => (seq: number) =>
  onPage.has(seq) ? `#entry-${seq}` : entryHref(fundId, seq, lang);

/** The period's entries: money in and out, and what pledges promised (they move no money). */
function statementRows(lang: Lang, statement: FundStatement): SafeHtml {
  const { entries, reversedBy } = statement;
  const fundId = statement.fund.id;
  if (entries.length === 0) return html`<p>${t(lang, 'nothingYet')}</p>`;
  const link = linkTo(lang, fundId, new Set(entries.map((e) => e.seq)));
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${st(lang, 'entriesRegion')}"><table class="entries"><thead><tr><th>#</th><th>${t(lang, 'date')}</th><th>${t(lang, 'content')}</th><th class="num">${st(lang, 'pledgedColumn')}</th><th class="num">${t(lang, 'in')}</th><th class="num">${t(lang, 'out')}</th></tr></thead><tbody>
${entries.map((e: Entry) => {
  const money = moneyOf(e);
  const pledged = e.kind === 'pledge' || e.kind === 'pledge_cancel' ? effectOf(e).pledged : 0;
  return html`<tr id="entry-${e.seq}"><td>${e.seq}</td><td>${formatDate(e.occurredAt)}</td>
<td><strong>${kindText(lang, e.kind)}</strong>${e.donor ? html` · <span class="who">${donorNameText(lang, e.donor.displayName)}</span>` : ''}${e.payee ? html` · <span class="who">${e.payee.name}</span>` : ''}${e.kind === 'reversal' ? html`<br>${reversesLabel(lang, e, link)}` : ''}${reversedBy.has(e.seq) ? html` ${adjustedLabel(lang, reversedBy.get(e.seq), link)}` : ''}${e.memo ? html`<br><span class="note">${memoText(lang, e)}</span>` : ''}
${e.kind === 'disbursement' ? (e.evidence.length ? e.evidence.map((d, i) => html` <a href="/funds/${fundId}/evidence/${d}">${t(lang, 'evidence')} ${i + 1}</a>`) : html` <span class="badge cancelled">${t(lang, 'noReceipt')}</span>`) : ''}
<br><span class="mono">${e.hash.slice(0, 16)}…</span></td>
<td class="num pledged">${pledged ? formatVnd(pledged) : ''}</td><td class="num">${money.in ? formatVnd(money.in) : ''}</td><td class="num">${money.out ? formatVnd(money.out) : ''}</td></tr>`;
})}
</tbody></table></div>`;
}

/** A form to pick any period: two dates, no script. */
function periodForm(lang: Lang, statement: FundStatement): SafeHtml {
  const { period } = statement;
  return html`<form method="get" action="/f/${statement.fund.id}/statement" class="noprint period-form">
<fieldset><legend>${st(lang, 'choosePeriod')}</legend>
<label for="period-from">${st(lang, 'from')}</label> <input id="period-from" name="from" type="date" value="${period.from}" min="2000-01-01" required>
<label for="period-to">${st(lang, 'to')}</label> <input id="period-to" name="to" type="date" value="${period.to}" min="2000-01-01" required>
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button type="submit">${st(lang, 'show')}</button>
</fieldset>
<p><a id="disclosure-link" href="/f/${statement.fund.id}/disclosure?from=${period.from}&to=${period.to}${lang === 'en' ? '&lang=en' : ''}">${st(lang, 'disclosureLink')}</a></p></form>`;
}

/** An A4 sheet for the ward notice board: the period's figures that tie, its entries, a QR. */
export function statement(lang: Lang, data: StatementData): SafeHtml {
  const { statement: s } = data;
  const { figures } = s;
  return html`<article class="statement">
<h1>${t(lang, 'statementTitle')}</h1>
<p><strong>${s.fund.name}</strong><br>${s.fund.owner}</p>
<p>${t(lang, 'period')}: <strong id="period" data-from="${s.period.from}" data-to="${s.period.to}">${periodText(lang, s.period)}</strong> · ${formatDate(data.generatedAt)}</p>
<p class="note" id="period-note">${st(lang, 'periodNote')}</p>
<table class="totals"><tbody>
<tr><th>${st(lang, 'opening')}</th><td class="num" id="period-opening">${formatVnd(figures.opening)}</td></tr>
<tr><th>${st(lang, 'received')}</th><td class="num" id="period-in">${formatVnd(figures.received)}</td></tr>
<tr><th>${st(lang, 'spent')}</th><td class="num" id="period-out">${formatVnd(figures.spent)}</td></tr>
<tr><th>${st(lang, 'closing')}</th><td class="num" id="period-closing">${formatVnd(figures.closing)}</td></tr>
<tr><th>${st(lang, 'pledgedInPeriod')}</th><td class="num" id="period-pledged">${formatVnd(figures.pledged)}</td></tr>
</tbody></table>
${periodForm(lang, s)}
${statementRows(lang, s)}
${data.nextUrl ? html`<p><a rel="next" href="${data.nextUrl}">${t(lang, 'nextPage')}</a></p>` : ''}
<div class="sheet-foot">
<div class="qr small" role="img" aria-label="${t(lang, 'qrStatementAlt')}">${trusted(data.qrSvg)}</div>
<p class="note">${t(lang, 'scanToCheck')}: ${data.pageUrl}<br>seq ${s.head.seq} · <span class="mono">${s.head.hash}</span></p>
</div>
${
  data.checkpoint
    ? html`<div class="sheet-foot" id="statement-checkpoint" data-size="${data.checkpoint.size}" data-root="${data.checkpoint.root}">
<div class="qr small" role="img" aria-label="${t(lang, 'qrCheckpointAlt')}">${trusted(data.checkpoint.qrSvg)}</div>
<p class="note">${fill(t(lang, 'statementCheckpoint'), { size: String(data.checkpoint.size), root: shortRoot(data.checkpoint.root) })}<br><span class="mono">${data.checkpoint.url}</span></p>
</div>`
    : ''
}
<div class="signatures"><div>${t(lang, 'signTreasurer')}</div><div>${t(lang, 'signApprover')}</div><div>${t(lang, 'signHead')}</div></div>
</article>`;
}

/** The page for a period nobody can read: what is wrong, what to write, a link that works. */
export function periodErrorPage(lang: Lang, fundId: string, error: InvalidPeriodError): SafeHtml {
  return html`<h1>${st(lang, 'periodError')}</h1>
<p id="period-error" data-problem="${error.problem}">${periodProblemText(lang, error)}</p>
<p>${st(lang, 'examples')}: <code>?from=2026-11-01&amp;to=2026-11-30</code> · <code>?month=2026-11</code> · <code>?year=2025</code> · <code>?month=all</code></p>
<p><a href="/f/${fundId}/statement${lang === 'en' ? '?lang=en' : ''}">${st(lang, 'tryAgain')}</a></p>`;
}
