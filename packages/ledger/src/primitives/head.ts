import { InsufficientFundsError } from '../errors.ts';
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
import { entryLeafHash, extendFrontier, fromBase64, type TreeHash, toBase64 } from './merkle.ts';
import { addMoney } from './money.ts';
import { type Balances, type FundTotals, totalsFromBalances } from './totals.ts';
import { monthOf } from './vietnam-time.ts';

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
  /**
   * The right edge of the fund's Merkle tree (merkle.ts) over the `seq` entries: the roots of its
   * perfect subtrees, largest first, base64. The tree's root folds from it, and an append needs
   * nothing else, so the head item carries the whole tree in O(log n) hashes.
   */
  frontier: string[];
}

/**
 * What a run of entries adds to a head: the one fold of the journal. The verifier applies it
 * entry by entry; the store turns the same numbers into one conditional update of the head item.
 */
export interface HeadChange {
  /** Net movement per account. */
  balances: Balances;
  /** Net movement per month, per account. */
  months: Record<string, Balances>;
  counters: Record<string, number>;
  /** The last entry: the head's new seq and hash. */
  tip: { seq: number; hash: string };
  /** The leaf hashes of the change's entries (merkle.ts `entryLeafHash`), base64, in seq order. */
  leaves: string[];
}

export function genesisHead(fundId: string): Head {
  return {
    fundId,
    seq: 0,
    hash: GENESIS_HASH,
    balances: {},
    months: {},
    counters: {},
    frontier: [],
  };
}

function addInto(target: Record<string, number>, name: string, delta: number) {
  target[name] = addMoney(target[name] ?? 0, delta);
}

/** The change a run of consecutive entries makes (at least one entry). */
export function changeOf(entries: readonly Entry[]): HeadChange {
  const last = entries.at(-1);
  if (!last) throw new RangeError('A head change needs at least one entry.');
  const change: HeadChange = {
    balances: {},
    months: {},
    counters: {},
    tip: { seq: last.seq, hash: last.hash },
    leaves: [],
  };
  for (const entry of entries) {
    change.leaves.push(toBase64(entryLeafHash(entry)));
    const month = monthOf(entry.occurredAt);
    change.months[month] ??= {};
    for (const [account, delta] of netByAccount(entry.postings)) {
      addInto(change.balances, account, delta);
      addInto(change.months[month], account, delta);
    }
    for (const [name, delta] of Object.entries(aggregatesOf(entry).counters)) {
      addInto(change.counters, name, delta);
    }
  }
  return change;
}

/** The head after a change; pure. */
export function applyChange(head: Head, change: HeadChange): Head {
  const balances = { ...head.balances };
  for (const [account, delta] of Object.entries(change.balances)) addInto(balances, account, delta);
  const months = { ...head.months };
  for (const [month, deltas] of Object.entries(change.months)) {
    const monthBalances = { ...(months[month] ?? {}) };
    for (const [account, delta] of Object.entries(deltas)) addInto(monthBalances, account, delta);
    months[month] = monthBalances;
  }
  const counters = { ...head.counters };
  for (const [name, delta] of Object.entries(change.counters)) addInto(counters, name, delta);
  if (head.frontier.length !== subtreeCount(head.seq)) {
    // A head rebuilt from part of the journal has no tree to extend; refuse rather than guess.
    throw new RangeError(
      `The head at seq ${head.seq} has ${head.frontier.length} frontier hashes, not ${subtreeCount(head.seq)}.`,
    );
  }
  const frontier = extendFrontier(
    head.frontier.map(decodeTreeHash),
    head.seq,
    change.leaves.map(decodeTreeHash),
  ).map(toBase64);
  return { fundId: head.fundId, ...change.tip, balances, months, counters, frontier };
}

/** How many perfect subtrees a tree of `size` leaves has on its right edge: the set bits. */
function subtreeCount(size: number): number {
  let count = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) count += n % 2;
  return count;
}

function decodeTreeHash(text: string): TreeHash {
  const hash = fromBase64(text);
  if (!hash) throw new RangeError(`"${text}" is not a base64 SHA-256 tree hash.`);
  return hash;
}

/** The head after one entry. */
export function advanceHead(head: Head, entry: Entry): Head {
  return applyChange(head, changeOf([entry]));
}

/**
 * Accounts a change takes money out of that may not go below zero, with how much each needs.
 * The core refuses such a change against the head it read; the store makes the same demand of
 * the head as it is when the transaction lands.
 */
export function withdrawalsOf(change: Pick<HeadChange, 'balances'>): Map<string, number> {
  const needs = new Map<string, number>();
  for (const [account, delta] of Object.entries(change.balances)) {
    if (delta < 0 && NON_NEGATIVE_ACCOUNTS.includes(account)) needs.set(account, -delta);
  }
  return needs;
}

/**
 * Turns a draft into the next entry of the chain after `head`: checks it, refuses money going
 * out that would take a cash or bank account below zero, and computes seq and hash.
 */
export function sealEntry(head: Head, draft: EntryDraft, chart: readonly string[]): Entry {
  assertEntrySound(draft, chart);
  for (const [account, needed] of withdrawalsOf({
    balances: Object.fromEntries(netByAccount(draft.postings)),
  })) {
    const available = head.balances[account] ?? 0;
    if (available < needed) throw new InsufficientFundsError(account, available, needed);
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

export function headTotals(head: Head): FundTotals {
  return totalsFromBalances(head.balances);
}

/**
 * Seals drafts one after another, each seeing the balances the previous ones left. Returns the
 * entries, the head after them and the change that takes the old head there (undefined when
 * there are no drafts).
 */
export function sealEntries(
  head: Head,
  drafts: readonly EntryDraft[],
  chart: readonly string[],
): { entries: Entry[]; head: Head; change?: HeadChange } {
  const entries: Entry[] = [];
  let current = head;
  for (const draft of drafts) {
    const entry = sealEntry(current, draft, chart);
    entries.push(entry);
    current = advanceHead(current, entry);
  }
  return entries.length === 0
    ? { entries, head }
    : { entries, head: current, change: changeOf(entries) };
}
