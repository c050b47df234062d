import { json } from '@soquy/http';
import { fundPath, paymentInput, recordPayment, recordPaymentAccess } from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /funds/{fundId}/payments (treasurer, Idempotency-Key): cash or a transfer received. */
export const handler = runtime
  .api({
    name: 'record-payment',
    operation: recordPaymentAccess,
    idempotent: true,
    input: { path: fundPath, body: paymentInput },
  })
  .handler(async (event) => {
    const { replayed, ...receipt } = await recordPayment(
      runtime.deps,
      event.input.path.fundId,
      event.input.body,
      event.actor,
      event.headers['idempotency-key'] as string,
    );
    return json(replayed ? 200 : 201, receipt);
  });
