import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkForkProof,
  checkpointText,
  consistencyProof,
  leafHash,
  memoryReader,
  rootOf,
  signNote,
  toBase64,
} from '@soquy/ledger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../test/fixtures/log/keys.ts';
import { runWitness, WITNESS_CANNOT_RUN, WITNESS_FAILED, WITNESS_OK } from './witness.ts';

/**
 * The witness against a log server the operator controls: a real HTTP server answering what a
 * dishonest operator would, with notes signed by the log key.
 */
const signer = fixedSigner();
const FUND = 'pu-trang';
const leaves = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}${i}`)));
const honest = leaves('a', 9);
const rewritten = [...honest.slice(0, 2), ...leaves('b', 7)];
const noteOf = (tree: Uint8Array[], size: number, fund = FUND) =>
  signNote(
    checkpointText({
      origin: `soquy.test/funds/${fund}`,
      size,
      root: rootOf(tree.slice(0, size)),
      extensions: [],
    }),
    signer,
  );

/** What the operator's server answers; each test sets it. */
interface Log {
  listed: unknown[];
  /** The latest checkpoint of each fund; absent: 404. */
  latest: Map<string, string>;
  /** The tree behind the consistency proofs, and the log's signed checkpoint of a size. */
  proofTree: Uint8Array[];
  checkpointAt: (size: number) => Promise<string>;
  requested: string[];
}
let log: Log;
let server: Server;
let url: string;
let state: string;
let printed: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '';
      log.requested.push(`${req.method} ${path}`);
      if (req.method === 'POST') {
        res.writeHead(201).end('{"accepted":[]}');
        return;
      }
      if (path === '/.well-known/soquy/checkpoint-key') {
        res.end(`${signer.vkey}\n`);
        return;
      }
      if (path === '/funds') {
        res.end(JSON.stringify({ funds: log.listed.map((id) => ({ id })) }));
        return;
      }
      const checkpoint = /^\/funds\/([^/]+)\/log\/checkpoint$/.exec(path);
      const latest = checkpoint && log.latest.get(decodeURIComponent(checkpoint[1] as string));
      if (latest) {
        res.end(latest);
        return;
      }
      const consistency = /^\/funds\/[^/]+\/proofs\/consistency\?from=(\d+)&to=(\d+)$/.exec(path);
      if (consistency) {
        const [from, to] = [Number(consistency[1]), Number(consistency[2])];
        const proof = await consistencyProof(from, to, memoryReader(log.proofTree.slice(0, to)));
        res.end(
          JSON.stringify({
            fundId: FUND,
            from,
            to,
            proof: proof.map(toBase64),
            fromCheckpoint: await log.checkpointAt(from),
            toCheckpoint: await log.checkpointAt(to),
          }),
        );
        return;
      }
      res.writeHead(404).end('{"code":"not_found"}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'soquy-witness-unit-'));
  printed = [];
  log = {
    listed: [FUND],
    latest: new Map(),
    proofTree: honest,
    checkpointAt: (size) => noteOf(honest, size),
    requested: [],
  };
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

const run = (extra: { fund?: string } = {}) =>
  runWitness({
    url,
    stateDir: state,
    name: 'witness.test/unit',
    ...extra,
    print: (line) => printed.push(line),
  });
const output = () => printed.join('\n');
const evidence = () => {
  const dir = join(state, 'forks');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
};
/** The witness has accepted size 7 of the honest log. */
async function acceptSeven() {
  log.latest.set(FUND, await noteOf(honest, 7));
  expect(await run()).toBe(WITNESS_OK);
  printed = [];
}

describe('runWitness: fund ids from the server', () => {
  it('refuses a listed fund id that would leave the state directory, using it for no URL or file', async () => {
    // Prepare: the server lists `../../x` and serves a signed checkpoint for it
    const outside = mkdtempSync(join(tmpdir(), 'soquy-outside-'));
    const evil = `../../${outside.split('/').at(-1)}/planted`;
    log.listed = [evil];
    log.latest.set(evil, await noteOf(honest, 1, evil));
    // Act
    const code = await run();
    // Assess
    expect(code).toBe(WITNESS_FAILED);
    expect(output()).toContain(`REFUSED fund=${JSON.stringify(evil)}`);
    expect(readdirSync(outside)).toEqual([]);
    expect(log.requested.filter((r) => r.includes('..'))).toEqual([]);
    expect(existsSync(join(state, 'checkpoints'))).toBe(false);
    rmSync(outside, { recursive: true, force: true });
  });

  it('refuses --fund ../../x before any request, and a listed id that is not text', async () => {
    expect(await run({ fund: '../../x' })).toBe(WITNESS_CANNOT_RUN);
    expect(output()).toContain('REFUSED fund="../../x"');
    expect(log.requested).toEqual([]);
    log.listed = [{ id: 1 }, 'A-B', 'x'.repeat(65)];
    printed = [];
    expect(await run()).toBe(WITNESS_FAILED);
    expect(output().match(/REFUSED fund=/g)).toHaveLength(3);
  });
});

describe('runWitness: hidden history', () => {
  it('reports a 404 checkpoint after an accepted one as a ROLLBACK to size 0, with evidence', async () => {
    // Prepare
    await acceptSeven();
    const accepted = readFileSync(join(state, 'checkpoints', FUND), 'utf8');
    log.latest.delete(FUND);
    // Act
    const code = await run();
    // Assess: exit 1, the evidence written, the state kept, and it proves nothing by itself
    expect(code).toBe(WITNESS_FAILED);
    expect(output()).toContain(`ROLLBACK fund=${FUND} sizes 7 and 0`);
    expect(output()).toContain('not provable from signatures alone');
    const [written, ...more] = evidence();
    expect(more).toEqual([]);
    expect(written).toMatchObject({ kind: 'rollback', fundId: FUND, accepted });
    expect(written.served).toBeUndefined();
    expect(checkForkProof(written)).toMatchObject({ proven: false, observed: true });
    expect(readFileSync(join(state, 'checkpoints', FUND), 'utf8')).toBe(accepted);
  });

  it('checks a held fund the server stops listing (HIDDEN), and only --fund when given', async () => {
    // Prepare: pu-trang accepted, then dropped from GET /funds and its checkpoint removed
    await acceptSeven();
    log.listed = ['duc-pho'];
    log.latest.set('duc-pho', await noteOf(honest, 2, 'duc-pho'));
    log.latest.delete(FUND);
    // Act
    const code = await run();
    const all = output();
    printed = [];
    const onlyOther = await run({ fund: 'duc-pho' });
    // Assess
    expect(code).toBe(WITNESS_FAILED);
    expect(all).toContain(`HIDDEN fund=${FUND}`);
    expect(all).toContain(`ROLLBACK fund=${FUND} sizes 7 and 0`);
    expect(all).toContain('OK fund=duc-pho size 2');
    expect(onlyOther).toBe(WITNESS_OK);
    expect(output()).not.toContain(FUND);
  });

  it('calls a hidden fund still served HIDDEN too, exiting 1', async () => {
    await acceptSeven();
    log.listed = [];
    expect(await run()).toBe(WITNESS_FAILED);
    expect(output()).toContain(`HIDDEN fund=${FUND}`);
    expect(output()).toContain(`OK fund=${FUND} size 7`);
  });
});

describe('runWitness: what it can prove', () => {
  it('proves a fork when the log signs another root for the accepted size (fromCheckpoint)', async () => {
    // Prepare: the log rewrote history from leaf 3 and grew to 9
    await acceptSeven();
    log.latest.set(FUND, await noteOf(rewritten, 9));
    log.proofTree = rewritten;
    log.checkpointAt = (size) => noteOf(rewritten, size);
    // Act
    const code = await run();
    // Assess
    expect(code).toBe(WITNESS_FAILED);
    expect(output()).toContain(`FORK fund=${FUND} sizes 7 and 9`);
    const [proof] = evidence();
    expect(proof).toMatchObject({ kind: 'fork', conflicting: await noteOf(rewritten, 7) });
    expect(checkForkProof(proof, { logKey: signer.vkey })).toMatchObject({ proven: true });
  });

  it('observes, without proving, a failing proof whose signed checkpoints agree with it', async () => {
    await acceptSeven();
    log.latest.set(FUND, await noteOf(rewritten, 9));
    log.proofTree = rewritten;
    log.checkpointAt = (size) => noteOf(size === 7 ? honest : rewritten, size);
    const code = await run();
    expect(code).toBe(WITNESS_FAILED);
    expect(output()).toContain(`INCONSISTENT fund=${FUND} sizes 7 and 9`);
    const [proof] = evidence();
    expect(proof.kind).toBe('inconsistent');
    expect(checkForkProof(proof)).toMatchObject({ proven: false, observed: true });
  });

  it('proves a smaller size only when the log signs another root for the old size (toCheckpoint)', async () => {
    // Prepare: served size 3 of the honest log; the log still vouches for size 7
    await acceptSeven();
    log.latest.set(FUND, await noteOf(honest, 3));
    const code = await run();
    expect(code).toBe(WITNESS_FAILED);
    expect(output()).toContain(`ROLLBACK fund=${FUND} sizes 7 and 3`);
    const [rollback] = evidence();
    expect(checkForkProof(rollback)).toMatchObject({ proven: false, observed: true });
    // Prepare: now its signed checkpoint of size 7 has another root
    rmSync(join(state, 'forks'), { recursive: true });
    printed = [];
    log.checkpointAt = (size) => noteOf(rewritten, size);
    log.latest.set(FUND, await noteOf(rewritten, 3));
    // Act
    const second = await run();
    // Assess
    expect(second).toBe(WITNESS_FAILED);
    expect(output()).toContain(`FORK fund=${FUND} sizes 7 and 3`);
    const [fork] = evidence();
    expect(fork.conflicting).toBe(await noteOf(rewritten, 7));
    expect(checkForkProof(fork)).toMatchObject({ proven: true, kind: 'fork' });
  });
});
