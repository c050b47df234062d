import { api, json } from '@soquy/http';
import { recordDisbursement } from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { disbursementBody, fundPath } from '../shared/schemas.ts';

/** POST /funds/{fundId}/disbursements (treasurer, Idempotency-Key): spending, pending approval. */
export const handler = api({
  name: 'record-disbursement',
  role: 'treasurer',
  idempotent: true,
  input: { path: fundPath, body: disbursementBody },
}).handler(async (event) => {
  const { replayed, ...disbursement } = await recordDisbursement(
    evidenceDeps(),
    event.input.path.fundId,
    event.input.body,
    event.principal?.username ?? 'treasurer',
    event.headers['idempotency-key'] as string,
  );
  return json(replayed ? 200 : 201, disbursement);
});
