import type { AggregateList } from '../primitives/aggregates.ts';
import type {
  BankLine,
  OpenTransfer,
  StatementRecord,
  UnroutedNotification,
} from '../primitives/bank-lines.ts';
import type { Entry, EntryDraft } from '../primitives/entry.ts';
import type { Fund, FundState } from '../primitives/fund.ts';
import type {
  Disbursement,
  DisbursementStatus,
  EvidenceFile,
  Pledge,
  Versioned,
} from '../primitives/records.ts';
import type { FundSettingsRepository } from './fund-settings.ts';
import type { LogRepository } from './log-repository.ts';

/**
 * A record written in the same transaction as the entries of an operation. `expectedVersion` is
 * the version read before; 0 means "must not exist yet".
 */
export type RecordChange =
  | { type: 'pledge'; pledge: Pledge; expectedVersion: number }
  /** Claims a pledge's reference in its fund: a second pledge drawing the same one fails. */
  | { type: 'pledge-reference'; fundId: string; reference: string; pledgeId: string }
  | { type: 'disbursement'; disbursement: Disbursement; expectedVersion: number }
  /** Marks an entry as reversed: a second reversal of the same seq fails. */
  | {
      type: 'reversal-claim';
      fundId: string;
      seq: number;
      by: string;
      at: string;
      /** The reversal's own seq, so the original can link to it. */
      reversalSeq?: number;
    }
  /** A bank line, kept under its first reference; version 0 claims that reference. */
  | { type: 'bank-line'; line: BankLine; expectedVersion: number }
  /** Claims another reference of a line: a copy arriving by another channel finds the line. */
  | { type: 'bank-alias'; fundId: string; ref: string; lineId: string }
  /** Lets a line from another channel with no common reference be found by day, amount, memo. */
  | { type: 'bank-weak'; fundId: string; weakKey: string; lineId: string; channel: string }
  /** Lines entering (+) or leaving (−) the review queue. */
  | { type: 'bank-queue'; fundId: string; delta: number }
  | { type: 'statement'; statement: StatementRecord; expectedVersion: number }
  /** An internal transfer waiting for its bank line (`open` false once a line showed it). */
  | { type: 'open-transfer'; transfer: OpenTransfer; open: boolean; expectedVersion: number };

/** What one business operation writes, decided from the fund's current state. */
export interface PreparedAppend {
  /** Entries in order; they get consecutive seqs. May be empty for a record-only change. */
  drafts: EntryDraft[];
  /** Records to write in the same transaction, given the sealed entries (to note their seqs). */
  records?: (entries: Entry[]) => RecordChange[];
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

export interface PledgeRepository {
  get(pledgeId: string): Promise<Versioned<Pledge> | undefined>;
  /** The pledge a reference (as typed in a transfer memo) names in a fund. */
  idByReference(fundId: string, reference: string): Promise<string | undefined>;
  /** Many at once (one read): the pledge id of each reference that names one. */
  idsByReferences(fundId: string, references: readonly string[]): Promise<Map<string, string>>;
  /** Many pledges at once (one read). */
  getMany(pledgeIds: readonly string[]): Promise<Map<string, Versioned<Pledge>>>;
  /** A change outside any journal entry; throws RecordConflictError if the version moved. */
  save(pledge: Pledge, expectedVersion: number): Promise<void>;
  /** A fund's pledges, oldest first, a page at a time (an index read: it may lag a moment). */
  list(fundId: string, page: { limit: number; after?: string }): Promise<PledgePage>;
}

export interface PledgePage {
  pledges: Pledge[];
  /** Pass as `after` for the next page; undefined on the last page. */
  next?: string;
}

export interface DisbursementRepository {
  get(id: string): Promise<Versioned<Disbursement> | undefined>;
  /** A fund's disbursements in one status, oldest first. */
  list(fundId: string, status: DisbursementStatus, limit: number): Promise<Disbursement[]>;
  /** A change outside any journal entry; throws RecordConflictError if the version moved. */
  save(disbursement: Disbursement, expectedVersion: number): Promise<void>;
}

export interface EvidenceRepository {
  get(fundId: string, sha256: string): Promise<EvidenceFile | undefined>;
  /** Declares a file; throws RecordConflictError if it was declared meanwhile. */
  add(file: EvidenceFile): Promise<void>;
}

/** Bank lines, statements and the review queue (see primitives/bank-lines.ts). */
export interface BankRepository {
  /** The lines known by any of these references (aliases followed), by reference given. */
  linesByRefs(fundId: string, refs: readonly string[]): Promise<Map<string, Versioned<BankLine>>>;
  getLine(fundId: string, lineId: string): Promise<Versioned<BankLine> | undefined>;
  /**
   * Gateway lines sharing a weak key (same account, day, direction, amount and memo), and all of
   * a day's gateway lines at once for an import. Index reads: they may lag a moment in AWS, so
   * they only ever send a line to a person, never drop it.
   */
  weakTwins(fundId: string, weakKey: string): Promise<{ lineId: string; channel: string }[]>;
  gatewayLinesOfDay(
    fundId: string,
    day: string,
  ): Promise<{ weakKey: string; lineId: string; channel: string }[]>;
  /** Lines waiting for a person, oldest first; money in and money out are listed apart. */
  reviewQueue(
    fundId: string,
    direction: 'in' | 'out',
    page: { limit: number; after?: string },
  ): Promise<{ lines: BankLine[]; next?: string }>;
  /** How many lines wait, from a counter kept with them. */
  queueSize(fundId: string): Promise<number>;
  getStatement(statementId: string): Promise<Versioned<StatementRecord> | undefined>;
  /** A change outside any journal entry; throws RecordConflictError if the version moved. */
  saveStatement(statement: StatementRecord, expectedVersion: number): Promise<void>;
  /** The fund's statements, latest period end first. */
  listStatements(fundId: string, limit: number): Promise<StatementRecord[]>;
  /** Internal transfers recorded by hand that no bank line shows yet. */
  openTransfers(fundId: string): Promise<Versioned<OpenTransfer>[]>;
  /** Net change of assets:bank from entries dated after `day` (YYYY-MM-DD, Vietnam time). */
  bankMovementAfter(fundId: string, day: string): Promise<number>;
  /** Keeps a notification for an account no fund owns; a repeat is ignored. */
  addUnrouted(notification: UnroutedNotification): Promise<void>;
  listUnrouted(limit: number): Promise<UnroutedNotification[]>;
}

export interface ReversalRepository {
  isReversed(fundId: string, seq: number): Promise<boolean>;
  /**
   * Which of these seqs were reversed (one batch read of their claims), each with the seq of its
   * reversal when the claim noted it (claims written before it was noted say `true`).
   */
  reversedAmong(fundId: string, seqs: readonly number[]): Promise<Map<number, number | true>>;
}

/** A page of running sums per donor or payee (see aggregates.ts). */
export interface AggregatePage {
  rows: { key: string; label: string; kind: string; sums: Record<string, number> }[];
  /** Pass as `after` for the next page; undefined on the last page. */
  next?: string;
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
  /**
   * Entries whose occurredAt falls in a month (YYYY-MM, Vietnam time), seq > after, in seq
   * order, at most `limit`; `next` is the `after` of the next page. Read from an index, so a
   * statement costs its period, not the journal.
   */
  readMonth(
    fundId: string,
    month: string,
    page: { after: number; limit: number },
  ): Promise<{ entries: Entry[]; next?: number }>;
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
  /** Running sums per donor or payee, in label order. */
  listAggregates(
    list: AggregateList,
    fundId: string,
    page: { limit: number; after?: string },
  ): Promise<AggregatePage>;
  readonly pledges: PledgeRepository;
  readonly disbursements: DisbursementRepository;
  readonly evidence: EvidenceRepository;
  readonly reversals: ReversalRepository;
  readonly bank: BankRepository;
  /** The transparency log's checkpoints, witnesses and cosignatures (transparency-log.ts). */
  readonly log: LogRepository;
  /** Each fund's settings: cash contact, reminders (fund-settings.ts). */
  readonly settings: FundSettingsRepository;
}

export type Clock = () => Date;

/** Where new ids and secrets come from; tests may pass their own. */
export interface IdSource {
  pledgeId(): string;
  /** Short, unique in a fund, easy to type into a bank transfer memo. */
  reference(): string;
  donorId(): string;
  disbursementId(): string;
  /**
   * The secret of a pledge's manage link: derived from the pledge id with a key only the
   * deployment holds, so a retry can answer it again without any table keeping it.
   */
  manageToken(pledgeId: string): Promise<string>;
}

/** The adapters every operation runs on. */
export interface LedgerDeps {
  store: LedgerStore;
  clock: Clock;
  ids: IdSource;
}
