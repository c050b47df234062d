import {
  BROWSE_PAGE_SIZE,
  type Entry,
  type FundReport,
  type FundView,
  type PublicBankLine,
  type PublicReconciliation,
} from '@soquy/ledger';
import { formatDate, formatVnd } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, type TextKey, t } from '../i18n.ts';
import { donorNameText, memoText } from '../memos.ts';
import { adjustedLabel, entryHref, reversalsOf, reversesLabel } from '../reversals.ts';
import { formatDateTime } from './bank-console.ts';
import { barChart, monthChart } from './charts.ts';
import { shortRoot } from './pledge.ts';

function goalBar(lang: Lang, received: number, goal: number): SafeHtml {
  const percent = goal > 0 ? Math.min(100, Math.floor((Math.max(0, received) * 100) / goal)) : 0;
  return html`<div class="goal"><div class="goal-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}" aria-label="${t(lang, 'received')} ${percent}% ${t(lang, 'ofGoal')}"><span style="width:${percent}%"></span></div>
<p><strong>${formatVnd(received)}</strong> / ${formatVnd(goal)} (${percent}% ${t(lang, 'ofGoal')})</p></div>`;
}

export function fundList(lang: Lang, funds: FundView[]): SafeHtml {
  return html`<h1>${t(lang, 'fundsTitle')}</h1>
<p>${t(lang, 'fundsIntro')}</p>
${funds.map(
  (f) => html`<section class="card">
<h2><a href="/f/${f.id}${lang === 'en' ? '?lang=en' : ''}">${f.name}</a></h2>
<p class="note">${f.owner}</p>
${goalBar(lang, f.totals.received, f.goal)}
<p>${t(lang, 'spent')}: ${formatVnd(f.totals.spent)} · ${t(lang, 'balance')}: ${formatVnd(f.totals.balance)}</p>
</section>`,
)}`;
}

const kindText = (lang: Lang, kind: string) => t(lang, `kind_${kind}` as TextKey) ?? kind;

/** How entries link each other: original ↔ reversal. `reversedBy` may come from reversalsOfPage. */
export interface EntryLinks {
  /**
   * Original seq → its reversals' seqs (those beyond the page too, when looked up with
   * reversalsOfPage); by default, the reversals among the entries shown.
   */
  reversedBy?: Map<number, number[]>;
  /** Where an entry's seq links to; the fund page's paging by default. */
  href?: (seq: number) => string;
}

function entryNotes(lang: Lang, fundId: string, e: Entry, links: EntryLinks): SafeHtml {
  const href = links.href ?? ((seq: number) => entryHref(fundId, seq, lang));
  const adjusted = adjustedLabel(lang, links.reversedBy?.get(e.seq), href);
  const reverses = reversesLabel(lang, e, href);
  return html`${reverses ? html`<p class="note">${reverses}</p>` : ''}${adjusted ? html`<p>${adjusted}</p>` : ''}`;
}

export function entryRows(
  lang: Lang,
  fundId: string,
  entries: Entry[],
  links: EntryLinks = {},
): SafeHtml {
  if (entries.length === 0) return html`<p>${t(lang, 'nothingYet')}</p>`;
  links = { ...links, reversedBy: links.reversedBy ?? reversalsOf(entries) };
  // Focusable and named: a table wider than the phone scrolls, and a keyboard must reach it.
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${lang === 'vi' ? 'Bảng các khoản' : 'Table of entries'}"><table class="entries"><thead><tr><th>#</th><th>${t(lang, 'date')}</th><th>${t(lang, 'content')}</th><th class="num">${t(lang, 'in')}</th><th class="num">${t(lang, 'out')}</th></tr></thead><tbody>
${entries.map((e) => {
  const money = moneyOf(e);
  return html`<tr id="entry-${e.seq}"><td>${e.seq}</td><td>${formatDate(e.occurredAt)}</td>
<td><strong>${kindText(lang, e.kind)}</strong>${e.donor ? html` · <span class="who">${donorNameText(lang, e.donor.displayName)}</span>` : ''}${e.payee ? html` · <span class="who">${e.payee.name}</span>` : ''}${e.memo ? html`<br><span class="note">${memoText(lang, e)}</span>` : ''}${entryNotes(lang, fundId, e, links)}
${e.kind === 'disbursement' ? (e.evidence.length ? e.evidence.map((d, i) => html` <a href="/funds/${fundId}/evidence/${d}">${t(lang, 'evidence')} ${i + 1}</a>`) : html` <span class="badge cancelled">${t(lang, 'noReceipt')}</span>`) : ''}
<br><span class="mono">${e.hash.slice(0, 16)}…</span></td>
<td class="num">${money.in ? formatVnd(money.in) : ''}</td><td class="num">${money.out ? formatVnd(money.out) : ''}</td></tr>`;
})}
</tbody></table></div>`;
}

/** Entries as cards: one line of date, kind and amount, then who, what, receipts and hash. */
export function entryList(
  lang: Lang,
  fundId: string,
  entries: Entry[],
  links: EntryLinks = {},
): SafeHtml {
  if (entries.length === 0) return html`<p>${t(lang, 'nothingYet')}</p>`;
  links = { ...links, reversedBy: links.reversedBy ?? reversalsOf(entries) };
  return html`<ol class="entries">
${entries.map((e) => {
  const money = moneyOf(e);
  const amount = money.in
    ? html`<span class="in">+${formatVnd(money.in)}</span>`
    : money.out
      ? html`<span class="out">−${formatVnd(money.out)}</span>`
      : html`<span>${formatVnd(Math.abs(e.postings[0]?.amount ?? 0))}</span>`;
  return html`<li id="entry-${e.seq}"><p class="line"><span>#${e.seq} · ${formatDate(e.occurredAt)} · <strong>${kindText(lang, e.kind)}</strong></span> ${amount}</p>
${e.donor ? html`<p class="who">${donorNameText(lang, e.donor.displayName)}</p>` : ''}${e.payee ? html`<p class="who">${e.payee.name}</p>` : ''}
${e.memo ? html`<p class="note">${memoText(lang, e)}</p>` : ''}${entryNotes(lang, fundId, e, links)}
${e.kind === 'disbursement' ? (e.evidence.length ? html`<p>${e.evidence.map((d, i) => html`<a href="/funds/${fundId}/evidence/${d}">${t(lang, 'evidence')} ${i + 1}</a> `)}</p>` : html`<p><span class="badge cancelled">${t(lang, 'noReceipt')}</span></p>`) : ''}
<p class="mono">${e.hash}</p></li>`;
})}
</ol>`;
}

/** What an entry moved in and out of the fund's money (a pledge alone moves none). */
export function moneyOf(entry: Entry): { in: number; out: number } {
  let inflow = 0;
  let outflow = 0;
  for (const p of entry.postings) {
    if (
      p.account === 'assets:bank' ||
      p.account === 'assets:cash' ||
      p.account === 'assets:stripe'
    ) {
      if (p.amount > 0) inflow += p.amount;
      else outflow -= p.amount;
    }
  }
  return { in: inflow, out: outflow };
}

/** The kinds a reader may filter the journal by, in the order the form lists them. */
export const ENTRY_FILTER_KINDS = [
  'donation',
  'payment',
  'pledge',
  'pledge_cancel',
  'disbursement',
  'fee',
  'transfer',
  'reversal',
] as const;

/** The fund page's journal section: a page of entries, filtered and searched, and its links. */
export interface FundBrowse {
  /** What the reader asked, echoed in the form and kept in every link. */
  query: { kind?: string; month?: string; q?: string; before?: number; after?: number };
  entries: Entry[];
  reversedBy: Map<number, number[]>;
  olderBefore?: number;
  newerBefore?: number;
  nextAfter?: number;
  /** The scan reached its bound before filling the page. */
  continued?: boolean;
  /** Journal entries this request read. */
  scanned: number;
  headSeq: number;
}

export interface FundPageData {
  report: FundReport;
  browse: FundBrowse;
  baseUrl: string;
  /** A printed receipt checked against the journal (`?seq=&hash=`). */
  receiptCheck?: { seq: number; hash: string; result: 'matches' | 'mismatch' | 'missing' };
  /** The published export files, chunk by chunk (seq ranges), newest last. */
  downloads: {
    first: number;
    last: number;
    files: { json: string; csv: string; journal: string };
  }[];
  /** The bank tie-out, the lines waiting for a person, money out unexplained (no private data). */
  bank?: PublicReconciliation;
  /** The transparency log: its key, latest checkpoint and who co-signed what. */
  log?: LogSection;
}

/** What the fund page says about the fund's transparency log. */
export interface LogSection {
  /** The log's verifier key (vkey). */
  logKey: string;
  checkpoint?: { size: number; root: string; signedAt: string };
  /** The latest cosignature of each witness. */
  cosignatures: { witness: string; label: string; size: number; timestamp: number }[];
  /** Forks a witness proved (POST /funds/{fundId}/log/fork-reports): the page warns of them. */
  provenForks?: { id: string; witness: string; finding: string; receivedAt: string }[];
}

/** What the page says when a witness proved the log forked. */
const FORK_TEXT = {
  vi: {
    warning:
      'Cảnh báo: một nhân chứng đã chứng minh sổ công khai của quỹ bị rẽ nhánh (sổ đã ký hai lịch sử khác nhau cho cùng một số khoản). Lịch sử của quỹ có thể đã bị viết lại; hãy hỏi ban quản lý quỹ và giữ lại biên nhận của bạn.',
    reported: 'Báo cáo của {witness}, nhận lúc {at}',
    proofs: 'Xem bằng chứng (JSON)',
  },
  en: {
    warning:
      "Warning: a witness proved that this fund's public log forked (the log signed two different histories for the same number of entries). The fund's history may have been rewritten; ask the fund's managers and keep your receipts.",
    reported: 'Reported by {witness}, received {at}',
    proofs: 'See the proof (JSON)',
  },
} as const;

function forkWarning(lang: Lang, fundId: string, forks: LogSection['provenForks']): SafeHtml {
  if (!forks?.length) return html``;
  const text = FORK_TEXT[lang];
  return html`<div class="alert" role="alert" id="log-fork"><p><strong>${text.warning}</strong></p>
<ul>${forks.map(
    (f) =>
      html`<li data-fork-report="${f.id}">${fill(text.reported, { witness: f.witness, at: formatDateTime(f.receivedAt) })}</li>`,
  )}</ul>
<p><a href="/funds/${fundId}/log/fork-reports">${text.proofs}</a></p></div>`;
}

/** The latest export files the page lists; the rest are in the index (`/funds/{id}/exports`). */
const DOWNLOADS_SHOWN = 12;

export function fundPage(lang: Lang, data: FundPageData): SafeHtml {
  const { report, baseUrl } = data;
  const q = lang === 'en' ? '?lang=en' : '';
  return html`<h1>${report.name}</h1>
<p>${report.owner}. ${report.description}</p>
<p class="note">${t(lang, 'receivingWindow')}: ${formatDate(report.opensAt)} – ${formatDate(report.closesAt)}</p>
${goalBar(lang, report.totals.received, report.goal.amount)}
<p><a class="button" href="/f/${report.fundId}/pledge${q}">${t(lang, 'pledgeCta')}</a></p>
<h2>${t(lang, 'balance')}</h2>
<table class="totals"><tbody>
<tr><th>${t(lang, 'received')}</th><td class="num" id="total-received">${formatVnd(report.totals.received)}</td></tr>
<tr><th>${t(lang, 'spent')}</th><td class="num" id="total-spent">${formatVnd(report.totals.spent)}</td></tr>
<tr><th>${t(lang, 'balance')}</th><td class="num" id="total-balance">${formatVnd(report.totals.balance)}</td></tr>
<tr><th>${t(lang, 'pledgedTotal')}</th><td class="num">${formatVnd(report.totals.pledged)}</td></tr>
<tr><th>${t(lang, 'outstandingTotal')}</th><td class="num">${formatVnd(report.totals.outstanding)}</td></tr>
</tbody></table>
${data.bank ? bankSection(lang, data.bank) : ''}
${data.receiptCheck ? receiptCheckBox(lang, data.receiptCheck) : ''}
<h2>${t(lang, 'spendingByCategory')}</h2>
${barChart(
  report.spendingByCategory.map((c) => ({ label: c.name, amount: c.amount })),
  t(lang, 'chartCategoryAlt'),
)}
<h2>${t(lang, 'moneyByMonth')}</h2>
${report.byMonth.length ? monthChart(report.byMonth, t(lang, 'chartMonthAlt'), [t(lang, 'in'), t(lang, 'out')]) : html`<p>${t(lang, 'nothingYet')}</p>`}
${journalSection(lang, report, data.browse)}
<h2>${t(lang, 'donorsTitle')}</h2>
<div class="scroll"><table><thead><tr><th>${t(lang, 'who')}</th><th class="num">${t(lang, 'pledgedTotal')}</th><th class="num">${t(lang, 'received')}</th></tr></thead><tbody>
${report.donors.map((d) => html`<tr><td class="who">${d.name}</td><td class="num">${formatVnd(d.pledged)}</td><td class="num">${formatVnd(d.received)}</td></tr>`)}
<tr><td>${t(lang, 'anonymousSum')}</td><td class="num">${formatVnd(report.anonymous.pledged)}</td><td class="num">${formatVnd(report.anonymous.received)}</td></tr>
</tbody></table></div>
${report.donorsNext ? html`<p><a href="/funds/${report.fundId}/report?donorsAfter=${encodeURIComponent(report.donorsNext)}">…</a></p>` : ''}
${report.businesses.length ? html`<h2>${t(lang, 'businessesTitle')}</h2><div class="scroll"><table><thead><tr><th>${t(lang, 'who')}</th><th class="num">${t(lang, 'pledgedTotal')}</th><th class="num">${t(lang, 'paid')}</th></tr></thead><tbody>${report.businesses.map((b) => html`<tr><td class="who">${b.name}</td><td class="num">${formatVnd(b.pledged)}</td><td class="num">${formatVnd(b.paid)}</td></tr>`)}</tbody></table></div>` : ''}
${report.payees.length ? html`<h2>${t(lang, 'payeesTitle')}</h2><div class="scroll"><table><tbody>${report.payees.map((p) => html`<tr><td class="who">${p.name}</td><td class="num">${formatVnd(p.spent)}</td></tr>`)}</tbody></table></div>` : ''}
<h2>${t(lang, 'chainTitle')}</h2>
<p>${t(lang, 'chainText')}</p>
<p>seq <strong id="head-seq">${report.head.seq}</strong> · <span class="mono" id="head-hash">${report.head.hash}</span></p>
<p>${t(lang, 'chainHow')}</p>
${data.downloads.length ? html`<ul class="downloads" id="downloads">${data.downloads.slice(-DOWNLOADS_SHOWN).map((d) => html`<li>seq ${d.first}–${d.last}: <a href="${d.files.json}">JSON</a> · <a href="${d.files.csv}">CSV</a> · <a href="${d.files.journal}">hledger</a></li>`)}</ul>${data.downloads.length > DOWNLOADS_SHOWN ? html`<p><a href="/funds/${report.fundId}/exports">${t(lang, 'allFiles')}</a></p>` : ''}` : html`<p>${t(lang, 'nothingYet')}</p>`}
<pre class="mono">npm run verify -- --fund ${report.fundId} --url ${baseUrl}</pre>
${data.log ? logSection(lang, report.fundId, baseUrl, data.log) : ''}
<p><a href="/f/${report.fundId}/statement${q}">${t(lang, 'statement')}</a> · <a href="/f/${report.fundId}/disclosure${q}" id="disclosure-link">${t(lang, 'disclosure')}</a></p>`;
}

function receiptCheckBox(lang: Lang, check: NonNullable<FundPageData['receiptCheck']>): SafeHtml {
  const text =
    check.result === 'matches'
      ? t(lang, 'receiptMatches')
      : t(lang, check.result === 'mismatch' ? 'receiptMismatch' : 'receiptMissing');
  return html`<section id="receipt-check" class="${check.result === 'matches' ? 'ok' : 'alert'}" role="status">
<h2>${t(lang, 'receiptCheckTitle')}</h2>
<p id="receipt-result" data-result="${check.result}">${text.replace('{seq}', String(check.seq))}</p>
<p class="mono">seq ${check.seq} · ${check.hash}</p>
${check.result === 'matches' ? html`<p><a href="#entry-${check.seq}">#${check.seq}</a></p>` : ''}
</section>`;
}

/** A statement's day (YYYY-MM-DD, already Vietnam time) as dd/mm/yyyy. */
export function dayText(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);

/**
 * The bank against the journal, for anyone: the latest statement's tie-out, what waits for the
 * treasurer, money out nothing explains. Only dates, directions, amounts and reasons: never a
 * memo, a sender's name or account, nor a bank reference (they are personal data).
 */
function bankSection(lang: Lang, bank: PublicReconciliation): SafeHtml | '' {
  const { statement, tieOut, waiting, unexplainedOutflows } = bank;
  if (!statement && waiting.count === 0 && unexplainedOutflows.length === 0) return '';
  const line = (l: PublicBankLine) =>
    html`<li><span>${formatDate(l.bookedAt)} · ${t(lang, l.direction === 'in' ? 'bankIn' : 'bankOut')} <strong class="${l.direction}">${formatVnd(l.amount)}</strong></span><br><span class="note">${t(lang, `reason_${l.reason}`)} · ${t(lang, 'bankSince')} ${formatDate(l.waitingSince).slice(0, 5)}</span></li>`;
  const tied = tieOut && statement && tieOut.difference === 0;
  // Money out unexplained has its own list below.
  const others = waiting.lines.filter((l) => l.reason !== 'unexplained_outflow');
  return html`<section id="bank" class="bank"><h2>${t(lang, 'bankTitle')}</h2>
${
  statement && tieOut
    ? html`<p id="bank-tie-out" class="${tied ? 'ok' : 'alert'}" data-difference="${tieOut.difference}">${
        tied
          ? fill(t(lang, 'bankTied'), { date: dayText(statement.to) })
          : fill(t(lang, 'bankDifference'), {
              amount: formatVnd(Math.abs(tieOut.difference)),
              date: dayText(statement.to),
            })
      }${tied ? '' : html`<br><span class="note">${fill(t(lang, 'bankBalances'), { bank: formatVnd(tieOut.bankBalance), ledger: formatVnd(tieOut.ledgerBalance) })}</span>`}</p>`
    : ''
}
${
  waiting.count > 0
    ? html`<p id="bank-waiting">${fill(t(lang, 'bankWaiting'), {
        count: String(waiting.count),
        date: waiting.oldestSince ? formatDate(waiting.oldestSince) : '',
      })}</p>
${tied || others.length === 0 ? '' : html`<h3>${t(lang, 'bankWaitingLines')}</h3><ul class="bank-lines" id="bank-waiting-lines">${others.map(line)}</ul>`}`
    : ''
}
${
  unexplainedOutflows.length > 0
    ? html`<h3>${t(lang, 'bankUnexplained')}</h3><ul class="bank-lines" id="bank-unexplained">${unexplainedOutflows.map(line)}</ul>`
    : ''
}
<p class="note">${t(lang, 'bankPrivacy')}</p>
</section>`;
}

/**
 * The fund's transparency log for anyone: the key to check checkpoints with, the latest one,
 * where tlog clients read the tiles, which witnesses co-signed which size, how to run one.
 */
function logSection(lang: Lang, fundId: string, baseUrl: string, log: LogSection): SafeHtml {
  const logUrl = `${baseUrl}/funds/${fundId}/log/`;
  const latest = log.checkpoint;
  return html`<section id="log" class="log"><h2>${t(lang, 'logTitle')}</h2>
${forkWarning(lang, fundId, log.provenForks)}
<p>${t(lang, 'logIntro')}</p>
<h3>${t(lang, 'logKeyLabel')}</h3>
<p><code class="vkey" id="log-key">${log.logKey}</code></p>
<h3>${t(lang, 'logLatest')}</h3>
${
  latest
    ? html`<p id="log-checkpoint" data-size="${latest.size}" data-root="${latest.root}">${fill(t(lang, 'logLatestOf'), { size: String(latest.size), root: shortRoot(latest.root), at: formatDateTime(latest.signedAt) })} · <a href="/funds/${fundId}/log/checkpoint">checkpoint</a></p>`
    : html`<p id="log-checkpoint">${t(lang, 'logNone')}</p>`
}
<p>${t(lang, 'logUrl')}: <code id="log-url">${logUrl}</code></p>
<h3>${t(lang, 'logWitnesses')}</h3>
${
  log.cosignatures.length
    ? html`<ul id="log-witnesses">${log.cosignatures.map(
        (c) =>
          html`<li data-size="${c.size}">${fill(t(lang, 'logWitnessOf'), {
            label: c.label,
            name: c.witness,
            size: String(c.size),
            at: formatDateTime(new Date(c.timestamp * 1000).toISOString()),
          })}</li>`,
      )}</ul>`
    : html`<p id="log-witnesses">${t(lang, 'logNoWitness')}</p>`
}
<p>${t(lang, 'logRunWitness')}</p>
<pre class="mono">npm run witness -- --url ${baseUrl} --fund ${fundId} --state ./witness-state</pre>
</section>`;
}

/** The journal section's own words (kept here, not in i18n.ts). */
const JOURNAL_TEXT = {
  vi: {
    title: 'Sổ quỹ: mọi khoản',
    intro: 'Xem mọi khoản, mới nhất trước; lọc theo loại hoặc tháng, tìm theo mã, tên hay số tiền.',
    qLabel: 'Tìm theo mã cam kết, mã giao dịch ngân hàng, tên người ủng hộ hoặc số tiền',
    kind: 'Loại khoản',
    allKinds: 'Mọi loại',
    month: 'Tháng',
    allMonths: 'Mọi tháng',
    apply: 'Tìm và lọc',
    clear: 'Bỏ lọc',
    first: '« Mới nhất',
    newer: '‹ Mới hơn',
    older: 'Cũ hơn ›',
    oldest: 'Cũ nhất »',
    nextInMonth: 'Trang sau ›',
    continueSearch: 'Tìm tiếp trong các khoản cũ hơn',
    continueMonth: 'Tìm tiếp trong tháng',
    range: 'Khoản #{from} đến #{to} trong {head} khoản, mới nhất trước.',
    monthOrder: 'Tháng {month}, theo thứ tự ghi sổ.',
    scanned: 'Đã xem {scanned} khoản; bấm "tìm tiếp" để xem các khoản còn lại.',
    notFound: 'Không tìm thấy khoản nào khớp với điều kiện này.',
    pages: 'Trang của sổ quỹ',
  },
  en: {
    title: 'The journal: every entry',
    intro:
      'Every entry, newest first; filter by kind or month, search by reference, name or amount.',
    qLabel: 'Search by pledge reference, bank transaction reference, donor name or amount',
    kind: 'Kind of entry',
    allKinds: 'Every kind',
    month: 'Month',
    allMonths: 'Every month',
    apply: 'Search and filter',
    clear: 'Clear filters',
    first: '« Newest',
    newer: '‹ Newer',
    older: 'Older ›',
    oldest: 'Oldest »',
    nextInMonth: 'Next page ›',
    continueSearch: 'Continue searching older entries',
    continueMonth: 'Continue searching this month',
    range: 'Entries #{from} to #{to} of {head}, newest first.',
    monthOrder: 'Month {month}, in journal order.',
    scanned: '{scanned} entries looked at; use "continue" to search the rest.',
    notFound: 'No entry matches these conditions.',
    pages: 'Pages of the journal',
  },
} as const;

const monthText = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/** The journal, a page at a time: a search and filter form (GET, no script) and paging links. */
function journalSection(lang: Lang, report: FundReport, browse: FundBrowse): SafeHtml {
  const jt = JOURNAL_TEXT[lang];
  const { query } = browse;
  const fundId = report.fundId;
  const filters = { kind: query.kind, month: query.month, q: query.q };
  const link = (cursor: { before?: number; after?: number }) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...filters, ...cursor })) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    if (lang === 'en') params.set('lang', 'en');
    const search = params.toString();
    return `/f/${fundId}${search ? `?${search}` : ''}#find`;
  };
  const searching = Boolean(query.kind || query.month || query.q);
  const months = report.byMonth
    .map((m) => m.month)
    .sort()
    .reverse();
  if (query.month && !months.includes(query.month)) months.unshift(query.month);
  const shown = browse.entries;
  const nav: SafeHtml[] = [];
  if (query.month) {
    if (query.after) nav.push(html`<a href="${link({})}">${jt.first}</a>`);
    if (browse.nextAfter !== undefined)
      nav.push(
        html`<a rel="next" href="${link({ after: browse.nextAfter })}">${browse.continued ? jt.continueMonth : jt.nextInMonth}</a>`,
      );
  } else {
    if (query.before !== undefined && query.before <= browse.headSeq)
      nav.push(html`<a href="${link({})}">${jt.first}</a>`);
    if (browse.newerBefore !== undefined)
      nav.push(html`<a rel="prev" href="${link({ before: browse.newerBefore })}">${jt.newer}</a>`);
    if (browse.olderBefore !== undefined)
      nav.push(
        html`<a rel="next" href="${link({ before: browse.olderBefore })}">${browse.continued ? jt.continueSearch : jt.older}</a>`,
      );
    const oldestBefore = Math.min(browse.headSeq + 1, BROWSE_PAGE_SIZE + 1);
    if (!searching && browse.olderBefore !== undefined && browse.olderBefore > oldestBefore)
      nav.push(html`<a href="${link({ before: oldestBefore })}">${jt.oldest}</a>`);
  }
  const first = shown.at(-1)?.seq;
  const last = shown[0]?.seq;
  const summary = query.month
    ? fill(jt.monthOrder, { month: monthText(query.month) })
    : !searching && first !== undefined && last !== undefined
      ? fill(jt.range, { from: String(last), to: String(first), head: String(browse.headSeq) })
      : '';
  return html`<section id="journal" aria-labelledby="find"><h2 id="find">${jt.title}</h2>
<p class="note">${jt.intro}</p>
<form method="get" action="/f/${fundId}#find" role="search" class="filters">
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<label for="q">${jt.qLabel}</label>
<input type="text" id="q" name="q" value="${query.q ?? ''}" maxlength="100" autocomplete="off">
<label for="kind">${jt.kind}</label>
<select id="kind" name="kind"><option value="">${jt.allKinds}</option>${ENTRY_FILTER_KINDS.map((k) => html`<option value="${k}"${query.kind === k ? html` selected` : ''}>${kindText(lang, k)}</option>`)}</select>
<label for="month">${jt.month}</label>
<select id="month" name="month"><option value="">${jt.allMonths}</option>${months.map((m) => html`<option value="${m}"${query.month === m ? html` selected` : ''}>${monthText(m)}</option>`)}</select>
<button type="submit">${jt.apply}</button>${searching ? html` <a href="/f/${fundId}${lang === 'en' ? '?lang=en' : ''}#find">${jt.clear}</a>` : ''}
</form>
${summary ? html`<p class="note" id="journal-range">${summary}</p>` : ''}
${
  shown.length
    ? entryList(lang, fundId, shown, { reversedBy: browse.reversedBy })
    : searching
      ? html`<p class="alert" id="not-found">${jt.notFound}</p>`
      : html`<p>${t(lang, 'nothingYet')}</p>`
}
${browse.continued ? html`<p class="note" id="journal-scanned" data-scanned="${browse.scanned}">${fill(jt.scanned, { scanned: String(browse.scanned) })}</p>` : ''}
${nav.length ? html`<nav class="pager" aria-label="${jt.pages}">${nav.map((a, i) => html`${i > 0 ? ' · ' : ''}${a}`)}</nav>` : ''}
</section>`;
}
