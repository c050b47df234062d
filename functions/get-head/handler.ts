import { json, publicCache } from '@soquy/http';
import { fundPath, getHead, readFundAccess } from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/**
 * GET /funds/{fundId}/head: the chain's tip and totals, what a verifier compares against; kept
 * 5 s at most, so polling verifiers are served by the edge and still see a new entry at once.
 */
export const handler = runtime
  .api({ name: 'get-head', operation: readFundAccess, input: { path: fundPath } })
  .handler(async (event) =>
    json(200, await getHead(runtime.deps, event.input.path.fundId), publicCache(5)),
  );
