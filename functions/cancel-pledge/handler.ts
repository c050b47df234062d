import { api, json } from '@soquy/http';
import { cancelPledge, getPledge } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { manageToken, pledgePath } from '../shared/schemas.ts';

/** POST /pledges/{pledgeId}/cancel?t=TOKEN: the donor withdraws what is still outstanding. */
export const handler = api({
  name: 'cancel-pledge',
  input: { path: pledgePath, query: manageToken },
}).handler(async (event) => {
  const { pledgeId } = event.input.path;
  await getPledge(ledgerDeps(), pledgeId, event.input.query.t);
  return json(200, await cancelPledge(ledgerDeps(), pledgeId, 'donor'));
});
