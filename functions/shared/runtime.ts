import { type ApiOptions, api, type InputSchemas } from '@soquy/http';
import { idsWithManageKey, type LedgerDeps } from '@soquy/ledger';
import { createDocumentClient, createDynamoClient, DynamoLedgerStore } from '@soquy/store';
import { type Config, type ConfigPart, loadConfig } from './config.ts';
import { manageLinkKey } from './manage-link-key.ts';

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
      ids: idsWithManageKey(() => manageLinkKey(config)),
    },
    api: (options) => api({ ...options, logLevel: config.LOG_LEVEL }),
  };
}
