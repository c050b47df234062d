/**
 * Benchmarks, not tests: printed as counts and ratios from one run, never asserted.
 * 1. DynamoDB calls per append.  2. Appends per second to one fund, 1 vs 8 writers.
 * 3. Per function: bundle size and import time, as a ratio to an empty handler that imports
 *    only @aws-sdk/client-dynamodb (bundled the way the CDK stack bundles).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AppendRequest,
  donationDraft,
  type Fund,
  fingerprint,
  getReport,
} from '@soquy/ledger';
import { startDynamoDbLocal } from '@soquy/local';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  ensureTables,
} from '@soquy/store';
import { build } from 'esbuild';
import { FUNCTION_NAMES } from '../functions/routes.ts';

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

async function ledgerBench() {
  const dynamo = await startDynamoDbLocal();
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    const calls = new Map<string, number>();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        calls.set(
          context.commandName as string,
          (calls.get(context.commandName as string) ?? 0) + 1,
        );
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
    await reportBench(store, fund, calls);
    client.destroy();
  } finally {
    await dynamo.stop();
  }
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

/**
 * The report reads the head and one page of donors and payees, so its time should not depend
 * on how long the journal is. Loads 20,000 entries in group commits of 50, then compares.
 */
async function reportBench(
  store: DynamoLedgerStore,
  fund: (id: string) => Fund,
  calls: Map<string, number>,
) {
  const deps = { store, clock: () => new Date() };
  const load = async (fundId: string, count: number) => {
    await store.createFund(fund(fundId));
    for (let done = 0; done < count; ) {
      const size = Math.min(50, count - done);
      const start = done;
      await store.append(fundId, {
        idempotencyKey: `load-${fundId}-${start}`,
        requestHash: fingerprint({ fundId, start }),
        prepare: () => ({
          drafts: Array.from({ length: size }, (_, i) =>
            donationDraft(
              { id: `${fundId}-${start + i}`, occurredAt: at, recordedAt: at, recordedBy: 'bench' },
              {
                donor: {
                  id: `donor-${(start + i) % 40}`,
                  displayName: `Hộ kinh doanh số ${(start + i) % 40}`,
                  kind: 'household',
                },
                amount: 10_000 + ((start + i) % 7) * 1_000,
                method: 'transfer',
              },
            ),
          ),
        }),
      });
      done += size;
    }
  };
  const timeReport = async (fundId: string, runs = 40) => {
    for (let i = 0; i < 5; i++) await getReport(deps, fundId, { limit: 50 });
    calls.clear();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await getReport(deps, fundId, { limit: 50 });
      times.push(performance.now() - started);
    }
    const perReport = [...calls.values()].reduce((a, b) => a + b, 0) / runs;
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(runs / 2)] as number, perReport };
  };
  const loadStarted = performance.now();
  await load('report-small', 20);
  await load('report-large', 20_000);
  const small = await timeReport('report-small');
  const large = await timeReport('report-large');
  console.log(
    `\n== Report (GET /funds/{id}/report's use case), median of 40 runs each; 20,000 entries loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
  );
  console.log(
    `  DynamoDB calls per report: 20 entries ${small.perReport.toFixed(1)}, 20,000 entries ${large.perReport.toFixed(1)}`,
  );
  console.log(
    `  time with 20,000 entries / time with 20 entries: ${(large.median / small.median).toFixed(2)}`,
  );
}

/** Bundled as the CDK stack does; `withSdk` also bundles the AWS SDK, for a self-contained comparison. */
async function bundle(name: string, entry: string, withSdk: boolean) {
  const outfile = join(outDir, `${name}${withSdk ? '.sdk' : ''}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    external: withSdk ? [] : ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire as soquyCreateRequire } from 'node:module'; const require = soquyCreateRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * What the stack gives every function in AWS: each function checks its configuration when it
 * starts, so the import is measured with it in place (no AWS call is made at import).
 */
const DEPLOYED_ENV = {
  JOURNAL_TABLE: 'bench-journal',
  STATE_TABLE: 'bench-state',
  AWS_REGION: 'ap-southeast-1',
  EVIDENCE_BUCKET: 'bench-evidence',
  STRIPE_SECRET_ID: 'soquy/stripe',
  USER_POOL_ID: 'ap-southeast-1_bench',
  USER_POOL_CLIENT_ID: 'bench',
  COGNITO_DOMAIN: 'bench.auth.ap-southeast-1.amazoncognito.com',
};

/** Median of fresh-process import times, so module caches never help. */
function importMs(file: string, runs = 7): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, ...DEPLOYED_ENV },
      }),
    ),
  ).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

async function functionBench() {
  const emptyEntry = join(outDir, 'empty-handler.ts');
  writeFileSync(
    emptyEntry,
    // It must use the client, or esbuild drops the whole (side-effect free) package.
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => ({ statusCode: 200, body: typeof client.send });\n",
  );
  const empty = await bundle('empty', emptyEntry, true);
  const emptySize = statSync(empty).size;
  const emptyMs = importMs(empty);
  console.log(
    '\n== Functions: size and import time as ratios to an empty handler importing only @aws-sdk/client-dynamodb',
  );
  console.log(
    '   (ratios compare self-contained bundles, SDK included in both; "deployed" is the Lambda bundle, SDK from the runtime)',
  );
  console.log(`  ${'function'.padEnd(24)} ${'deployed'.padStart(10)}  size ratio  import ratio`);
  for (const fn of FUNCTION_NAMES) {
    const entry = join(process.cwd(), 'functions', fn, 'handler.ts');
    const deployed = statSync(await bundle(fn, entry, false)).size;
    const file = await bundle(fn, entry, true);
    const ratio = statSync(file).size / emptySize;
    console.log(
      `  ${fn.padEnd(24)} ${`${(deployed / 1024).toFixed(1)} KiB`.padStart(10)}  ${ratio.toFixed(2).padStart(10)}  ${(importMs(file) / emptyMs).toFixed(2).padStart(11)}`,
    );
  }
}

await ledgerBench();
await functionBench();
