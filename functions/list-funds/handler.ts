import { json, publicCache } from '@soquy/http';
import { listFunds, readFundAccess } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /funds: every fund with its totals; 60 s at the edge (funds open rarely). */
export const handler = runtime
  .api({ name: 'list-funds', operation: readFundAccess })
  .handler(async () => json(200, { funds: await listFunds(runtime.deps) }, publicCache(60)));
