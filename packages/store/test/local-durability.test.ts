import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { type AppendRequest, donationDraft, fingerprint } from '@soquy/ledger';
import { describe, expect, inject, it } from 'vitest';
import { puTrangFund } from '../../../test/support/funds.ts';
import { createDocumentClient, createDynamoClient } from '../src/client.ts';
import { DynamoLedgerStore } from '../src/ledger-store.ts';
import {
  confirmLocalWrites,
  LocalWriteNotConfirmedError,
  sameItem,
} from '../src/local-durability.ts';
import { ensureTables } from '../src/schema.ts';

type Item = Record<string, AttributeValue>;

async function localTables() {
  const endpoint = inject('dynamoEndpoint');
  const suffix = randomUUID().slice(0, 8);
  const tables = { journal: `journal-${suffix}`, state: `state-${suffix}` };
  /** A client without the read-back, to change items behind the client under test. */
  const behind = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(behind, tables);
  return { endpoint, tables, behind };
}

/** Records every command a client sends, with its input, in the order they start. */
function recordCommands(client: DynamoDBClient) {
  const sent: { name: string; input: any }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ name: context.commandName as string, input: args.input });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

/** Runs `after` once DynamoDB has answered a TransactWriteItems, before the client sees it. */
function afterEachTransaction(client: DynamoDBClient, after: () => Promise<void>) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') await after();
      return result;
    },
    { step: 'finalizeRequest', name: 'afterEachTransaction' },
  );
}

const at = '2026-11-20T03:00:00.000Z';

function donation(key: string): AppendRequest {
  return {
    idempotencyKey: key,
    requestHash: fingerprint({ key }),
    prepare: () => ({
      drafts: [
        donationDraft(
          { id: key, occurredAt: at, recordedAt: at, recordedBy: 'thuquy' },
          { donor: { id: `d-${key}`, displayName: 'Ẩn danh' }, amount: 500_000, method: 'cash' },
        ),
      ],
    }),
  };
}

function row(table: string, sk: string, note: string) {
  return { TableName: table, Item: { pk: { S: 'p' }, sk: { S: sk }, note: { S: note } } };
}

describe('DynamoDB Local: an acknowledged transaction is read back before it is answered', () => {
  it('reads every item of an append back with one consistent BatchGetItem after it', async () => {
    // Prepare
    const { endpoint, tables } = await localTables();
    const client = createDynamoClient({ endpoint, region: 'local' });
    const store = new DynamoLedgerStore(createDocumentClient(client), tables);
    await store.createFund(puTrangFund());
    const sent = recordCommands(client);
    // Act
    await store.append('pu-trang', donation('g1'));
    const first = sent.map((s) => s.name);
    sent.length = 0;
    await store.append('pu-trang', donation('g2'));
    // Assess: read head and key, write, read back; the key schemas are asked once and kept
    expect(first.filter((n) => n !== 'DescribeTableCommand')).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'BatchGetItemCommand',
    ]);
    expect(first.filter((n) => n === 'DescribeTableCommand')).toHaveLength(2);
    expect(sent.map((s) => s.name)).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'BatchGetItemCommand',
    ]);
    const transaction = sent[1]?.input as TransactWriteItemsCommandInput;
    const readBack = sent[2]?.input.RequestItems;
    expect(readBack[tables.journal]).toEqual({
      Keys: [{ fundId: { S: 'pu-trang' }, seq: { N: '2' } }],
      ConsistentRead: true,
    });
    expect(readBack[tables.state].ConsistentRead).toBe(true);
    expect(readBack[tables.state].Keys).toContainEqual({
      pk: { S: 'FUND#pu-trang' },
      sk: { S: 'HEAD' },
    });
    expect(readBack[tables.journal].Keys.length + readBack[tables.state].Keys.length).toBe(
      transaction.TransactItems?.length,
    );
  });

  it('waits until a Put reads back as written before answering', async () => {
    // Prepare: DynamoDB answers, but the item shows only 150 ms later (a COMMIT still queued).
    const { endpoint, tables, behind } = await localTables();
    const client = createDynamoClient({ endpoint, region: 'local' });
    const put = row(tables.state, 'late', 'written');
    let visibleAt = 0;
    afterEachTransaction(client, async () => {
      await behind.send(new DeleteItemCommand({ TableName: put.TableName, Key: keyOf(put.Item) }));
      setTimeout(() => {
        visibleAt = Date.now();
        void behind.send(new PutItemCommand(put));
      }, 150);
    });
    const sent = recordCommands(client);
    // Act
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: put }] }));
    const answeredAt = Date.now();
    // Assess
    expect(visibleAt).toBeGreaterThan(0);
    expect(answeredAt).toBeGreaterThanOrEqual(visibleAt);
    expect(sent.filter((s) => s.name === 'BatchGetItemCommand').length).toBeGreaterThan(1);
  });

  it('refuses to answer when a Put never reads back as written', async () => {
    // Prepare
    const { endpoint, tables, behind } = await localTables();
    const client = new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    confirmLocalWrites(client, { timeoutMs: 200 });
    const put = row(tables.state, 'lost', 'written');
    afterEachTransaction(client, async () => {
      await behind.send(new DeleteItemCommand({ TableName: put.TableName, Key: keyOf(put.Item) }));
    });
    // Act
    const attempt = client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: put }] }));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(LocalWriteNotConfirmedError);
    await expect(attempt).rejects.toThrow(/did not read back as written within 200 ms/);
  });

  it('accepts a Put replaced meanwhile once another Put of the transaction read back', async () => {
    // Prepare: another writer replaces one of the two items right after the commit.
    const { endpoint, tables, behind } = await localTables();
    const client = new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    confirmLocalWrites(client, { timeoutMs: 200 });
    const kept = row(tables.state, 'kept', 'written');
    const replaced = row(tables.state, 'replaced', 'written');
    afterEachTransaction(client, async () => {
      await behind.send(new PutItemCommand(row(tables.state, 'replaced', 'a later write')));
    });
    // Act
    const attempt = client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Put: kept }, { Put: replaced }] }),
    );
    // Assess
    await expect(attempt).resolves.toBeDefined();
  });

  it('adds nothing to a client for AWS (no endpoint)', () => {
    // Prepare
    const plain = new DynamoDBClient({ region: 'ap-southeast-1' });
    // Act
    const aws = createDynamoClient({ region: 'ap-southeast-1' });
    const local = createDynamoClient({ endpoint: 'http://127.0.0.1:1', region: 'local' });
    // Assess
    expect(aws.middlewareStack.identify()).toEqual(plain.middlewareStack.identify());
    expect(aws.middlewareStack.identify().join()).not.toContain('confirmLocalWrites');
    expect(local.middlewareStack.identify().join()).toContain('confirmLocalWrites');
    for (const c of [plain, aws, local]) c.destroy();
  });
});

describe('sameItem', () => {
  it('compares as DynamoDB stores: numbers by value, sets in any order, maps and lists deeply', () => {
    const a: Item = {
      n: { N: '1.50' },
      big: { N: '12345678901234567890123456789012345678' },
      ss: { SS: ['b', 'a'] },
      ns: { NS: ['2', '10'] },
      m: { M: { l: { L: [{ S: 'x' }, { NULL: true }, { BOOL: false }] } } },
      b: { B: new Uint8Array([1, 2]) },
    };
    const b: Item = {
      n: { N: '15e-1' },
      big: { N: '12345678901234567890123456789012345678' },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['10.0', '2'] },
      m: { M: { l: { L: [{ S: 'x' }, { NULL: true }, { BOOL: false }] } } },
      b: { B: Buffer.from([1, 2]) },
    };
    expect(sameItem(a, b)).toBe(true);
    expect(sameItem(a, { ...b, big: { N: '12345678901234567890123456789012345679' } })).toBe(false);
    expect(sameItem(a, { ...b, extra: { S: '' } })).toBe(false);
    expect(sameItem({ s: { S: '1' } }, { s: { N: '1' } })).toBe(false);
  });
});

function keyOf(item: Item): Item {
  return { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue };
}
