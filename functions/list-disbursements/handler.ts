import { json } from '@soquy/http';
import {
  disbursementStatusQuery,
  fundPath,
  listDisbursements,
  listDisbursementsAccess,
} from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /funds/{fundId}/disbursements?status=pending_approval: the queue (treasurers and approvers). */
export const handler = runtime
  .api({
    name: 'list-disbursements',
    operation: listDisbursementsAccess,
    input: { path: fundPath, query: disbursementStatusQuery },
  })
  .handler(async (event) => {
    const { fundId } = event.input.path;
    return json(200, {
      fundId,
      disbursements: await listDisbursements(
        runtime.deps,
        fundId,
        event.input.query.status,
        event.actor,
      ),
    });
  });
