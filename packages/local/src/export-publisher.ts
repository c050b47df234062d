import type { LedgerStore } from '@soquy/ledger';
import type { DynamoDBStreamEvent } from 'aws-lambda';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;

export interface ExportPublisher {
  /** Publishes every fund whose head moved, now; resolves when the files are written. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Stands in for the journal table's DynamoDB stream: every `intervalMs` it finds funds whose head
 * moved since the last pass and hands the real publish-exports handler the event AWS would.
 */
export function startExportPublisher(
  store: LedgerStore,
  loadHandler: () => Promise<StreamHandler>,
  intervalMs = 250,
): ExportPublisher {
  const seen = new Map<string, number>();
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const pass = async () => {
    const moved = (await store.listFunds()).filter(
      ({ fund, head }) => head.seq > (seen.get(fund.id) ?? 0),
    );
    if (moved.length === 0) return;
    const handler = await loadHandler();
    await handler({
      Records: moved.map(({ fund, head }) => ({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { Keys: { fundId: { S: fund.id }, seq: { N: String(head.seq) } } },
      })),
    });
    for (const { fund, head } of moved) seen.set(fund.id, head.seq);
  };
  const run = () => {
    running = running.then(pass).catch((error) => {
      console.error(`local export publisher: ${(error as Error).message}`);
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void run();
  }, intervalMs);
  timer.unref();
  return {
    flush: () => run(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
