import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { AlreadyDecidedError, InvalidEntryError } from '../../errors.ts';
import type { LedgerDeps, PreparedAppend } from '../../ports/ledger-store.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { disbursementDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Disbursement, Versioned } from '../../primitives/records.ts';
import { requireDisbursement } from '../common/read.ts';
import { approveDisbursementAccess, rejectDisbursementAccess } from './access.ts';

function assertPending(d: Disbursement) {
  if (d.status !== 'pending_approval')
    throw new AlreadyDecidedError(`Disbursement "${d.id}" is already ${d.status}.`);
}

/** The decision: exactly one disbursement entry, dated when the money was paid. */
export function decideApproval(
  { value: d, version }: Versioned<Disbursement>,
  context: { key: string; at: string; decidedBy: string },
): PreparedAppend {
  assertPending(d);
  return {
    drafts: [
      disbursementDraft(
        {
          id: context.key,
          occurredAt: d.paidAt,
          recordedAt: context.at,
          recordedBy: context.decidedBy,
          memo: d.purpose,
          evidence: d.evidence,
        },
        {
          disbursementId: d.id,
          category: d.category,
          amount: d.amount,
          method: d.method,
          ...(d.bankRef ? { bankRef: d.bankRef } : {}),
          payee: d.payee,
        },
      ),
    ],
    records: ([entry]) => [
      {
        type: 'disbursement',
        disbursement: {
          ...d,
          status: 'approved',
          decidedBy: context.decidedBy,
          decidedAt: context.at,
          seq: (entry as Entry).seq,
          hash: (entry as Entry).hash,
        },
        expectedVersion: version,
      },
    ],
    respond: ([entry]) => ({ id: d.id, status: 'approved', entry }),
  };
}

/** An approver of the fund, not the recorder, makes it count; 409 if the money is not there. */
export async function approveDisbursement(deps: LedgerDeps, id: string, actor: Actor) {
  const { value: first } = await requireDisbursement(deps, id);
  assertAllowed(approveDisbursementAccess, actor, {
    fundId: first.fundId,
    recordedBy: first.recordedBy,
  });
  const key = `approve:${id}`;
  const result = await deps.store.append(first.fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ approve: id }),
    prepare: async () =>
      decideApproval(await requireDisbursement(deps, id), {
        key,
        at: deps.clock().toISOString(),
        decidedBy: actorName(actor),
      }),
  });
  return result.response as { id: string; status: 'approved'; entry: Entry };
}

/** An approver of the fund, not the recorder, turns it down; nothing enters the journal. */
export async function rejectDisbursement(
  deps: LedgerDeps,
  id: string,
  actor: Actor,
  reason: string,
) {
  if (reason.trim().length === 0)
    throw new InvalidEntryError('Say why the disbursement is rejected.');
  const { value: d, version } = await requireDisbursement(deps, id);
  assertAllowed(rejectDisbursementAccess, actor, { fundId: d.fundId, recordedBy: d.recordedBy });
  assertPending(d);
  const after: Disbursement = {
    ...d,
    status: 'rejected',
    decidedBy: actorName(actor),
    decidedAt: deps.clock().toISOString(),
    rejectionReason: reason.trim(),
  };
  await deps.store.disbursements.save(after, version);
  return after;
}

/** What deciding on a disbursement depends on, for an edge that checks access before parsing. */
export async function decisionFacts(deps: Pick<LedgerDeps, 'store'>, id: string) {
  const { value } = await requireDisbursement(deps, id);
  return { fundId: value.fundId, recordedBy: value.recordedBy };
}
