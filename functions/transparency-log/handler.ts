import { HttpError, json } from '@soquy/http';
import {
  addWitness,
  consistencyQuery,
  cosignCheckpointAccess,
  fundPath,
  inclusionQuery,
  listWitnesses,
  logStatus,
  logVerifierKey,
  manageWitnessesAccess,
  proveConsistency,
  proveInclusion,
  ReceiptNotReadyError,
  readLogAccess,
  receiptFor,
  receiveCosignature,
  witnessInput,
} from '@soquy/ledger';
import * as z from 'zod';
import { byRoute } from '../shared/by-route.ts';
import { logDeps } from '../shared/log-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['log']);
const deps = logDeps(runtime);

/** A proof between two checkpointed sizes never changes; a CDN may keep it. */
const PROOF_CACHE = { 'cache-control': 'public, max-age=3600' };
/** What moves with every checkpoint or cosignature. */
const SHORT_CACHE = { 'cache-control': 'public, max-age=5' };

/** A cosigned note is a few lines; anything much larger is not one. */
const MAX_NOTE_BYTES = 64 * 1024;

const receiptPath = fundPath.extend({
  seq: z.coerce
    .number({ error: 'must be the seq of an entry, a whole number from 1' })
    .int('must be the seq of an entry, a whole number from 1')
    .min(1, 'must be the seq of an entry, a whole number from 1')
    .max(Number.MAX_SAFE_INTEGER, 'is larger than any seq'),
});

/** GET /funds/{fundId}/proofs/inclusion?seq=N&treeSize=M: the entry's audit path in that tree. */
const inclusion = runtime
  .api({
    name: 'prove-inclusion',
    operation: readLogAccess,
    input: { path: fundPath, query: inclusionQuery },
  })
  .handler(async (event) =>
    json(200, await proveInclusion(deps, event.input.path.fundId, event.input.query), PROOF_CACHE),
  );

/** GET /funds/{fundId}/proofs/consistency?from=A&to=B: that tree B extends tree A. */
const consistency = runtime
  .api({
    name: 'prove-consistency',
    operation: readLogAccess,
    input: { path: fundPath, query: consistencyQuery },
  })
  .handler(async (event) =>
    json(
      200,
      await proveConsistency(deps, event.input.path.fundId, event.input.query),
      PROOF_CACHE,
    ),
  );

/** GET /funds/{fundId}/receipts/{seq}: the entry with its proof under the latest checkpoint. */
const receipt = runtime
  .api({ name: 'get-receipt', operation: readLogAccess, input: { path: receiptPath } })
  .handler(async (event) => {
    const { fundId, seq } = event.input.path;
    const found = await receiptFor(deps, fundId, seq);
    if (!found) throw new ReceiptNotReadyError(fundId, seq);
    return json(200, found, SHORT_CACHE);
  });

/** The request body as text: a cosigned note is posted as text/plain. */
function noteOf(body: string | undefined, isBase64Encoded: boolean): string {
  if (!body) {
    throw new HttpError(
      400,
      'bad_cosignature',
      'Post the checkpoint note with your cosignature line appended, as text/plain.',
    );
  }
  const bytes = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_NOTE_BYTES) {
    throw new HttpError(
      413,
      'note_too_large',
      `A cosigned note is at most ${MAX_NOTE_BYTES} bytes.`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new HttpError(400, 'bad_cosignature', 'The note is not UTF-8 text.', undefined, {
      cause: error,
    });
  }
}

/**
 * POST /funds/{fundId}/log/cosignatures (text/plain): a checkpoint the log signed, with one or
 * more witness cosignature lines appended. Kept only when a registered witness signed it.
 */
const cosign = runtime
  .api({
    name: 'receive-cosignature',
    operation: cosignCheckpointAccess,
    input: { path: fundPath },
  })
  .handler(async (event) => {
    const note = noteOf(event.body, event.isBase64Encoded);
    const answer = await receiveCosignature(deps, event.input.path.fundId, note);
    return json(201, answer, { 'cache-control': 'no-store' });
  });

/** GET /funds/{fundId}/log/cosignatures: each witness's latest cosignature of the fund's log. */
const cosignatures = runtime
  .api({ name: 'list-cosignatures', operation: readLogAccess, input: { path: fundPath } })
  .handler(async (event) => {
    const { cosignatures: list } = await logStatus(deps, event.input.path.fundId);
    return json(200, { fundId: event.input.path.fundId, cosignatures: list }, SHORT_CACHE);
  });

/** GET /.well-known/soquy/checkpoint-key: the log's note verifier key, one line. */
const checkpointKey = runtime
  .api({ name: 'checkpoint-key', operation: readLogAccess })
  .handler(async () => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
    body: `${await logVerifierKey(deps.signer)}\n`,
  }));

/** GET /log/witnesses: the witnesses whose cosignatures this deployment keeps. */
const witnesses = runtime
  .api({ name: 'list-witnesses', operation: readLogAccess })
  .handler(async () => json(200, { witnesses: await listWitnesses(deps) }, SHORT_CACHE));

/** POST /log/witnesses (admin): registers a witness by its cosignature/v1 key. */
const registerWitness = runtime
  .api({ name: 'add-witness', operation: manageWitnessesAccess, input: { body: witnessInput } })
  .handler(async (event) =>
    json(201, await addWitness(deps, event.input.body, event.actor), {
      'cache-control': 'no-store',
    }),
  );

export const handler = byRoute({
  'GET /funds/{fundId}/proofs/inclusion': inclusion,
  'GET /funds/{fundId}/proofs/consistency': consistency,
  'GET /funds/{fundId}/receipts/{seq}': receipt,
  'POST /funds/{fundId}/log/cosignatures': cosign,
  'GET /funds/{fundId}/log/cosignatures': cosignatures,
  'GET /.well-known/soquy/checkpoint-key': checkpointKey,
  'GET /log/witnesses': witnesses,
  'POST /log/witnesses': registerWitness,
});
