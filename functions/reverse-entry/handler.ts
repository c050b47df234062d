import { api, json } from '@soquy/http';
import { reverseEntry } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath, reversalBody } from '../shared/schemas.ts';

/** POST /funds/{fundId}/reversals {seq, reason} (treasurer): undoes an entry; the original stays. */
export const handler = api({
  name: 'reverse-entry',
  role: 'treasurer',
  input: { path: fundPath, body: reversalBody },
}).handler(async (event) => {
  const { seq, reason } = event.input.body;
  return json(
    201,
    await reverseEntry(
      ledgerDeps(),
      event.input.path.fundId,
      seq,
      reason,
      event.principal?.username ?? 'treasurer',
    ),
  );
});
