import { json } from '@soquy/http';
import {
  disbursementInput,
  fundPath,
  recordDisbursement,
  recordDisbursementAccess,
} from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['evidence']);
const deps = evidenceDeps(runtime);

/** POST /funds/{fundId}/disbursements (treasurer, Idempotency-Key): spending, pending approval. */
export const handler = runtime
  .api({
    name: 'record-disbursement',
    operation: recordDisbursementAccess,
    idempotent: true,
    input: { path: fundPath, body: disbursementInput },
  })
  .handler(async (event) => {
    const { replayed, ...disbursement } = await recordDisbursement(
      deps,
      event.input.path.fundId,
      event.input.body,
      event.actor,
      event.headers['idempotency-key'] as string,
    );
    return json(replayed ? 200 : 201, disbursement);
  });
