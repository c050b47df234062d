import type { LedgerStore } from '@soquy/ledger';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;
type ScheduledHandler = (event: { time?: string }) => Promise<unknown>;

export interface MailSender {
  /** Sends what new entries and waiting disbursements call for, now (tests). */
  flush(): Promise<void>;
  /** Runs the daily reminders as the schedule would at `at` (default now). */
  runReminders(at?: Date): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Stands in for the two streams send-mail runs on in AWS, and for the daily schedule of
 * pledge-reminders. Every `intervalMs` it hands the real send-mail handler the keys of entries
 * appended since its last pass (as the journal's stream would) and of disbursements waiting
 * for approval (as the State table's stream, filtered to them, would); every `remindEveryMs`
 * it runs the reminders. The mail log keeps anything from going out twice.
 */
export function startMailSender(
  store: LedgerStore,
  loadSendMail: () => Promise<StreamHandler>,
  loadReminders: () => Promise<ScheduledHandler>,
  options: { intervalMs?: number; remindEveryMs?: number } = {},
): MailSender {
  const seen = new Map<string, number>();
  const announced = new Set<string>();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const pass = async () => {
    const records: DynamoDBRecord[] = [];
    const heads = new Map<string, number>();
    const waiting: string[] = [];
    for (const { fund, head } of await store.listFunds()) {
      for (let seq = (seen.get(fund.id) ?? 0) + 1; seq <= head.seq; seq++) {
        records.push({
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { Keys: { fundId: { S: fund.id }, seq: { N: String(seq) } } },
        });
      }
      heads.set(fund.id, head.seq);
      for (const d of await store.disbursements.list(fund.id, 'pending_approval', 100)) {
        if (announced.has(d.id)) continue;
        waiting.push(d.id);
        records.push({
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { Keys: { pk: { S: `disbursement#${d.id}` }, sk: { S: 'disbursement' } } },
        });
      }
    }
    if (records.length > 0) await (await loadSendMail())({ Records: records });
    // Only once handled: a failed pass is tried again, like a stream retries its batch.
    for (const [fundId, seq] of heads) seen.set(fundId, seq);
    for (const id of waiting) announced.add(id);
  };
  const queue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work);
    running = next.catch((error) => {
      console.error(`local mail sender: ${(error as Error).message}`);
    });
    return next;
  };
  const remind = (at: Date = new Date()) =>
    queue(async () => (await loadReminders())({ time: at.toISOString() }));
  const timer = setInterval(() => {
    if (!stopped) void queue(pass).catch(() => undefined);
  }, options.intervalMs ?? 500);
  timer.unref();
  const reminders = setInterval(
    () => {
      if (!stopped) void remind().catch(() => undefined);
    },
    options.remindEveryMs ?? 60 * 60 * 1000,
  );
  reminders.unref();
  return {
    flush: () => queue(pass),
    runReminders: remind,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(reminders);
      await running;
    },
  };
}
