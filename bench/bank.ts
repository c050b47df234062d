/**
 * The bank statement import, printed as ratios to anchors measured in the same run (never
 * asserted). `npm run bench -- bank` runs only this.
 *
 *  1. Import throughput: a synthetic statement (400,000 lines unless BANK_BENCH_LINES says
 *     otherwise) written as an .xlsx in BIDV's layout, imported end to end by
 *     runStatementImport (scan, then booking) into a fresh in-memory DynamoDB Local, through the
 *     store's own calls (no local read-back, as in AWS). Its anchor: raw TransactWriteItems of 99
 *     journal-shaped items each into the same journal table, on the same DynamoDB Local.
 *  2. Peak memory of reading that file (scan, then every line) in a child process
 *     (bench/bank-memory.ts), against the 512 MB goal.
 *  3. Matching accuracy on the memo corpus (bench/memo-corpus.ts): wrongly matched must be 0.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  decidePledge,
  declareStatement,
  type EntryDraft,
  type Fund,
  fingerprint,
  groupFor,
  type IdSource,
  markUploaded,
  newReference,
  type PreparedAppend,
  type RecordChange,
  randomIds,
  runStatementImport,
  type StatementDeps,
  type StatementRecord,
  staff,
  vietnamDate,
} from '@soquy/ledger';
import { startDynamoDbLocal } from '@soquy/local';
import { createDocumentClient, DynamoLedgerStore, ensureTables } from '@soquy/store';
import { bankStatementParser } from '../functions/shared/statement-parser.ts';
import { type SampleLine, writeLargeXlsx } from '../packages/bank/src/samples/index.ts';
import { buildMemoCorpus, scoreMemoCorpus } from './memo-corpus.ts';

/** The issue's goals: 400,000 lines in 5 minutes, read in at most 512 MB. */
export const IMPORT_GOAL = { lines: 400_000, seconds: 300 };
export const MEMORY_GOAL_MB = 512;
/** Pledges the fund holds before the import; about 1 line in 4 pays one of them. */
const PLEDGES = 5_000;
const PLEDGE_SHARE = 0.25;
/** Pledges per append when seeding (4 items each: entry, donor sums, pledge, reference claim). */
const PLEDGES_PER_APPEND = 20;
/** Raw anchor: items per transaction, and transactions (half before the import, half after). */
const RAW_ITEMS = 99;
const RAW_TRANSACTIONS = 240;
const PROGRESS_EVERY = 50_000;
const SEED = 2024;
const BANK = 'bidv';
const DAY_MS = 86_400_000;

const execFileAsync = promisify(execFile);

export async function bankBench(outDir: string): Promise<void> {
  const lineCount = Number(process.env.BANK_BENCH_LINES ?? IMPORT_GOAL.lines);
  if (!Number.isInteger(lineCount) || lineCount < 1) {
    throw new Error(
      `BANK_BENCH_LINES must be a positive integer, not ${process.env.BANK_BENCH_LINES}`,
    );
  }
  const today = vietnamDate(new Date().toISOString());
  const day = vietnamDate(new Date(Date.now() - DAY_MS).toISOString());
  const fund = benchFund(today);
  const references = pledgeReferences(SEED, PLEDGES);

  // The statement file: written once per run (the day moves), streamed, never in memory.
  const path = join(outDir, `bank-${lineCount}.xlsx`);
  const counts = { pledgeLines: 0, giftLines: 0 };
  const started = performance.now();
  await writeLargeXlsx(
    path,
    BANK,
    statementLines(SEED, lineCount, day, fund.bankAccount.accountNumber, references, counts),
    { account: fund.bankAccount.accountNumber, from: day, to: day, openingBalance: 0 },
  );
  const writeSeconds = (performance.now() - started) / 1000;
  const bytes = statSync(path).size;
  console.log(
    `\n== Bank import: a ${BANK} .xlsx statement of ${lineCount.toLocaleString('en')} lines dated ${day} (Vietnam)`,
  );
  console.log(
    `  file             ${(bytes / 1024 / 1024).toFixed(1)} MB, written in ${writeSeconds.toFixed(1)} s`,
  );
  console.log(
    `  lines            ${counts.pledgeLines} naming one of ${PLEDGES} pledges, ${counts.giftLines} gifts without a code`,
  );

  const dynamo = await startDynamoDbLocal({});
  try {
    await importBench(dynamo.endpoint, fund, references, path, counts.pledgeLines);
  } finally {
    await dynamo.stop();
  }
  await memoryBench(path, lineCount);
  accuracyBench();
  rmSync(path, { force: true });
}

async function importBench(
  endpoint: string,
  fund: Fund,
  references: string[],
  path: string,
  pledgeLines: number,
) {
  // The store's own calls, as in AWS: without the read-back the local client adds after each
  // transaction (DynamoDB Local answers before it commits; packages/store/src/local-durability.ts).
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const written = { transactions: 0, items: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        const input = args.input as { TransactItems?: unknown[] };
        written.transactions += 1;
        written.items += input.TransactItems?.length ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'countTransactItems' },
  );
  const tables = { journal: 'bench-bank-journal', state: 'bench-bank-state' };
  await ensureTables(client, tables);
  const doc = createDocumentClient(client);
  const store = new DynamoLedgerStore(doc, tables);
  await store.createFund(fund);

  // Pledges, many per store.append (group commit): each is the real decidePledge's decision
  // (entry, pledge record, reference claim), with the references drawn up front so the
  // statement can name them. Cheaper than 5,000 createPledge calls, and the same records.
  let started = performance.now();
  const pledgedAt = new Date(Date.now() - 2 * DAY_MS);
  for (let first = 0; first < references.length; first += PLEDGES_PER_APPEND) {
    const numbers = references.slice(first, first + PLEDGES_PER_APPEND).map((_, i) => first + i);
    await store.append(fund.id, {
      idempotencyKey: `bench-pledges-${first}`,
      requestHash: fingerprint({ first }),
      prepare: (state): PreparedAppend => {
        const decisions = numbers.map((n) =>
          decidePledge(
            state.fund,
            {
              donor: { name: donorName(n), kind: n % 3 ? 'household' : 'business', showName: true },
              amount: 1_000_000 * (1 + (n % 10)),
              method: 'transfer',
            },
            {
              key: `pledge:bench-${n}`,
              now: pledgedAt,
              ids: pledgeIds(references[n] as string, n),
              pledgeId: `pl_bench${String(n).padStart(6, '0')}`,
              manageToken: `bench-manage-${n}`,
            },
          ),
        );
        return {
          drafts: decisions.flatMap((d): EntryDraft[] => d.drafts),
          records: (entries) =>
            decisions.flatMap((d, i): RecordChange[] => d.records?.(entries.slice(i, i + 1)) ?? []),
          respond: () => null,
        };
      },
    });
  }
  const seedSeconds = (performance.now() - started) / 1000;
  const template = (
    await doc.send(
      new GetCommand({ TableName: tables.journal, Key: { fundId: fund.id, seq: PLEDGES } }),
    )
  ).Item as Record<string, unknown>;

  // Raw anchor, first half: before the import, on the pledges' table.
  const rawBefore = await rawTransactions(doc, tables.journal, template, 0, RAW_TRANSACTIONS / 2);

  // The import, as the upload starts it: declared, uploaded, then run end to end.
  const sha256 = await sha256Of(path);
  const treasurer: Actor = staff({
    userId: 'bench-treasurer',
    username: 'bench-treasurer',
    groups: [groupFor('treasurer', fund.id)],
  });
  let scanSeconds = 0;
  const deps: StatementDeps = {
    store,
    clock: () => new Date(),
    ids: randomIds,
    statementFiles: {
      createUpload: async () => ({
        url: `file://${path}`,
        method: 'PUT',
        headers: {},
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      put: async () => sha256,
      has: async () => true,
      open: () => createReadStream(path),
    },
    statementParser: {
      scan: async (open) => {
        const at = performance.now();
        const summary = await bankStatementParser.scan(open);
        scanSeconds = (performance.now() - at) / 1000;
        return summary;
      },
      lines: bankStatementParser.lines,
    },
  };
  const { statement } = await declareStatement(
    deps,
    fund.id,
    { sha256, size: statSync(path).size, fileName: 'saoke.xlsx' },
    treasurer,
  );
  await markUploaded(deps, fund.id, sha256);
  written.transactions = 0;
  written.items = 0;
  let nextProgress = PROGRESS_EVERY;
  started = performance.now();
  const done: StatementRecord = await runStatementImport(deps, statement.statementId, {
    onChunk: (record) => {
      if (record.processed < nextProgress) return;
      nextProgress += PROGRESS_EVERY;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `  … ${String(record.processed).padStart(7)} lines booked after ${seconds.toFixed(0)} s (scan ${scanSeconds.toFixed(0)} s)`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const importWrites = { ...written };

  // Raw anchor, second half: after the import, on the table as the import left it.
  const rawAfter = await rawTransactions(
    doc,
    tables.journal,
    template,
    RAW_TRANSACTIONS / 2,
    RAW_TRANSACTIONS / 2,
  );
  client.destroy();

  const linesPerSecond = done.processed / seconds;
  const itemsPerLine = importWrites.items / done.processed;
  const rawItems = rawBefore.items + rawAfter.items;
  const rawPerSecond = rawItems / (rawBefore.seconds + rawAfter.seconds);
  const projected = IMPORT_GOAL.lines / linesPerSecond;
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(17)}${value}`);
  row(
    'pledges seeded',
    `${PLEDGES} in ${seedSeconds.toFixed(1)} s (${PLEDGES_PER_APPEND} per append)`,
  );
  row(
    'result',
    `${done.status}: ${done.processed} lines, ${done.matched} matched (of ${pledgeLines} naming a pledge), ${done.unmatched} to review, ${done.duplicates} duplicates`,
  );
  row(
    'time',
    `${seconds.toFixed(1)} s (scan ${scanSeconds.toFixed(1)} s, booking ${(seconds - scanSeconds).toFixed(1)} s)`,
  );
  row('lines/s', linesPerSecond.toFixed(0));
  row(
    'items per line',
    `${itemsPerLine.toFixed(2)} (${importWrites.items} TransactWriteItems items in ${importWrites.transactions} transactions, ${(importWrites.items / importWrites.transactions).toFixed(1)} per transaction)`,
  );
  row('items/s', (importWrites.items / seconds).toFixed(0));
  row(
    'raw anchor',
    `${rawPerSecond.toFixed(0)} items/s: TransactWriteItems of ${RAW_ITEMS} journal-shaped items, one writer (${rawBefore.perSecond.toFixed(0)}/s before the import, ${rawAfter.perSecond.toFixed(0)}/s after)`,
  );
  // The issue's "at least 70% of raw" is ratio A: one statement line against one item written
  // raw in 99-item transactions. Ratio B compares the same writes, so it is soquy's overhead.
  row(
    'ratio A',
    `${(linesPerSecond / rawPerSecond).toFixed(2)}  import lines/s ÷ raw items/s (goal ≥ 0.70)`,
  );
  row(
    'ratio B',
    `${(importWrites.items / seconds / rawPerSecond).toFixed(2)}  import items/s ÷ raw items/s (the same writes)`,
  );
  const measured = done.processed >= IMPORT_GOAL.lines;
  row(
    '5-minute goal',
    `${projected <= IMPORT_GOAL.seconds ? 'met' : 'not met'}: 400,000 lines ${measured ? 'took' : 'would take at this rate'} ${projected.toFixed(0)} s (goal ${IMPORT_GOAL.seconds} s)`,
  );
}

/**
 * `count` TransactWriteItems of RAW_ITEMS puts each, made by hand into the journal table: the
 * template (a real pledge entry's item) under another fund, with its own seq and the same index
 * attributes the store writes (fundMonth, extRef, refKey), each put conditional like the store's.
 */
async function rawTransactions(
  doc: ReturnType<typeof createDocumentClient>,
  table: string,
  template: Record<string, unknown>,
  firstTransaction: number,
  count: number,
) {
  const fundId = 'raw-anchor';
  const month = String(template.fundMonth).split('#').at(-1);
  const started = performance.now();
  for (let t = firstTransaction; t < firstTransaction + count; t++) {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: RAW_ITEMS }, (_, i) => {
          const seq = t * RAW_ITEMS + i + 1;
          return {
            Put: {
              TableName: table,
              Item: {
                ...template,
                fundId,
                seq,
                fundMonth: `${fundId}#${month}`,
                extRef: `${fundId}#bank:FT${String(seq).padStart(14, '0')}`,
                refKey: `${fundId}#pledge:pl_raw${seq}`,
              },
              ConditionExpression: 'attribute_not_exists(seq)',
            },
          };
        }),
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const items = count * RAW_ITEMS;
  return { items, seconds, perSecond: items / seconds };
}

async function memoryBench(path: string, lineCount: number) {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'bank-memory.ts'), path],
    { maxBuffer: 1024 * 1024 },
  );
  const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
    lines: number;
    scanSeconds: number;
    readSeconds: number;
    baselineRssKiB: number;
    maxRssKiB: number;
  };
  const mb = (kib: number) => kib / 1024;
  console.log(
    `\n== Peak memory reading the ${lineCount.toLocaleString('en')}-line .xlsx (scan, then every line; no DynamoDB; a child process)`,
  );
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(17)}${value}`);
  row('lines read', `${report.lines}`);
  row('time', `scan ${report.scanSeconds.toFixed(1)} s, lines ${report.readSeconds.toFixed(1)} s`);
  row(
    'peak RSS',
    `${mb(report.maxRssKiB).toFixed(0)} MB (goal ≤ ${MEMORY_GOAL_MB} MB: ${mb(report.maxRssKiB) <= MEMORY_GOAL_MB ? 'met' : 'not met'}); ${mb(report.baselineRssKiB).toFixed(0)} MB before reading (node + tsx + modules)`,
  );
}

function accuracyBench() {
  const score = scoreMemoCorpus(buildMemoCorpus(2024, 20_000));
  console.log('\n== Matching accuracy: memo corpus, seed 2024, 20,000 memos');
  console.log(
    `  matched ${score.matched}, unmatched ${score.unmatched}, wrongly matched ${score.wronglyMatched} (must be 0)`,
  );
  console.log(
    `  by style (matched/unmatched/wrong): ${Object.entries(score.byStyle)
      .map(([style, s]) => `${style} ${s.matched}/${s.unmatched}/${s.wronglyMatched}`)
      .join(', ')}`,
  );
}

function benchFund(today: string): Fund {
  const opens = new Date(Date.parse(`${today}T00:00:00+07:00`) - 30 * DAY_MS).toISOString();
  return {
    id: 'bank-bench',
    name: 'Quỹ an ninh (bench)',
    description: '',
    owner: 'bench',
    currency: 'VND',
    goal: 0,
    bankAccount: { bin: '970418', accountNumber: '21510001234567', accountName: 'QUY AN NINH' },
    categories: [{ id: 'cameras', name: 'Camera' }],
    opensAt: opens,
    closesAt: new Date(Date.parse(opens) + 365 * DAY_MS).toISOString(),
    createdAt: opens,
    createdBy: 'bench',
  };
}

/** Ids for one pledge's decision: its drawn reference, and a donor id of its own. */
function pledgeIds(reference: string, n: number): IdSource {
  return {
    ...randomIds,
    reference: () => reference,
    donorId: () => `dn_bench${String(n).padStart(6, '0')}`,
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** mulberry32, as in memo-corpus.ts: a run is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct new-style codes (6 random characters and a check character). */
function pledgeReferences(seed: number, count: number): string[] {
  const random = prng(seed);
  const codes = new Set<string>();
  while (codes.size < count) {
    codes.add(newReference(Uint8Array.from({ length: 6 }, () => Math.floor(random() * 256))));
  }
  return [...codes];
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Đặng', 'Bùi'];
const MIDDLES = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Hữu', 'Thanh', 'Quang'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Mai', 'Ngọc', 'Tâm', 'Tuấn'];
const GREETINGS = ['Ủng hộ', 'ung ho', 'UNG HO', 'Ủng Hộ', 'ủng hộ', 'UNG  HO'];
const GIFTS = [
  'UNG HO DONG BAO BAO LU',
  'ung ho quy an ninh to dan pho',
  'Ủng hộ bà con vùng lũ',
  'chuyen tien',
  'UNG HO CAMERA AN NINH',
  'ung ho dot 2',
  'IBFT UNG HO QUY',
];
const AMOUNTS = [20_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000];

function donorName(n: number): string {
  return `${SURNAMES[n % 10]} ${MIDDLES[n % 8]} ${GIVEN[n % 11]} ${n}`;
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * The statement's lines, made lazily from the seed: all on `day` (Vietnam time), in time order,
 * each with a bank reference of its own. About PLEDGE_SHARE of them name a pledge, wrapped the
 * way banks deliver memos (Vietcombank, NAPAS, MB, or bare), with case and diacritics mangled;
 * the rest are gifts without a code, for the review queue.
 */
function* statementLines(
  seed: number,
  count: number,
  day: string,
  account: string,
  references: string[],
  counts: { pledgeLines: number; giftLines: number },
): Generator<SampleLine> {
  const random = prng(seed + 1);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const start = Date.parse(`${day}T00:00:00+07:00`);
  const ddmmyy = `${day.slice(8, 10)}${day.slice(5, 7)}${day.slice(2, 4)}`;
  const dayOfYear =
    Math.floor((start - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00+07:00`)) / DAY_MS) + 1;
  const name = () => `${pick(SURNAMES)} ${pick(MIDDLES)} ${pick(GIVEN)}`;
  const bankName = () => stripMarks(name()).toUpperCase();
  const mangle = (text: string) => {
    const r = random();
    return r < 0.3 ? text.toLowerCase() : r < 0.6 ? stripMarks(text).toUpperCase() : text;
  };
  for (let i = 0; i < count; i++) {
    const second = Math.floor((i * 86_400) / count);
    const at = new Date(start + second * 1000);
    const hhmmss = `${pad(Math.floor(second / 3600))}${pad(Math.floor(second / 60) % 60)}${pad(second % 60)}`;
    // Unique per line: the bank's own reference, and Vietcombank's MBVCB number in its memo.
    const ref = `FT${day.slice(2, 4)}${pad(dayOfYear, 3)}${pad(i, 9)}`;
    const vcb = String(3_000_000_000 + i);
    const wrapVietcombank = (memo: string) =>
      `MBVCB.${vcb}.${stripMarks(memo)}.CT tu ${digits(10)} ${bankName()} toi ${account}`;
    const wrapNapas = (memo: string) => `${digits(6)}.${ddmmyy}.${hhmmss}.${memo}`;
    const wrapMb = (memo: string) => `${stripMarks(memo)}- Ma GD ACSP/ gz${digits(6)}`;
    const wrap = pick([wrapVietcombank, wrapNapas, wrapMb, (memo: string) => memo]);
    let memo: string;
    if (random() < PLEDGE_SHARE) {
      counts.pledgeLines++;
      const code = pick(references);
      const written = random() < 0.3 ? code.toLowerCase() : code;
      memo = wrap(`${mangle(pick(GREETINGS))} ${written}${random() < 0.3 ? ` ${name()}` : ''}`);
    } else {
      counts.giftLines++;
      memo = wrap(
        random() < 0.5 ? mangle(pick(GIFTS)) : `${mangle(name())} ${mangle(pick(GIFTS))}`,
      );
    }
    yield {
      bookedAt: at.toISOString(),
      direction: 'in',
      amount: pick(AMOUNTS),
      memo,
      ref,
      counterpart: { name: bankName(), account: digits(10) },
    };
  }
}
