import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import {
  AlreadyDecidedError,
  EntryNotFoundError,
  EntryNotReversibleError,
  IdempotencyConflictError,
  InvalidEntryError,
} from '../../errors.ts';
import type { LedgerDeps, PreparedAppend, RecordChange } from '../../ports/ledger-store.ts';
import { ACCOUNTS, expenseAccount, isExpenseAccount } from '../../primitives/accounts.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { partialReversalDraft, reversalDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import { addMoney } from '../../primitives/money.ts';
import { withPaid } from '../../primitives/pledges.ts';
import type { Disbursement, Pledge, Versioned } from '../../primitives/records.ts';
import { reverseEntryAccess } from './access.ts';

/** What the reversal of an entry touches besides the journal, as read before deciding. */
export interface ReversalContext {
  original: Entry;
  alreadyReversed: boolean;
  /**
   * How much earlier partial reversals (card refunds) already took back, per posting of a
   * two-posting original, as a magnitude; 0 when none.
   */
  partlyReversed?: number;
  pledge?: Versioned<Pledge>;
  disbursement?: Versioned<Disbursement>;
}

/**
 * The decision: the opposite postings, pointing at the original; the pledge a payment paid owes
 * again, and the disbursement a spending settled is marked reversed. Pledges themselves are
 * withdrawn by cancelling them, not by reversing.
 */
export function decideReversal(
  { original, alreadyReversed, partlyReversed = 0, pledge, disbursement }: ReversalContext,
  context: { key: string; reason: string; at: string; recordedBy: string },
): PreparedAppend {
  // A pledge is a promise, not money: it is cancelled, not reversed; a reversal is final.
  if (
    original.kind === 'pledge' ||
    original.kind === 'pledge_cancel' ||
    original.kind === 'reversal'
  ) {
    throw new EntryNotReversibleError(original.seq, original.kind, original.refs.pledgeId);
  }
  if (alreadyReversed) throw new AlreadyDecidedError(`Entry ${original.seq} was already reversed.`);
  const base = {
    id: context.key,
    occurredAt: context.at,
    recordedAt: context.at,
    recordedBy: context.recordedBy,
  };
  // Part of it was refunded by card already: only the rest can be reversed (never twice).
  const whole = Math.abs(original.postings[0]?.amount ?? 0);
  const rest = whole - partlyReversed;
  if (partlyReversed > 0 && (original.postings.length !== 2 || rest <= 0)) {
    throw new AlreadyDecidedError(
      `Entry ${original.seq} was already reversed${rest > 0 ? ' in part' : ''} (${partlyReversed} đồng refunded).`,
    );
  }
  const draft =
    partlyReversed > 0
      ? partialReversalDraft(base, original, rest, context.reason.trim())
      : reversalDraft(base, original, context.reason);
  const writes: RecordChange[] = [
    {
      type: 'reversal-claim',
      fundId: original.fundId,
      seq: original.seq,
      by: context.recordedBy,
      at: context.at,
    },
  ];
  const originalMove = original.postings.find((p) => p.account === ACCOUNTS.pledges)?.amount ?? 0;
  const pledgeMove = partlyReversed > 0 ? Math.sign(originalMove) * rest : originalMove;
  if (pledge && pledgeMove !== 0) {
    // A payment took the receivable down; its reversal puts it back (and the other way round).
    writes.push({
      type: 'pledge',
      pledge: withPaid(pledge.value, pledgeMove),
      expectedVersion: pledge.version,
    });
  }
  if (disbursement && original.postings.some((p) => isExpenseAccount(p.account))) {
    const spentBack = original.postings.some(
      (p) => p.account === expenseAccount(disbursement.value.category) && p.amount > 0,
    );
    writes.push({
      type: 'disbursement',
      disbursement: { ...disbursement.value, status: spentBack ? 'reversed' : 'approved' },
      expectedVersion: disbursement.version,
    });
  }
  return {
    drafts: [draft],
    // The claim notes the reversal's seq, so the original can link to it.
    records: ([entry]) =>
      writes.map((w) =>
        w.type === 'reversal-claim' && entry ? { ...w, reversalSeq: entry.seq } : w,
      ),
    respond: ([entry]) => ({ reverses: original.seq, entry }),
  };
}

/** A treasurer undoes an entry with a reversal that points at it; an entry is reversed once. */
export async function reverseEntry(
  deps: LedgerDeps,
  fundId: string,
  seq: number,
  reason: string,
  actor: Actor,
) {
  assertAllowed(reverseEntryAccess, actor, { fundId });
  if (reason.trim().length === 0)
    throw new InvalidEntryError('A reversal needs a reason the public can read.', {
      field: 'reason',
    });
  const key = `reverse:${seq}`;
  const recordedBy = actorName(actor);
  const append = deps.store.append(fundId, {
    idempotencyKey: key,
    // The same reversal sent again (a double click) gets the first answer; any other request to
    // reverse this seq is a second reversal, refused below.
    requestHash: fingerprint({ fundId, seq, reason: reason.trim(), actor: recordedBy }),
    prepare: async () => {
      const [original] = await deps.store.readEntries(fundId, { after: seq - 1, limit: 1 });
      if (!original || original.seq !== seq) throw new EntryNotFoundError(fundId, seq);
      const { pledgeId, disbursementId, stripeId } = original.refs;
      const [alreadyReversed, pledge, disbursement, related] = await Promise.all([
        deps.store.reversals.isReversed(fundId, seq),
        pledgeId ? deps.store.pledges.get(pledgeId) : undefined,
        disbursementId ? deps.store.disbursements.get(disbursementId) : undefined,
        // Card refunds reverse part of a payment and carry its Stripe id.
        stripeId ? deps.store.entriesByExternalRef(fundId, { stripeId }) : [],
      ]);
      const partlyReversed = related
        .filter((e) => e.kind === 'reversal' && e.refs.reverses === seq)
        .reduce((sum, e) => addMoney(sum, Math.abs(e.postings[0]?.amount ?? 0)), 0);
      return decideReversal(
        {
          original,
          alreadyReversed,
          partlyReversed,
          ...(pledge ? { pledge } : {}),
          ...(disbursement ? { disbursement } : {}),
        },
        { key, reason, at: deps.clock().toISOString(), recordedBy },
      );
    },
  });
  const result = await append.catch((error: unknown) => {
    if (error instanceof IdempotencyConflictError)
      throw new AlreadyDecidedError(`Entry ${seq} was already reversed.`);
    throw error;
  });
  return result.response as { reverses: number; entry: Entry };
}
