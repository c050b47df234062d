import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A DynamoDB document client that misbehaves the way a network and a busy service do, on a
 * schedule drawn from a seed: the same seed and the same calls give the same faults, so a failing
 * seed reproduces. The store under test gets it in place of the real client and cannot tell.
 */

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). Deterministic across runs and machines. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * What can go wrong with one call:
 * - `refused`: fails before it is sent (connection reset, throttled, 500): nothing happened.
 * - `timeout-unsent`: the client gives up before the request leaves: nothing happened.
 * - `conflict`: a transaction DynamoDB cancels for a concurrent transaction: nothing happened.
 * - `timeout-sent`: sent and carried out, but the caller sees a timeout.
 * - `lost`: sent and carried out, but the connection drops before the answer: the caller sees an error.
 * - `late`: the caller sees a timeout at once; the request is still on its way and is carried out
 *   later, just before a later call of the same client (or when the schedule settles).
 * - `resent` (transactions): carried out, the answer lost, and the SDK sends the very same request
 *   again on its own; the caller gets the answer to the second one.
 */
export const FAULT_KINDS = [
  'refused',
  'timeout-unsent',
  'conflict',
  'timeout-sent',
  'lost',
  'late',
  'resent',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults after which DynamoDB may have carried the request out. */
export const SENT_FAULTS: readonly FaultKind[] = ['timeout-sent', 'lost', 'late', 'resent'];
/** Faults only a TransactWriteItems call can get. */
export const TRANSACTION_FAULTS: readonly FaultKind[] = ['conflict', 'resent'];

export interface CallRecord {
  /** 1-based, in the order the client was called. */
  n: number;
  /** The command's name without "Command": BatchGet, Get, Query, TransactWrite, Put… */
  command: string;
  fault?: FaultKind;
  /** The error the caller got, when a fault fired. */
  error?: string;
  /** What DynamoDB did with it: `ok`, the name of the error it answered, or `not sent`. */
  outcome: string;
  /** For a `resent` request, what DynamoDB did with the second copy. */
  resentOutcome?: string;
  /** For a `late` request, the call it landed just before (0: when the schedule settled). */
  landedBefore?: number;
}

export interface FaultOptions {
  /** At most this many faults; after them the client behaves. */
  maxFaults: number;
  /** Chance that a call gets a fault while faults remain. */
  rate: number;
  /** Only calls of these commands (e.g. `TransactWrite`) get faults; all when absent. */
  only?: readonly string[];
}

interface Pending {
  dueAt: number;
  record: CallRecord;
  deliver: () => Promise<unknown>;
}

/** The seeded plan of faults for one client, and the record of what fired. */
export class FaultSchedule {
  readonly calls: CallRecord[] = [];
  private readonly random: () => number;
  private faultsLeft: number;
  private pending: Pending[] = [];

  constructor(
    readonly seed: number,
    private readonly options: FaultOptions,
  ) {
    this.random = mulberry32(seed);
    this.faultsLeft = options.maxFaults;
  }

  /** Faults that fired, in order. */
  get faults(): CallRecord[] {
    return this.calls.filter((c) => c.fault !== undefined);
  }

  /** How many transactions DynamoDB carried out, whatever the caller was told. */
  get committedTransactions(): number {
    return this.calls
      .filter((c) => c.command === 'TransactWrite')
      .reduce((n, c) => n + (c.outcome === 'ok' ? 1 : 0) + (c.resentOutcome === 'ok' ? 1 : 0), 0);
  }

  /** Transactions DynamoDB carried out while the caller saw an error (or another answer). */
  get unseenCommits(): CallRecord[] {
    return this.calls.filter(
      (c) => c.command === 'TransactWrite' && c.fault !== undefined && c.outcome === 'ok',
    );
  }

  /** Delivers every request still on its way (a `late` fault whose turn never came). */
  async settle(): Promise<void> {
    const due = this.pending;
    this.pending = [];
    for (const p of due) await this.deliver(p, 0);
  }

  /** One line per call, e.g. `#3 TransactWrite lost (NetworkingError) -> ok`. */
  describe(): string {
    const lines = this.calls.map((c) => {
      const fault = c.fault ? ` ${c.fault}${c.error ? ` (${c.error})` : ''}` : '';
      const resent = c.resentOutcome === undefined ? '' : `, sent again -> ${c.resentOutcome}`;
      const landed =
        c.landedBefore === undefined
          ? ''
          : c.landedBefore === 0
            ? ' landed at settle'
            : ` landed before #${c.landedBefore}`;
      return `  #${c.n} ${c.command}${fault} -> ${c.outcome}${resent}${landed}`;
    });
    const { maxFaults, rate, only } = this.options;
    const at = only ? ` on ${only.join(', ')}` : '';
    return `seed ${this.seed} (at most ${maxFaults} faults${at}, rate ${rate.toFixed(2)}):\n${lines.join('\n')}`;
  }

  /** Runs one call of the client through the schedule. */
  async intercept<T>(command: object, send: () => Promise<T>): Promise<T> {
    const n = this.calls.length + 1;
    // Requests still on their way whose turn has come land before this one.
    const due = this.pending.filter((p) => p.dueAt <= n);
    this.pending = this.pending.filter((p) => p.dueAt > n);
    for (const p of due) await this.deliver(p, n);

    const name = command.constructor.name.replace(/Command$/, '');
    const record: CallRecord = { n, command: name, outcome: 'not sent' };
    this.calls.push(record);
    const fault = this.drawFault(name);
    if (!fault) {
      try {
        const result = await send();
        record.outcome = 'ok';
        return result;
      } catch (error) {
        record.outcome = describeError(error);
        throw error;
      }
    }
    record.fault = fault;
    if (fault === 'resent') {
      try {
        await send();
        record.outcome = 'ok';
      } catch (real) {
        record.outcome = describeError(real);
      }
      try {
        const second = await send();
        record.resentOutcome = 'ok';
        return second;
      } catch (real) {
        record.resentOutcome = describeError(real);
        throw real;
      }
    }
    const error = this.errorFor(fault, command);
    record.error = describeError(error);
    switch (fault) {
      case 'refused':
      case 'timeout-unsent':
      case 'conflict':
        throw error;
      case 'timeout-sent':
      case 'lost':
        try {
          await send();
          record.outcome = 'ok';
        } catch (real) {
          record.outcome = describeError(real);
        }
        throw error;
      case 'late':
        this.pending.push({ dueAt: n + 1 + Math.floor(this.random() * 4), record, deliver: send });
        throw error;
    }
  }

  private async deliver(p: Pending, before: number) {
    p.record.landedBefore = before;
    try {
      await p.deliver();
      p.record.outcome = 'ok';
    } catch (real) {
      p.record.outcome = describeError(real);
    }
  }

  private drawFault(command: string): FaultKind | undefined {
    if (this.faultsLeft <= 0 || (this.options.only && !this.options.only.includes(command))) {
      return undefined;
    }
    if (this.random() >= this.options.rate) return undefined;
    const kinds = FAULT_KINDS.filter(
      (k) => command === 'TransactWrite' || !TRANSACTION_FAULTS.includes(k),
    );
    const kind = kinds[Math.floor(this.random() * kinds.length)] as FaultKind;
    this.faultsLeft--;
    return kind;
  }

  private errorFor(fault: Exclude<FaultKind, 'resent'>, command: object): Error {
    const $metadata = { httpStatusCode: 500 };
    switch (fault) {
      case 'refused': {
        const pick = Math.floor(this.random() * 3);
        if (pick === 0) {
          return Object.assign(new Error('read ECONNRESET'), {
            name: 'NetworkingError',
            code: 'ECONNRESET',
          });
        }
        if (pick === 1) {
          return new ProvisionedThroughputExceededException({
            message: 'The level of configured provisioned throughput for the table was exceeded.',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return new InternalServerError({ message: 'Internal server error', $metadata });
      }
      case 'conflict': {
        const items = (command as { input?: { TransactItems?: unknown[] } }).input?.TransactItems;
        const count = items?.length ?? 1;
        const at = Math.floor(this.random() * count);
        return new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: Array.from({ length: count }, (_, i) =>
            i === at
              ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
              : { Code: 'None' },
          ),
        });
      }
      case 'lost':
        return Object.assign(new Error('socket hang up'), {
          name: 'NetworkingError',
          code: 'ECONNRESET',
        });
      default:
        return Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    return `${error.name}[${codes.join(',')}]`;
  }
  return error instanceof Error ? error.name : String(error);
}

/**
 * The document client with every `send` run through the schedule. Everything else (config,
 * middleware, marshalling) is the real client's, so the store uses it unchanged.
 */
export function faultyDocumentClient(
  doc: DynamoDBDocumentClient,
  schedule: FaultSchedule,
): DynamoDBDocumentClient {
  const faulty = Object.create(doc) as DynamoDBDocumentClient;
  const send = (command: object) =>
    schedule.intercept(command, () =>
      (doc.send as (c: object) => Promise<unknown>).call(doc, command),
    );
  Object.defineProperty(faulty, 'send', { value: send });
  return faulty;
}
