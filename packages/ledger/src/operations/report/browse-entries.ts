import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { effectOf } from '../../primitives/aggregates.ts';
import { ENTRY_KINDS, type Entry, type EntryKind } from '../../primitives/entry.ts';
import { isReference } from '../../primitives/reference-code.ts';
import { monthOf } from '../../primitives/vietnam-time.ts';
import { requireFund } from '../common/read.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

/** Entries a page shows at once. */
export const BROWSE_PAGE_SIZE = 20;
/**
 * At most this many journal entries are read by one filtered or searched request; a search
 * that has not filled its page by then ends with a "continue searching" cursor.
 */
export const BROWSE_SCAN_LIMIT = 2000;
/** Entries read per DynamoDB query while scanning. */
const SCAN_BLOCK = 250;

/**
 * What a reader asks for. `before` pages the whole journal newest first; with a `month`, the
 * month's entries come in journal order and `after` pages them (the month index is read that way).
 */
export interface BrowseQuery {
  kind?: EntryKind;
  /** YYYY-MM, Vietnam time. */
  month?: string;
  /** Entries with seq < before (newest first). */
  before?: number;
  /** Within a month: entries with seq > after. */
  after?: number;
  /**
   * What a reader typed: a pledge reference or a bank reference (found through an index), else
   * part of a public donor or payee name (compared without accents and case, bounded scan).
   */
  text?: string;
  /** Exact đồng, in or out. */
  amount?: number;
}

export interface BrowsePage {
  entries: Entry[];
  /** Older entries (newest-first paging): pass as `before`. */
  olderBefore?: number;
  /** Newer entries (newest-first paging): pass as `before`; absent on the first page. */
  newerBefore?: number;
  /** Within a month: the next entries, pass as `after`. */
  nextAfter?: number;
  /** The scan stopped at its bound before filling the page: where to continue. */
  continued?: boolean;
  /** How many journal entries this request read (the bound is BROWSE_SCAN_LIMIT). */
  scanned: number;
  /** The fund's last seq. */
  headSeq: number;
}

/** Text as compared: no accents, đ as d, lower case, single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an entry moves exactly `amount` đồng (money in or out, or a pledge's promise). */
export function entryHasAmount(entry: Entry, amount: number): boolean {
  const { received, spent } = effectOf(entry);
  if (Math.abs(received) === amount || Math.abs(spent) === amount) return true;
  return entry.postings.some((p) => Math.abs(p.amount) === amount);
}

function matcher(
  query: Pick<BrowseQuery, 'kind' | 'amount'> & { name?: string },
): (e: Entry) => boolean {
  const name = query.name ? foldText(query.name) : undefined;
  return (e) => {
    if (query.kind && e.kind !== query.kind) return false;
    if (query.amount !== undefined && !entryHasAmount(e, query.amount)) return false;
    if (name) {
      // Only what the public sees: the name a donor chose to show ("Ẩn danh" otherwise), a payee.
      const shown = [e.donor?.displayName, e.payee?.name]
        .filter(Boolean)
        .map((s) => foldText(s as string));
      if (!shown.some((s) => s.includes(name))) return false;
    }
    return true;
  };
}

export const isEntryKind = (text: string): text is EntryKind =>
  (ENTRY_KINDS as readonly string[]).includes(text);

/**
 * A page of a fund's public journal, filtered and searched. What each request reads:
 *  - nothing filtered: the page's 20 seqs (seqs are dense, so one query);
 *  - a reference: the pledge's entries through the pledge-reference and byRef indexes, or a bank
 *    reference's through byExternalRef (a few items, whatever the journal's size);
 *  - a kind, a name or an amount: blocks of 250 entries backwards from `before` (or forwards in a
 *    month, through the byMonth index) until the page is full or 2,000 entries were read, then
 *    a cursor to continue.
 */
export async function browseEntries(
  deps: ReadDeps,
  fundId: string,
  query: BrowseQuery,
): Promise<BrowsePage> {
  const { head } = await requireFund(deps, fundId);
  const headSeq = head.seq;
  const text = query.text?.trim();
  if (text) {
    const found = await byReference(deps, fundId, text);
    if (found.length > 0) {
      const byKind = matcher({ ...(query.kind ? { kind: query.kind } : {}) });
      const entries = found
        .filter(byKind)
        .filter((e) => !query.month || monthOf(e.occurredAt) === query.month)
        .reverse();
      return { entries, scanned: found.length, headSeq };
    }
  }
  const match = matcher({ ...query, ...(text ? { name: text } : {}) });
  const filtered = Boolean(query.kind || text || query.amount !== undefined);

  if (query.month) {
    const month = query.month;
    const entries: Entry[] = [];
    let after = query.after ?? 0;
    let scanned = 0;
    let done = false;
    while (entries.length < BROWSE_PAGE_SIZE && scanned < BROWSE_SCAN_LIMIT && !done) {
      const limit = filtered ? SCAN_BLOCK : BROWSE_PAGE_SIZE - entries.length;
      const page = await deps.store.readMonth(fundId, month, { after, limit });
      scanned += page.entries.length;
      let consumedAll = true;
      for (const e of page.entries) {
        if (entries.length === BROWSE_PAGE_SIZE) {
          consumedAll = false;
          break;
        }
        after = e.seq;
        if (match(e)) entries.push(e);
      }
      done = consumedAll && page.next === undefined;
    }
    const more = !done;
    return {
      entries,
      ...(more ? { nextAfter: after } : {}),
      ...(more && entries.length < BROWSE_PAGE_SIZE ? { continued: true } : {}),
      scanned,
      headSeq,
    };
  }

  const start = Math.min(query.before ?? headSeq + 1, headSeq + 1);
  const newerBefore =
    start <= headSeq ? Math.min(headSeq + 1, start + BROWSE_PAGE_SIZE) : undefined;
  if (!filtered) {
    const from = Math.max(1, start - BROWSE_PAGE_SIZE);
    const entries =
      start > 1
        ? await deps.store.readEntries(fundId, { after: from - 1, limit: start - from })
        : [];
    entries.reverse();
    return {
      entries,
      ...(from > 1 ? { olderBefore: from } : {}),
      ...(newerBefore !== undefined ? { newerBefore } : {}),
      scanned: entries.length,
      headSeq,
    };
  }
  // Filtered: older results by cursor; newer ones are reached again from the first page (a
  // backwards scan has no cheap way back), which the page links as "newest".
  const entries: Entry[] = [];
  let cursor = start; // the lowest seq looked at so far
  let scanned = 0;
  while (entries.length < BROWSE_PAGE_SIZE && scanned < BROWSE_SCAN_LIMIT && cursor > 1) {
    const from = Math.max(1, cursor - SCAN_BLOCK);
    const block = await deps.store.readEntries(fundId, { after: from - 1, limit: cursor - from });
    scanned += block.length;
    for (let i = block.length - 1; i >= 0; i--) {
      const e = block[i] as Entry;
      if (entries.length === BROWSE_PAGE_SIZE) break;
      cursor = e.seq;
      if (match(e)) entries.push(e);
    }
    if (block.length === 0) cursor = from;
  }
  return {
    entries,
    ...(cursor > 1 ? { olderBefore: cursor } : {}),
    ...(cursor > 1 && entries.length < BROWSE_PAGE_SIZE ? { continued: true } : {}),
    scanned,
    headSeq,
  };
}

/** A pledge reference's entries, else a bank reference's (both through indexes). */
async function byReference(deps: ReadDeps, fundId: string, text: string): Promise<Entry[]> {
  const code = text.trim().toUpperCase();
  if (isReference(code)) {
    const pledgeId = await deps.store.pledges.idByReference(fundId, code);
    if (pledgeId) return deps.store.entriesAbout(fundId, { pledgeId });
  }
  return deps.store.entriesByExternalRef(fundId, { bankRef: text.trim() });
}

/**
 * Which entries of a page were reversed, and by which seqs: one batch read of the reversal
 * claims (which note the reversal's seq), plus, for card payments refunded in part (no claim)
 * and claims written before the seq was noted, the entries sharing the original's reference.
 */
export async function reversalsOfPage(
  deps: ReadDeps,
  fundId: string,
  entries: readonly Entry[],
): Promise<Map<number, number[]>> {
  const reversible = entries.filter(
    (e) => e.kind !== 'reversal' && e.kind !== 'pledge' && e.kind !== 'pledge_cancel',
  );
  const result = new Map<number, number[]>();
  const add = (original: number, reversal: number) => {
    const list = result.get(original) ?? [];
    if (!list.includes(reversal)) list.push(reversal);
    result.set(original, list);
  };
  // Reversals on the page itself need no read.
  for (const e of entries) {
    if (e.kind === 'reversal' && e.refs.reverses !== undefined) add(e.refs.reverses, e.seq);
  }
  if (reversible.length === 0) return result;
  const claims = await deps.store.reversals.reversedAmong(
    fundId,
    reversible.map((e) => e.seq),
  );
  const lookUp = reversible.filter(
    (e) => claims.get(e.seq) === true || (!claims.has(e.seq) && e.refs.stripeId !== undefined),
  );
  for (const [seq, reversal] of claims) if (reversal !== true) add(seq, reversal);
  const related = await Promise.all(
    lookUp.map((e) =>
      e.refs.stripeId !== undefined || e.refs.bankRef !== undefined
        ? deps.store.entriesByExternalRef(fundId, {
            ...(e.refs.stripeId !== undefined ? { stripeId: e.refs.stripeId } : {}),
            ...(e.refs.bankRef !== undefined ? { bankRef: e.refs.bankRef } : {}),
          })
        : e.refs.pledgeId !== undefined || e.refs.disbursementId !== undefined
          ? deps.store.entriesAbout(fundId, {
              ...(e.refs.pledgeId !== undefined ? { pledgeId: e.refs.pledgeId } : {}),
              ...(e.refs.disbursementId !== undefined
                ? { disbursementId: e.refs.disbursementId }
                : {}),
            })
          : Promise.resolve([] as Entry[]),
    ),
  );
  lookUp.forEach((e, i) => {
    for (const r of related[i] ?? []) {
      if (r.kind === 'reversal' && r.refs.reverses === e.seq) add(e.seq, r.seq);
    }
  });
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
}
