import { api, json } from '@soquy/http';
import { cancelPledge, PledgeNotFoundError, readPledge } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPledgePath } from '../shared/schemas.ts';

/** POST /funds/{fundId}/pledges/{pledgeId}/cancel (treasurer of the fund). */
export const handler = api({
  name: 'treasurer-cancel-pledge',
  role: 'treasurer',
  input: { path: fundPledgePath },
}).handler(async (event) => {
  const { fundId, pledgeId } = event.input.path;
  const { value } = await readPledge(ledgerDeps(), pledgeId);
  if (value.fundId !== fundId) throw new PledgeNotFoundError(pledgeId);
  return json(
    200,
    await cancelPledge(ledgerDeps(), pledgeId, event.principal?.username ?? 'treasurer'),
  );
});
