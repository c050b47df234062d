import type { ApiResult } from '@soquy/http';
import {
  type Entry,
  getFund,
  isAllowed,
  listDisbursements,
  listDisbursementsAccess,
  MONEY_ACCOUNTS,
} from '@soquy/ledger';
import {
  donorNameText,
  formatVietnamTime,
  type Lang,
  memoText,
  moneyOf,
  redirect,
  reversalsOf,
  type TextKey,
  t,
} from '@soquy/web';
import type { SignedInContext, SignedInPage } from '../context.ts';
import { csvDownload } from '../csv.ts';

/**
 * The console's lists as CSV files (one link each on the fund's console): the money received,
 * the spending, the requests waiting for approval. Headers in the page's language; dates in
 * Vietnam time; amounts as whole đồng, so a spreadsheet sums them.
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

/** Every entry of the fund, in seq order (pages of 1,000: a large fund is read in a few calls). */
async function wholeJournal(context: SignedInContext, fundId: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (;;) {
    const page = await context.deps.store.readEntries(fundId, {
      after: entries.at(-1)?.seq ?? 0,
      limit: 1000,
    });
    entries.push(...page);
    if (page.length < 1000) return entries;
  }
}

const day = (lang: Lang, iso: string) => formatVietnamTime(iso, lang, { withTime: false });
const kindText = (lang: Lang, kind: string) => t(lang, `kind_${kind}` as TextKey) ?? kind;

/** A fund's list for its treasurers and approvers; anyone else goes back to the console. */
function fundList(
  list: 'receipts' | 'spending' | 'pending',
  rows: (context: SignedInContext, fundId: string) => Promise<(string | number)[][]>,
): SignedInPage {
  return async (context): Promise<ApiResult> => {
    const fundId = context.params[0] ?? '';
    if (!isAllowed(listDisbursementsAccess, context.event.actor, { fundId }))
      return redirect('/console');
    await getFund(context.deps, fundId);
    return csvDownload(
      `${fundId}-${list}.csv`,
      [...HEADERS[context.lang][list]],
      await rows(context, fundId),
    );
  };
}

/** GET /console/f/{fundId}/receipts.csv: money received (pledge payments and gifts). */
export const receiptsCsv = fundList('receipts', async (context, fundId) => {
  const { lang } = context;
  const journal = await wholeJournal(context, fundId);
  const reversals = reversalsOf(journal);
  return journal
    .filter((e) => e.kind === 'payment' || e.kind === 'donation')
    .map((e) => [
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
      (reversals.get(e.seq) ?? []).join(' '),
      e.hash,
    ]);
});

/** GET /console/f/{fundId}/spending.csv: approved spending, as the journal holds it. */
export const spendingCsv = fundList('spending', async (context, fundId) => {
  const { lang } = context;
  const [fund, journal] = await Promise.all([
    getFund(context.deps, fundId),
    wholeJournal(context, fundId),
  ]);
  const reversals = reversalsOf(journal);
  const categoryName = (account: string | undefined) => {
    const id = account?.replace(/^expenses:/, '') ?? '';
    return fund.categories.find((c) => c.id === id)?.name ?? id;
  };
  return journal
    .filter((e) => e.kind === 'disbursement')
    .map((e) => [
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
      (reversals.get(e.seq) ?? []).join(' '),
      e.hash,
    ]);
});

/** GET /console/f/{fundId}/pending.csv: spending waiting for approval (not in the journal yet). */
export const pendingCsv = fundList('pending', async (context, fundId) => {
  const { lang } = context;
  const [fund, pending] = await Promise.all([
    getFund(context.deps, fundId),
    listDisbursements(context.deps, fundId, 'pending_approval', context.event.actor, 1000),
  ]);
  return pending.map((d) => [
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
  ]);
});
