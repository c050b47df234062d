import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { FundState } from '../../primitives/fund.ts';
import { headTotals } from '../../primitives/head.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';
import { requireFund } from '../common/read.ts';
import { reversalsOfPage } from './browse-entries.ts';
import {
  InvalidPeriodError,
  monthPeriod,
  monthsOf,
  type Period,
  type PeriodQuery,
  parsePeriod,
} from './period.ts';
import {
  inPeriod,
  type PeriodFigures,
  partialMonths,
  periodFigures,
  readWholeMonth,
} from './period-figures.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

/** Where the next page of a statement starts: after `seq` in `month` (the whole campaign: no month). */
export interface StatementCursor {
  month?: string;
  seq: number;
}

export interface FundStatement {
  fund: { id: string; name: string; owner: string };
  head: { seq: number; hash: string };
  period: Period;
  figures: PeriodFigures;
  /** One page of the period's entries: month by month, in seq order within a month. */
  entries: Entry[];
  next?: StatementCursor;
  /** Original seq → the seqs of its reversals, for the page's entries (reversalsOfPage). */
  reversedBy: Map<number, number[]>;
}

/** What a reader asks for: a period as the query wrote it, and where the page starts. */
export interface StatementRequest {
  query: PeriodQuery;
  /** Today in Vietnam time, YYYY-MM-DD. */
  today: string;
  /** A cursor from a previous page's `next` (statementCursorText). */
  after?: string | undefined;
  limit: number;
}

/** The first day a fund's figures can start: its opening day or its earliest entry's month. */
export function firstDayOf(state: FundState): string {
  const opened = vietnamDate(state.fund.opensAt);
  const first = Object.keys(state.head.months).sort()[0];
  return first && `${first}-01` < opened ? `${first}-01` : opened;
}

/** A cursor as a link writes it: `SEQ` within the period's first month, else `YYYY-MM.SEQ`. */
export function statementCursorText(period: Period, cursor: StatementCursor): string {
  return !cursor.month || cursor.month === period.from.slice(0, 7)
    ? String(cursor.seq)
    : `${cursor.month}.${cursor.seq}`;
}

function parseCursor(text: string | undefined, period: Period): StatementCursor | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:(\d{4}-\d{2})\.)?(\d{1,15})$/.exec(text);
  const seq = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(seq)) {
    throw new InvalidPeriodError(
      'malformed',
      text.slice(0, 40),
      `"${text.slice(0, 40)}" is not a page of this statement: follow the "next page" link, or leave "after" out.`,
    );
  }
  if (period.kind === 'all') return { seq };
  return { month: m[1] ?? period.from.slice(0, 7), seq };
}

/**
 * A period's statement: the figures that tie (opening + received − spent = closing) and one
 * page of its entries. Reads the head (one item), the months the period cuts through (partial
 * months only), the page's months from the month index, and one batch read of the reversal
 * claims of the entries shown.
 * The whole campaign reads the journal a page at a time instead.
 */
export async function getStatement(
  deps: ReadDeps,
  fundId: string,
  request: StatementRequest,
): Promise<FundStatement> {
  const state = await requireFund(deps, fundId);
  const { today } = request;
  const period = parsePeriod(request.query, {
    today,
    firstDay: firstDayOf(state),
    otherwise: () => monthPeriod(today.slice(0, 7), today),
  });
  const page = { limit: request.limit, after: parseCursor(request.after, period) };
  const basics = {
    fund: { id: state.fund.id, name: state.fund.name, owner: state.fund.owner },
    head: { seq: state.head.seq, hash: state.head.hash },
  };
  if (period.kind === 'all')
    return { ...basics, ...(await wholeCampaign(deps, state, period, page)) };
  const partial = new Map<string, Entry[]>();
  await Promise.all(
    partialMonths(state, period).map(async (month) =>
      partial.set(month, await readWholeMonth(deps, fundId, month)),
    ),
  );
  const figures = periodFigures(state, period, partial);
  const months = monthsOf(period).filter(
    (m) => state.head.months[m] && (!page.after?.month || m >= page.after.month),
  );
  const entries: Entry[] = [];
  let next: StatementCursor | undefined;
  for (const [i, month] of months.entries()) {
    const after = month === page.after?.month ? page.after.seq : 0;
    const room = page.limit - entries.length;
    const known = partial.get(month);
    let more: boolean;
    if (known) {
      const rest = known.filter((e) => e.seq > after && inPeriod(period, e));
      entries.push(...rest.slice(0, room));
      more = rest.length > room;
    } else {
      const read = await deps.store.readMonth(fundId, month, { after, limit: room });
      entries.push(...read.entries);
      more = read.next !== undefined;
    }
    if (entries.length >= page.limit) {
      const later = months.slice(i + 1).find((m) => {
        const k = partial.get(m);
        return k ? k.some((e) => inPeriod(period, e)) : true;
      });
      if (more) next = { month, seq: entries.at(-1)?.seq ?? after };
      else if (later) next = { month: later, seq: 0 };
      break;
    }
  }
  return {
    ...basics,
    period,
    figures,
    entries,
    ...(next ? { next } : {}),
    reversedBy: await reversalsOfPage(deps, fundId, entries),
  };
}

async function wholeCampaign(
  deps: ReadDeps,
  state: FundState,
  period: Period,
  page: { limit: number; after?: StatementCursor | undefined },
): Promise<Omit<FundStatement, 'fund' | 'head'>> {
  const totals = headTotals(state.head);
  const after = page.after?.seq ?? 0;
  const headSeq = state.head.seq;
  const limit = Math.min(page.limit, Math.max(0, headSeq - after));
  const entries = limit > 0 ? await deps.store.readEntries(state.fund.id, { after, limit }) : [];
  const last = entries.at(-1)?.seq ?? after;
  return {
    period,
    figures: {
      opening: 0,
      received: totals.received,
      spent: totals.spent,
      pledged: totals.pledged,
      closing: totals.balance,
    },
    entries,
    ...(last < headSeq ? { next: { seq: last } } : {}),
    reversedBy: await reversalsOfPage(deps, state.fund.id, entries),
  };
}

/**
 * Only the figures of a period (the JSON report's `period`): the head plus the months the
 * period cuts through. Without a period in the query, undefined.
 */
export async function getPeriodFigures(
  deps: ReadDeps,
  fundId: string,
  query: PeriodQuery,
  today: string,
): Promise<{ period: Period; figures: PeriodFigures } | undefined> {
  if (Object.values(query).every((v) => v === undefined)) return undefined;
  const state = await requireFund(deps, fundId);
  const period = parsePeriod(query, {
    today,
    firstDay: firstDayOf(state),
    otherwise: () => monthPeriod(today.slice(0, 7), today),
  });
  if (period.kind === 'all') {
    const totals = headTotals(state.head);
    return {
      period,
      figures: {
        opening: 0,
        received: totals.received,
        spent: totals.spent,
        pledged: totals.pledged,
        closing: totals.balance,
      },
    };
  }
  const partial = new Map<string, Entry[]>();
  await Promise.all(
    partialMonths(state, period).map(async (month) =>
      partial.set(month, await readWholeMonth(deps, fundId, month)),
    ),
  );
  return { period, figures: periodFigures(state, period, partial) };
}
