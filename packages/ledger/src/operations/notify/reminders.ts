import { type Actor, assertAllowed } from '../../access/access.ts';
import { PledgeNotFoundError } from '../../errors.ts';
import type { FundSettings } from '../../ports/fund-settings.ts';
import type { ReminderNotice } from '../../ports/mailer.ts';
import type { FundState } from '../../primitives/fund.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import type { Pledge } from '../../primitives/records.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';
import { requireFund, requirePledge } from '../common/read.ts';
import { remindPledgeAccess } from './access.ts';
import { type NotifyDeps, pledgeUrl, sendOnce } from './deps.ts';
import { MailDeliveryError, NoDonorEmailError, NothingOutstandingError } from './errors.ts';
import type { NotifyResult } from './notify-journal.ts';
import { daysBetween, reminderDay } from './schedule.ts';
import { unsubscribeToken } from './tokens.ts';

export interface ReminderDeps extends NotifyDeps {
  /** The fund's settings (fund-settings: readFundSettings), defaults when none were saved. */
  readSettings: (fundId: string) => Promise<FundSettings>;
}

export const reminderKey = (pledgeId: string, day: string) => `reminder:${pledgeId}:${day}`;
export const manualReminderKey = (pledgeId: string, day: string) =>
  `reminder:${pledgeId}:manual:${day}`;

/** The pledges of a fund that still owe something, oldest first. */
export async function openPledgesOf(
  deps: Pick<NotifyDeps, 'store'>,
  fundId: string,
): Promise<Pledge[]> {
  const open: Pledge[] = [];
  let after: string | undefined;
  do {
    const page = await deps.store.pledges.list(fundId, { limit: 500, after });
    open.push(...page.pledges.filter((p) => p.status !== 'cancelled' && outstandingOf(p) > 0));
    after = page.next;
  } while (after);
  return open;
}

async function reminderOf(
  deps: NotifyDeps,
  state: FundState,
  pledge: Pledge,
  email: string,
): Promise<ReminderNotice> {
  const token = await unsubscribeToken(deps.unsubscribeKey, pledge.pledgeId);
  return {
    kind: 'reminder',
    to: email,
    fundId: state.fund.id,
    fundName: state.fund.name,
    donorName: pledge.donor.name,
    pledgeId: pledge.pledgeId,
    reference: pledge.reference,
    amount: pledge.amount,
    paid: pledge.paid,
    outstanding: outstandingOf(pledge),
    ...(pledge.dueDate ? { dueDate: pledge.dueDate } : {}),
    pledgeUrl: await pledgeUrl(deps, pledge.pledgeId),
    unsubscribeUrl: `${deps.baseUrl}/u/${pledge.pledgeId}?t=${token}`,
  };
}

/**
 * The daily run: every fund's unpaid pledges whose reminder day (schedule.ts, from the fund's
 * settings) is today get one reminder, unless their donor gave no address or unsubscribed.
 * Running twice a day, or again after a failure, sends nothing twice (the mail log).
 */
export async function sendDueReminders(
  deps: ReminderDeps,
  /** The run's moment (a schedule's event time); the day it falls on in Vietnam counts. */
  at: Date = deps.clock(),
): Promise<NotifyResult> {
  const result: NotifyResult = { sent: [], skipped: [] };
  const today = vietnamDate(at.toISOString());
  const failed: string[] = [];
  let cause: unknown;
  for (const state of await deps.store.listFunds()) {
    const settings = await deps.readSettings(state.fund.id);
    for (const pledge of await openPledgesOf(deps, state.fund.id)) {
      const email = pledge.donor.email;
      const day = reminderDay(pledge, settings.reminders, today);
      if (!email || !day) continue;
      if (await deps.mailLog.isUnsubscribed(pledge.pledgeId)) continue;
      const key = reminderKey(pledge.pledgeId, day);
      // A treasurer's reminder sent by hand since this slot stands for it: one mail, not two.
      if (await remindedByHandSince(deps, pledge.pledgeId, day, today)) {
        result.skipped.push(key);
        continue;
      }
      try {
        const sent = await sendOnce(deps, key, await reminderOf(deps, state, pledge, email));
        (sent ? result.sent : result.skipped).push(key);
      } catch (error) {
        failed.push(key);
        cause = error;
      }
    }
  }
  if (failed.length > 0) throw new MailDeliveryError(failed, cause);
  return result;
}

async function remindedByHandSince(
  deps: Pick<NotifyDeps, 'mailLog'>,
  pledgeId: string,
  slot: string,
  today: string,
): Promise<boolean> {
  for (const day of daysBetween(slot, today)) {
    if (await deps.mailLog.sentAt(manualReminderKey(pledgeId, day))) return true;
  }
  return false;
}

/** What a treasurer's "send a reminder" did. */
export type ManualReminder = 'sent' | 'already-sent-today' | 'unsubscribed';

/**
 * A treasurer sends one pledge's donor a reminder now (the unpaid list). At most one a day per
 * pledge, so a double click sends one; a donor who unsubscribed gets none.
 */
export async function remindPledgeNow(
  deps: NotifyDeps,
  actor: Actor,
  fundId: string,
  pledgeId: string,
): Promise<ManualReminder> {
  assertAllowed(remindPledgeAccess, actor, { fundId });
  const { value: pledge } = await requirePledge(deps, pledgeId);
  if (pledge.fundId !== fundId) throw new PledgeNotFoundError(pledgeId);
  if (pledge.status === 'cancelled' || outstandingOf(pledge) === 0) {
    throw new NothingOutstandingError(pledgeId);
  }
  const email = pledge.donor.email;
  if (!email) throw new NoDonorEmailError(pledgeId);
  if (await deps.mailLog.isUnsubscribed(pledgeId)) return 'unsubscribed';
  const state = await requireFund(deps, fundId);
  const today = vietnamDate(deps.clock().toISOString());
  // The daily run already reminded this donor today: a second mail would only annoy.
  if (await deps.mailLog.sentAt(reminderKey(pledgeId, today))) return 'already-sent-today';
  const key = manualReminderKey(pledgeId, today);
  const sent = await sendOnce(deps, key, await reminderOf(deps, state, pledge, email));
  return sent ? 'sent' : 'already-sent-today';
}
