import { json } from '@soquy/http';
import {
  approveDisbursement,
  approveDisbursementAccess,
  decisionFacts,
  disbursementPath,
} from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /disbursements/{id}/approve: an approver of that fund, not the recorder, makes it count. */
export const handler = runtime
  .api({
    name: 'approve-disbursement',
    operation: approveDisbursementAccess,
    recordFacts: (event) => decisionFacts(runtime.deps, event.pathParameters?.id ?? ''),
    input: { path: disbursementPath },
  })
  .handler(async (event) =>
    json(201, await approveDisbursement(runtime.deps, event.input.path.id, event.actor)),
  );
