import type { LedgerStore } from '@soquy/ledger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface StatementImporter {
  /** What S3 would send when a statement file arrives under statements/<fund>/<sha256>. */
  fileArrived(fundId: string, sha256: string): void;
  /** Resolves when every queued message has been handled (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_RECEIVES = 5;

/**
 * Stands in for S3 event → SQS → import-statements: it hands the real handler the messages AWS
 * would (an S3 ObjectCreated notification, then the job's own continuations), one at a time,
 * and redelivers a message the handler reported failed, as SQS does. On start it queues the
 * statements a stopped stack left half done, as SQS would redeliver after a crash.
 */
export function startStatementImporter(
  store: LedgerStore,
  loadHandler: () => Promise<QueueHandler>,
): StatementImporter {
  const queue: { body: string; receives: number }[] = [];
  let stopping = false;
  let worker: Promise<void> = Promise.resolve();
  let counter = 0;

  const context = {
    // Far from any timeout, unless the stack is stopping: then the job pauses after its chunk.
    getRemainingTimeInMillis: () => (stopping ? 0 : 15 * 60_000),
  } as Context;

  const work = async () => {
    while (queue.length > 0 && !stopping) {
      const message = queue.shift() as { body: string; receives: number };
      const messageId = `local-${++counter}`;
      try {
        const handler = await loadHandler();
        const { batchItemFailures } = await handler(
          { Records: [{ messageId, body: message.body } as SQSEvent['Records'][number]] },
          context,
        );
        if (batchItemFailures.length > 0 && message.receives + 1 < MAX_RECEIVES) {
          queue.push({ body: message.body, receives: message.receives + 1 });
        }
      } catch (error) {
        console.error(`local statement import: ${(error as Error).message}`);
      }
    }
  };
  const kick = () => {
    worker = worker.then(work);
  };
  const enqueue = (body: unknown) => {
    queue.push({ body: JSON.stringify(body), receives: 0 });
    kick();
  };

  // Statements stored whole (the console's form) are queued with no upload URL to see them
  // arrive: in AWS their S3 put raises the event; here a look every half second finds them, as
  // it finds the ones a stopped stack left half done.
  const started = new Set<string>();
  const look = async () => {
    for (const { fund } of await store.listFunds()) {
      for (const statement of await store.bank.listStatements(fund.id, 50)) {
        const waiting = statement.status === 'queued' || statement.status === 'importing';
        if (waiting && !started.has(statement.statementId)) {
          started.add(statement.statementId);
          queue.push({ body: JSON.stringify({ statementId: statement.statementId }), receives: 0 });
        }
      }
    }
  };
  const lookAndWork = () => {
    worker = worker.then(look).then(work, (error) => {
      console.error(`local statement import: ${(error as Error).message}`);
    });
    return worker;
  };
  void lookAndWork();
  const timer = setInterval(() => {
    if (!stopping && queue.length === 0) void lookAndWork();
  }, 500);
  timer.unref();

  return {
    fileArrived: (fundId, sha256) =>
      enqueue({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { object: { key: `statements/${fundId}/${sha256}` } },
          },
        ],
      }),
    idle: async () => {
      await lookAndWork();
      do await worker;
      while (queue.length > 0 && !stopping);
    },
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await worker;
    },
  };
}
