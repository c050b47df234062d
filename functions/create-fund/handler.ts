import { json } from '@soquy/http';
import { openFund, openFundAccess, openFundInput } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** POST /funds (admin): opens a new fund with an empty journal. */
export const handler = runtime
  .api({ name: 'create-fund', operation: openFundAccess, input: { body: openFundInput } })
  .handler(async (event) => {
    const fund = await openFund(runtime.deps, event.input.body, event.actor);
    return json(201, fund, { location: `/funds/${fund.id}` });
  });
