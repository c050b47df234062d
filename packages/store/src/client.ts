import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { confirmLocalWrites } from './local-durability.ts';
import type { TableNames } from './schema.ts';

export interface StoreConfig {
  tables: TableNames;
  /** Set for DynamoDB Local; unset in AWS. */
  endpoint?: string;
  region?: string;
}

export function createDynamoClient(config: Omit<StoreConfig, 'tables'>): DynamoDBClient {
  const client = new DynamoDBClient({
    region: config.region ?? 'ap-southeast-1',
    ...(config.endpoint
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  // DynamoDB Local acknowledges a transaction before it is on disk; see local-durability.ts.
  if (config.endpoint) confirmLocalWrites(client);
  return client;
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
