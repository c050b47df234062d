import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { ACCOUNTS } from '../../primitives/accounts.ts';
import {
  type BankLine,
  type PublicBankLine,
  publicBankLine,
  type StatementRecord,
  type TieOut,
} from '../../primitives/bank-lines.ts';
import { vietnamMidnight } from '../../primitives/vietnam-time.ts';
import { requireFund } from '../common/read.ts';
import { listBankQueueAccess, listUnroutedAccess } from './access.ts';

const DAY_MS = 86_400_000;

/** The instant a statement's last day (YYYY-MM-DD, Vietnam time) ends. */
export function endOfDay(day: string): string {
  return new Date(Date.parse(vietnamMidnight(day) as string) + DAY_MS).toISOString();
}

/**
 * The ledger's bank balance at the end of `day`: today's balance less what entries dated after
 * that day moved. The store keeps that movement per day, so this reads the head and the days
 * since, not the journal; read again if a write landed in between.
 */
export async function ledgerBankBalanceAt(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  day: string,
): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await requireFund(deps, fundId);
    const movedSince = await deps.store.bank.bankMovementAfter(fundId, day);
    const after = await requireFund(deps, fundId);
    if (after.head.seq === before.head.seq) {
      return (after.head.balances[ACCOUNTS.bank] ?? 0) - movedSince;
    }
  }
  const state = await requireFund(deps, fundId);
  return (
    (state.head.balances[ACCOUNTS.bank] ?? 0) -
    (await deps.store.bank.bankMovementAfter(fundId, day))
  );
}

/** The bank's closing balance of a day against the ledger's. */
export async function tieOutAt(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  day: string,
  bankBalance: number,
): Promise<TieOut> {
  const ledgerBalance = await ledgerBankBalanceAt(deps, fundId, day);
  return { at: endOfDay(day), bankBalance, ledgerBalance, difference: bankBalance - ledgerBalance };
}

/** What the public page shows of the bank: the tie-out, what waits, and money out unexplained. */
export interface PublicReconciliation {
  statement?: { to: string; bank?: string; importedAt?: string };
  tieOut?: TieOut;
  /** Lines waiting for a person, the oldest first (no memo, no names, no references). */
  waiting: { count: number; oldestSince?: string; lines: PublicBankLine[] };
  /** Money that left the bank with no approved disbursement behind it. */
  unexplainedOutflows: PublicBankLine[];
}

const PUBLIC_LINES = 20;

export async function publicReconciliation(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
): Promise<PublicReconciliation> {
  const { bank } = deps.store;
  const [statements, count, credits, debits] = await Promise.all([
    bank.listStatements(fundId, 5),
    bank.queueSize(fundId),
    bank.reviewQueue(fundId, 'in', { limit: PUBLIC_LINES }),
    bank.reviewQueue(fundId, 'out', { limit: PUBLIC_LINES }),
  ]);
  const latest = statements.find((s) => s.status === 'done' && s.to);
  const waitingLines = [...credits.lines, ...debits.lines]
    .sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt))
    .slice(0, PUBLIC_LINES);
  const result: PublicReconciliation = {
    waiting: {
      count,
      ...(waitingLines[0] ? { oldestSince: waitingLines[0].firstSeenAt } : {}),
      lines: waitingLines.map(publicBankLine),
    },
    unexplainedOutflows: debits.lines
      .filter((line) => line.reason === 'unexplained_outflow')
      .map(publicBankLine),
  };
  if (latest) {
    result.statement = {
      to: latest.to as string,
      ...(latest.bank ? { bank: latest.bank } : {}),
      ...(latest.finishedAt ? { importedAt: latest.finishedAt } : {}),
    };
    result.tieOut = await tieOutAt(
      deps,
      fundId,
      latest.to as string,
      latest.closingBalance as number,
    );
  }
  return result;
}

/** The review queue as a treasurer sees it: every detail of each waiting line. */
export async function listBankQueue(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  actor: Actor,
  page: { direction?: 'in' | 'out'; limit: number; after?: string },
): Promise<{ lines: BankLine[]; waiting: number; next?: string }> {
  assertAllowed(listBankQueueAccess, actor, { fundId });
  await requireFund(deps, fundId);
  const { bank } = deps.store;
  if (page.direction) {
    const { lines, next } = await bank.reviewQueue(fundId, page.direction, page);
    return { lines, waiting: await bank.queueSize(fundId), ...(next ? { next } : {}) };
  }
  const [credits, debits, waiting] = await Promise.all([
    bank.reviewQueue(fundId, 'in', { limit: page.limit }),
    bank.reviewQueue(fundId, 'out', { limit: page.limit }),
    bank.queueSize(fundId),
  ]);
  const lines = [...credits.lines, ...debits.lines]
    .sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt))
    .slice(0, page.limit);
  return { lines, waiting };
}

export async function listStatements(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  actor: Actor,
): Promise<StatementRecord[]> {
  assertAllowed(listBankQueueAccess, actor, { fundId });
  return deps.store.bank.listStatements(fundId, 50);
}

export async function listUnrouted(deps: Pick<LedgerDeps, 'store'>, actor: Actor) {
  assertAllowed(listUnroutedAccess, actor, {});
  return deps.store.bank.listUnrouted(200);
}
