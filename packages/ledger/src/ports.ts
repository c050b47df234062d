import type { Entry, EntryDraft } from './entry.ts';
import type { Fund, FundState } from './fund.ts';

/** One business operation that adds one entry to a fund's journal. */
export interface AppendRequest {
  /** The client's idempotency key; it becomes the entry's id. */
  idempotencyKey: string;
  /** Fingerprint of the request, to tell a retry (same) from a reuse of the key (different). */
  requestHash: string;
  /** Builds the entry from the fund's current state; called again on every retry. */
  draft: (state: FundState) => EntryDraft;
}

export interface AppendResult {
  entry: Entry;
  /** True when the key was seen before with the same request and the first result is returned. */
  replayed: boolean;
}

/** What the ledger needs from storage. The DynamoDB adapter implements it. */
export interface LedgerStore {
  /** Creates the fund and its genesis head; throws FundExistsError if the id is taken. */
  createFund(fund: Fund): Promise<FundState>;
  getFund(fundId: string): Promise<FundState | undefined>;
  listFunds(): Promise<FundState[]>;
  /** Appends exactly one entry, atomically with the head. Throws FundNotFoundError. */
  append(fundId: string, request: AppendRequest): Promise<AppendResult>;
  /** Entries with seq > after, in order, at most `limit`. */
  readEntries(fundId: string, range: { after: number; limit: number }): Promise<Entry[]>;
}

export type Clock = () => Date;
