import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { AlreadyDecidedError, InvalidEntryError } from '../../errors.ts';
import type { LedgerDeps, PreparedAppend } from '../../ports/ledger-store.ts';
import type { BankLine } from '../../primitives/bank-lines.ts';
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
  linkedLine?: Versioned<BankLine>,
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
      // The bank line a treasurer linked before approval now shows a booked payment.
      ...(linkedLine
        ? [
            {
              type: 'bank-line' as const,
              line: {
                ...linkedLine.value,
                status: 'booked' as const,
                outcome: {
                  kind: 'disbursement' as const,
                  disbursementId: d.id,
                  seqs: [(entry as Entry).seq],
                },
              },
              expectedVersion: linkedLine.version,
            },
          ]
        : []),
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
    prepare: async () => {
      const record = await requireDisbursement(deps, id);
      const lineId = record.value.bankLineId;
      const line = lineId ? await deps.store.bank.getLine(record.value.fundId, lineId) : undefined;
      return decideApproval(
        record,
        { key, at: deps.clock().toISOString(), decidedBy: actorName(actor) },
        line,
      );
    },
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
    throw new InvalidEntryError('Say why the disbursement is rejected.', { field: 'reason' });
  const { value: d, version } = await requireDisbursement(deps, id);
  assertAllowed(rejectDisbursementAccess, actor, { fundId: d.fundId, recordedBy: d.recordedBy });
  assertPending(d);
  const { bankLineId: _line, ...unlinked } = d;
  return closeRequest(deps, { value: d, version }, `reject:${id}`, {
    ...unlinked,
    status: 'rejected',
    decidedBy: actorName(actor),
    decidedAt: deps.clock().toISOString(),
    rejectionReason: reason.trim(),
  });
}

/**
 * Ends a pending request without a journal entry (rejected, or withdrawn by its treasurer).
 * When a bank line was linked to it, the money still left the bank: the line goes back to the
 * review queue as unexplained, in the same write.
 */
export async function closeRequest(
  deps: LedgerDeps,
  { value: d, version }: Versioned<Disbursement>,
  idempotencyKey: string,
  after: Disbursement,
): Promise<Disbursement> {
  const { bankLineId } = d;
  if (!bankLineId) {
    await deps.store.disbursements.save(after, version);
    return after;
  }
  await deps.store.append(d.fundId, {
    idempotencyKey,
    // A rejection keeps the fingerprint it always had, so a retried one still replays.
    requestHash: fingerprint(
      after.status === 'rejected'
        ? { reject: d.id, reason: after.rejectionReason }
        : { [after.status]: d.id },
    ),
    prepare: async () => {
      const line = await deps.store.bank.getLine(d.fundId, bankLineId);
      const {
        outcome: _outcome,
        decidedBy: _by,
        decidedAt: _at,
        ...open
      } = line?.value ?? ({} as BankLine);
      return {
        drafts: [],
        records: () => [
          { type: 'disbursement', disbursement: after, expectedVersion: version },
          ...(line
            ? [
                {
                  type: 'bank-line' as const,
                  line: {
                    ...open,
                    status: 'review' as const,
                    reason: 'unexplained_outflow' as const,
                  },
                  expectedVersion: line.version,
                },
                { type: 'bank-queue' as const, fundId: d.fundId, delta: 1 },
              ]
            : []),
        ],
      };
    },
  });
  return after;
}

/** What deciding on a disbursement depends on, for an edge that checks access before parsing. */
export async function decisionFacts(deps: Pick<LedgerDeps, 'store'>, id: string) {
  const { value } = await requireDisbursement(deps, id);
  return { fundId: value.fundId, recordedBy: value.recordedBy };
}
