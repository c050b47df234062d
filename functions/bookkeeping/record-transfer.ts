import { json } from '@soquy/http';
import { fundPath, recordTransfer, recordTransferAccess, transferInput } from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /funds/{fundId}/transfers (treasurer, Idempotency-Key): cash to the bank, or back. */
export const handler = runtime
  .api({
    name: 'record-transfer',
    operation: recordTransferAccess,
    idempotent: true,
    input: { path: fundPath, body: transferInput },
  })
  .handler(async (event) => {
    const { replayed, entry } = await recordTransfer(
      runtime.deps,
      event.input.path.fundId,
      event.input.body,
      event.actor,
      event.headers['idempotency-key'] as string,
    );
    return json(replayed ? 200 : 201, { entry });
  });
