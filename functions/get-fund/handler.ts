import { json, publicCache } from '@soquy/http';
import { fundPath, getFund, readFundAccess } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /funds/{fundId}: metadata and totals, from one read of the head; 30 s at the edge. */
export const handler = runtime
  .api({ name: 'get-fund', operation: readFundAccess, input: { path: fundPath } })
  .handler(async (event) =>
    json(200, await getFund(runtime.deps, event.input.path.fundId), publicCache(30)),
  );
