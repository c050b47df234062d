import { vietnamDate } from './vietnam-time.ts';

/**
 * A line from the bank: one transaction on the fund's account, as a gateway notification or a
 * statement row told us. It is a fact from the bank, kept once in the State table whatever
 * channel brought it (deduplicated on any bank reference the channels give), and never copied
 * into the journal as such: counterpart names and account numbers are personal data.
 */

/** `manual`: a transfer a treasurer recorded with its bank reference before the bank told us. */
export type BankChannel = 'sepay' | 'casso' | 'statement' | 'manual';
export type BankDirection = 'in' | 'out';

export interface BankCounterpart {
  name?: string;
  account?: string;
  bank?: string;
}

/** What an adapter (a gateway notification, a statement row) hands the core. */
export interface IncomingBankLine {
  channel: BankChannel;
  /** The receiving account as the bank writes it (digits; sub-accounts included). */
  accountNumber: string;
  direction: BankDirection;
  /** Positive whole đồng. */
  amount: number;
  /** When the bank booked it (ISO 8601 instant, from the bank's Vietnam time). */
  bookedAt: string;
  /** The memo as the bank gives it. Private: it may hold names and account numbers. */
  memo: string;
  /**
   * Every reference this channel gives for the transaction: the bank's own (`FT26017021720692`),
   * wrappers found in the memo (`MBVCB.3278614421`), and the channel's id (`sepay:92704`).
   * Two lines sharing any one are the same transaction.
   */
  refs: string[];
  /** The account balance right after it, when the bank says. */
  balanceAfter?: number;
  counterpart?: BankCounterpart;
}

/** Why a line waits for a person. */
export const REVIEW_REASONS = [
  /** A credit whose memo names no pledge of the fund. */
  'no_reference',
  /** A memo naming two or more pledges, or a debit fitting several disbursements. */
  'ambiguous',
  /** A memo naming a cancelled pledge. */
  'pledge_closed',
  /** Same day, amount and memo as a line from another channel, but no common reference. */
  'possible_duplicate',
  /** Money out that no approved disbursement explains. */
  'unexplained_outflow',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** What a line became. */
export type BankLineOutcome =
  | { kind: 'payment'; pledgeId: string; seqs: number[] }
  | { kind: 'gift'; seqs: number[] }
  | { kind: 'transfer'; seqs: number[] }
  | { kind: 'disbursement'; disbursementId: string; seqs: number[] }
  /** Linked to a disbursement still waiting for its approver: booked when approved. */
  | { kind: 'disbursement-pending'; disbursementId: string; seqs: [] }
  /** The same bank transaction as another line (a person said so). */
  | { kind: 'duplicate'; of: string; seqs: [] };

export interface BankLineSource {
  channel: BankChannel;
  /** The gateway's delivery id (`sepay:92704`) or the statement's id. */
  id: string;
  at: string;
}

/** A bank transaction as the State table keeps it: private, never in the journal as such. */
export interface BankLine extends IncomingBankLine {
  fundId: string;
  /** Its first reference: the key every channel's copy is found by. */
  lineId: string;
  sources: BankLineSource[];
  status: 'booked' | 'review' | 'linked';
  reason?: ReviewReason;
  /** Best candidates for a person: pledge ids, disbursement ids, or line ids (duplicates). */
  candidates?: { pledges?: string[]; disbursements?: string[]; lines?: string[] };
  outcome?: BankLineOutcome;
  /** Who decided (`bank` when matched automatically) and when. */
  decidedBy?: string;
  decidedAt?: string;
  /** SHA-256 of the statement file it came from, put in the entries it produced. */
  evidence?: string;
  firstSeenAt: string;
}

/** What the public may see of a waiting line: no memo, no counterpart, no reference. */
export interface PublicBankLine {
  direction: BankDirection;
  amount: number;
  bookedAt: string;
  reason: ReviewReason;
  waitingSince: string;
}

export function publicBankLine(line: BankLine): PublicBankLine {
  return {
    direction: line.direction,
    amount: line.amount,
    bookedAt: line.bookedAt,
    reason: line.reason ?? 'no_reference',
    waitingSince: line.firstSeenAt,
  };
}

/** A line's account number as digits only (banks write spaces, dots and dashes). */
export function accountDigits(account: string): string {
  return account.replace(/[^0-9A-Za-z]/g, '');
}

/**
 * A line found by no reference of its own (a statement without a reference column) is known by
 * its account, day, direction, amount, memo and the balance after it, or its position among
 * identical lines: importing the same rows again finds the same key.
 */
export function weakKey(
  line: Pick<IncomingBankLine, 'accountNumber' | 'bookedAt' | 'direction' | 'amount'>,
  memoDigest: string,
): string {
  return [
    accountDigits(line.accountNumber),
    vietnamDate(line.bookedAt),
    line.direction,
    line.amount,
    memoDigest.slice(0, 16),
  ].join(':');
}

/** The statement as soquy keeps it: the import job's progress and the tie-out it reached. */
export type StatementStatus = 'awaiting_upload' | 'queued' | 'importing' | 'done' | 'failed';

export interface TieOut {
  /** The end of the statement's last day (Vietnam time), as an instant. */
  at: string;
  bankBalance: number;
  ledgerBalance: number;
  /** bankBalance − ledgerBalance. */
  difference: number;
}

export interface StatementRecord {
  statementId: string;
  fundId: string;
  sha256: string;
  size: number;
  fileName?: string;
  status: StatementStatus;
  bank?: string;
  format?: string;
  account?: string;
  from?: string;
  to?: string;
  openingBalance?: number;
  closingBalance?: number;
  lines?: number;
  credits?: number;
  debits?: number;
  /** Lines done (the job resumes from here). */
  processed: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  tieOut?: TieOut;
  error?: { code: string; message: string };
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** An internal transfer recorded by hand, waiting for the bank line that shows it. */
export interface OpenTransfer {
  fundId: string;
  seq: number;
  direction: 'cash-to-bank' | 'bank-to-cash';
  amount: number;
  occurredAt: string;
  lineId?: string;
}

/** A notification for an account no fund owns: kept for an admin, in no journal. */
export interface UnroutedNotification {
  deliveryId: string;
  channel: BankChannel;
  accountNumber: string;
  direction: BankDirection;
  amount: number;
  bookedAt: string;
  receivedAt: string;
}
