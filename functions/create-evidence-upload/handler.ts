import { json } from '@soquy/http';
import { declareEvidence, evidenceInput, fundPath, uploadEvidenceAccess } from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['evidence']);
const deps = evidenceDeps(runtime);

/** POST /funds/{fundId}/evidence (treasurer): declares a file by its SHA-256; answers where to PUT it. */
export const handler = runtime
  .api({
    name: 'create-evidence-upload',
    operation: uploadEvidenceAccess,
    input: { path: fundPath, body: evidenceInput },
  })
  .handler(async (event) => {
    const { file, upload } = await declareEvidence(
      deps,
      event.input.path.fundId,
      event.input.body,
      event.actor,
    );
    return json(201, { ...file, upload });
  });
