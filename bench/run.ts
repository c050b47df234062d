/**
 * Benchmarks, not tests: printed as counts and ratios to an anchor measured in the same run,
 * never asserted. `npm run bench` runs them all; `npm run bench -- pages` (or ledger, log,
 * bank, cold-start) runs one.
 *  ledger:     DynamoDB calls per append; the write path against the same calls made by hand;
 *              appends per second to one fund, 1 vs 8 writers.
 *  pages:      fund page, statement, report and exports at 20 vs 20,000 entries (pages.ts),
 *              and publishing exports.
 *  cold-start: every function's import time against an empty handler, both bundled the way the
 *              stack deploys them (cold-start.ts).
 *  log:        the transparency log: appends with the tree and checkpoints against without, proof
 *              sizes at 1,000,000 leaves, an inclusion proof at 20 vs 20,000 entries, and the
 *              verifier against raw SHA-256 (log.ts).
 *  bank:       a 400,000-line statement imported (BANK_BENCH_LINES to change it) against raw
 *              99-item transactions, the peak memory of reading it, and memo matching (bank.ts).
 *  weights:    each main page's bytes on the wire, plain, gzip and br, on the demo funds
 *              (weights.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AppendRequest, donationDraft, type Fund, fingerprint } from '@soquy/ledger';
import { startDynamoDbLocal } from '@soquy/local';
import { createDocumentClient, DynamoLedgerStore, ensureTables } from '@soquy/store';
import { bankBench } from './bank.ts';
import { coldStartBench } from './cold-start.ts';
import { logBench } from './log.ts';
import { pagesBench } from './pages.ts';
import { weightsBench } from './weights.ts';

const outDir = join(process.cwd(), '.bench');
mkdirSync(outDir, { recursive: true });
const at = '2026-11-20T03:00:00.000Z';

function gift(key: string): AppendRequest {
  return {
    idempotencyKey: key,
    requestHash: fingerprint({ key }),
    prepare: () => ({
      drafts: [
        donationDraft(
          { id: key, occurredAt: at, recordedAt: at, recordedBy: 'bench' },
          { donor: { id: 'd', displayName: 'Ẩn danh' }, amount: 100_000, method: 'transfer' },
        ),
      ],
    }),
  };
}

async function ledgerBench(endpoint: string) {
  // The store's own calls, as in AWS: without the read-back the local client adds after each
  // transaction (DynamoDB Local answers before it commits; packages/store/src/local-durability.ts).
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.set(context.commandName as string, (calls.get(context.commandName as string) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const tables = { journal: 'bench-journal', state: 'bench-state' };
  await ensureTables(client, tables);
  const store = new DynamoLedgerStore(createDocumentClient(client), tables);
  const fund = (id: string): Fund => ({
    id,
    name: id,
    description: '',
    owner: 'bench',
    currency: 'VND' as const,
    goal: 0,
    bankAccount: { bin: '970436', accountNumber: '1234567890', accountName: 'BENCH' },
    categories: [{ id: 'cameras', name: 'Camera' }],
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: '2027-01-01T00:00:00.000Z',
    createdAt: at,
    createdBy: 'bench',
  });

  // 1. Calls per append, one writer, no contention.
  await store.createFund(fund('calls'));
  calls.clear();
  const n = 50;
  for (let i = 0; i < n; i++) await store.append('calls', gift(`c${i}`));
  console.log('\n== DynamoDB calls per append (one writer, %d appends)', n);
  for (const [command, count] of calls)
    console.log(`  ${command.padEnd(28)} ${(count / n).toFixed(2)}`);

  // 1b. The write path against its raw anchor: the same two DynamoDB calls made by hand.
  await appendVersusRaw(store, createDocumentClient(client), tables, fund);

  // 2. Throughput to one fund.
  const rate = async (fundId: string, writers: number, total: number) => {
    await store.createFund(fund(fundId));
    calls.clear();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < total) await store.append(fundId, gift(`${fundId}-${next++}`));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const writes = calls.get('TransactWriteItemsCommand') ?? 0;
    return { perSecond: total / seconds, writesPerAppend: writes / total };
  };
  const one = await rate('one-writer', 1, 300);
  const eight = await rate('eight-writers', 8, 300);
  console.log('\n== Appends per second to one fund (DynamoDB Local, 300 appends each)');
  console.log(
    `  1 writer    ${one.perSecond.toFixed(0)}/s   transactions tried per append ${one.writesPerAppend.toFixed(2)}`,
  );
  console.log(
    `  8 writers   ${eight.perSecond.toFixed(0)}/s   transactions tried per append ${eight.writesPerAppend.toFixed(2)}`,
  );
  console.log(`  ratio 8 writers / 1 writer: ${(eight.perSecond / one.perSecond).toFixed(2)}`);
  client.destroy();
}

/**
 * One append (BatchGetItem of head + key, then one TransactWriteItems) against the same two
 * calls made by hand with the same item shapes, one writer, in the same run: the ratio is what
 * soquy's own code (sealing, hashing, building the transaction) adds to the write path.
 */
async function appendVersusRaw(
  store: DynamoLedgerStore,
  doc: DynamoDBDocumentClient,
  tables: { journal: string; state: string },
  fund: (id: string) => Fund,
) {
  const raw = async (id: string, n: number) => {
    for (let i = 1; i <= n; i++) {
      const head = { pk: `RAW#${id}`, sk: 'HEAD' };
      await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tables.state]: {
              Keys: [head, { pk: head.pk, sk: `IDEM#${i}` }],
              ConsistentRead: true,
            },
          },
        }),
      );
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tables.journal,
                Item: { fundId: `raw-${id}`, seq: i, memo: 'x'.repeat(300) },
                ConditionExpression: 'attribute_not_exists(seq)',
              },
            },
            {
              Update: {
                TableName: tables.state,
                Key: head,
                UpdateExpression: 'SET #s = :s ADD #b :a, #m :a, #c :a',
                ConditionExpression: 'attribute_not_exists(#s) OR #s = :p',
                ExpressionAttributeNames: {
                  '#s': 'seq',
                  '#b': 'b:assets:bank',
                  '#m': 'm:2026-11:assets:bank',
                  '#c': 'c:in:unknown',
                },
                ExpressionAttributeValues: { ':s': i, ':p': i - 1, ':a': 1 },
              },
            },
            {
              Put: {
                TableName: tables.state,
                Item: { pk: head.pk, sk: `IDEM#${i}`, requestHash: 'h', response: '{}' },
                ConditionExpression: 'attribute_not_exists(sk)',
              },
            },
          ],
        }),
      );
    }
  };
  const ratios: number[] = [];
  for (let round = 0; round < 4; round++) {
    const n = 200;
    let started = performance.now();
    await raw(`r${round}`, n);
    const rawMs = performance.now() - started;
    await store.createFund(fund(`vs-raw-${round}`));
    started = performance.now();
    for (let i = 0; i < n; i++) await store.append(`vs-raw-${round}`, gift(`vs-raw-${round}-${i}`));
    ratios.push((performance.now() - started) / rawMs);
  }
  // The first round warms both the JIT and DynamoDB Local up; it is printed, not counted.
  const counted = ratios.slice(1).sort((a, b) => a - b);
  console.log(
    '\n== Write path: time per append / time of the same two DynamoDB calls made by hand',
  );
  console.log(
    `  rounds of 200: ${ratios.map((r) => r.toFixed(2)).join(', ')} (first is warm-up); median ${(counted[1] as number).toFixed(2)}`,
  );
}

const parts = process.argv.slice(2);
const wanted = (part: string) => parts.length === 0 || parts.includes(part);
if (wanted('ledger') || wanted('pages') || wanted('log') || wanted('weights')) {
  const dynamo = await startDynamoDbLocal();
  try {
    if (wanted('ledger')) await ledgerBench(dynamo.endpoint);
    if (wanted('pages')) await pagesBench(dynamo.endpoint);
    if (wanted('log')) await logBench(dynamo.endpoint);
    if (wanted('weights')) await weightsBench(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
}
if (wanted('cold-start')) await coldStartBench(outDir);
if (wanted('bank')) await bankBench(outDir);
