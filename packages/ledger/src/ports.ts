import type { Entry, EntryDraft } from './entry.ts';
import type { Fund, FundState } from './fund.ts';

/** A document kept beside the journal (a pledge, a disbursement), addressed by collection + id. */
export interface RecordRef {
  collection: string;
  id: string;
}

export interface StoredRecord<T> {
  value: T;
  /** Starts at 1; every write moves it by one, so concurrent writers cannot both win. */
  version: number;
}

export interface RecordWrite extends RecordRef {
  value: Record<string, unknown>;
  /** The version read before; 0 means "must not exist yet". */
  expectedVersion: number;
  /** Makes the record listable in a group (e.g. the pledges of a fund), in sortKey order. */
  listIn?: { group: string; sortKey: string };
}

/** What one business operation writes, decided from the fund's current state. */
export interface PreparedAppend {
  /** Entries in order; they get consecutive seqs. May be empty for a record-only change. */
  drafts: EntryDraft[];
  /** Records to write in the same transaction, given the sealed entries (to note their seqs). */
  records?: (entries: Entry[]) => RecordWrite[];
  /**
   * What the caller answers, given the sealed entries. Stored with the idempotency record so a
   * retry gets the very same answer.
   */
  respond?: (entries: Entry[]) => unknown;
}

/** One business operation: its entries, records and idempotency record in one transaction. */
export interface AppendRequest {
  /** The idempotency key, unique in the fund; entry ids derive from it. */
  idempotencyKey: string;
  /** Fingerprint of the request, to tell a retry (same) from a reuse of the key (different). */
  requestHash: string;
  /** Called again on every retry, with fresh state; may read records. */
  prepare: (state: FundState) => PreparedAppend | Promise<PreparedAppend>;
}

export interface AppendResult {
  entries: Entry[];
  response: unknown;
  /** True when the key was seen before with the same request and the first result is returned. */
  replayed: boolean;
}

/** What the ledger needs from storage. The DynamoDB adapter implements it. */
export interface LedgerStore {
  /** Creates the fund and its genesis head; throws FundExistsError if the id is taken. */
  createFund(fund: Fund): Promise<FundState>;
  getFund(fundId: string): Promise<FundState | undefined>;
  listFunds(): Promise<FundState[]>;
  /** Appends the prepared entries and records atomically with the head. Throws FundNotFoundError. */
  append(fundId: string, request: AppendRequest): Promise<AppendResult>;
  /** Entries with seq > after, in order, at most `limit`. */
  readEntries(fundId: string, range: { after: number; limit: number }): Promise<Entry[]>;
  /** Entries about a pledge or a disbursement, in seq order. */
  entriesAbout(
    fundId: string,
    subject: { pledgeId?: string; disbursementId?: string },
  ): Promise<Entry[]>;
  /** Entries that carry this Stripe object id or bank reference, in seq order. */
  entriesByExternalRef(
    fundId: string,
    ref: { stripeId?: string; bankRef?: string },
  ): Promise<Entry[]>;
  getRecord<T>(ref: RecordRef): Promise<StoredRecord<T> | undefined>;
  /** Writes a record outside any journal change; throws RecordConflictError if the version moved. */
  writeRecord(write: RecordWrite): Promise<void>;
  listAggregates(group: string, page: { limit: number; after?: string }): Promise<AggregatePage>;
  /** Records of a group in sortKey order, newest last. */
  listRecords<T>(
    group: string,
    page: { limit: number; after?: string },
  ): Promise<StoredRecord<T>[]>;
}

/** A page of running sums per donor or payee (see aggregates.ts). */
export interface AggregatePage {
  rows: { key: string; label: string; kind: string; sums: Record<string, number> }[];
  /** Pass as `after` for the next page; undefined on the last page. */
  next?: string;
}

export type Clock = () => Date;
