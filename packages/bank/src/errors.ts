/**
 * Why a statement file was refused. Each is a LedgerError with a stable code the HTTP layer maps,
 * and a message a treasurer can act on.
 */
import { LedgerError } from '@soquy/ledger';

/** Not a statement in any layout we read: the message lists the layouts we do read. */
export class UnrecognisedStatementError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown; details?: unknown }) {
    super('statement_unrecognised', message, options);
  }
}

export interface MalformedStatementDetails {
  /** 1-based row in the sheet or file; absent when the file lacks something as a whole. */
  row?: number;
  /** The column's caption as the file writes it, or what is missing. */
  column?: string;
}

/** A statement we recognise, with a cell we cannot read (a fraction of a đồng, a bad date…). */
export class MalformedStatementError extends LedgerError {
  declare readonly details: MalformedStatementDetails;
  constructor(message: string, details: MalformedStatementDetails, options?: { cause?: unknown }) {
    super('statement_malformed', message, { details, cause: options?.cause });
  }
}

export interface StatementBalanceDetails {
  /** The row where the running balance first breaks; absent for the whole-file tie-out. */
  row?: number;
  expected: number;
  found: number;
}

/** The file does not add up: a running balance breaks, or opening + credits − debits ≠ closing. */
export class StatementBalanceError extends LedgerError {
  declare readonly details: StatementBalanceDetails;
  constructor(message: string, details: StatementBalanceDetails, options?: { cause?: unknown }) {
    super('statement_unbalanced', message, { details, cause: options?.cause });
  }
}
