import { api, json } from '@soquy/http';
import { getHead } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath } from '../shared/schemas.ts';

/** GET /funds/{fundId}/head: the chain's tip and totals, what a verifier compares against. */
export const handler = api({ name: 'get-head', input: { path: fundPath } }).handler(async (event) =>
  json(200, await getHead(ledgerDeps(), event.input.path.fundId)),
);
