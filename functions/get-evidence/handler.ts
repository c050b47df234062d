import { NotFoundError } from '@soquy/http';
import { evidenceLink, evidencePath, readEvidenceAccess } from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['evidence']);
const deps = evidenceDeps(runtime);

/** GET /funds/{fundId}/evidence/{sha256}: a public receipt, by a short-lived link; private ones are not found. */
export const handler = runtime
  .api({ name: 'get-evidence', operation: readEvidenceAccess, input: { path: evidencePath } })
  .handler(async (event) => {
    const { fundId, sha256 } = event.input.path;
    const location = await evidenceLink(deps, fundId, sha256, event.actor);
    if (!location) {
      throw new NotFoundError('There is no public receipt with this digest in this fund.');
    }
    return { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
  });
