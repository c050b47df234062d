import { publishExports } from '@soquy/ledger';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { exportDeps } from '../shared/exports-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['exports']);
const deps = exportDeps(runtime);

/**
 * The journal table's stream → each fund's exports in S3. One batch may carry entries of several
 * funds; each is brought up to its head. A failure throws, so the stream retries the batch, and
 * publishing again is harmless. The stack runs this function one at a time.
 */
export const handler = async (event: DynamoDBStreamEvent) => {
  const funds = new Set<string>();
  for (const record of event.Records) {
    const fundId = record.dynamodb?.Keys?.fundId?.S;
    if (fundId) funds.add(fundId);
  }
  const published: Record<string, number> = {};
  for (const fundId of funds) {
    published[fundId] = (await publishExports(deps, fundId)).published.seq;
  }
  if (runtime.config.LOG_LEVEL !== 'silent') {
    console.log(JSON.stringify({ level: 'info', fn: 'publish-exports', published }));
  }
  return { published };
};
