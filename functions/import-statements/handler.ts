import { countMetric, logger } from '@soquy/http';
import {
  markUploaded,
  runStatementImport,
  type StatementRecord,
  statementIdOf,
} from '@soquy/ledger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { statementDeps } from '../shared/bank-runtime.ts';
import { part } from '../shared/config.ts';
import { startFunction } from '../shared/runtime.ts';
import { bankStatementParser } from '../shared/statement-parser.ts';
import { traced } from '../shared/tracing.ts';

const runtime = startFunction(['statements', 'statementQueue']);
const deps = { ...statementDeps(runtime), statementParser: bankStatementParser };
const { STATEMENT_QUEUE_URL } = part(runtime.config, 'statementQueue');
/** Stop taking chunks this long before the function's own timeout, and queue the rest. */
const PAUSE_BEFORE_TIMEOUT_MS = 120_000;
const STATEMENT_KEY = /^statements\/([a-z0-9-]+)\/([0-9a-f]{64})$/;

/**
 * The statements a queue message names: an S3 ObjectCreated event for `statements/<fund>/<sha>`
 * (the upload arrived), or `{statementId}` (the job continuing where it paused).
 */
export async function statementsOf(body: string): Promise<string[]> {
  const message = JSON.parse(body) as {
    statementId?: string;
    Records?: { s3?: { object?: { key?: string } } }[];
  };
  if (message.statementId) return [message.statementId];
  const ids: string[] = [];
  for (const record of message.Records ?? []) {
    const key = decodeURIComponent((record.s3?.object?.key ?? '').replace(/\+/g, ' '));
    const match = STATEMENT_KEY.exec(key);
    if (!match) continue;
    const [, fundId = '', sha256 = ''] = match;
    await markUploaded(deps, fundId, sha256);
    ids.push(statementIdOf(fundId, sha256));
  }
  return ids;
}

async function continueLater(statement: StatementRecord) {
  if (!STATEMENT_QUEUE_URL) return;
  const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
  await traced(new SQSClient({})).send(
    new SendMessageCommand({
      QueueUrl: STATEMENT_QUEUE_URL,
      MessageBody: JSON.stringify({ statementId: statement.statementId }),
    }),
  );
}

/**
 * The import job, on AWS's own machinery: S3 event → SQS → here. It books the file chunk by
 * chunk, saving its place; near the timeout it queues a message to go on from there. A crash or
 * a timeout redelivers the message, and the job resumes from its saved place: booked lines are
 * found again by their references, so nothing is lost or doubled.
 */
export const handler = runtime.invocation(
  'import-statements',
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        for (const statementId of await statementsOf(record.body)) {
          const from = (await deps.store.bank.getStatement(statementId))?.value.processed ?? 0;
          const statement = await runStatementImport(deps, statementId, {
            shouldPause: () => context.getRemainingTimeInMillis() < PAUSE_BEFORE_TIMEOUT_MS,
            onChunk: chunkCounter(from),
          });
          if (statement.status === 'importing') await continueLater(statement);
        }
      } catch (error) {
        logger.error('import failed', { messageId: record.messageId, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  },
);

/**
 * Counts each chunk as it is saved: its lines (`ImportLines`) and how fast they were booked
 * (`ImportLinesPerSecond`, since the chunk before it or the start of this run). `from` is where
 * this run started in the file (a resumed job starts where it paused).
 */
function chunkCounter(from: number): (statement: StatementRecord) => void {
  let processed = from;
  let since = performance.now();
  return (statement) => {
    const now = performance.now();
    const lines = statement.processed - processed;
    if (lines > 0) {
      const seconds = Math.max((now - since) / 1000, 0.001);
      countMetric('ImportLines', lines);
      countMetric('ImportLinesPerSecond', Math.round(lines / seconds), {}, 'Count/Second');
    }
    processed = statement.processed;
    since = now;
  };
}
