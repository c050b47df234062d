import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Entry,
  entryLeafHash,
  extendFrontier,
  GENESIS_HASH,
  hashEntry,
  publishLog,
  toBase64,
} from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { waitForCheckpoint } from '../support/log.ts';
import { runCli } from '../support/run.ts';
import { gift, journalOf, openFund, type TestApi } from './helpers.ts';

/**
 * A witness run on a schedule against the local stack: it accepts a growing log, co-signs it,
 * refuses a checkpoint with a bad signature, and catches an operator who rewrote history directly
 * in DynamoDB and re-published a consistent-looking log, leaving a proof anyone can check.
 */
const WITNESS = 'packages/local/src/cli/witness.ts';
const VERIFY = 'packages/local/src/cli/verify.ts';
const FUND = 'nhan-chung';
const NAME = 'witness.test/bao-phuong';
let api: TestApi;
let state: string;
let treasurer: string;

const witness = (...extra: string[]) =>
  runCli(WITNESS, ['--url', api.stack.url, '--state', state, '--name', NAME, ...extra]);
const giftOf = (amount: number) =>
  gift(api, FUND, treasurer, {
    donor: { name: 'Hộ bà Lan', kind: 'household', showName: true },
    amount,
    receivedAt: new Date().toISOString(),
    method: 'cash',
  });
const sizeOf = (note: string) => Number(note.split('\n')[1]);
const rootOf = (note: string) => note.split('\n')[2] as string;
const storedCheckpoint = () => readFileSync(join(state, 'checkpoints', FUND), 'utf8');
/** Cosignatures are timestamped in seconds and must grow: start each run in a new second. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));

beforeAll(async () => {
  api = await startTestApi();
  state = mkdtempSync(join(tmpdir(), 'soquy-witness-'));
  await openFund(api, FUND);
  treasurer = await api.token(['treasurer'], 'lan', FUND);
  for (const amount of [100_000, 200_000, 300_000]) await giftOf(amount);
});
afterAll(async () => {
  await api.stop();
  rmSync(state, { recursive: true, force: true });
});

describe('npm run witness', () => {
  it('prints its key, accepts the first checkpoint, then a grown log with a consistency proof, co-signing both', async () => {
    // Prepare: the witness's key registered by the deployment's admin
    const printed = await runCli(WITNESS, [
      '--state',
      state,
      '--name',
      NAME,
      '--print-key',
      '--label',
      'Báo Phường',
    ]);
    expect(printed.code).toBe(0);
    const vkey = printed.stdout.split('\n')[0] as string;
    expect(vkey).toMatch(/^witness\.test\/bao-phuong\+[0-9a-f]{8}\+B[A-P]/);
    const admin = await api.token(['admin'], 'admin');
    const added = await api.call('POST', '/log/witnesses', {
      token: admin,
      body: { vkey, label: 'Báo Phường' },
    });
    expect(added.status).toBe(201);
    const first = await waitForCheckpoint(api.stack.url, FUND, 3);
    // Act: first run
    const run1 = await witness('--fund', FUND);
    // Assess
    expect(run1.stderr).toBe('');
    expect(run1.code).toBe(0);
    expect(run1.stdout).toContain(`PINNED log key ${api.stack.logKey}`);
    expect(run1.stdout).toContain(
      `OK fund=${FUND} size 3 root ${rootOf(first)}: first checkpoint seen`,
    );
    expect(run1.stdout).toContain(`COSIGNED fund=${FUND}`);
    expect(storedCheckpoint()).toBe(first);
    // Prepare: the log grows
    await giftOf(400_000);
    await giftOf(500_000);
    const grown = await waitForCheckpoint(api.stack.url, FUND, 5);
    await nextSecond();
    // Act: second run
    const run2 = await witness('--fund', FUND);
    // Assess: accepted as an extension of size 3, co-signed, and listed by the log
    expect(run2.code).toBe(0);
    expect(run2.stdout).toContain(
      `OK fund=${FUND} size ${sizeOf(grown)} root ${rootOf(grown)}: consistent with size 3`,
    );
    expect(run2.stdout).toContain(`COSIGNED fund=${FUND}`);
    expect(storedCheckpoint()).toBe(grown);
    const listed = await api.call('GET', `/funds/${FUND}/log/cosignatures`);
    expect(listed.status).toBe(200);
    expect(listed.json.cosignatures).toEqual([
      expect.objectContaining({ witness: NAME, size: sizeOf(grown), root: rootOf(grown) }),
    ]);
  });

  it('refuses a checkpoint whose signature does not verify, keeping its state', async () => {
    // Prepare: the served checkpoint's signature altered
    const file = join(api.dataDir, 'log', FUND, 'checkpoint');
    const served = readFileSync(file, 'utf8');
    const before = storedCheckpoint();
    const sig = served.lastIndexOf(' ') + 10;
    writeFileSync(
      file,
      `${served.slice(0, sig)}${served[sig] === 'A' ? 'B' : 'A'}${served.slice(sig + 1)}`,
    );
    // Act
    const run = await witness('--fund', FUND);
    writeFileSync(file, served);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`REFUSED fund=${FUND}`);
    expect(run.stdout).toMatch(/no valid signature of soquy/);
    expect(storedCheckpoint()).toBe(before);
    expect(readdirSync(state)).not.toContain('forks');
  });

  it('catches history rewritten in DynamoDB and re-published, and writes a fork proof that verify accepts', async () => {
    // Prepare: what the witness accepted
    const accepted = storedCheckpoint();
    const acceptedSize = sizeOf(accepted);
    // Prepare: a dishonest operator changes seq 2's memo and re-hashes every later entry …
    const entries = (await journalOf(api, FUND)) as Entry[];
    const rewritten = structuredClone(entries);
    (rewritten[1] as Entry).memo = 'Sửa lại cho khớp';
    for (let i = 1; i < rewritten.length; i++) {
      const entry = rewritten[i] as Entry;
      entry.prevHash = i === 0 ? GENESIS_HASH : (rewritten[i - 1] as Entry).hash;
      const { hash: _old, ...unhashed } = entry;
      entry.hash = hashEntry(unhashed);
      await api.doc.send(
        new UpdateCommand({
          TableName: api.stack.tables.journal,
          Key: { fundId: FUND, seq: entry.seq },
          UpdateExpression: 'SET memo = :memo, prevHash = :prev, #hash = :hash',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: {
            ':memo': entry.memo,
            ':prev': entry.prevHash,
            ':hash': entry.hash,
          },
        }),
      );
    }
    // … fixes the head item's hash and frontier …
    const frontier = extendFrontier([], 0, rewritten.map(entryLeafHash)).map(toBase64);
    await api.doc.send(
      new UpdateCommand({
        TableName: api.stack.tables.state,
        Key: { pk: `FUND#${FUND}`, sk: 'HEAD' },
        UpdateExpression: 'SET #hash = :hash, frontier = :frontier',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: {
          ':hash': (rewritten.at(-1) as Entry).hash,
          ':frontier': frontier,
        },
      }),
    );
    // … deletes the published tiles and every kept checkpoint …
    rmSync(join(api.dataDir, 'log', FUND), { recursive: true, force: true });
    const kept = await api.doc.send(
      new QueryCommand({
        TableName: api.stack.tables.state,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cp)',
        ExpressionAttributeValues: { ':pk': `FUND#${FUND}`, ':cp': 'CHECKPOINT#' },
      }),
    );
    expect(kept.Items?.length ?? 0).toBeGreaterThan(0);
    for (const item of kept.Items ?? []) {
      await api.doc.send(
        new DeleteCommand({ TableName: api.stack.tables.state, Key: { pk: item.pk, sk: item.sk } }),
      );
    }
    // … lets the publisher sign the rewritten tree, and goes on taking money
    const forged = await publishLog(api.stack.logDeps, FUND, { minIntervalMs: 0 });
    expect(forged?.size).toBe(acceptedSize);
    expect(forged?.root).not.toBe(rootOf(accepted));
    await giftOf(600_000);
    const served = await waitForCheckpoint(api.stack.url, FUND, acceptedSize + 1);
    // Act: a witness told not to report writes its proof and tells the log nothing …
    const quiet = await witness('--fund', FUND, '--no-report');
    const unreported = await api.call('GET', `/funds/${FUND}/log/fork-reports`);
    rmSync(join(state, 'forks'), { recursive: true, force: true });
    // … then the scheduled run reports it
    const run = await witness('--fund', FUND);
    // Assess: nothing reported by the quiet run
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toContain(`FORK fund=${FUND}`);
    expect(quiet.stdout).not.toContain('REPORTED');
    expect(unreported.json.reports).toEqual([]);
    // Assess: the fund, both sizes and both roots named; the state kept; a proof written
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FORK fund=${FUND} sizes ${acceptedSize} and ${sizeOf(served)} roots ${rootOf(accepted)} and ${rootOf(served)}`,
    );
    expect(storedCheckpoint()).toBe(accepted);
    const proofs = readdirSync(join(state, 'forks'));
    expect(proofs).toHaveLength(1);
    const proofFile = join(state, 'forks', proofs[0] as string);
    const proof = JSON.parse(readFileSync(proofFile, 'utf8'));
    // The log's own signed checkpoint of the accepted size (its consistency answer's
    // fromCheckpoint) is the forged one: same size, another root
    expect(proof).toMatchObject({
      format: 'soquy-fork-proof/1',
      kind: 'fork',
      fundId: FUND,
      accepted,
      served,
      conflicting: forged?.note,
    });
    expect(proof.explanation).toMatch(/rewritten/);
    // … and posted to the log, which keeps it as a proven fork for its operator
    expect(run.stdout).toContain(
      `REPORTED fund=${FUND} to ${api.stack.url}/funds/${FUND}/log/fork-reports: proven`,
    );
    const reports = await api.call('GET', `/funds/${FUND}/log/fork-reports`);
    expect(reports.json.reports).toEqual([
      expect.objectContaining({ status: 'proven', kind: 'fork', witness: NAME, proof }),
    ]);
    // Act / Assess: anyone with the log key can check the proof
    const checked = await runCli(VERIFY, ['--fork', proofFile, '--key', api.stack.logKey]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(
      `FORK: the log signed two different trees of size ${acceptedSize}: root ${rootOf(accepted)} (accepted) and ${forged?.root} (conflicting)`,
    );
    expect(checked.stdout).toContain('PROVEN');
    // … without the conflicting note, a bigger size whose proof fails proves nothing
    const unsigned = join(state, 'unsigned-proof.json');
    writeFileSync(
      unsigned,
      JSON.stringify({
        ...proof,
        conflicting: undefined,
        consistency: { ...proof.consistency, fromCheckpoint: undefined },
      }),
    );
    const observed = await runCli(VERIFY, ['--fork', unsigned, '--key', api.stack.logKey]);
    expect(observed.code).toBe(1);
    expect(observed.stderr).toContain('NOT PROVEN');
    expect(observed.stderr).toContain('not provable from signatures alone');
    // … and a proof whose second note is the one already accepted proves nothing
    const honest = join(state, 'not-a-fork.json');
    writeFileSync(
      honest,
      JSON.stringify({
        ...proof,
        served: accepted,
        conflicting: undefined,
        consistency: undefined,
      }),
    );
    const refused = await runCli(VERIFY, ['--fork', honest, '--key', api.stack.logKey]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NOT PROVEN: not a fork proof: same size and same root');
  });
});
