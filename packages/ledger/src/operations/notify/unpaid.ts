import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerStore } from '../../ports/ledger-store.ts';
import type { MailLog } from '../../ports/mailer.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import type { PledgeMethod, PledgeStatus } from '../../primitives/records.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';
import { requireFund } from '../common/read.ts';
import { listUnpaidPledgesAccess } from './access.ts';
import { openPledgesOf } from './reminders.ts';

/** One row of the treasurer's unpaid list. */
export interface UnpaidPledge {
  pledgeId: string;
  reference: string;
  donorName: string;
  email?: string;
  phone?: string;
  method: PledgeMethod;
  status: PledgeStatus;
  amount: number;
  paid: number;
  outstanding: number;
  createdAt: string;
  dueDate?: string;
  /** Whole days since the pledge was made (Vietnam dates). */
  ageDays: number;
  /** Days past the due date; 0 when not yet due or none was given. */
  overdueDays: number;
  unsubscribed: boolean;
}

export interface UnpaidList {
  fundId: string;
  fundName: string;
  pledges: UnpaidPledge[];
  totalOutstanding: number;
}

const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Who pledged what, what is still outstanding and since when: most overdue, then oldest first. */
export async function listUnpaidPledges(
  deps: { store: LedgerStore; mailLog: MailLog; clock: () => Date },
  actor: Actor,
  fundId: string,
): Promise<UnpaidList> {
  assertAllowed(listUnpaidPledgesAccess, actor, { fundId });
  const state = await requireFund(deps, fundId);
  const today = vietnamDate(deps.clock().toISOString());
  const rows: UnpaidPledge[] = [];
  for (const pledge of await openPledgesOf(deps, fundId)) {
    rows.push({
      pledgeId: pledge.pledgeId,
      reference: pledge.reference,
      donorName: pledge.donor.name,
      ...(pledge.donor.email ? { email: pledge.donor.email } : {}),
      ...(pledge.donor.phone ? { phone: pledge.donor.phone } : {}),
      method: pledge.method,
      status: pledge.status,
      amount: pledge.amount,
      paid: pledge.paid,
      outstanding: outstandingOf(pledge),
      createdAt: pledge.createdAt,
      ...(pledge.dueDate ? { dueDate: pledge.dueDate } : {}),
      ageDays: Math.max(0, days(vietnamDate(pledge.createdAt), today)),
      overdueDays: pledge.dueDate ? Math.max(0, days(pledge.dueDate, today)) : 0,
      unsubscribed: await deps.mailLog.isUnsubscribed(pledge.pledgeId),
    });
  }
  rows.sort((a, b) => b.overdueDays - a.overdueDays || a.createdAt.localeCompare(b.createdAt));
  return {
    fundId,
    fundName: state.fund.name,
    pledges: rows,
    totalOutstanding: rows.reduce((sum, r) => sum + r.outstanding, 0),
  };
}
