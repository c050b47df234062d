import { json } from '@soquy/http';
import { cancelPledge, cancelPledgeAccess, fundPledgePath } from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /funds/{fundId}/pledges/{pledgeId}/cancel (treasurer of the fund). */
export const handler = runtime
  .api({
    name: 'treasurer-cancel-pledge',
    operation: cancelPledgeAccess,
    input: { path: fundPledgePath },
  })
  .handler(async (event) => {
    const { fundId, pledgeId } = event.input.path;
    return json(200, await cancelPledge(runtime.deps, pledgeId, event.actor, fundId));
  });
