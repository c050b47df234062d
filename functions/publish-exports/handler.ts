import { logger } from '@soquy/http';
import { checkpointAt, logVerifierKey, publishExports, publishLog } from '@soquy/ledger';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { exportDeps } from '../shared/exports-runtime.ts';
import { logDeps } from '../shared/log-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['exports', 'log']);
const deps = exportDeps(runtime);
const log = logDeps(runtime);

/**
 * The journal table's stream → each fund's transparency log (tiles, then a signed checkpoint)
 * and its exports in S3, cut at that checkpoint. One batch may carry entries of several funds;
 * each is brought up to its head. The stream batches up to a second of writes, and publishLog
 * signs at most one checkpoint per second per fund. A failure throws, so the stream retries the
 * batch, and publishing again is harmless. The stack runs this function one at a time.
 */
export const handler = runtime.invocation('publish-exports', async (event: DynamoDBStreamEvent) => {
  const funds = new Set<string>();
  for (const record of event.Records) {
    const fundId = record.dynamodb?.Keys?.fundId?.S;
    if (fundId) funds.add(fundId);
  }
  const logKey = await logVerifierKey(log.signer);
  const published: Record<string, number> = {};
  const checkpoints: Record<string, number> = {};
  for (const fundId of funds) {
    const checkpoint = await publishLog(log, fundId);
    checkpoints[fundId] = checkpoint?.size ?? 0;
    const index = await publishExports(deps, fundId, {
      upTo: checkpoint?.size ?? 0,
      checkpointAt: (size, totals) => checkpointAt(log, fundId, size, totals),
      logKey,
    });
    published[fundId] = index.published.seq;
  }
  logger.info('published', { published, checkpoints });
  return { published, checkpoints };
});
