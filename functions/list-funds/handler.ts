import { json } from '@soquy/http';
import { listFunds, readFundAccess } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /funds: every fund with its totals. */
export const handler = runtime
  .api({ name: 'list-funds', operation: readFundAccess })
  .handler(async () => json(200, { funds: await listFunds(runtime.deps) }));
