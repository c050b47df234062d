import { json } from '@soquy/http';
import { getPledge, manageTokenQuery, pledgePath, readPledgeAccess } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /pledges/{pledgeId}?t=TOKEN: status, payments, amount outstanding (manage link only). */
export const handler = runtime
  .api({
    name: 'get-pledge',
    operation: readPledgeAccess,
    input: { path: pledgePath, query: manageTokenQuery },
  })
  .handler(async (event) =>
    json(
      200,
      await getPledge(runtime.deps, event.input.path.pledgeId, {
        kind: 'donor',
        manageToken: event.input.query.t,
      }),
      { 'cache-control': 'no-store' },
    ),
  );
