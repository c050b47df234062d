import { LedgerError } from '../../errors.ts';

/**
 * A reporting period: whole days in Vietnam time (Asia/Ho_Chi_Minh, UTC+7), both ends included.
 * An entry belongs to the day its `occurredAt` falls on in Vietnam, like the journal's month index.
 */
export interface Period {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD. */
  to: string;
  /** How it was asked for: a month (`?month=`), a year (`?year=`), days, or the whole campaign. */
  kind: 'month' | 'year' | 'days' | 'all';
}

export type PeriodProblem =
  | 'malformed'
  | 'impossible_date'
  | 'out_of_range'
  | 'from_after_to'
  | 'ambiguous';

/** A period nobody can read: the page and the API answer 400 and say what to write. */
export class InvalidPeriodError extends LedgerError {
  constructor(
    readonly problem: PeriodProblem,
    readonly value: string,
    message: string,
  ) {
    super('invalid_period', message, { details: { problem, value } });
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
/** The first year a period may start in; the last is next year. */
export const FIRST_PERIOD_YEAR = 2000;

/** Days in a month of a year (month 1–12), leap years included. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function clip(value: string): string {
  return value.slice(0, 40);
}

function checkYear(year: number, value: string, today: string) {
  const last = Number(today.slice(0, 4)) + 1;
  if (year < FIRST_PERIOD_YEAR || year > last) {
    throw new InvalidPeriodError(
      'out_of_range',
      clip(value),
      `"${clip(value)}" is out of range: periods lie between ${FIRST_PERIOD_YEAR} and ${last}.`,
    );
  }
}

/** A calendar day as YYYY-MM-DD, or a 400 saying what is wrong with it. */
export function parseDay(value: string, today: string): string {
  const m = DAY.exec(value);
  if (!m) {
    throw new InvalidPeriodError(
      'malformed',
      clip(value),
      `"${clip(value)}" is not a day: write it as YYYY-MM-DD, e.g. 2026-11-01.`,
    );
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new InvalidPeriodError(
      'impossible_date',
      value,
      `${value} is not a date in the calendar: check the month and the day.`,
    );
  }
  checkYear(year, value, today);
  return value;
}

/** The month YYYY-MM as a period, or a 400 saying how to write it. */
export function monthPeriod(value: string, today: string): Period {
  const m = MONTH.exec(value);
  if (!m) {
    throw new InvalidPeriodError(
      'malformed',
      clip(value),
      `"${clip(value)}" is not a month: write it as YYYY-MM, e.g. ?month=2026-11, or ?month=all for the whole campaign.`,
    );
  }
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12) {
    throw new InvalidPeriodError(
      'impossible_date',
      value,
      `${value} is not a month in the calendar: months run from 01 to 12.`,
    );
  }
  checkYear(year, value, today);
  return {
    from: `${value}-01`,
    to: `${value}-${String(daysIn(year, month)).padStart(2, '0')}`,
    kind: 'month',
  };
}

function yearPeriod(value: string, today: string): Period {
  if (!YEAR.test(value)) {
    throw new InvalidPeriodError(
      'malformed',
      clip(value),
      `"${clip(value)}" is not a year: write it as YYYY, e.g. ?year=2026.`,
    );
  }
  checkYear(Number(value), value, today);
  return { from: `${value}-01-01`, to: `${value}-12-31`, kind: 'year' };
}

export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
  month?: string | undefined;
  year?: string | undefined;
}

/**
 * The period a query asks for: `from`/`to` days (either may be left out: the first day of the
 * campaign, today), a `month` (YYYY-MM, or `all`), a `year`; with none of them, `otherwise`.
 * Throws InvalidPeriodError for anything it cannot read: never a silent fallback.
 */
export function parsePeriod(
  query: PeriodQuery,
  context: { today: string; firstDay: string; otherwise: () => Period },
): Period {
  const given = (['from', 'to', 'month', 'year'] as const).filter((k) => query[k] !== undefined);
  const days = given.includes('from') || given.includes('to');
  if (
    (days && given.length > given.filter((k) => k === 'from' || k === 'to').length) ||
    (!days && given.length > 1)
  ) {
    throw new InvalidPeriodError(
      'ambiguous',
      given.join(','),
      'Give either from/to days, a month or a year, not several: e.g. ?from=2026-01-01&to=2026-03-31.',
    );
  }
  if (query.month !== undefined) {
    if (query.month === 'all') return { from: context.firstDay, to: context.today, kind: 'all' };
    return monthPeriod(query.month, context.today);
  }
  if (query.year !== undefined) return yearPeriod(query.year, context.today);
  if (!days) return context.otherwise();
  const from = query.from === undefined ? undefined : parseDay(query.from, context.today);
  const to = query.to === undefined ? undefined : parseDay(query.to, context.today);
  const period: Period = {
    from: from ?? (to !== undefined && to < context.firstDay ? to : context.firstDay),
    to: to ?? (from !== undefined && from > context.today ? from : context.today),
    kind: 'days',
  };
  if (period.from > period.to) {
    throw new InvalidPeriodError(
      'from_after_to',
      `${period.from}..${period.to}`,
      `The period starts (${period.from}) after it ends (${period.to}): swap from and to.`,
    );
  }
  return period;
}

/** The months (YYYY-MM) a period touches, in order. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  for (;;) {
    const name = `${year}-${String(month).padStart(2, '0')}`;
    if (name > last) return months;
    months.push(name);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** Whether a period starts on a month's first day / ends on its last day. */
export function startsMonth(day: string): boolean {
  return day.endsWith('-01');
}

export function endsMonth(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return Number(day.slice(8, 10)) === daysIn(year, month);
}
