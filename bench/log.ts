/**
 * The transparency log (issue 12), printed as ratios to anchors measured in the same run:
 *  1. appends per second with the tree (the frontier kept in the head item) and a publisher
 *     signing a checkpoint and writing tiles after every batch, against the same appends
 *     without them (the frontier's SET taken out of the head update, no publisher). Goal ≤ 10 %.
 *  2. proof sizes at 1,000,000 leaves, against 32·⌈log2 n⌉ bytes.
 *  3. time to serve an inclusion proof through the local stack at 20 and at 20,000 entries.
 *     Goal: a ratio of at most 1.5.
 *  4. the verifier (chain, rules, balances and the Merkle tree) against raw SHA-256 over the
 *     same bytes; and inclusion-proof checks against raw SHA-256 of the same node hashes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DiskLogFiles, LocalNoteSigner } from '@soquy/evidence';
import {
  type AppendRequest,
  canonicalJson,
  checkpointText,
  consistencyProof,
  donationDraft,
  type Entry,
  entryLeafHash,
  extendFrontier,
  type FundState,
  fingerprint,
  fromBase64,
  fundChart,
  genesisHead,
  grownTiles,
  headTotals,
  inclusionProof,
  type LedgerStore,
  type LogDeps,
  leafHash,
  logOrigin,
  logVerifierKey,
  memoryReader,
  publishLog,
  randomIds,
  rightEdgeTiles,
  rootOf,
  rootOfFrontier,
  sealEntries,
  signNote,
  type TreeHash,
  tileKey,
  tilePath,
  tileReader,
  toBase64,
  totalsLine,
  verifyInclusion,
  verifyJournal,
} from '@soquy/ledger';

import { createDocumentClient, DynamoLedgerStore, ensureTables } from '@soquy/store';
import { benchFund, median, withBenchStack } from './common.ts';

const at = '2026-11-20T03:00:00.000Z';
const APPEND_GOAL = 1.1;
const PROOF_GOAL = 1.5;

const giftDraft = (key: string, i: number) =>
  donationDraft(
    { id: key, occurredAt: at, recordedAt: at, recordedBy: 'bench' },
    {
      donor: { id: `d${i % 40}`, displayName: `Hộ gia đình số ${i % 40}` },
      amount: 100_000 + (i % 7) * 1000,
      method: 'transfer',
    },
  );

function gifts(key: string, count: number, from = 0): AppendRequest {
  return {
    idempotencyKey: key,
    requestHash: fingerprint({ key }),
    prepare: () => ({
      drafts: Array.from({ length: count }, (_, i) => giftDraft(`${key}-${i}`, from + i)),
    }),
  };
}

/**
 * The same store without the frontier on the head item: the write path as it was before the
 * log, for the anchor of (1). Its head update leaves the frontier out, and the frontier its
 * appends are sealed against is kept here, in memory (this bench is the fund's only writer).
 * The core still folds the leaf hashes (a few µs, printed separately); the item, its bytes and
 * the publisher are what differ.
 */
function withoutFrontier(store: DynamoLedgerStore): DynamoLedgerStore {
  type Patchable = Record<string, (...args: unknown[]) => Promise<unknown> | unknown>;
  const target = store as unknown as Patchable;
  const headUpdate = target.headUpdate?.bind(store);
  const readForAppend = target.readForAppend?.bind(store);
  const append = store.append.bind(store);
  if (!headUpdate || !readForAppend) throw new Error('bench/log.ts: the store changed shape.');
  const frontiers = new Map<string, string[]>();
  target.headUpdate = (...args: unknown[]) => {
    const update = headUpdate(...args) as {
      UpdateExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    };
    update.UpdateExpression = update.UpdateExpression.replace(', #frontier = :frontier', '');
    delete update.ExpressionAttributeNames['#frontier'];
    delete update.ExpressionAttributeValues[':frontier'];
    return update;
  };
  target.readForAppend = async (...args: unknown[]) => {
    const read = (await readForAppend(...args)) as { state: FundState };
    const fundId = read.state.fund.id;
    read.state.head.frontier = frontiers.get(fundId) ?? [];
    return read;
  };
  store.append = async (fundId, request) => {
    const result = await append(fundId, request);
    const first = result.entries[0];
    if (first && !result.replayed) {
      const edge = (frontiers.get(fundId) ?? []).map((h) => fromBase64(h) as TreeHash);
      frontiers.set(
        fundId,
        extendFrontier(edge, first.seq - 1, result.entries.map(entryLeafHash)).map(toBase64),
      );
    }
    return result;
  };
  return store;
}

async function appendCost(endpoint: string, dir: string) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = { journal: 'log-bench-journal', state: 'log-bench-state' };
  await ensureTables(client, tables);
  const doc = createDocumentClient(client);
  const withLog = new DynamoLedgerStore(doc, tables);
  const without = withoutFrontier(new DynamoLedgerStore(doc, tables));
  const deps: LogDeps = {
    store: withLog,
    clock: () => new Date(),
    ids: randomIds,
    logFiles: new DiskLogFiles(join(dir, 'log')),
    signer: new LocalNoteSigner('soquy.bench', join(dir, 'checkpoint-key')),
    deployment: 'soquy.bench',
  };
  const appends = 200;
  const perBatch = 5;
  const run = async (store: LedgerStore, fundId: string, publish: boolean) => {
    await store.createFund(benchFund(fundId));
    let done = false;
    let checkpoints = 0;
    // The publisher as the stream runs it: after every batch, at most one checkpoint a second.
    const publisher = (async () => {
      while (publish && !done) {
        if (await publishLog(deps, fundId, { minIntervalMs: 1000 })) checkpoints++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    for (let i = 0; i < appends; i++) {
      await store.append(fundId, gifts(`${fundId}-${i}`, perBatch, i * perBatch));
    }
    const seconds = (performance.now() - started) / 1000;
    done = true;
    await publisher;
    if (publish) await publishLog(deps, fundId, { minIntervalMs: 0 });
    return { perSecond: appends / seconds, checkpoints };
  };
  const ratios: number[] = [];
  let checkpoints = 0;
  for (let round = 0; round < 4; round++) {
    const base = await run(without, `without-${round}`, false);
    const full = await run(withLog, `with-${round}`, true);
    checkpoints += full.checkpoints;
    ratios.push(base.perSecond / full.perSecond);
  }
  // In-core cost of the tree per entry: a leaf hash and a frontier step.
  const sample = sealEntries(
    genesisHead('cpu'),
    Array.from({ length: 2000 }, (_, i) => giftDraft(`cpu-${i}`, i)),
    fundChart(benchFund('cpu')),
  ).entries;
  let started = performance.now();
  for (const entry of sample) entryLeafHash(entry);
  const leafMicros = ((performance.now() - started) * 1000) / sample.length;
  started = performance.now();
  for (const entry of sample) createHash('sha256').update(canonicalJson(entry)).digest();
  const rawMicros = ((performance.now() - started) * 1000) / sample.length;
  const counted = ratios.slice(1);
  console.log(
    `\n== Appends with the tree and checkpoints / without (DynamoDB Local, ${appends} appends of ${perBatch} entries, one writer)`,
  );
  console.log(
    `  time ratio per round: ${ratios.map((r) => (1 / r).toFixed(2)).join(', ')} (first is warm-up); median ${(1 / median(counted)).toFixed(2)} (goal ≤ ${APPEND_GOAL})`,
  );
  console.log(`  checkpoints signed meanwhile: ${checkpoints}`);
  console.log(
    `  leaf hash in the core: ${leafMicros.toFixed(1)} µs per entry (raw SHA-256 of the same canonical bytes ${rawMicros.toFixed(1)} µs, ratio ${(leafMicros / rawMicros).toFixed(2)})`,
  );
  client.destroy();
}

async function proofSizes() {
  const n = 1_000_000;
  const files = new Map<string, Uint8Array>();
  const started = performance.now();
  let size = 0;
  const step = 65_536;
  while (size < n) {
    const count = Math.min(step, n - size);
    const leaves = Array.from({ length: count }, (_, i) =>
      new TextEncoder().encode(`leaf ${size + i}`),
    );
    const edge = new Map(
      rightEdgeTiles(size).map((t) => [tileKey(t), files.get(tilePath(t)) as Uint8Array]),
    );
    for (const w of grownTiles(size, size + count, edge, leaves, leaves.map(leafHash))) {
      if (!w.path.startsWith('tile/entries/')) files.set(w.path, w.bytes);
    }
    size += count;
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const reads: string[] = [];
  const reader = tileReader(n, async (t) => {
    reads.push(tilePath(t));
    return files.get(tilePath(t));
  });
  const bound = 32 * Math.ceil(Math.log2(n));
  console.log(
    `\n== Proof sizes at ${n.toLocaleString('en')} leaves (tiles built in ${buildSeconds.toFixed(1)} s); bound 32·⌈log2 n⌉ = ${bound} bytes`,
  );
  for (const index of [0, 123_456, 999_999]) {
    reads.length = 0;
    const proof = await inclusionProof(index, n, reader);
    const bytes = proof.length * 32;
    console.log(
      `  inclusion of leaf ${index.toString().padStart(7)}: ${proof.length} hashes, ${bytes} bytes, ratio to bound ${(bytes / bound).toFixed(2)}; ${new Set(reads).size} tiles read`,
    );
  }
  for (const from of [1, 500_000, 999_999]) {
    reads.length = 0;
    const proof = await consistencyProof(from, n, reader);
    const bytes = proof.length * 32;
    console.log(
      `  consistency ${from.toString().padStart(7)} → ${n}: ${proof.length} hashes, ${bytes} bytes, ratio to bound ${(bytes / bound).toFixed(2)}; ${new Set(reads).size} tiles read`,
    );
  }
}

async function seed(store: LedgerStore, fundId: string, count: number) {
  // 40 donors: a batch of 40 entries with one donor sum each stays under 100 items.
  const batch = 40;
  for (let done = 0; done < count; done += batch) {
    await store.append(
      fundId,
      gifts(`${fundId}-seed-${done}`, Math.min(batch, count - done), done),
    );
  }
}

async function proofServing(dynamoEndpoint: string, runs = 41) {
  return withBenchStack({ name: 'log-pages', dynamoEndpoint }, async (stack) => {
    const { store } = stack.deps;
    const sizes = { small: 20, large: 20_000 };
    for (const [name, count] of Object.entries(sizes)) {
      await store.createFund(benchFund(`proof-${name}`));
      await seed(store, `proof-${name}`, count);
    }
    await stack.flushExports();
    const url = (path: string) => `${stack.url}${path}`;
    const time = async (name: keyof typeof sizes) => {
      const n = sizes[name];
      const seq = 1 + Math.floor(Math.random() * n);
      const started = performance.now();
      const response = await fetch(
        url(`/funds/proof-${name}/proofs/inclusion?seq=${seq}&treeSize=${n}`),
      );
      const body = (await response.json()) as { proof?: string[] };
      if (!response.ok || !body.proof) throw new Error(`proof: ${response.status}`);
      return performance.now() - started;
    };
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < 5; i++) {
      await time('small');
      await time('large');
    }
    for (let i = 0; i < runs; i++) {
      small.push(await time('small'));
      large.push(await time('large'));
    }
    const ratio = median(large) / median(small);
    console.log(
      `\n== Inclusion proof through the local stack (GET /funds/{id}/proofs/inclusion), median of ${runs}`,
    );
    console.log(
      `  20 entries ${median(small).toFixed(1)} ms, 20,000 entries ${median(large).toFixed(1)} ms: ratio ${ratio.toFixed(2)} (goal ≤ ${PROOF_GOAL})`,
    );
  });
}

async function verifierThroughput(dir: string) {
  const count = 20_000;
  const drafts = Array.from({ length: count }, (_, i) => giftDraft(`v-${i}`, i));
  const { entries, head } = sealEntries(
    genesisHead('verify-bench'),
    drafts,
    fundChart(benchFund('cpu')),
  );
  // A signed checkpoint of the head, so the verifier folds the tree and checks the signature too.
  const signer = new LocalNoteSigner('soquy.bench', join(dir, 'verify-key'));
  const root = rootOfFrontier(head.frontier.map((h) => fromBase64(h) as TreeHash));
  const note = await signNote(
    checkpointText({
      origin: logOrigin('soquy.bench', 'verify-bench'),
      size: head.seq,
      root,
      extensions: [totalsLine(headTotals(head))],
    }),
    signer,
  );
  const expected = {
    seq: head.seq,
    hash: head.hash,
    totals: headTotals(head),
    checkpoint: { note, logKey: await logVerifierKey(signer) },
  };
  // The same bytes the verifier hashes: the chain hash's input and the leaf's.
  const chainBytes = entries.map((e: Entry) => {
    const { hash: _hash, ...rest } = e;
    return e.prevHash + canonicalJson(rest);
  });
  const leafBytes = entries.map((e: Entry) => canonicalJson(e));
  const raw = () => {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      createHash('sha256')
        .update(chainBytes[i] as string)
        .digest();
      createHash('sha256')
        .update('\0')
        .update(leafBytes[i] as string)
        .digest();
    }
    return performance.now() - started;
  };
  const verify = () => {
    const started = performance.now();
    const report = verifyJournal('verify-bench', entries, expected);
    if (!report.ok || report.checkpoints.length !== 1) {
      throw new Error(`verifier: ${JSON.stringify(report.problem)}`);
    }
    return performance.now() - started;
  };
  raw();
  verify();
  const rawMs = median([raw(), raw(), raw()]);
  const verifyMs = median([verify(), verify(), verify()]);
  // Inclusion-proof checks: one per 16th leaf of a 4,096-leaf tree, against the same node
  // hashes computed raw.
  const leaves = entries.slice(0, 4096).map(entryLeafHash);
  const treeRootHash = rootOf(leaves);
  const reader = memoryReader(leaves);
  const proofs: TreeHash[][] = [];
  for (let i = 0; i < leaves.length; i += 16) proofs.push(await inclusionProof(i, 4096, reader));
  let started = performance.now();
  for (let p = 0; p < proofs.length; p++) {
    const ok = verifyInclusion(
      leaves[p * 16] as TreeHash,
      p * 16,
      4096,
      proofs[p] as TreeHash[],
      treeRootHash,
    );
    if (!ok) throw new Error('bench/log.ts: a proof did not verify');
  }
  const checkMs = performance.now() - started;
  started = performance.now();
  for (const proof of proofs) {
    for (const h of proof) {
      createHash('sha256')
        .update(new Uint8Array([1]))
        .update(h)
        .update(h)
        .digest();
    }
  }
  const rawNodes = performance.now() - started;
  console.log('\n== Verifier throughput against raw SHA-256 over the same bytes');
  console.log(
    `  ${count.toLocaleString('en')} entries with a signed checkpoint: verifier ${verifyMs.toFixed(0)} ms (${((count / verifyMs) * 1000).toFixed(0)} entries/s), raw SHA-256 of the chain and leaf bytes ${rawMs.toFixed(0)} ms: ratio ${(verifyMs / rawMs).toFixed(2)}`,
  );
  console.log(
    `  ${proofs.length} inclusion proofs at 4,096 leaves: ${checkMs.toFixed(1)} ms, raw SHA-256 of the same node inputs ${rawNodes.toFixed(1)} ms: ratio ${(checkMs / rawNodes).toFixed(2)}`,
  );
}

export async function logBench(dynamoEndpoint: string) {
  const dir = mkdtempSync(join(tmpdir(), 'soquy-bench-logfiles-'));
  try {
    await proofSizes();
    await verifierThroughput(dir);
    await appendCost(dynamoEndpoint, dir);
    await proofServing(dynamoEndpoint);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
