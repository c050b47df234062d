import { json, queryInt } from '@soquy/http';
import { fundPath, readFundAccess, readLedger } from '@soquy/ledger';
import * as z from 'zod';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

const ledgerQuery = z.object({
  after: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, 1000, 100),
});

/** GET /funds/{fundId}/ledger?after=SEQ&limit=N: public entries in order, with their hashes. */
export const handler = runtime
  .api({
    name: 'get-ledger',
    operation: readFundAccess,
    input: { path: fundPath, query: ledgerQuery },
  })
  .handler(async (event) => {
    const { after, limit } = event.input.query;
    return json(200, await readLedger(runtime.deps, event.input.path.fundId, { after, limit }));
  });
