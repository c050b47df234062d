import { api, assertRole, hasRole, json, principalOf, UnauthorizedError } from '@soquy/http';
import { listDisbursements } from '@soquy/ledger';
import * as z from 'zod';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath } from '../shared/schemas.ts';

const statusQuery = z.object({
  status: z
    .enum(['pending_approval', 'approved', 'rejected', 'reversed'], {
      error: 'must be pending_approval, approved, rejected or reversed',
    })
    .default('pending_approval'),
});

/** GET /funds/{fundId}/disbursements?status=pending_approval: the queue (treasurers and approvers). */
export const handler = api({
  name: 'list-disbursements',
  input: { path: fundPath, query: statusQuery },
}).handler(async (event) => {
  const principal = principalOf(event);
  if (!principal) throw new UnauthorizedError();
  const { fundId } = event.input.path;
  if (!hasRole(principal, 'approver', fundId)) assertRole(principal, 'treasurer', fundId);
  return json(200, {
    fundId,
    disbursements: await listDisbursements(ledgerDeps(), fundId, event.input.query.status),
  });
});
