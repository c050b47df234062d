import { json } from '@soquy/http';
import { fundPath, reversalInput, reverseEntry, reverseEntryAccess } from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /funds/{fundId}/reversals {seq, reason} (treasurer): undoes an entry; the original stays. */
export const handler = runtime
  .api({
    name: 'reverse-entry',
    operation: reverseEntryAccess,
    input: { path: fundPath, body: reversalInput },
  })
  .handler(async (event) => {
    const { seq, reason } = event.input.body;
    return json(
      201,
      await reverseEntry(runtime.deps, event.input.path.fundId, seq, reason, event.actor),
    );
  });
