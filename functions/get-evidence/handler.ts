import { api, NotFoundError } from '@soquy/http';
import { getEvidence } from '@soquy/ledger';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { evidencePath } from '../shared/schemas.ts';

/** GET /funds/{fundId}/evidence/{sha256}: a public receipt, by a short-lived link; private ones are not found. */
export const handler = api({ name: 'get-evidence', input: { path: evidencePath } }).handler(
  async (event) => {
    const { fundId, sha256 } = event.input.path;
    const deps = evidenceDeps();
    const file = await getEvidence(deps, fundId, sha256);
    if (file?.visibility !== 'public' || !(await deps.evidence.has(fundId, sha256))) {
      throw new NotFoundError('There is no public receipt with this digest in this fund.');
    }
    return {
      statusCode: 302,
      headers: {
        location: await deps.evidence.readUrl(fundId, sha256, file.contentType),
        'cache-control': 'no-store',
      },
      body: '',
    };
  },
);
