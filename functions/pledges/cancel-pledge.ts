import { json } from '@soquy/http';
import { cancelPledge, cancelPledgeAccess, manageTokenQuery, pledgePath } from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /pledges/{pledgeId}/cancel?t=TOKEN: the donor withdraws what is still outstanding. */
export const handler = runtime
  .api({
    name: 'cancel-pledge',
    operation: cancelPledgeAccess,
    input: { path: pledgePath, query: manageTokenQuery },
  })
  .handler(async (event) =>
    json(
      200,
      await cancelPledge(runtime.deps, event.input.path.pledgeId, {
        kind: 'donor',
        manageToken: event.input.query.t,
      }),
    ),
  );
