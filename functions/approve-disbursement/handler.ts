import { api, assertRole, json, principalOf, UnauthorizedError } from '@soquy/http';
import { approveDisbursement, readDisbursement } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { disbursementPath } from '../shared/schemas.ts';

/** POST /disbursements/{id}/approve: an approver of that fund, not the recorder, makes it count. */
export const handler = api({
  name: 'approve-disbursement',
  input: { path: disbursementPath },
}).handler(async (event) => {
  const principal = principalOf(event);
  if (!principal) throw new UnauthorizedError();
  const { value } = await readDisbursement(ledgerDeps(), event.input.path.id);
  assertRole(principal, 'approver', value.fundId);
  return json(201, await approveDisbursement(ledgerDeps(), value.id, principal.username));
});
