import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Fund, FundState } from '../../primitives/fund.ts';
import { headTotals } from '../../primitives/head.ts';
import type { FundTotals } from '../../primitives/totals.ts';
import { requireFund } from '../common/read.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

export interface HeadView {
  fundId: string;
  seq: number;
  hash: string;
  totals: FundTotals;
}

export interface FundView extends Fund {
  head: { seq: number; hash: string };
  totals: FundTotals;
}

export function viewOf({ fund, head }: FundState): FundView {
  return { ...fund, head: { seq: head.seq, hash: head.hash }, totals: headTotals(head) };
}

/** A fund with its totals: one read of the head, however long the journal. */
export async function getFund(deps: ReadDeps, fundId: string): Promise<FundView> {
  return viewOf(await requireFund(deps, fundId));
}

export async function listFunds(deps: ReadDeps): Promise<FundView[]> {
  const states = await deps.store.listFunds();
  return states.map(viewOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getHead(deps: ReadDeps, fundId: string): Promise<HeadView> {
  const { head } = await requireFund(deps, fundId);
  return { fundId, seq: head.seq, hash: head.hash, totals: headTotals(head) };
}

export interface LedgerPage {
  fundId: string;
  entries: Entry[];
  /** Pass as `after` for the next page; null when this page reached the head. */
  next: number | null;
}

export async function readLedger(
  deps: ReadDeps,
  fundId: string,
  range: { after: number; limit: number },
): Promise<LedgerPage> {
  const { head } = await requireFund(deps, fundId);
  const entries = await deps.store.readEntries(fundId, range);
  const last = entries.at(-1)?.seq ?? range.after;
  return { fundId, entries, next: last < head.seq ? last : null };
}
