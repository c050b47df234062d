import { api, json } from '@soquy/http';
import { declareEvidence } from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { evidenceBody, fundPath } from '../shared/schemas.ts';

/** POST /funds/{fundId}/evidence (treasurer): declares a file by its SHA-256; answers where to PUT it. */
export const handler = api({
  name: 'create-evidence-upload',
  role: 'treasurer',
  input: { path: fundPath, body: evidenceBody },
}).handler(async (event) => {
  const { file, upload } = await declareEvidence(evidenceDeps(), {
    ...event.input.body,
    fundId: event.input.path.fundId,
    uploadedBy: event.principal?.username ?? 'treasurer',
  });
  return json(201, { ...file, upload });
});
