import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { accountDigits, type IncomingBankLine } from '../../primitives/bank-lines.ts';
import type { FundState } from '../../primitives/fund.ts';
import { assertAmount } from '../../primitives/money.ts';
import { assertOccurredInRange } from '../../primitives/occurred.ts';
import { receiveBankNotificationAccess } from './access.ts';
import { bookLines, type LineResult } from './book-lines.ts';

export interface NotificationReceipt {
  /** `unrouted` when no fund owns the account: the notification is kept for an admin only. */
  outcome: 'matched' | 'review' | 'duplicate' | 'unrouted';
  fundId?: string;
  lineId?: string;
  replayed?: boolean;
}

/** The fund whose bank account a line names (a gateway may give a sub-account too). */
export async function fundOfAccount(
  deps: Pick<LedgerDeps, 'store'>,
  accounts: readonly string[],
): Promise<FundState | undefined> {
  const wanted = new Set(accounts.map(accountDigits).filter((a) => a.length > 0));
  const funds = await deps.store.listFunds();
  return funds.find((state) => wanted.has(accountDigits(state.fund.bankAccount.accountNumber)));
}

/**
 * A transaction a bank gateway (SePay, Casso) reported: routed to its fund by account number,
 * then booked like any bank line. Every delivery is answered; an account no fund owns is kept
 * in the unrouted list, in no journal.
 */
export async function receiveBankNotification(
  deps: LedgerDeps,
  notification: { line: IncomingBankLine; deliveryId: string; routingAccounts?: string[] },
  actor: Actor,
): Promise<NotificationReceipt> {
  assertAllowed(receiveBankNotificationAccess, actor, {});
  const { line, deliveryId } = notification;
  assertAmount(line.amount);
  const now = deps.clock();
  const state = await fundOfAccount(deps, notification.routingAccounts ?? [line.accountNumber]);
  if (!state) {
    await deps.store.bank.addUnrouted({
      deliveryId,
      channel: line.channel,
      accountNumber: line.accountNumber,
      direction: line.direction,
      amount: line.amount,
      bookedAt: line.bookedAt,
      receivedAt: now.toISOString(),
    });
    return { outcome: 'unrouted' };
  }
  assertOccurredInRange(state.fund, line.bookedAt, now, 'transactionDate');
  const [result] = await bookLines(
    deps,
    state.fund.id,
    {
      lines: [line],
      source: () => ({ channel: line.channel, id: deliveryId, at: now.toISOString() }),
      recordedBy: 'bank',
      now: now.toISOString(),
    },
    () => `bankline:${deliveryId}`,
  );
  return { fundId: state.fund.id, ...summarise(result as LineResult) };
}

function summarise(result: LineResult): Pick<NotificationReceipt, 'outcome' | 'lineId'> {
  switch (result.result) {
    case 'matched':
      return { outcome: 'matched', lineId: result.lineId };
    case 'review':
      return { outcome: 'review', lineId: result.lineId };
    default:
      return { outcome: 'duplicate', lineId: result.lineId };
  }
}
