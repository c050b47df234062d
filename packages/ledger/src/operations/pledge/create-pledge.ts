import { type Actor, assertAllowed } from '../../access/access.ts';
import { CardAmountTooLargeError, FundNotReceivingError } from '../../errors.ts';
import type { IdSource, LedgerDeps, PreparedAppend } from '../../ports/ledger-store.ts';
import { fingerprint, sha256Hex } from '../../primitives/canonical.ts';
import { pledgeDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import { type Fund, isReceiving } from '../../primitives/fund.ts';
import { publicDonorOf } from '../../primitives/pledges.ts';
import type { Pledge, PledgeMethod, PledgeStatus } from '../../primitives/records.ts';
import { CARD_MAX_AMOUNT } from '../../primitives/rules.ts';
import { makePledgeAccess } from './access.ts';
import type { PledgeInput } from './input.ts';

/**
 * What the pledger gets back once, and again on a retry with the same idempotency key. The
 * idempotency record keeps it without `manageToken`, which is derived again for the answer.
 */
export interface PledgeReceipt {
  pledgeId: string;
  fundId: string;
  reference: string;
  amount: number;
  method: PledgeMethod;
  status: PledgeStatus;
  manageToken: string;
  entry: Entry;
}

/**
 * The decision: a pledge entry (receivable up, pledged income up) and the pledge record with
 * the donor's contact data, which never enters the journal. Pure: ids and time are given.
 */
export function decidePledge(
  fund: Fund,
  input: PledgeInput,
  context: { key: string; now: Date; ids: IdSource; pledgeId: string; manageToken: string },
): PreparedAppend {
  if (input.method === 'card' && input.amount > CARD_MAX_AMOUNT) {
    throw new CardAmountTooLargeError(input.amount, CARD_MAX_AMOUNT);
  }
  if (!isReceiving(fund, context.now)) throw new FundNotReceivingError(fund.id, fund);
  const at = context.now.toISOString();
  const pledge: Omit<Pledge, 'pledgeSeq' | 'pledgeHash'> = {
    pledgeId: context.pledgeId,
    fundId: fund.id,
    reference: context.ids.reference(),
    donorId: context.ids.donorId(),
    donor: input.donor,
    amount: input.amount,
    method: input.method,
    ...(input.dueDate ? { dueDate: input.dueDate } : {}),
    ...(input.message ? { message: input.message } : {}),
    status: 'pledged',
    paid: 0,
    cancelled: 0,
    payments: [],
    manageTokenHash: sha256Hex(context.manageToken),
    createdAt: at,
  };
  return {
    drafts: [
      pledgeDraft(
        { id: context.key, occurredAt: at, recordedAt: at, recordedBy: 'public' },
        {
          pledgeId: pledge.pledgeId,
          reference: pledge.reference,
          donor: publicDonorOf(pledge),
          amount: input.amount,
        },
      ),
    ],
    records: ([entry]) => [
      {
        type: 'pledge',
        pledge: { ...pledge, pledgeSeq: (entry as Entry).seq, pledgeHash: (entry as Entry).hash },
        expectedVersion: 0,
      },
      // Claims the reference: a second pledge drawing the same one fails and draws again.
      {
        type: 'pledge-reference',
        fundId: fund.id,
        reference: pledge.reference,
        pledgeId: pledge.pledgeId,
      },
    ],
    respond: ([entry]): Omit<PledgeReceipt, 'manageToken'> => ({
      pledgeId: pledge.pledgeId,
      fundId: fund.id,
      reference: pledge.reference,
      amount: pledge.amount,
      method: pledge.method,
      status: 'pledged',
      entry: entry as Entry,
    }),
  };
}

/** Anyone pledges to a receiving fund; contact data goes to the State table only. */
export async function createPledge(
  deps: LedgerDeps,
  fundId: string,
  input: PledgeInput,
  actor: Actor,
  idempotencyKey: string,
): Promise<PledgeReceipt & { replayed: boolean }> {
  assertAllowed(makePledgeAccess, actor, { fundId });
  const key = `pledge:${idempotencyKey}`;
  const result = await deps.store.append(fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ fundId, input }),
    prepare: async ({ fund }) => {
      const pledgeId = deps.ids.pledgeId();
      const manageToken = await deps.ids.manageToken(pledgeId);
      return decidePledge(fund, input, {
        key,
        now: deps.clock(),
        ids: deps.ids,
        pledgeId,
        manageToken,
      });
    },
  });
  const receipt = result.response as Omit<PledgeReceipt, 'manageToken'>;
  return {
    ...receipt,
    manageToken: await deps.ids.manageToken(receipt.pledgeId),
    replayed: result.replayed,
  };
}
