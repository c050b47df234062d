import { api, json } from '@soquy/http';
import { listFunds } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';

/** GET /funds: every fund with its totals. */
export const handler = api({ name: 'list-funds' }).handler(async () =>
  json(200, { funds: await listFunds(ledgerDeps()) }),
);
