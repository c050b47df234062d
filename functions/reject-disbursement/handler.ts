import { json } from '@soquy/http';
import {
  decisionFacts,
  disbursementPath,
  rejectDisbursement,
  rejectDisbursementAccess,
  rejectionInput,
} from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** POST /disbursements/{id}/reject {reason}: an approver of that fund turns it down; nothing is written to the journal. */
export const handler = runtime
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
