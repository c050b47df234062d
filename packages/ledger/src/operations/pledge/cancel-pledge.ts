import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { PledgeClosedError, PledgeNotFoundError } from '../../errors.ts';
import type { LedgerDeps, PreparedAppend } from '../../ports/ledger-store.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { pledgeCancelDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import { outstandingOf, publicDonorOf } from '../../primitives/pledges.ts';
import type { Pledge, PledgeStatus, Versioned } from '../../primitives/records.ts';
import { requirePledge } from '../common/read.ts';
import { cancelPledgeAccess } from './access.ts';
import { manageTokenFacts } from './manage-token.ts';

export interface PledgeCancellation {
  pledgeId: string;
  status: PledgeStatus;
  cancelled: number;
  entry: Entry;
}

/** The decision: withdraw what is still outstanding; what was paid stays paid. */
export function decideCancellation(
  { value: pledge, version }: Versioned<Pledge>,
  context: { key: string; at: string; recordedBy: string },
): PreparedAppend {
  const outstanding = outstandingOf(pledge);
  if (pledge.status === 'cancelled' || outstanding === 0) {
    throw new PledgeClosedError(pledge.pledgeId, pledge.status);
  }
  const after: Pledge = {
    ...pledge,
    status: 'cancelled',
    cancelled: outstanding,
    cancelledAt: context.at,
  };
  return {
    drafts: [
      pledgeCancelDraft(
        {
          id: context.key,
          occurredAt: context.at,
          recordedAt: context.at,
          recordedBy: context.recordedBy,
          memo: 'Hủy cam kết',
        },
        {
          pledgeId: pledge.pledgeId,
          reference: pledge.reference,
          donor: publicDonorOf(pledge),
          amount: outstanding,
        },
      ),
    ],
    records: () => [{ type: 'pledge', pledge: after, expectedVersion: version }],
    respond: ([entry]): PledgeCancellation => ({
      pledgeId: pledge.pledgeId,
      status: after.status,
      cancelled: outstanding,
      entry: entry as Entry,
    }),
  };
}

/**
 * The donor (manage link) or a treasurer of the fund withdraws what is outstanding. With
 * `fundId`, the pledge must belong to that fund (a treasurer's route names it).
 */
export async function cancelPledge(
  deps: LedgerDeps,
  pledgeId: string,
  actor: Actor,
  fundId?: string,
): Promise<PledgeCancellation> {
  const { value: first } = await requirePledge(deps, pledgeId);
  if (fundId !== undefined && first.fundId !== fundId) throw new PledgeNotFoundError(pledgeId);
  assertAllowed(cancelPledgeAccess, actor, {
    fundId: first.fundId,
    ...manageTokenFacts(first, actor),
  });
  const key = `cancel:${pledgeId}`;
  const result = await deps.store.append(first.fundId, {
    idempotencyKey: key,
    // Any second cancellation, by the donor or a treasurer, gets the first answer.
    requestHash: fingerprint({ cancel: pledgeId }),
    prepare: async () =>
      decideCancellation(await requirePledge(deps, pledgeId), {
        key,
        at: deps.clock().toISOString(),
        recordedBy: actorName(actor),
      }),
  });
  return result.response as PledgeCancellation;
}
