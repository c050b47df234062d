import { api, json } from '@soquy/http';
import { getFund } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath } from '../shared/schemas.ts';

/** GET /funds/{fundId}: metadata and totals, from one read of the head. */
export const handler = api({ name: 'get-fund', input: { path: fundPath } }).handler(async (event) =>
  json(200, await getFund(ledgerDeps(), event.input.path.fundId)),
);
