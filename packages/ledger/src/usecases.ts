import { fingerprint } from './canonical.ts';
import type { Entry, EntryDraft } from './entry.ts';
import { FundNotFoundError, InvalidFundError } from './errors.ts';
import type { Fund, FundState } from './fund.ts';
import { headTotals } from './head.ts';
import type { Clock, LedgerStore } from './ports.ts';
import type { FundTotals } from './totals.ts';

export interface LedgerDeps {
  store: LedgerStore;
  clock: Clock;
}

export type FundInput = Omit<Fund, 'createdAt' | 'createdBy'>;

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

function viewOf({ fund, head }: FundState): FundView {
  return { ...fund, head: { seq: head.seq, hash: head.hash }, totals: headTotals(head) };
}

export async function createFund(deps: LedgerDeps, input: FundInput, actor: string) {
  const problems: Record<string, string> = {};
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) {
    problems.closesAt = 'The receiving window must close after it opens.';
  }
  const ids = input.categories.map((c) => c.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) problems.categories = `Category ids repeat: ${repeated.join(', ')}.`;
  if (Object.keys(problems).length > 0) {
    throw new InvalidFundError(Object.values(problems).join(' '), problems);
  }
  const fund: Fund = { ...input, createdAt: deps.clock().toISOString(), createdBy: actor };
  return viewOf(await deps.store.createFund(fund));
}

async function requireFund(deps: LedgerDeps, fundId: string): Promise<FundState> {
  const state = await deps.store.getFund(fundId);
  if (!state) throw new FundNotFoundError(fundId);
  return state;
}

/** A fund with its totals: one read of the head, however long the journal. */
export async function getFund(deps: LedgerDeps, fundId: string): Promise<FundView> {
  return viewOf(await requireFund(deps, fundId));
}

export async function listFunds(deps: LedgerDeps): Promise<FundView[]> {
  const states = await deps.store.listFunds();
  return states.map(viewOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getHead(deps: LedgerDeps, fundId: string): Promise<HeadView> {
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
  deps: LedgerDeps,
  fundId: string,
  range: { after: number; limit: number },
): Promise<LedgerPage> {
  const { head } = await requireFund(deps, fundId);
  const entries = await deps.store.readEntries(fundId, range);
  const last = entries.at(-1)?.seq ?? range.after;
  return { fundId, entries, next: last < head.seq ? last : null };
}

/** Appends one entry for a business operation, exactly once per idempotency key. */
export async function appendEntry(
  deps: LedgerDeps,
  fundId: string,
  operation: {
    idempotencyKey: string;
    /** The request as the client sent it; its fingerprint detects a reused key. */
    request: unknown;
    draft: (state: FundState) => EntryDraft;
  },
): Promise<{ entry: Entry; replayed: boolean }> {
  const result = await deps.store.append(fundId, {
    idempotencyKey: operation.idempotencyKey,
    requestHash: fingerprint(operation.request),
    prepare: (state) => ({ drafts: [operation.draft(state)] }),
  });
  return { entry: result.entries[0] as Entry, replayed: result.replayed };
}
