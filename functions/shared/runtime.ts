import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type ApiOptions,
  api,
  countMetric,
  type InputSchemas,
  observeInvocation,
} from '@soquy/http';
import {
  type AppendRequest,
  type AppendResult,
  idsWithManageKey,
  type LedgerDeps,
} from '@soquy/ledger';
import { createDocumentClient, createDynamoClient, DynamoLedgerStore } from '@soquy/store';
import type { Context } from 'aws-lambda';
import { type Config, type ConfigPart, loadConfig } from './config.ts';
import { manageLinkKey } from './manage-link-key.ts';
import { traced } from './tracing.ts';

/**
 * What a function runs on, built once when it starts: its checked configuration, the ledger's
 * adapters, and the API middleware stack with that configuration passed in (pages add theirs
 * with `pagesOf`, so API functions do not bundle the page templates).
 */
export interface FunctionRuntime {
  config: Config;
  deps: LedgerDeps;
  api<S extends InputSchemas = Record<string, never>>(
    options: Omit<ApiOptions<S>, 'logLevel'>,
  ): ReturnType<typeof api<S>>;
  /** A handler no HTTP request reaches (stream, queue, schedule), logged and its metrics flushed. */
  invocation<E, R>(
    name: string,
    handler: (event: E, context: Context) => Promise<R>,
  ): (event: E, context?: Context) => Promise<R>;
}

/** What the appends made inside `withAppends` did: entries written, appends replayed. */
interface AppendTally {
  written: number;
  replayed: number;
}
const tallies = new AsyncLocalStorage<AppendTally>();

/**
 * Runs `work` and tells what its appends did, e.g. whether a webhook delivery wrote anything or
 * only replayed the answer to an earlier one (a duplicate): operations answer a retry exactly as
 * the first time, so only the store sees the difference.
 */
export async function withAppends<T>(work: () => Promise<T>): Promise<AppendTally & { value: T }> {
  const tally = { written: 0, replayed: 0 };
  const value = await tallies.run(tally, work);
  return { ...tally, value };
}

/**
 * The DynamoDB store counting the journal entries each append writes (metric `Appends`): here at
 * the edge, so the ledger core knows nothing of metrics. A replayed append writes nothing.
 */
class MeteredLedgerStore extends DynamoLedgerStore {
  override async append(fundId: string, request: AppendRequest): Promise<AppendResult> {
    const result = await super.append(fundId, request);
    const tally = tallies.getStore();
    if (result.replayed) {
      if (tally) tally.replayed += 1;
    } else if (result.entries.length > 0) {
      countMetric('Appends', result.entries.length);
      if (tally) tally.written += result.entries.length;
    }
    return result;
  }
}

export function startFunction(
  parts: readonly ConfigPart[] = [],
  env: NodeJS.ProcessEnv = process.env,
): FunctionRuntime {
  const config = loadConfig(env, parts);
  const db = createDocumentClient(
    traced(
      createDynamoClient({
        region: config.AWS_REGION,
        ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
      }),
    ),
  );
  return {
    config,
    deps: {
      store: new MeteredLedgerStore(db, {
        journal: config.JOURNAL_TABLE,
        state: config.STATE_TABLE,
      }),
      clock: () => new Date(),
      ids: idsWithManageKey(() => manageLinkKey(config)),
    },
    api: (options) => api({ ...options, logLevel: config.LOG_LEVEL }),
    invocation: (name, handler) => observeInvocation(name, handler, config.LOG_LEVEL),
  };
}
