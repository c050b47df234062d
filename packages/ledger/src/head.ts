import { NON_NEGATIVE_ACCOUNTS } from './accounts.ts';
import { aggregatesOf } from './aggregates.ts';
import {
  assertEntrySound,
  ENTRY_FORMAT_VERSION,
  type Entry,
  type EntryDraft,
  GENESIS_HASH,
  hashEntry,
  netByAccount,
} from './entry.ts';
import { InsufficientFundsError } from './errors.ts';
import { addMoney } from './money.ts';
import { type Balances, type FundTotals, totalsFromBalances } from './totals.ts';

/** The tip of a fund's journal with running totals, kept so reads never fold the journal. */
export interface Head {
  fundId: string;
  seq: number;
  hash: string;
  balances: Balances;
  /** Net movement per account per month (YYYY-MM, Vietnam time). */
  months: Record<string, Balances>;
  /** Running report counters (income by donor kind, anonymous gifts), see aggregates.ts. */
  counters: Record<string, number>;
}

export function genesisHead(fundId: string): Head {
  return { fundId, seq: 0, hash: GENESIS_HASH, balances: {}, months: {}, counters: {} };
}

/** Vietnam is UTC+7 all year (no daylight saving), so a month is a fixed-offset one. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export function monthOf(instant: string): string {
  return new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

/**
 * Turns a draft into the next entry of the chain after `head`: checks it, refuses money going
 * out that would take a cash, bank or Stripe account below zero, and computes seq and hash.
 */
export function sealEntry(head: Head, draft: EntryDraft, chart: readonly string[]): Entry {
  assertEntrySound(draft, chart);
  for (const [account, delta] of netByAccount(draft.postings)) {
    if (delta >= 0 || !NON_NEGATIVE_ACCOUNTS.includes(account)) continue;
    const available = head.balances[account] ?? 0;
    if (addMoney(available, delta) < 0)
      throw new InsufficientFundsError(account, available, -delta);
  }
  const unhashed = {
    v: ENTRY_FORMAT_VERSION,
    fundId: head.fundId,
    seq: head.seq + 1,
    ...draft,
    prevHash: head.hash,
  };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

/** The head after `entry`; pure, used by the verifier and to compute the store's deltas. */
export function advanceHead(head: Head, entry: Entry): Head {
  const balances = { ...head.balances };
  const month = monthOf(entry.occurredAt);
  const monthBalances = { ...(head.months[month] ?? {}) };
  for (const [account, delta] of netByAccount(entry.postings)) {
    balances[account] = addMoney(balances[account] ?? 0, delta);
    monthBalances[account] = addMoney(monthBalances[account] ?? 0, delta);
  }
  const counters = { ...head.counters };
  for (const [name, delta] of Object.entries(aggregatesOf(entry).counters)) {
    counters[name] = addMoney(counters[name] ?? 0, delta);
  }
  return {
    fundId: head.fundId,
    seq: entry.seq,
    hash: entry.hash,
    balances,
    months: { ...head.months, [month]: monthBalances },
    counters,
  };
}

export function headTotals(head: Head): FundTotals {
  return totalsFromBalances(head.balances);
}

/** Seals drafts one after another, each seeing the balances the previous ones left. */
export function sealEntries(
  head: Head,
  drafts: readonly EntryDraft[],
  chart: readonly string[],
): { entries: Entry[]; head: Head } {
  const entries: Entry[] = [];
  let current = head;
  for (const draft of drafts) {
    const entry = sealEntry(current, draft, chart);
    entries.push(entry);
    current = advanceHead(current, entry);
  }
  return { entries, head: current };
}
