import type { Server } from 'node:http';
import type { LedgerDeps } from '@soquy/ledger';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  ensureTables,
  type TableNames,
} from '@soquy/store';
import { ROUTES } from '../../../functions/routes.ts';
import { createLocalApi } from './api-gateway.ts';
import { loadDemoData } from './demo.ts';
import { claimsAsApiGatewayPasses, devSigningKey, verifyDevToken } from './dev-auth.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';

export interface LocalStackOptions {
  port?: number;
  host?: string;
  /** Where DynamoDB Local keeps its files and the dev signing key lives. */
  dataDir?: string;
  /** Throwaway DynamoDB (nothing kept under dataDir). */
  inMemory?: boolean;
  /** Use an already running DynamoDB instead of starting one (tests). */
  dynamoEndpoint?: string;
  tables?: TableNames;
  demo?: boolean;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  tables: TableNames;
  deps: LedgerDeps;
  signingKey: Uint8Array;
  demoEntries: number;
  stop(): Promise<void>;
}

export const DEFAULT_TABLES: TableNames = { journal: 'soquy-journal', state: 'soquy-state' };

/**
 * DynamoDB Local + tables + demo data + the API Gateway emulator in front of the real handlers.
 * Handlers read their configuration from the environment, exactly as in Lambda.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? '.data';
  const tables = options.tables ?? DEFAULT_TABLES;
  let dynamo: DynamoDbLocal | undefined;
  let server: Server | undefined;
  try {
    if (!options.dynamoEndpoint) {
      dynamo = await startDynamoDbLocal(options.inMemory ? {} : { dataDir: `${dataDir}/dynamodb` });
    }
    const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: endpoint,
      JOURNAL_TABLE: tables.journal,
      STATE_TABLE: tables.state,
      AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-1',
    });
    const client = createDynamoClient({ endpoint });
    await ensureTables(client, tables);
    const deps: LedgerDeps = {
      store: new DynamoLedgerStore(createDocumentClient(client), tables),
      clock: () => new Date(),
    };
    const demoEntries = options.demo === false ? 0 : await loadDemoData(deps);
    const signingKey = devSigningKey(dataDir);
    server = createLocalApi({
      routes: ROUTES,
      loadHandler: async (fn) => (await import(`../../../functions/${fn}/handler.ts`)).handler,
      authorizer: {
        verify: async (token) => claimsAsApiGatewayPasses(await verifyDevToken(signingKey, token)),
      },
    });
    const host = options.host ?? '127.0.0.1';
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port ?? 3000, host, () => resolve());
    });
    const address = listening.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const stop = async () => {
      await new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeAllConnections();
      });
      client.destroy();
      await dynamo?.stop();
    };
    return {
      url: `http://${host}:${port}`,
      dynamoEndpoint: endpoint,
      tables,
      deps,
      signingKey,
      demoEntries,
      stop,
    };
  } catch (error) {
    server?.close();
    await dynamo?.stop();
    throw error;
  }
}
