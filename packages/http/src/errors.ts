import { LedgerError } from '@soquy/ledger';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error with an HTTP status and the stable `code` clients switch on. Keeps its cause. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, details?: FieldProblem[] | unknown, options?: { cause?: unknown }) {
    super(400, 'invalid_request', message, details, options);
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

/** Status for each ledger error code; anything not listed is our fault, so 500. */
const STATUS_BY_LEDGER_CODE: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid_amount: 400,
  invalid_entry: 400,
  date_out_of_range: 400,
  future_date: 400,
  invalid_fund: 400,
  not_canonical: 400,
  fund_not_found: 404,
  fund_exists: 409,
  idempotency_conflict: 409,
  insufficient_funds: 409,
  fund_not_receiving: 409,
  card_amount_too_large: 400,
  pledge_not_found: 404,
  pledge_closed: 409,
  conflict: 409,
  disbursement_not_found: 404,
  entry_not_found: 404,
  self_approval: 403,
  already_decided: 409,
  entry_not_reversible: 409,
  not_withdrawable: 409,
  evidence_missing: 400,
  busy: 503,
  bank_line_not_found: 404,
  statement_not_found: 404,
  statement_already_imported: 409,
  statement_wrong_account: 422,
  statement_unrecognised: 422,
  statement_malformed: 422,
  statement_unbalanced: 422,
  invalid_decision: 400,
  bank_line_exists: 409,
  invalid_notification: 400,
  seq_beyond_tree: 400,
  tree_sizes_out_of_order: 400,
  checkpoint_not_found: 404,
  receipt_not_ready: 404,
  bad_cosignature: 400,
  unknown_witness: 403,
  stale_cosignature: 400,
  invalid_witness: 400,
  bad_fork_proof: 400,
  not_a_fork: 400,
  /** The published log disagrees with the journal: ours to look into, said as such. */
  log_integrity: 500,
  staff_not_found: 404,
  last_approver: 409,
  invalid_staff: 400,
};

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof LedgerError) {
    const status = STATUS_BY_LEDGER_CODE[error.code];
    if (status)
      return new HttpError(status, error.code, error.message, error.details, { cause: error });
  }
  return new HttpError(
    500,
    'internal',
    'Something went wrong on our side. Please try again later.',
    undefined,
    {
      cause: error,
    },
  );
}
