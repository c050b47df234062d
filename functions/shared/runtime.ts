import { type PledgeDeps, randomIds } from '@soquy/ledger';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  storeConfigFromEnv,
} from '@soquy/store';

let deps: PledgeDeps | undefined;

/** The adapters the use cases run on, built once per Lambda container from its environment. */
export function ledgerDeps(): PledgeDeps {
  if (!deps) {
    const config = storeConfigFromEnv();
    const db = createDocumentClient(createDynamoClient(config));
    deps = {
      store: new DynamoLedgerStore(db, config.tables),
      clock: () => new Date(),
      ids: randomIds,
    };
  }
  return deps;
}
