import { recorderNameOf } from '../../access/access.ts';
import type { ReceiptNotice } from '../../ports/mailer.ts';
import type { Entry } from '../../primitives/entry.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import { type NotifyDeps, pledgeUrl, sendOnce } from './deps.ts';
import { MailDeliveryError } from './errors.ts';

/** What one pass sent (keys of notices), and what it found sent before. */
export interface NotifyResult {
  sent: string[];
  skipped: string[];
}

export const receiptKey = (fundId: string, seq: number) => `receipt:${fundId}:${seq}`;

/**
 * New journal entries → receipts: each payment on a pledge whose donor gave an email address
 * gets one receipt, with the entry's seq and hash and a link to the donor's own page. Nothing
 * goes to anyone else: a pledge without an address, a gift without a pledge, get no mail. Runs
 * on the journal's stream; a retried batch finds its receipts in the mail log and skips them.
 */
export async function sendReceipts(
  deps: NotifyDeps,
  fundId: string,
  seqs: readonly number[],
): Promise<NotifyResult> {
  const result: NotifyResult = { sent: [], skipped: [] };
  if (seqs.length === 0) return result;
  const state = await deps.store.getFund(fundId);
  if (!state) return result;
  const wanted = new Set(seqs);
  const first = Math.min(...seqs);
  const last = Math.max(...seqs);
  const entries: Entry[] = [];
  for (let after = first - 1; after < last; ) {
    const page = await deps.store.readEntries(fundId, {
      after,
      limit: Math.min(500, last - after),
    });
    if (page.length === 0) break;
    entries.push(...page.filter((entry) => wanted.has(entry.seq)));
    after = page.at(-1)?.seq ?? last;
  }
  const payments = entries.filter((e) => e.kind === 'payment' && e.refs.pledgeId);
  const pledges = await deps.store.pledges.getMany([
    ...new Set(payments.map((e) => e.refs.pledgeId as string)),
  ]);
  const failed: string[] = [];
  let cause: unknown;
  for (const entry of payments) {
    const pledge = pledges.get(entry.refs.pledgeId as string)?.value;
    const email = pledge?.donor.email;
    if (!pledge || !email) continue;
    const payment = pledge.payments.find((p) => p.seq === entry.seq);
    const amount = entry.postings[0]?.amount ?? 0;
    // Paid as of this payment: the pledge record may already hold later ones.
    const paid = pledge.payments
      .filter((p) => p.seq <= entry.seq)
      .reduce((sum, p) => sum + p.amount, 0);
    const notice: ReceiptNotice = {
      kind: 'receipt',
      to: email,
      fundId,
      fundName: state.fund.name,
      donorName: pledge.donor.name,
      pledgeId: pledge.pledgeId,
      reference: pledge.reference,
      amount,
      method: payment?.method ?? (pledge.method === 'card' ? 'card' : 'transfer'),
      receivedAt: entry.occurredAt,
      seq: entry.seq,
      hash: entry.hash,
      pledgeAmount: pledge.amount,
      paid,
      outstanding: outstandingOf({ ...pledge, paid }),
      pledgeUrl: await pledgeUrl(deps, pledge.pledgeId),
      verifyUrl: `${deps.baseUrl}/funds/${fundId}/verify?${new URLSearchParams({
        seq: String(entry.seq),
        hash: entry.hash,
      })}`,
    };
    const key = receiptKey(fundId, entry.seq);
    try {
      ((await sendOnce(deps, key, notice)) ? result.sent : result.skipped).push(key);
    } catch (error) {
      failed.push(key);
      cause = error;
    }
  }
  if (failed.length > 0) throw new MailDeliveryError(failed, cause);
  return result;
}

export const approvalKey = (disbursementId: string, username: string) =>
  `approval:${disbursementId}:${username}`;

/**
 * A disbursement waiting for approval → one notice to each approver of its fund (never to the
 * treasurer who recorded it, who may not approve it anyway). Once decided, nothing is sent.
 */
export async function notifyApprovers(
  deps: NotifyDeps,
  disbursementId: string,
): Promise<NotifyResult> {
  const result: NotifyResult = { sent: [], skipped: [] };
  const record = await deps.store.disbursements.get(disbursementId);
  const directory = deps.staffDirectory;
  if (record?.value.status !== 'pending_approval' || !directory) return result;
  const d = record.value;
  const state = await deps.store.getFund(d.fundId);
  if (!state) return result;
  const approvers = (await directory.listStaff(d.fundId)).filter(
    (member) =>
      member.role === 'approver' && recorderNameOf(member) !== d.recordedBy && member.email,
  );
  const failed: string[] = [];
  let cause: unknown;
  for (const approver of approvers) {
    const key = approvalKey(d.id, approver.username);
    try {
      const sent = await sendOnce(deps, key, {
        kind: 'approval',
        to: approver.email,
        fundId: d.fundId,
        fundName: state.fund.name,
        disbursementId: d.id,
        amount: d.amount,
        payeeName: d.payee.name,
        purpose: d.purpose,
        category: state.fund.categories.find((c) => c.id === d.category)?.name ?? d.category,
        recordedBy: d.recordedBy,
        recordedAt: d.recordedAt,
        consoleUrl: `${deps.baseUrl}/console/f/${d.fundId}`,
      });
      (sent ? result.sent : result.skipped).push(key);
    } catch (error) {
      failed.push(key);
      cause = error;
    }
  }
  if (failed.length > 0) throw new MailDeliveryError(failed, cause);
  return result;
}
