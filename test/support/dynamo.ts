import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  ensureTables,
  type TableNames,
} from '@soquy/store';
import { inject } from 'vitest';

/** Fresh, uniquely named tables in the run's DynamoDB Local. */
export async function freshTables() {
  const endpoint = inject('dynamoEndpoint');
  const suffix = randomUUID().slice(0, 8);
  const tables: TableNames = { journal: `journal-${suffix}`, state: `state-${suffix}` };
  const client = createDynamoClient({ endpoint, region: 'local' });
  await ensureTables(client, tables);
  const doc = createDocumentClient(client);
  const store = new DynamoLedgerStore(doc, tables);
  /** Every item of a table, to prove a rejected request wrote nothing. */
  const scan = async (table: string) => {
    const { Items } = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return (Items ?? []).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  };
  return { endpoint, tables, client, doc, store, scan };
}
