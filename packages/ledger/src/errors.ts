/**
 * Errors of the ledger core. Each carries a stable `code` the HTTP layer maps to a status,
 * and keeps its `cause` so nothing is lost on the way up.
 */
export class LedgerError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/** An amount that is not a positive safe integer of đồng, or past the sanity ceiling. */
export class InvalidAmountError extends LedgerError {
  constructor(message: string, details?: unknown) {
    super('invalid_amount', message, { details });
  }
}

/** A date of money moving in the future, or long before the fund opened. */
export class DateOutOfRangeError extends LedgerError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('date_out_of_range', message, { details: { field } });
  }
}

/**
 * Money said to be received or paid in the future (beyond clock skew): a typo or a guess, so
 * nothing is written. The message is English like every core message; `vietnamese` says the
 * same for Vietnamese pages and API answers (the HTTP layer picks it unless `?lang=en`).
 */
export class FutureDateError extends LedgerError {
  constructor(
    readonly field: string,
    /** The latest instant accepted now (the operation's clock plus clock skew), UTC. */
    readonly latest: string,
    message: string,
    readonly vietnamese: string,
  ) {
    super('future_date', message, { details: { field, latest } });
  }
}

/** An entry that breaks a ledger rule: postings not summing to zero, unknown account, bad field. */
export class InvalidEntryError extends LedgerError {
  constructor(message: string, details?: unknown) {
    super('invalid_entry', message, { details });
  }
}

/** What the money accounts are called in a sentence, for messages that name one. */
const ACCOUNT_WORDS: Record<string, string> = {
  'assets:bank': 'the bank account',
  'assets:cash': 'the cash box',
  'assets:stripe': 'the card (Stripe) balance',
  'assets:pledges': 'what donors still owe',
};

/** Money going out would take a cash, bank or Stripe account below zero. */
export class InsufficientFundsError extends LedgerError {
  constructor(
    readonly account: string,
    readonly available: number,
    readonly needed: number,
  ) {
    const amount = (n: number) => `${n.toLocaleString('en-US')} đồng`;
    super(
      'insufficient_funds',
      `Not enough money in ${ACCOUNT_WORDS[account] ?? account} (${account}): its balance is ${amount(available)} and ${amount(needed)} is asked. Record the money that came in first (or carry cash to or from the bank), then try again.`,
      // `balance` and `asked` say it as the message does; `available`/`needed` stay for clients.
      { details: { account, balance: available, asked: needed, available, needed } },
    );
  }
}

/** A value the canonical encoding refuses (floats, undefined in arrays, non-plain objects). */
export class CanonicalEncodingError extends LedgerError {
  constructor(message: string) {
    super('not_canonical', message);
  }
}

export class FundNotFoundError extends LedgerError {
  constructor(readonly fundId: string) {
    super('fund_not_found', `There is no fund with id "${fundId}".`);
  }
}

export class FundExistsError extends LedgerError {
  constructor(
    readonly fundId: string,
    options?: { cause?: unknown },
  ) {
    super('fund_exists', `A fund with id "${fundId}" already exists.`, options);
  }
}

/** The same idempotency key was used before for a different request. */
export class IdempotencyConflictError extends LedgerError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      'idempotency_conflict',
      `The idempotency key "${key}" was already used for a different request. Use a new key for a new request.`,
      options,
    );
  }
}

/** Too many concurrent writers kept moving the head; the caller may try again. */
export class AppendContentionError extends LedgerError {
  constructor(
    readonly fundId: string,
    attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      'busy',
      `The journal of fund "${fundId}" is busy (${attempts} attempts). Please try again.`,
      options,
    );
  }
}

/** Fund settings that contradict each other (window closes before it opens, repeated category). */
export class InvalidFundError extends LedgerError {
  constructor(message: string, details?: unknown) {
    super('invalid_fund', message, { details });
  }
}

/** A record changed (or already existed) between reading it and writing it. */
export class RecordConflictError extends LedgerError {
  constructor(collection: string, id: string, options?: { cause?: unknown }) {
    super(
      'conflict',
      `The ${collection} "${id}" was changed by someone else. Please try again.`,
      options,
    );
  }
}

/** The fund is closed or outside its receiving window. */
export class FundNotReceivingError extends LedgerError {
  constructor(fundId: string, window: { opensAt: string; closesAt: string }) {
    super(
      'fund_not_receiving',
      `Fund "${fundId}" is not receiving pledges now: its receiving window is ${window.opensAt} to ${window.closesAt}.`,
      { details: window },
    );
  }
}

/** Stripe takes at most 99,999,999 in minor units per charge. */
export class CardAmountTooLargeError extends LedgerError {
  constructor(amount: number, max: number) {
    super(
      'card_amount_too_large',
      `A card payment can be at most ${max} đồng; ${amount} đồng is more. Please pay by bank transfer, or pledge in parts of at most ${max} đồng.`,
      { details: { amount, max } },
    );
  }
}

export class PledgeNotFoundError extends LedgerError {
  constructor(pledge: string) {
    super('pledge_not_found', `There is no pledge "${pledge}" here.`);
  }
}

/** Money or a cancellation for a pledge that can no longer take it. */
export class PledgeClosedError extends LedgerError {
  constructor(pledgeId: string, status: string) {
    super(
      'pledge_closed',
      status === 'cancelled'
        ? `Pledge "${pledgeId}" was cancelled. Record money for it as a gift without a pledge.`
        : `Pledge "${pledgeId}" is already ${status}; nothing is outstanding to cancel.`,
      { details: { status } },
    );
  }
}

export class DisbursementNotFoundError extends LedgerError {
  constructor(id: string) {
    super('disbursement_not_found', `There is no disbursement "${id}".`);
  }
}

/** Maker-checker: whoever recorded a disbursement cannot approve or reject it. */
export class SelfApprovalError extends LedgerError {
  constructor(operation: string) {
    super(
      'self_approval',
      `You recorded this yourself, so you cannot ${operation.replaceAll('-', ' ')}; a second officer must decide.`,
    );
  }
}

/** The operation needs a signed-in staff member and nobody is signed in. */
export class SignInRequiredError extends LedgerError {
  constructor() {
    super('unauthorized', 'Sign in first: send a valid Bearer token.');
  }
}

/** Signed in, but the operation's declared access does not include this person. */
export class AccessDeniedError extends LedgerError {
  constructor(operation: string, allowed: string) {
    super('forbidden', `You may not ${operation.replaceAll('-', ' ')} here: only ${allowed} may.`, {
      details: { operation },
    });
  }
}

/** A disbursement already approved or rejected, or an entry already reversed. */
export class AlreadyDecidedError extends LedgerError {
  constructor(message: string) {
    super('already_decided', message);
  }
}

/** Evidence that was declared but not uploaded, or does not belong to this fund. */
export class EvidenceMissingError extends LedgerError {
  constructor(digests: string[]) {
    super(
      'evidence_missing',
      `These files were not uploaded to this fund: ${digests.join(', ')}. Upload them first, then record the disbursement.`,
      { details: { missing: digests } },
    );
  }
}

export class EntryNotFoundError extends LedgerError {
  constructor(fundId: string, seq: number) {
    super('entry_not_found', `Fund "${fundId}" has no entry with seq ${seq}.`);
  }
}

/** A bank line id that names no line of the fund. */
export class BankLineNotFoundError extends LedgerError {
  constructor(lineId: string) {
    super('bank_line_not_found', `There is no bank line "${lineId}" in this fund.`);
  }
}

export class StatementNotFoundError extends LedgerError {
  constructor(statementId: string) {
    super('statement_not_found', `There is no statement "${statementId}".`);
  }
}

/** The same file, for the same fund, was imported before: importing it again adds nothing. */
export class StatementAlreadyImportedError extends LedgerError {
  constructor(readonly statementId: string) {
    super(
      'statement_already_imported',
      `This file was already imported (statement ${statementId}); importing it again would add nothing.`,
      { details: { statementId } },
    );
  }
}

/** A statement of another account than the fund's. */
export class StatementWrongAccountError extends LedgerError {
  constructor(found: string, expected: string) {
    super(
      'statement_wrong_account',
      `This statement is for account ${found}, but the fund's account is ${expected}. Upload the fund's own statement.`,
      { details: { found, expected } },
    );
  }
}

/** A review decision that does not fit the line (a pledge for money out, a different amount…). */
export class BankLineDecisionError extends LedgerError {
  /** `reason` names the rule broken, for pages that say it in another language. */
  constructor(message: string, reason?: string) {
    super('invalid_decision', message, reason ? { details: { reason } } : undefined);
  }
}

/** A transfer typed in whose bank reference the bank already told us of. */
export class BankLineExistsError extends LedgerError {
  constructor(ref: string, lineId: string) {
    super(
      'bank_line_exists',
      `The bank transaction ${ref} is already in the books from the bank (line ${lineId}): it is not recorded twice.`,
      { details: { ref, lineId } },
    );
  }
}

/**
 * The published tiles do not fold to the root the head's frontier says: a tile or the journal
 * was changed outside the write path. Nothing is signed until someone looks.
 */
export class LogIntegrityError extends LedgerError {
  constructor(fundId: string, size: number, details?: unknown, options?: { cause?: unknown }) {
    super(
      'log_integrity',
      `The published log of fund "${fundId}" does not match its journal at size ${size}; no checkpoint was signed.`,
      { details, cause: options?.cause },
    );
  }
}

/** An inclusion proof asked for an entry the tree of that size does not hold. */
export class SeqBeyondTreeError extends LedgerError {
  constructor(seq: number, treeSize: number) {
    super(
      'seq_beyond_tree',
      `Entry ${seq} is not in a tree of ${treeSize} entries: seq must be between 1 and treeSize.`,
      { details: { seq, treeSize } },
    );
  }
}

/** A consistency proof between sizes that are not 1 ≤ from ≤ to. */
export class TreeSizesOutOfOrderError extends LedgerError {
  constructor(from: number, to: number) {
    super(
      'tree_sizes_out_of_order',
      `No consistency proof from size ${from} to size ${to}: sizes must satisfy 1 ≤ from ≤ to.`,
      { details: { from, to } },
    );
  }
}

/** A tree size the log never signed a checkpoint for (or no checkpoint with that body). */
export class CheckpointNotFoundError extends LedgerError {
  constructor(fundId: string, size: number) {
    super(
      'checkpoint_not_found',
      `Fund "${fundId}" has no checkpoint of size ${size}; ask for a size it published.`,
      { details: { size } },
    );
  }
}

/** Not a signed note, a forged cosignature, or a body the log never signed. */
export class BadCosignatureError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_cosignature', message, options);
  }
}

/** A cosignature by no witness this deployment knows. */
export class UnknownWitnessError extends LedgerError {
  constructor(names: string[]) {
    super(
      'unknown_witness',
      names.length > 0
        ? `No registered witness signed this note (found ${names.join(', ')}); ask an administrator to add the witness's key.`
        : 'No registered witness signed this note; ask an administrator to add the witness key.',
      { details: { names } },
    );
  }
}

/** A cosignature too old, from the future, or not newer than the witness's last one here. */
export class StaleCosignatureError extends LedgerError {
  constructor(message: string) {
    super('stale_cosignature', message);
  }
}

/** No checkpoint covers the entry yet; the receipt follows within seconds. */
export class ReceiptNotReadyError extends LedgerError {
  constructor(fundId: string, seq: number) {
    super(
      'receipt_not_ready',
      `Entry ${seq} of fund "${fundId}" is not under a signed checkpoint yet; try again in a few seconds.`,
      { details: { seq } },
    );
  }
}

/** A witness key that is not a cosignature/v1 Ed25519 vkey, or a bad label. */
export class InvalidWitnessError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_witness', message, options);
  }
}

/** An entry a reversal cannot undo: a pledge (cancel it instead) or a reversal itself. */
export class EntryNotReversibleError extends LedgerError {
  constructor(seq: number, kind: string, pledgeId?: string) {
    super(
      'entry_not_reversible',
      kind === 'reversal'
        ? `Entry ${seq} is itself a reversal and cannot be reversed: record the money again as a new entry instead.`
        : `Entry ${seq} records a pledge (a promise, not money): it is not reversed. To withdraw the promise, cancel the pledge${pledgeId ? ` ${pledgeId}` : ''}; to undo money received, reverse the payment's entry.`,
      { details: { seq, kind, ...(pledgeId ? { pledgeId } : {}) } },
    );
  }
}

/** A disbursement no longer pending: approved, rejected or withdrawn before the request. */
export class DisbursementNotWithdrawableError extends LedgerError {
  constructor(id: string, status: string, seq?: number) {
    super(
      'not_withdrawable',
      status === 'approved'
        ? `Disbursement "${id}" was already approved${seq ? ` (entry ${seq})` : ''}, so it can no longer be withdrawn: reverse its entry instead.`
        : `Disbursement "${id}" is already ${status}, so there is nothing to withdraw.`,
      { details: { id, status, ...(seq ? { seq } : {}) } },
    );
  }
}

/**
 * A fork report that proves nothing about this log: not readable as a proof, a note not signed
 * by this deployment's log key, or about another fund. Nothing is kept.
 */
export class BadForkProofError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown; details?: unknown }) {
    super('bad_fork_proof', message, options);
  }
}

/** A fork report whose notes verify but show nothing wrong: one root per size. Nothing is kept. */
export class NotAForkError extends LedgerError {
  constructor(message: string, options?: { details?: unknown }) {
    super('not_a_fork', message, options);
  }
}
