import { api, json, queryInt } from '@soquy/http';
import { readLedger } from '@soquy/ledger';
import * as z from 'zod';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath } from '../shared/schemas.ts';

const ledgerQuery = z.object({
  after: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, 1000, 100),
});

/** GET /funds/{fundId}/ledger?after=SEQ&limit=N: public entries in order, with their hashes. */
export const handler = api({
  name: 'get-ledger',
  input: { path: fundPath, query: ledgerQuery },
}).handler(async (event) => {
  const { after, limit } = event.input.query;
  return json(200, await readLedger(ledgerDeps(), event.input.path.fundId, { after, limit }));
});
