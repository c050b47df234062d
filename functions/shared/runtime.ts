import { type ApiOptions, api, type InputSchemas } from '@soquy/http';
import { type LedgerDeps, randomIds } from '@soquy/ledger';
import { createDocumentClient, createDynamoClient, DynamoLedgerStore } from '@soquy/store';
import { type PageOptions, page } from '@soquy/web';
import { type Config, type ConfigPart, loadConfig } from './config.ts';

/**
 * What a function runs on, built once when it starts: its checked configuration, the ledger's
 * adapters, and the API and page middleware stacks with that configuration passed in.
 */
export interface FunctionRuntime {
  config: Config;
  deps: LedgerDeps;
  api<S extends InputSchemas = Record<string, never>>(
    options: Omit<ApiOptions<S>, 'logLevel'>,
  ): ReturnType<typeof api<S>>;
  page(options: Omit<PageOptions, 'logLevel' | 'checkoutOrigin'>): ReturnType<typeof page>;
}

export function startFunction(
  parts: readonly ConfigPart[] = [],
  env: NodeJS.ProcessEnv = process.env,
): FunctionRuntime {
  const config = loadConfig(env, parts);
  const db = createDocumentClient(
    createDynamoClient({
      region: config.AWS_REGION,
      ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    }),
  );
  return {
    config,
    deps: {
      store: new DynamoLedgerStore(db, {
        journal: config.JOURNAL_TABLE,
        state: config.STATE_TABLE,
      }),
      clock: () => new Date(),
      ids: randomIds,
    },
    api: (options) => api({ ...options, logLevel: config.LOG_LEVEL }),
    page: (options) =>
      page({ ...options, logLevel: config.LOG_LEVEL, checkoutOrigin: config.CHECKOUT_ORIGIN }),
  };
}
