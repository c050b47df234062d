import { api, assertRole, json, principalOf, UnauthorizedError } from '@soquy/http';
import { readDisbursement, rejectDisbursement } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { disbursementPath, reasonBody } from '../shared/schemas.ts';

/** POST /disbursements/{id}/reject {reason}: an approver of that fund turns it down; nothing is written to the journal. */
export const handler = api({
  name: 'reject-disbursement',
  input: { path: disbursementPath, body: reasonBody },
}).handler(async (event) => {
  const principal = principalOf(event);
  if (!principal) throw new UnauthorizedError();
  const { value } = await readDisbursement(ledgerDeps(), event.input.path.id);
  assertRole(principal, 'approver', value.fundId);
  return json(
    200,
    await rejectDisbursement(ledgerDeps(), value.id, principal.username, event.input.body.reason),
  );
});
