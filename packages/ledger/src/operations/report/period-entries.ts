import { LedgerError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Entry, EntryKind } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import { requireFund } from '../common/read.ts';
import { reversalsOfPage } from './browse-entries.ts';
import { firstDayOf } from './get-statement.ts';
import { monthsOf, type Period, type PeriodQuery, parsePeriod } from './period.ts';
import { inPeriod } from './period-figures.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

/**
 * How much one download may hold. A row of the receipts file is about 300 bytes (a 64-character
 * hash, a name, a memo, a Cognito user name), so 15,000 rows make about 4.6 MB: under the 6 MB a
 * Lambda may answer through API Gateway (20,000 such rows would not be), and a few seconds of
 * reading from the month index (500 entries a call).
 */
export interface ExportLimits {
  /** Rows in the file. */
  maxRows: number;
  /** Journal entries read to find them (entries of other kinds are read and skipped). */
  maxRead: number;
}

export const EXPORT_LIMITS: ExportLimits = { maxRows: 15_000, maxRead: 30_000 };

/** A period too large for one file: the page says so and suggests a shorter one. */
export class ExportTooLargeError extends LedgerError {
  constructor(
    readonly period: Period,
    readonly limit: number,
    readonly what: 'rows' | 'entries' | 'bytes',
  ) {
    super(
      'export_too_large',
      `${period.from}..${period.to} holds more than ${limit} ${what} for one file: choose a shorter period, e.g. one month.`,
      { details: { from: period.from, to: period.to, limit, what } },
    );
  }
}

/** The calendar year of a day (YYYY-MM-DD): what a download holds when no period is asked for. */
export function yearOf(day: string): Period {
  const year = day.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31`, kind: 'year' };
}

export interface PeriodEntriesRequest {
  /** The period as the query wrote it (the statement's rules); none: the year of `today`. */
  query: PeriodQuery;
  /** Today in Vietnam time, YYYY-MM-DD. */
  today: string;
  /** The kinds of entry wanted (receipts: payment and donation; spending: disbursement). */
  kinds: readonly EntryKind[];
  limits?: ExportLimits;
}

export interface PeriodEntries {
  fund: Fund;
  period: Period;
  /** The period's entries of those kinds: month by month, in seq order within a month. */
  entries: Entry[];
  /** Original seq → the seqs of its reversals, wherever they are in the journal. */
  reversedBy: Map<number, number[]>;
}

/** Entries read from the month index per call. */
const MONTH_PAGE = 500;
/** Entries whose reversals are looked up per batch (one batch read of claims each). */
const REVERSAL_BATCH = 500;

/**
 * A period's entries of some kinds, for a download: only the period's months are read, from the
 * journal's month index (never the whole journal), each entry placed on its Vietnam day. Throws
 * InvalidPeriodError for a period nobody can read and ExportTooLargeError as soon as the period
 * holds more than the limits allow, so memory and time stay bounded whatever the fund's size.
 */
export async function readPeriodEntries(
  deps: ReadDeps,
  fundId: string,
  request: PeriodEntriesRequest,
): Promise<PeriodEntries> {
  const state = await requireFund(deps, fundId);
  const { today, kinds } = request;
  const limits = request.limits ?? EXPORT_LIMITS;
  const period = parsePeriod(request.query, {
    today,
    firstDay: firstDayOf(state),
    otherwise: () => yearOf(today),
  });
  const entries: Entry[] = [];
  let read = 0;
  for (const month of monthsOf(period).filter((m) => state.head.months[m])) {
    let after = 0;
    for (;;) {
      const page = await deps.store.readMonth(fundId, month, { after, limit: MONTH_PAGE });
      read += page.entries.length;
      if (read > limits.maxRead) throw new ExportTooLargeError(period, limits.maxRead, 'entries');
      for (const e of page.entries)
        if (kinds.includes(e.kind) && inPeriod(period, e)) entries.push(e);
      if (entries.length > limits.maxRows)
        throw new ExportTooLargeError(period, limits.maxRows, 'rows');
      if (page.next === undefined) break;
      after = page.next;
    }
  }
  const reversedBy = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i += REVERSAL_BATCH) {
    const batch = await reversalsOfPage(deps, fundId, entries.slice(i, i + REVERSAL_BATCH));
    for (const [seq, reversals] of batch) reversedBy.set(seq, reversals);
  }
  return { fund: state.fund, period, entries, reversedBy };
}
