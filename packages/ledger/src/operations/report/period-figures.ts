import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { MONEY_ACCOUNTS } from '../../primitives/accounts.ts';
import { effectOf } from '../../primitives/aggregates.ts';
import type { Entry, Posting } from '../../primitives/entry.ts';
import type { FundState } from '../../primitives/fund.ts';
import { addMoney } from '../../primitives/money.ts';
import type { Balances } from '../../primitives/totals.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';
import { endsMonth, monthsOf, type Period, startsMonth } from './period.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

/**
 * A period's money, in whole đồng. `closing` is computed from the balances on its own, not as
 * opening + received − spent, so the identity is a check of the journal, not a definition.
 */
export interface PeriodFigures {
  /** Money held (bank + cash + Stripe) at the start of `from`, Vietnam time. */
  opening: number;
  /** Money in during the period: pledge payments and gifts, net of reversals. */
  received: number;
  /** Money out during the period, card fees included, net of reversals. */
  spent: number;
  /** Promised during the period, net of cancellations. */
  pledged: number;
  /** Money held at the end of `to`, Vietnam time. */
  closing: number;
}

/** The page size used to read a month whole (a month's index is read, never the journal). */
const MONTH_READ_LIMIT = 500;

/** Every entry of a month (YYYY-MM, Vietnam time), from the journal's month index. */
export async function readWholeMonth(
  deps: ReadDeps,
  fundId: string,
  month: string,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after = 0;
  for (;;) {
    const page = await deps.store.readMonth(fundId, month, { after, limit: MONTH_READ_LIMIT });
    entries.push(...page.entries);
    if (page.next === undefined) return entries;
    after = page.next;
  }
}

export const entryDay = (entry: Pick<Entry, 'occurredAt'>): string => vietnamDate(entry.occurredAt);

export const inPeriod = (period: Pick<Period, 'from' | 'to'>, entry: Pick<Entry, 'occurredAt'>) => {
  const day = entryDay(entry);
  return day >= period.from && day <= period.to;
};

/** What entries moved in and out of the fund's money accounts, net. */
export function moneyMovement(postings: readonly Posting[]): number {
  let sum = 0;
  for (const p of postings) if (MONEY_ACCOUNTS.includes(p.account)) sum = addMoney(sum, p.amount);
  return sum;
}

function moneyOfBalances(balances: Balances | undefined): number {
  let sum = 0;
  for (const account of MONEY_ACCOUNTS) sum = addMoney(sum, balances?.[account] ?? 0);
  return sum;
}

const postingsOf = (balances: Balances | undefined): Posting[] =>
  Object.entries(balances ?? {}).map(([account, amount]) => ({ account, amount }));

/**
 * The months of a period that must be read entry by entry: the first one when the period starts
 * after its first day, the last one when it ends before its last day. Whole months come from the
 * head's monthly sums, so a month or a year costs no journal read at all.
 */
export function partialMonths(state: FundState, period: Pick<Period, 'from' | 'to'>): string[] {
  const first = period.from.slice(0, 7);
  const last = period.to.slice(0, 7);
  const partial = new Set<string>();
  if (!startsMonth(period.from) && state.head.months[first]) partial.add(first);
  if (!endsMonth(period.to) && state.head.months[last]) partial.add(last);
  return [...partial];
}

/**
 * Opening, receipts, spending and closing of a period from the head's monthly sums, plus the
 * entries of the months the period cuts through (`monthEntries`, from partialMonths()).
 */
export function periodFigures(
  state: FundState,
  period: Pick<Period, 'from' | 'to'>,
  monthEntries: ReadonlyMap<string, readonly Entry[]>,
): PeriodFigures {
  const { months } = state.head;
  const first = period.from.slice(0, 7);
  const last = period.to.slice(0, 7);
  let opening = 0;
  let closing = 0;
  for (const [month, balances] of Object.entries(months)) {
    if (month < first) opening = addMoney(opening, moneyOfBalances(balances));
    if (month <= last) closing = addMoney(closing, moneyOfBalances(balances));
  }
  for (const entry of monthEntries.get(first) ?? []) {
    if (entryDay(entry) < period.from) opening = addMoney(opening, moneyMovement(entry.postings));
  }
  for (const entry of monthEntries.get(last) ?? []) {
    if (entryDay(entry) > period.to) closing = addMoney(closing, -moneyMovement(entry.postings));
  }
  let received = 0;
  let spent = 0;
  let pledged = 0;
  const add = (effect: ReturnType<typeof effectOf>) => {
    received = addMoney(received, effect.received);
    spent = addMoney(spent, effect.spent);
    pledged = addMoney(pledged, effect.pledged);
  };
  for (const month of monthsOf(period)) {
    const entries = monthEntries.get(month);
    if (entries) {
      for (const entry of entries) if (inPeriod(period, entry)) add(effectOf(entry));
    } else if (months[month]) {
      add(effectOf({ postings: postingsOf(months[month]) }));
    }
  }
  return { opening, received, spent, pledged, closing };
}
