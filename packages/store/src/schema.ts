import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * The two tables' keys and indexes. The CDK stack and the local stack both build their tables
 * from these constants, so what runs locally is what is deployed.
 */
export const JOURNAL_SCHEMA = {
  partitionKey: 'fundId',
  sortKey: 'seq',
  indexes: {
    /** Entries by what they are about: a pledge, a disbursement, a reversed seq. */
    byRef: { name: 'byRef', partitionKey: 'refKey', sortKey: 'seq' },
    /** Entries by an outside reference: a bank transfer reference or a Stripe object id. */
    byExternalRef: { name: 'byExternalRef', partitionKey: 'extRef', sortKey: 'seq' },
    /** Entries of one month (Vietnam time, by occurredAt): a statement reads only its period. */
    byMonth: { name: 'byMonth', partitionKey: 'fundMonth', sortKey: 'seq' },
  },
} as const;

export const STATE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Lists things of one kind, e.g. all funds. */
    byEntity: { name: 'byEntity', partitionKey: 'entity', sortKey: 'entityKey' },
  },
} as const;

/** How long a retry with the same Idempotency-Key is recognised (README, "Retries"). */
export const IDEMPOTENCY_TTL_DAYS = 30;
/**
 * How long the mail log remembers a notice (receipt, approver notice, reminder). A notice is
 * only looked up while its stream batch may be retried (a day) or its reminder slot can still
 * be caught up (days); the margin leaves months to answer "was this receipt sent?".
 */
export const MAIL_NOTICE_TTL_DAYS = 90;
/**
 * The State table's TTL attribute (epoch seconds). Only idempotency records and mail-log notices
 * carry it: nothing the journal cites, no unsubscribe, no bank reference ever expires.
 */
export const STATE_TTL_ATTRIBUTE = 'expiresAt';

/** The TTL value of an item that expires `days` after `from`: epoch seconds. */
export const expiresAfter = (from: Date, days: number) =>
  Math.floor(from.getTime() / 1000) + days * 86_400;

export interface TableNames {
  journal: string;
  state: string;
}

function journalTable(name: string): CreateTableCommandInput {
  const { byRef, byExternalRef, byMonth } = JOURNAL_SCHEMA.indexes;
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'fundId', AttributeType: 'S' },
      { AttributeName: 'seq', AttributeType: 'N' },
      { AttributeName: 'refKey', AttributeType: 'S' },
      { AttributeName: 'extRef', AttributeType: 'S' },
      { AttributeName: 'fundMonth', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'fundId', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [byRef, byExternalRef, byMonth].map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

function stateTable(name: string): CreateTableCommandInput {
  const { byEntity } = STATE_SCHEMA.indexes;
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'entity', AttributeType: 'S' },
      { AttributeName: 'entityKey', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: byEntity.name,
        KeySchema: [
          { AttributeName: byEntity.partitionKey, KeyType: 'HASH' },
          { AttributeName: byEntity.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** Creates the tables that do not exist yet (the local stack and tests; CDK does it in AWS). */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const input of [journalTable(names.journal), stateTable(names.state)]) {
    if (!existing.has(input.TableName ?? '')) await client.send(new CreateTableCommand(input));
  }
  if (!existing.has(names.state)) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: names.state,
        TimeToLiveSpecification: { AttributeName: STATE_TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
}
