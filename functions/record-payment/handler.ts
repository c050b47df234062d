import { api, json } from '@soquy/http';
import { recordPayment } from '@soquy/ledger';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath, paymentBody } from '../shared/schemas.ts';

/** POST /funds/{fundId}/payments (treasurer, Idempotency-Key): cash or a transfer received. */
export const handler = api({
  name: 'record-payment',
  role: 'treasurer',
  idempotent: true,
  input: { path: fundPath, body: paymentBody },
}).handler(async (event) => {
  const { replayed, ...receipt } = await recordPayment(
    ledgerDeps(),
    event.input.path.fundId,
    event.input.body,
    event.principal?.username ?? 'treasurer',
    event.headers['idempotency-key'] as string,
  );
  return json(replayed ? 200 : 201, receipt);
});
