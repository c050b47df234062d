import type { ApiResult } from '@soquy/http';
import {
  type Entry,
  type EntryKind,
  EXPORT_LIMITS,
  type ExportLimits,
  ExportTooLargeError,
  getFund,
  InvalidPeriodError,
  isAllowed,
  listDisbursements,
  listDisbursementsAccess,
  MONEY_ACCOUNTS,
  type PeriodEntries,
  readPeriodEntries,
  vietnamDate,
  yearOf,
} from '@soquy/ledger';
import {
  donorNameText,
  formatVietnamTime,
  type Lang,
  memoText,
  moneyOf,
  type PeriodList,
  periodCsvErrorPage,
  periodCsvName,
  periodCsvRefusalTitle,
  periodCsvTooLargePage,
  redirect,
  type TextKey,
  t,
} from '@soquy/web';
import { type SignedInPage, show } from '../context.ts';
import { csvDownload } from '../csv.ts';

/**
 * The console's lists as CSV files (linked from the fund's console): the money received and the
 * spending one period at a time (a year, a month, any days), the requests waiting for approval.
 * Headers in the page's language; dates in Vietnam time; amounts as whole đồng, so a
 * spreadsheet sums them.
 */

const HEADERS = {
  vi: {
    receipts: [
      'Số thứ tự (seq)',
      'Ngày nhận',
      'Loại',
      'Số tiền (đồng)',
      'Người nộp',
      'Mã cam kết',
      'Vào tài khoản',
      'Số biên lai',
      'Mã giao dịch ngân hàng',
      'Ghi chú',
      'Người ghi',
      'Đã điều chỉnh bởi bút toán',
      'Mã băm (hash)',
    ],
    spending: [
      'Số thứ tự (seq)',
      'Ngày chi',
      'Số tiền (đồng)',
      'Mục đích',
      'Người / đơn vị nhận',
      'Nội dung chi',
      'Từ tài khoản',
      'Số chứng từ',
      'Người duyệt',
      'Mã khoản chi',
      'Đã điều chỉnh bởi bút toán',
      'Mã băm (hash)',
    ],
    pending: [
      'Mã khoản chi',
      'Gửi lúc',
      'Số tiền (đồng)',
      'Mục đích',
      'Người / đơn vị nhận',
      'Nội dung chi',
      'Ngày chi',
      'Hình thức',
      'Số chứng từ',
      'Người ghi',
    ],
  },
  en: {
    receipts: [
      'Seq',
      'Received on',
      'Kind',
      'Amount (đồng)',
      'From',
      'Pledge reference',
      'Into',
      'Receipt number',
      'Bank transaction reference',
      'Memo',
      'Recorded by',
      'Adjusted by entry',
      'Hash',
    ],
    spending: [
      'Seq',
      'Paid on',
      'Amount (đồng)',
      'Purpose',
      'Paid to',
      'What for',
      'From',
      'Receipts',
      'Approved by',
      'Disbursement id',
      'Adjusted by entry',
      'Hash',
    ],
    pending: [
      'Disbursement id',
      'Sent',
      'Amount (đồng)',
      'Purpose',
      'Paid to',
      'What for',
      'Paid on',
      'Method',
      'Receipts',
      'Recorded by',
    ],
  },
} as const;

const ACCOUNT_WORDS = {
  vi: { 'assets:bank': 'Ngân hàng', 'assets:cash': 'Tiền mặt', 'assets:stripe': 'Thẻ (Stripe)' },
  en: { 'assets:bank': 'Bank', 'assets:cash': 'Cash', 'assets:stripe': 'Card (Stripe)' },
} as const;

const METHOD_WORDS = {
  vi: { cash: 'Tiền mặt', transfer: 'Chuyển khoản' },
  en: { cash: 'Cash', transfer: 'Transfer' },
} as const;

/** The money account an entry moved money into or out of. */
function moneyAccount(lang: Lang, entry: Entry): string {
  const account = entry.postings.find((p) => MONEY_ACCOUNTS.includes(p.account))?.account ?? '';
  return ACCOUNT_WORDS[lang][account as keyof (typeof ACCOUNT_WORDS)['vi']] ?? account;
}

const day = (lang: Lang, iso: string) => formatVietnamTime(iso, lang, { withTime: false });
const kindText = (lang: Lang, kind: string) => t(lang, `kind_${kind}` as TextKey) ?? kind;

/**
 * How much one download may hold: the rows and journal reads of the core (EXPORT_LIMITS), and the
 * answer's size. A Lambda answers API Gateway with at most 6 MB (6,291,456 bytes) of JSON, the
 * file's quotes and line ends escaped in it: 6,000,000 bytes of body leave room for the rest.
 * A typical receipts row is about 300 bytes, so 15,000 rows (4.6 MB) fit; long memos and names
 * reach the byte bound first, and get the same readable refusal.
 */
export interface CsvLimits extends ExportLimits {
  maxBytes: number;
}

export const CSV_LIMITS: CsvLimits = { ...EXPORT_LIMITS, maxBytes: 6_000_000 };

/** The rows of a list's file, from the period's entries. */
type PeriodRows = (lang: Lang, found: PeriodEntries) => (string | number)[][];

/**
 * A list downloaded one period at a time (`?from=&to=`, `?month=`, `?year=`; none: this year,
 * Vietnam time), for a fund's treasurers and approvers; anyone else goes back to the console.
 * Reads only the period's months from the month index. A period nobody can read is a 400 page,
 * one too large for a file a 413 page suggesting a shorter one: never a 5xx.
 */
export function periodCsvPage(
  list: PeriodList,
  kinds: readonly EntryKind[],
  rowsOf: PeriodRows,
  limits: CsvLimits = CSV_LIMITS,
): SignedInPage {
  return async (context): Promise<ApiResult> => {
    const fundId = context.params[0] ?? '';
    const { lang } = context;
    if (!isAllowed(listDisbursementsAccess, context.event.actor, { fundId }))
      return redirect('/console');
    const today = vietnamDate(context.deps.clock().toISOString());
    const q = context.event.queryStringParameters ?? {};
    const refuse = (status: number, refusal: 'period' | 'size', body: Parameters<typeof show>[3]) =>
      show(context, status, periodCsvRefusalTitle(lang, refusal), body, {
        headers: { 'cache-control': 'no-store' },
      });
    try {
      const found = await readPeriodEntries(context.deps, fundId, {
        query: { from: q.from, to: q.to, month: q.month, year: q.year },
        today,
        kinds,
        limits,
      });
      const file = csvDownload(
        periodCsvName(fundId, list, found.period),
        [...HEADERS[lang][list]],
        rowsOf(lang, found),
      );
      // Measured as Lambda sends it: JSON, with the file's quotes and line ends escaped.
      if (Buffer.byteLength(JSON.stringify(file.body)) > limits.maxBytes)
        throw new ExportTooLargeError(found.period, limits.maxBytes, 'bytes');
      return file;
    } catch (error) {
      if (error instanceof InvalidPeriodError) {
        const period = yearOf(today);
        return refuse(
          400,
          'period',
          periodCsvErrorPage(lang, fundId, error, { period, rows: limits.maxRows }),
        );
      }
      if (error instanceof ExportTooLargeError)
        return refuse(413, 'size', periodCsvTooLargePage(lang, fundId, error, limits.maxRows));
      throw error;
    }
  };
}

/** Money received (pledge payments and gifts) in a period. */
const receiptRows: PeriodRows = (lang, { entries, reversedBy }) =>
  entries.map((e) => [
    e.seq,
    day(lang, e.occurredAt),
    kindText(lang, e.kind),
    moneyOf(e).in,
    e.donor ? donorNameText(lang, e.donor.displayName) : '',
    e.refs.pledgeReference ?? '',
    moneyAccount(lang, e),
    e.refs.receiptNo ?? '',
    e.refs.bankRef ?? '',
    memoText(lang, e),
    e.recordedBy,
    (reversedBy.get(e.seq) ?? []).join(' '),
    e.hash,
  ]);

/** Approved spending in a period, as the journal holds it. */
const spendingRows: PeriodRows = (lang, { fund, entries, reversedBy }) => {
  const categoryName = (account: string | undefined) => {
    const id = account?.replace(/^expenses:/, '') ?? '';
    return fund.categories.find((c) => c.id === id)?.name ?? id;
  };
  return entries.map((e) => [
    e.seq,
    day(lang, e.occurredAt),
    moneyOf(e).out,
    categoryName(e.postings.find((p) => p.account.startsWith('expenses:'))?.account),
    e.payee?.name ?? '',
    memoText(lang, e),
    moneyAccount(lang, e),
    e.evidence.length,
    e.recordedBy,
    e.refs.disbursementId ?? '',
    (reversedBy.get(e.seq) ?? []).join(' '),
    e.hash,
  ]);
};

/** The money received in a period, within `limits` (the console serves CSV_LIMITS). */
export const receiptsCsvPage = (limits = CSV_LIMITS) =>
  periodCsvPage('receipts', ['payment', 'donation'], receiptRows, limits);

/** Approved spending in a period, within `limits` (the console serves CSV_LIMITS). */
export const spendingCsvPage = (limits = CSV_LIMITS) =>
  periodCsvPage('spending', ['disbursement'], spendingRows, limits);

/** GET /console/f/{fundId}/receipts.csv */
export const receiptsCsv = receiptsCsvPage();

/** GET /console/f/{fundId}/spending.csv */
export const spendingCsv = spendingCsvPage();

/**
 * GET /console/f/{fundId}/pending.csv: spending waiting for approval (not in the journal yet;
 * at most 1,000 requests, the same list the console shows).
 */
export const pendingCsv: SignedInPage = async (context) => {
  const fundId = context.params[0] ?? '';
  const { lang } = context;
  if (!isAllowed(listDisbursementsAccess, context.event.actor, { fundId }))
    return redirect('/console');
  const [fund, pending] = await Promise.all([
    getFund(context.deps, fundId),
    listDisbursements(context.deps, fundId, 'pending_approval', context.event.actor, 1000),
  ]);
  return csvDownload(
    `${fundId}-pending.csv`,
    [...HEADERS[lang].pending],
    pending.map((d) => [
      d.id,
      formatVietnamTime(d.recordedAt, lang),
      d.amount,
      fund.categories.find((c) => c.id === d.category)?.name ?? d.category,
      d.payee.name,
      d.purpose,
      day(lang, d.paidAt),
      METHOD_WORDS[lang][d.method],
      d.evidence.length,
      d.recordedBy,
    ]),
  );
};
