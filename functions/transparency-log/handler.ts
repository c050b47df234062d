import { countMetric, HttpError, json, logger } from '@soquy/http';
import {
  addWitness,
  consistencyQuery,
  cosignCheckpointAccess,
  forkProofInput,
  fundPath,
  inclusionQuery,
  listForkReports,
  listWitnesses,
  logStatus,
  logVerifierKey,
  manageWitnessesAccess,
  proveConsistency,
  proveInclusion,
  ReceiptNotReadyError,
  readFundAccess,
  readLogAccess,
  receiptFor,
  receiveCosignature,
  reportFork,
  reportForkAccess,
  witnessInput,
} from '@soquy/ledger';
import { byRoute } from '../shared/by-route.ts';
import { logDeps } from '../shared/log-runtime.ts';
import { startFunction } from '../shared/runtime.ts';
import { receiptPath } from './input.ts';

const runtime = startFunction(['log']);
const deps = logDeps(runtime);

/** A proof between two checkpointed sizes never changes; a CDN may keep it. */
const PROOF_CACHE = { 'cache-control': 'public, max-age=3600' };
/** What moves with every checkpoint or cosignature. */
const SHORT_CACHE = { 'cache-control': 'public, max-age=5' };

/** A cosigned note is a few lines; anything much larger is not one. */
const MAX_NOTE_BYTES = 64 * 1024;

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

/** A witness's fork proof is a few notes and a short proof; this is ample. */
const MAX_FORK_PROOF_BYTES = 64 * 1024;

/**
 * POST /funds/{fundId}/log/fork-reports (public JSON): a witness's fork proof file. Kept once,
 * by what the log signed (`forkReportId`): 201 the first time, 200 and the same report on a repeat. A
 * proven fork pages the operator (metric ForkReported, alarmed); an observed one is only listed.
 */
const forkReport = runtime
  .api({
    name: 'report-fork',
    operation: reportForkAccess,
    input: { path: fundPath, body: forkProofInput },
  })
  .handler(async (event) => {
    const size = Buffer.byteLength(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    if (size > MAX_FORK_PROOF_BYTES) {
      throw new HttpError(
        413,
        'fork_proof_too_large',
        `A fork proof is at most ${MAX_FORK_PROOF_BYTES} bytes; post the file the witness wrote.`,
      );
    }
    const { fundId } = event.input.path;
    const { report, created } = await reportFork(deps, fundId, event.input.body);
    if (created && report.status === 'proven') {
      countMetric('ForkReported');
      // One line for whoever reads the logs after the alarm: which fund, which proof, what.
      logger.error('A witness proved a fork of the transparency log', {
        fundId,
        reportId: report.id,
        witness: report.witness,
        finding: report.finding,
      });
    }
    return json(created ? 201 : 200, report, { 'cache-control': 'no-store' });
  });

/** GET /funds/{fundId}/log/fork-reports: every report kept for the fund, proven first. */
const forkReports = runtime
  .api({ name: 'list-fork-reports', operation: readFundAccess, input: { path: fundPath } })
  .handler(async (event) => {
    const { fundId } = event.input.path;
    return json(200, { fundId, reports: await listForkReports(deps, fundId) }, SHORT_CACHE);
  });

export const handler = byRoute({
  'GET /funds/{fundId}/proofs/inclusion': inclusion,
  'GET /funds/{fundId}/proofs/consistency': consistency,
  'GET /funds/{fundId}/receipts/{seq}': receipt,
  'POST /funds/{fundId}/log/cosignatures': cosign,
  'GET /funds/{fundId}/log/cosignatures': cosignatures,
  'POST /funds/{fundId}/log/fork-reports': forkReport,
  'GET /funds/{fundId}/log/fork-reports': forkReports,
  'GET /.well-known/soquy/checkpoint-key': checkpointKey,
  'GET /log/witnesses': witnesses,
  'POST /log/witnesses': registerWitness,
});
