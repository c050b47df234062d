import { PledgeNotFoundError } from '../../errors.ts';
import type { Clock, LedgerStore } from '../../ports/ledger-store.ts';
import type { MailLog } from '../../ports/mailer.ts';
import type { Pledge } from '../../primitives/records.ts';
import { requirePledge } from '../common/read.ts';
import { unsubscribeTokenMatches } from './tokens.ts';

interface UnsubscribeDeps {
  store: LedgerStore;
  mailLog: MailLog;
  clock: Clock;
  unsubscribeKey: () => Promise<Uint8Array>;
}

/**
 * The pledge an unsubscribe link names, if its token is right. A wrong token learns nothing:
 * to its holder the pledge does not exist.
 */
export async function pledgeToUnsubscribe(
  deps: UnsubscribeDeps,
  pledgeId: string,
  token: string,
): Promise<{ pledge: Pledge; unsubscribed: boolean }> {
  if (!(await unsubscribeTokenMatches(deps.unsubscribeKey, pledgeId, token))) {
    throw new PledgeNotFoundError(pledgeId);
  }
  const { value: pledge } = await requirePledge(deps, pledgeId);
  return { pledge, unsubscribed: await deps.mailLog.isUnsubscribed(pledgeId) };
}

/** The donor stops this pledge's reminders (receipts of payments still come). Idempotent. */
export async function unsubscribeReminders(
  deps: UnsubscribeDeps,
  pledgeId: string,
  token: string,
): Promise<Pledge> {
  const { pledge, unsubscribed } = await pledgeToUnsubscribe(deps, pledgeId, token);
  if (!unsubscribed) await deps.mailLog.unsubscribe(pledgeId, deps.clock());
  return pledge;
}
