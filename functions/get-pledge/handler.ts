import { api, json } from '@soquy/http';
import { getPledge } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { manageToken, pledgePath } from '../shared/schemas.ts';

/** GET /pledges/{pledgeId}?t=TOKEN: status, payments, amount outstanding (manage link only). */
export const handler = api({
  name: 'get-pledge',
  input: { path: pledgePath, query: manageToken },
}).handler(async (event) =>
  json(200, await getPledge(ledgerDeps(), event.input.path.pledgeId, event.input.query.t), {
    'cache-control': 'no-store',
  }),
);
