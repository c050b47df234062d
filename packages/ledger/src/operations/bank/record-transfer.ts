import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { transferDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import { assertOccurredInRange } from '../../primitives/occurred.ts';
import { recordTransferAccess } from './access.ts';
import type { TransferInput } from './input.ts';

/**
 * Cash carried to the bank, or drawn from it, as the treasurer records it: its own entry kind,
 * and an open transfer that the bank line showing it will match (statement or webhook).
 */
export async function recordTransfer(
  deps: LedgerDeps,
  fundId: string,
  input: TransferInput,
  actor: Actor,
  idempotencyKey: string,
): Promise<{ entry: Entry; replayed: boolean }> {
  assertAllowed(recordTransferAccess, actor, { fundId });
  const key = `transfer:${idempotencyKey}`;
  const result = await deps.store.append(fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ fundId, input }),
    prepare: ({ fund }) => {
      const now = deps.clock();
      assertOccurredInRange(fund, input.occurredAt, now, 'occurredAt');
      return {
        drafts: [
          transferDraft(
            {
              id: key,
              occurredAt: input.occurredAt,
              recordedAt: now.toISOString(),
              recordedBy: actorName(actor),
              memo:
                input.memo ??
                (input.direction === 'cash-to-bank'
                  ? 'Nộp tiền mặt vào tài khoản'
                  : 'Rút tiền mặt về quỹ'),
            },
            { direction: input.direction, amount: input.amount },
          ),
        ],
        records: ([entry]) => [
          {
            type: 'open-transfer',
            transfer: {
              fundId,
              seq: (entry as Entry).seq,
              direction: input.direction,
              amount: input.amount,
              occurredAt: input.occurredAt,
            },
            open: true,
            expectedVersion: 0,
          },
        ],
        respond: ([entry]) => ({ entry }),
      };
    },
  });
  return { entry: (result.response as { entry: Entry }).entry, replayed: result.replayed };
}
