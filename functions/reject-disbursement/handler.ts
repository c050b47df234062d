import { json } from '@soquy/http';
import {
  decisionFacts,
  disbursementPath,
  rejectDisbursement,
  rejectDisbursementAccess,
  rejectionInput,
  withdrawDisbursement,
  withdrawDisbursementAccess,
} from '@soquy/ledger';
import { byRoute } from '../shared/by-route.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** POST /disbursements/{id}/reject {reason}: an approver of that fund turns it down; nothing is written to the journal. */
const reject = runtime
  .api({
    name: 'reject-disbursement',
    operation: rejectDisbursementAccess,
    // The reason is read only from someone who may reject this disbursement.
    recordFacts: (event) => decisionFacts(runtime.deps, event.pathParameters?.id ?? ''),
    input: { path: disbursementPath, body: rejectionInput },
  })
  .handler(async (event) =>
    json(
      200,
      await rejectDisbursement(
        runtime.deps,
        event.input.path.id,
        event.actor,
        event.input.body.reason,
      ),
    ),
  );

/**
 * POST /disbursements/{id}/withdraw: the treasurer who asked for the spending takes it back
 * before anyone decided; like a rejection, nothing is written to the journal. 409 once decided.
 */
const withdraw = runtime
  .api({
    name: 'withdraw-disbursement',
    operation: withdrawDisbursementAccess,
    recordFacts: (event) => decisionFacts(runtime.deps, event.pathParameters?.id ?? ''),
    input: { path: disbursementPath },
  })
  .handler(async (event) =>
    json(200, await withdrawDisbursement(runtime.deps, event.input.path.id, event.actor)),
  );

/** The two ways a pending request ends without a journal entry. */
export const handler = byRoute({
  'POST /disbursements/{id}/reject': reject,
  'POST /disbursements/{id}/withdraw': withdraw,
});
