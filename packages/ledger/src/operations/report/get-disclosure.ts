import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { ACCOUNTS, isExpenseAccount } from '../../primitives/accounts.ts';
import { effectOf } from '../../primitives/aggregates.ts';
import { type Entry, netByAccount } from '../../primitives/entry.ts';
import { addMoney } from '../../primitives/money.ts';
import { ANONYMOUS_NAME, DONOR_KINDS } from '../../primitives/rules.ts';
import { requireFund } from '../common/read.ts';
import { firstDayOf } from './get-statement.ts';
import { monthsOf, type Period, type PeriodQuery, parsePeriod } from './period.ts';
import { inPeriod, type PeriodFigures, periodFigures, readWholeMonth } from './period-figures.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

export type IncomeMethod = 'card' | 'transfer' | 'cash' | 'other';
export const INCOME_METHODS: readonly IncomeMethod[] = ['card', 'transfer', 'cash', 'other'];

/** Money received from one type of source, by how it came. */
export interface IncomeRow {
  /** A donor kind (business, household, individual, organisation) or `unknown`. */
  kind: string;
  byMethod: Record<IncomeMethod, number>;
  total: number;
}

/**
 * What an organiser of voluntary contributions publishes for a period (Decree 93/2021/NĐ-CP):
 * the money received by type of source, what was spent on what and for whom, and the balance
 * carried forward. Figures only: names of donors are not part of it (beneficiaries are).
 */
export interface Disclosure {
  fundId: string;
  name: string;
  owner: string;
  description: string;
  period: Period;
  figures: PeriodFigures;
  /** Every donor kind (zero rows included, so the table has its usual shape), then `unknown`. */
  income: IncomeRow[];
  incomeTotal: IncomeRow;
  /** Gifts of people who chose not to be named (part of the rows above). */
  anonymousReceived: number;
  spendingByCategory: { category: string; name: string; amount: number }[];
  /** Who received the money, largest first. */
  spendingByPayee: { name: string; kind: string; amount: number; payments: number }[];
  /** Spending with no payee named: card fees kept by the card processor. */
  spendingWithoutPayee: number;
  /** The journal as read: the last entry's seq and hash. */
  head: { seq: number; hash: string };
}

const METHOD_OF_ACCOUNT: Record<string, IncomeMethod> = {
  [ACCOUNTS.stripe]: 'card',
  [ACCOUNTS.bank]: 'transfer',
  [ACCOUNTS.cash]: 'cash',
};

const emptyRow = (kind: string): IncomeRow => ({
  kind,
  byMethod: { card: 0, transfer: 0, cash: 0, other: 0 },
  total: 0,
});

/** How an entry's money came: the money account it moved. */
function methodOf(entry: Entry): IncomeMethod {
  for (const p of entry.postings) {
    const method = METHOD_OF_ACCOUNT[p.account];
    if (method) return method;
  }
  return 'other';
}

/**
 * The disclosure report of a period. Reads the head and every entry of the period's months from
 * the journal's month index (income by source and method and spending by payee are not kept as
 * running sums per month): the cost is the period's entries, never the whole journal.
 */
export async function getDisclosure(
  deps: ReadDeps,
  fundId: string,
  request: { query: PeriodQuery; today: string },
): Promise<Disclosure> {
  const state = await requireFund(deps, fundId);
  const { fund, head } = state;
  const { today } = request;
  const firstDay = firstDayOf(state);
  const period = parsePeriod(request.query, {
    today,
    firstDay,
    // The yearly report: last calendar year, or the fund's life when it began this year.
    otherwise: () => {
      const lastYear = String(Number(today.slice(0, 4)) - 1);
      return firstDay <= `${lastYear}-12-31`
        ? { from: `${lastYear}-01-01`, to: `${lastYear}-12-31`, kind: 'year' }
        : { from: firstDay, to: today, kind: 'days' };
    },
  });
  const months = monthsOf(period).filter((m) => head.months[m]);
  const monthEntries = new Map<string, Entry[]>();
  for (const month of months) monthEntries.set(month, await readWholeMonth(deps, fundId, month));
  const figures = periodFigures(state, period, monthEntries);
  const rows = new Map<string, IncomeRow>(DONOR_KINDS.map((k) => [k, emptyRow(k)]));
  const total = emptyRow('total');
  let anonymousReceived = 0;
  const byCategory = new Map<string, number>();
  const byPayee = new Map<string, Disclosure['spendingByPayee'][number]>();
  let withPayee = 0;
  for (const entries of monthEntries.values()) {
    for (const entry of entries) {
      if (!inPeriod(period, entry)) continue;
      const { received, spent } = effectOf(entry);
      if (received !== 0) {
        const kind = entry.donor?.kind ?? 'unknown';
        const row = rows.get(kind) ?? emptyRow(kind);
        rows.set(kind, row);
        const method = methodOf(entry);
        for (const r of [row, total]) {
          r.byMethod[method] = addMoney(r.byMethod[method], received);
          r.total = addMoney(r.total, received);
        }
        if (entry.donor?.displayName === ANONYMOUS_NAME) {
          anonymousReceived = addMoney(anonymousReceived, received);
        }
      }
      for (const [account, delta] of netByAccount(entry.postings)) {
        if (!isExpenseAccount(account)) continue;
        const category = account.slice('expenses:'.length);
        byCategory.set(category, addMoney(byCategory.get(category) ?? 0, delta));
      }
      if (entry.payee && spent !== 0) {
        const key = entry.payee.name.normalize('NFC').toLowerCase();
        const payee = byPayee.get(key) ?? {
          name: entry.payee.name,
          kind: entry.payee.kind,
          amount: 0,
          payments: 0,
        };
        payee.amount = addMoney(payee.amount, spent);
        payee.payments += entry.kind === 'reversal' ? -1 : 1;
        byPayee.set(key, payee);
        withPayee = addMoney(withPayee, spent);
      }
    }
  }
  const names = new Map([
    ...fund.categories.map((c) => [c.id, c.name] as const),
    ['fees', 'Phí thanh toán'] as const,
  ]);
  return {
    fundId: fund.id,
    name: fund.name,
    owner: fund.owner,
    description: fund.description,
    period,
    figures,
    income: [...rows.values()].filter(
      (r) => r.total !== 0 || (DONOR_KINDS as readonly string[]).includes(r.kind),
    ),
    incomeTotal: total,
    anonymousReceived,
    spendingByCategory: [
      ...fund.categories.map((c) => c.id),
      ...[...byCategory.keys()].filter((id) => !fund.categories.some((c) => c.id === id)),
    ]
      .map((category) => ({
        category,
        name: names.get(category) ?? category,
        amount: byCategory.get(category) ?? 0,
      }))
      .filter((c) => c.amount !== 0 || fund.categories.some((f) => f.id === c.category)),
    spendingByPayee: [...byPayee.values()]
      .filter((p) => p.amount !== 0)
      .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name, 'vi')),
    spendingWithoutPayee: addMoney(figures.spent, -withPayee),
    head: { seq: head.seq, hash: head.hash },
  };
}
