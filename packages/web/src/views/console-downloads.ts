import {
  EXPORT_LIMITS,
  type ExportTooLargeError,
  type InvalidPeriodError,
  type Period,
} from '@soquy/ledger';
import { html, type SafeHtml } from '../html.ts';
import type { Lang } from '../i18n.ts';
import { periodProblemText } from './statement.ts';

/**
 * The console's period downloads (money received, spending): one file per period, never the
 * whole journal, so a large fund's file still fits one answer. This year's and last year's files
 * as links, any period through a GET form (no script), and the pages that refuse a period.
 */
const TEXT = {
  vi: {
    thisYear: 'năm nay ({year})',
    lastYear: 'năm {year}',
    otherPeriod: 'Tải theo khoảng thời gian khác',
    periodHint:
      'Mỗi tệp chứa một khoảng thời gian (ngày theo giờ Việt Nam, tính cả hai đầu), tối đa {rows} dòng.',
    from: 'Từ ngày',
    to: 'Đến ngày',
    downloadReceipts: 'Tải các khoản tiền vào',
    downloadSpending: 'Tải các khoản đã chi',
    periodError: 'Khoảng thời gian không hợp lệ',
    examples: 'Ví dụ',
    tooLarge: 'Tệp quá lớn',
    tooLargeText:
      'Từ {from} đến {to} có hơn {limit} {what}, quá nhiều cho một tệp. Hãy chọn khoảng ngắn hơn (ví dụ một tháng, hoặc ít ngày hơn) rồi tải từng phần.',
    rows: 'dòng',
    entries: 'bút toán cần đọc',
    bytes: 'byte',
    back: 'Về bảng điều khiển của quỹ',
  },
  en: {
    thisYear: 'this year ({year})',
    lastYear: '{year}',
    otherPeriod: 'Download another period',
    periodHint:
      'Each file holds one period (days in Vietnam time, both ends included), at most {rows} rows.',
    from: 'From',
    to: 'To',
    downloadReceipts: 'Download money received',
    downloadSpending: 'Download spending',
    periodError: 'Invalid period',
    examples: 'Examples',
    tooLarge: 'File too large',
    tooLargeText:
      '{from} to {to} holds more than {limit} {what}: too many for one file. Choose a shorter period (e.g. one month, or fewer days) and download it in parts.',
    rows: 'rows',
    entries: 'journal entries to read',
    bytes: 'bytes',
    back: "Back to the fund's console",
  },
} as const;
type DownloadTextKey = keyof (typeof TEXT)['vi'];

const dt = (lang: Lang, key: DownloadTextKey, values: Record<string, string | number> = {}) =>
  TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/** 20000 as "20.000" (Vietnamese) or "20,000" (English). */
const count = (lang: Lang, n: number) =>
  String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '.');

/** A day YYYY-MM-DD as dd/mm/yyyy. */
const dayText = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The lists downloaded one period at a time. */
export type PeriodList = 'receipts' | 'spending';

/** A period file's name says its period: duc-pho-receipts-2026-01-01-2026-12-31.csv. */
export function periodCsvName(
  fundId: string,
  list: PeriodList,
  period: Pick<Period, 'from' | 'to'>,
): string {
  return `${fundId}-${list}-${period.from}-${period.to}.csv`;
}

/**
 * Links to this year's and last year's file of a list (this year's is the list's plain address:
 * a download without a period is this year's), [href, file name, label].
 */
export function periodCsvLinks(
  lang: Lang,
  fundId: string,
  list: PeriodList,
  today: string,
): [string, string, string][] {
  const year = Number(today.slice(0, 4));
  const lang_ = lang === 'en' ? 'lang=en' : '';
  const base = `/console/f/${fundId}/${list}.csv`;
  const yearDays = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });
  return [
    [
      lang_ ? `${base}?${lang_}` : base,
      periodCsvName(fundId, list, yearDays(year)),
      dt(lang, 'thisYear', { year }),
    ],
    [
      `${base}?year=${year - 1}${lang_ ? `&${lang_}` : ''}`,
      periodCsvName(fundId, list, yearDays(year - 1)),
      dt(lang, 'lastYear', { year: year - 1 }),
    ],
  ];
}

/** A list's label and its year links, as one item of the downloads list. */
export function periodCsvItem(
  lang: Lang,
  fundId: string,
  list: PeriodList,
  label: string,
  today: string,
): SafeHtml {
  const links = periodCsvLinks(lang, fundId, list, today);
  return html`<li>${label}: ${links.map(([href, file, text], i) => html`${i > 0 ? ' · ' : ''}<a href="${href}" download="${file}">${text}</a>`)}</li>`;
}

/**
 * Any period of either list: two days and a button per list (the second button posts the same
 * GET form to the other list's address with `formaction`, so no script is needed).
 */
export function periodCsvForm(
  lang: Lang,
  fundId: string,
  period: Pick<Period, 'from' | 'to'>,
  rows: number = EXPORT_LIMITS.maxRows,
): SafeHtml {
  const base = `/console/f/${fundId}`;
  return html`<form method="get" action="${base}/receipts.csv" id="csv-period">
<fieldset><legend>${dt(lang, 'otherPeriod')}</legend>
<p class="note">${dt(lang, 'periodHint', { rows: count(lang, rows) })}</p>
<label for="csv-from">${dt(lang, 'from')}</label> <input id="csv-from" name="from" type="date" value="${period.from}" min="2000-01-01" required>
<label for="csv-to">${dt(lang, 'to')}</label> <input id="csv-to" name="to" type="date" value="${period.to}" min="2000-01-01" required>
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button type="submit">${dt(lang, 'downloadReceipts')}</button>
<button type="submit" class="secondary" formaction="${base}/spending.csv">${dt(lang, 'downloadSpending')}</button>
</fieldset></form>`;
}

const backLink = (lang: Lang, fundId: string) =>
  html`<p><a href="/console/f/${fundId}${lang === 'en' ? '?lang=en' : ''}#downloads">${dt(lang, 'back')}</a></p>`;

/** The title of a refusal page. */
export const periodCsvRefusalTitle = (lang: Lang, refusal: 'period' | 'size') =>
  dt(lang, refusal === 'period' ? 'periodError' : 'tooLarge');

/** A period nobody can read (the statement's rules and words): what is wrong, what to write. */
export function periodCsvErrorPage(
  lang: Lang,
  fundId: string,
  error: InvalidPeriodError,
  form: { period: Pick<Period, 'from' | 'to'>; rows: number },
): SafeHtml {
  return html`<h1>${dt(lang, 'periodError')}</h1>
<p id="period-error" class="alert" data-problem="${error.problem}">${periodProblemText(lang, error)}</p>
<p>${dt(lang, 'examples')}: <code>?from=2026-01-01&amp;to=2026-03-31</code> · <code>?month=2026-11</code> · <code>?year=2025</code></p>
${periodCsvForm(lang, fundId, form.period, form.rows)}
${backLink(lang, fundId)}`;
}

/** A period holding more than one file may: say how much and suggest a shorter period. */
export function periodCsvTooLargePage(
  lang: Lang,
  fundId: string,
  error: ExportTooLargeError,
  rows: number,
): SafeHtml {
  const { period } = error;
  return html`<h1>${dt(lang, 'tooLarge')}</h1>
<p id="export-too-large" class="alert" data-limit="${error.limit}" data-what="${error.what}">${dt(
    lang,
    'tooLargeText',
    {
      from: dayText(period.from),
      to: dayText(period.to),
      limit: count(lang, error.limit),
      what: dt(lang, error.what),
    },
  )}</p>
${periodCsvForm(lang, fundId, shorterThan(period), rows)}
${backLink(lang, fundId)}`;
}

/** A day YYYY-MM-DD plus `days`. */
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What the refusal's form suggests instead: the period's first month, or when the period is no
 * longer than that month, its first ten days (never past its end).
 */
function shorterThan(period: Pick<Period, 'from' | 'to'>): Pick<Period, 'from' | 'to'> {
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7));
  const monthEnd = `${period.from.slice(0, 7)}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
  if (monthEnd < period.to) return { from: period.from, to: monthEnd };
  const tenDays = addDays(period.from, 9);
  return { from: period.from, to: tenDays < period.to ? tenDays : period.from };
}
