import { randomUUID } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { waitForCheckpoint } from '../support/log.ts';

/**
 * The transparency log as an outsider reads it. Everything checked here is written in this file
 * from the specs alone (RFC 9162 for the tree and its proofs, C2SP signed-note, tlog-checkpoint,
 * tlog-tiles and tlog-cosignature), with @noble/ed25519 and @noble/hashes for the primitives: no
 * line of soquy's own Merkle, note or tile code takes part in a check.
 */

// @noble/ed25519's synchronous calls take their SHA-512 from @noble/hashes.
ed.hashes.sha512 = sha512;

let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: string;
const FUND = 'pu-trang';
/** More than one full tile (256 leaves) so full tiles, partial tiles and a level-1 tile exist. */
const ENTRIES = 260;
const EARLY = 4;

const utf8 = new TextEncoder();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const equal = (a: Uint8Array, b: Uint8Array) => hex(a) === hex(b);

// ---- RFC 9162 §2.1: the tree -----------------------------------------------------------------

const leafHash = (leaf: Uint8Array) => sha256(concat(new Uint8Array([0]), leaf));
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(concat(new Uint8Array([1]), l, r));

/** RFC 9162 §2.1.3.2: verifying an inclusion proof. */
function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: verifying a consistency proof. */
function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: Uint8Array[],
): boolean {
  if (size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (size1 === 0 || proof.length === 0) return false;
  let path = [...proof];
  const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;
  if (isPowerOfTwo(size1)) path = [root1, ...path];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let [fr] = path as [Uint8Array];
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return equal(fr, root1) && equal(sr, root2) && sn === 0;
}

// ---- C2SP signed-note and tlog-checkpoint ----------------------------------------------------

interface Vkey {
  name: string;
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
}

const keyIdOf = (name: string, type: number, publicKey: Uint8Array) =>
  sha256(concat(utf8.encode(`${name}\n`), new Uint8Array([type]), publicKey)).slice(0, 4);

function parseVkey(vkey: string): Vkey {
  const [name = '', id = '', key = ''] = vkey.split('+');
  const body = unb64(vkey.slice(name.length + id.length + 2));
  const publicKey = body.slice(1);
  const type = body[0] as number;
  expect(hex(keyIdOf(name, type, publicKey))).toBe(id);
  expect(key.length).toBeGreaterThan(0);
  return { name, keyId: keyIdOf(name, type, publicKey), type, publicKey };
}

const vkeyOf = (name: string, type: number, publicKey: Uint8Array) =>
  `${name}+${hex(keyIdOf(name, type, publicKey))}+${b64(new Uint8Array([type, ...publicKey]))}`;

/** A note: its text (up to and including the blank line's first \n) and signature lines. */
function splitNote(note: string) {
  const at = note.lastIndexOf('\n\n');
  const text = note.slice(0, at + 1);
  const lines = note.slice(at + 2, -1).split('\n');
  return {
    text,
    signatures: lines.map((line) => {
      const [dash, name = '', sig = ''] = line.split(' ');
      expect(dash).toBe('\u2014');
      const bytes = unb64(sig);
      return { name, keyId: bytes.slice(0, 4), signature: bytes.slice(4) };
    }),
  };
}

async function openCheckpoint(note: string, logKey: Vkey) {
  const { text, signatures } = splitNote(note);
  const mine = signatures.find((s) => s.name === logKey.name && equal(s.keyId, logKey.keyId));
  const signed =
    mine !== undefined &&
    (await ed.verifyAsync(mine.signature, utf8.encode(text), logKey.publicKey));
  const [origin = '', size = '', root = '', ...extensions] = text.slice(0, -1).split('\n');
  return { signed, origin, size: Number(size), root: unb64(root), extensions, text };
}

// ---- C2SP tlog-tiles: a tiny client ----------------------------------------------------------

const TILE_WIDTH = 256;

/** N as 3-digit groups, all but the last prefixed with x: 1234067 → x001/x234/067. */
function tileIndexPath(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function tileUrlPath(level: number | 'entries', index: number, countAtLevel: number) {
  const width = Math.min(TILE_WIDTH, countAtLevel - index * TILE_WIDTH);
  return `tile/${level}/${tileIndexPath(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

async function fetchBytes(path: string) {
  const response = await fetch(`${api.stack.url}/funds/${FUND}/log/${path}`);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Reads a tree of `size` through its tiles only: stored hashes, nodes, the root, entries. */
function tileClient(size: number) {
  const tiles = new Map<string, Uint8Array>();
  const tile = async (level: number | 'entries', index: number) => {
    const count = level === 'entries' ? size : Math.floor(size / TILE_WIDTH ** level);
    const path = tileUrlPath(level, index, count);
    if (!tiles.has(path)) {
      const { response, bytes } = await fetchBytes(path);
      expect(response.status, path).toBe(200);
      tiles.set(path, bytes);
    }
    return tiles.get(path) as Uint8Array;
  };
  /** The hash stored at tree level 8·L, position i. */
  const stored = async (tileLevel: number, i: number) => {
    const bytes = await tile(tileLevel, Math.floor(i / TILE_WIDTH));
    const at = (i % TILE_WIDTH) * 32;
    return bytes.slice(at, at + 32);
  };
  /** The node at tree level h, index k (a perfect subtree of 2^h leaves). */
  const node = async (h: number, k: number): Promise<Uint8Array> =>
    h % 8 === 0
      ? stored(h / 8, k)
      : nodeHash(await node(h - 1, 2 * k), await node(h - 1, 2 * k + 1));
  /** RFC 9162 MTH over leaves [start, start + n). */
  const mth = async (start: number, n: number): Promise<Uint8Array> => {
    if ((n & (n - 1)) === 0) {
      const h = Math.log2(n);
      return node(h, start / n);
    }
    let k = 1;
    while (k * 2 < n) k *= 2;
    return nodeHash(await mth(start, k), await mth(start + k, n - k));
  };
  const entryBundle = async (index: number) => {
    const bytes = await tile('entries', index);
    const leaves: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; ) {
      const length = (bytes[at] as number) * 256 + (bytes[at + 1] as number);
      leaves.push(bytes.slice(at + 2, at + 2 + length));
      at += 2 + length;
    }
    return leaves;
  };
  return {
    root: () => mth(0, size),
    leafHashAt: (i: number) => stored(0, i),
    leafAt: async (i: number) => (await entryBundle(Math.floor(i / TILE_WIDTH)))[i % TILE_WIDTH],
    entryBundle,
  };
}

/** RFC 8785 for the values entries hold (strings, integers, booleans, null, objects, arrays). */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---- setup ---------------------------------------------------------------------------------

const pledge = (amount: number) =>
  api.call('POST', `/funds/${FUND}/pledges`, {
    body: {
      donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
      amount,
      method: 'transfer',
    },
    headers: { 'idempotency-key': randomUUID() },
  });

let logKey: Vkey;
let logKeyText: string;
let early: Awaited<ReturnType<typeof openCheckpoint>>;
let latest: Awaited<ReturnType<typeof openCheckpoint>>;
let latestNote: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token(['admin'], 'admin');
  expect((await api.call('POST', '/funds', { body: puTrangInput(), token: admin })).status).toBe(
    201,
  );
  const treasurer = await api.token(['treasurer'], 'lan', FUND);
  const first = await pledge(1_000_000);
  expect(first.status).toBe(201);
  await pledge(2_000_000);
  await pledge(3_000_000);
  const paid = await api.call('POST', `/funds/${FUND}/payments`, {
    body: {
      pledgeId: first.json.pledgeId,
      amount: 1_000_000,
      method: 'transfer',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
    },
    token: treasurer,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(paid.status).toBe(201);
  logKeyText = (await api.call('GET', '/.well-known/soquy/checkpoint-key')).text;
  logKey = parseVkey(logKeyText.trim());
  early = await openCheckpoint(await waitForCheckpoint(api.stack.url, FUND, EARLY), logKey);
  for (let seq = EARLY + 1; seq <= ENTRIES; seq++) {
    const answer = await pledge(100_000 + seq);
    if (answer.status !== 201) throw new Error(`pledge ${seq}: ${answer.status} ${answer.text}`);
  }
  latestNote = await waitForCheckpoint(api.stack.url, FUND, ENTRIES, 30_000);
  latest = await openCheckpoint(latestNote, logKey);
}, 120_000);
afterAll(() => api.stop());

// ---- checkpoints ---------------------------------------------------------------------------

describe('the signed checkpoint at /funds/{fundId}/log/checkpoint', () => {
  it('publishes the log key as a vkey of type 0x01 named after the deployment', async () => {
    const answer = await api.call('GET', '/.well-known/soquy/checkpoint-key');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.text).toMatch(/^soquy\.local\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    expect(logKey.type).toBe(0x01);
    expect(logKey.publicKey).toHaveLength(32);
    expect(api.stack.logKey).toBe(logKeyText.trim());
  });

  it('is a C2SP checkpoint whose Ed25519 signature verifies with @noble/ed25519', async () => {
    const { response, bytes } = await fetchBytes('checkpoint');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=2');
    const opened = await openCheckpoint(new TextDecoder().decode(bytes), logKey);
    expect(opened.signed).toBe(true);
    expect(opened.origin).toBe('soquy.local/funds/pu-trang');
    expect(opened.size).toBe(ENTRIES);
    expect(opened.root).toHaveLength(32);
    // The totals line matches the fund's own figures at that size.
    const totals = (await api.call('GET', `/funds/${FUND}`)).json.totals;
    expect(opened.extensions).toEqual([
      `soquy-totals pledged=${totals.pledged} received=${totals.received} spent=${totals.spent} balance=${totals.balance} outstanding=${totals.outstanding}`,
    ]);
  });

  it('refuses the same signature on a checkpoint whose root was changed', async () => {
    const forged = latestNote.replace(b64(latest.root), b64(sha256(utf8.encode('other'))));
    expect((await openCheckpoint(forged, logKey)).signed).toBe(false);
  });

  it('answers HEAD without a body and 404 for a path that is not the log', async () => {
    const head = await fetch(`${api.stack.url}/funds/${FUND}/log/checkpoint`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const path of [
      'tile/0/1',
      'tile/0/000.p/0',
      'tile/0/999',
      'tile/x/000',
      '../checkpoint-key',
    ]) {
      expect((await fetchBytes(path)).response.status, path).toBe(404);
    }
    expect((await fetch(`${api.stack.url}/funds/no-such-fund/log/checkpoint`)).status).toBe(404);
  });
});

// ---- tiles -----------------------------------------------------------------------------------

describe('the tiles under /funds/{fundId}/log/tile/', () => {
  it('fold to the root the checkpoint signed, read by a client written from the spec', async () => {
    const client = tileClient(latest.size);
    expect(hex(await client.root())).toBe(hex(latest.root));
    // The earlier, smaller tree is in the same tiles (its own partial tiles stay published).
    expect(hex(await tileClient(early.size).root())).toBe(hex(early.root));
  });

  it('hold each entry in an entry bundle as its canonical bytes, hashed into the tree', async () => {
    const client = tileClient(latest.size);
    const journal = (await api.call('GET', `/funds/${FUND}/ledger?limit=1000`)).json.entries;
    expect(journal).toHaveLength(ENTRIES);
    for (const seq of [1, 4, 256, 257, ENTRIES]) {
      const leaf = (await client.leafAt(seq - 1)) as Uint8Array;
      const entry = journal[seq - 1];
      expect(new TextDecoder().decode(leaf)).toBe(jcs(entry));
      expect(JSON.parse(new TextDecoder().decode(leaf))).toMatchObject({ seq, hash: entry.hash });
      expect(hex(leafHash(leaf))).toBe(hex(await client.leafHashAt(seq - 1)));
    }
    expect(await client.entryBundle(0)).toHaveLength(256);
    expect(await client.entryBundle(1)).toHaveLength(ENTRIES - 256);
  });

  it('marks full tiles immutable and partial ones short-lived', async () => {
    for (const path of ['tile/0/000', 'tile/entries/000']) {
      const { response, bytes } = await fetchBytes(path);
      expect(response.headers.get('cache-control'), path).toBe(
        'public, max-age=31536000, immutable',
      );
      expect(response.headers.get('content-type'), path).toBe('application/octet-stream');
      if (path === 'tile/0/000') expect(bytes).toHaveLength(256 * 32);
    }
    for (const path of [`tile/0/001.p/${ENTRIES - 256}`, 'tile/1/000.p/1']) {
      const { response, bytes } = await fetchBytes(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=2');
      if (path === 'tile/1/000.p/1') expect(bytes).toHaveLength(32);
    }
  });
});

// ---- proofs ----------------------------------------------------------------------------------

describe('proofs through the API', () => {
  it('gives inclusion proofs that an independent RFC 9162 verifier accepts', async () => {
    for (const seq of [1, 2, EARLY, 200, 257, ENTRIES]) {
      const answer = await api.call(
        'GET',
        `/funds/${FUND}/proofs/inclusion?seq=${seq}&treeSize=${latest.size}`,
      );
      expect(answer.status, String(seq)).toBe(200);
      const body = answer.json;
      expect(body).toMatchObject({ fundId: FUND, seq, leafIndex: seq - 1, treeSize: latest.size });
      expect(body.checkpoint).toBe(latestNote);
      const leaf = (await tileClient(latest.size).leafAt(seq - 1)) as Uint8Array;
      expect(body.leafHash).toBe(b64(leafHash(leaf)));
      const proof = (body.proof as string[]).map(unb64);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(latest.size)));
      expect(verifyInclusion(seq - 1, latest.size, leafHash(leaf), proof, latest.root)).toBe(true);
      // The verifier can fail: a proof for another leaf does not pass.
      const other = leafHash(utf8.encode('not the entry'));
      expect(verifyInclusion(seq - 1, latest.size, other, proof, latest.root)).toBe(false);
    }
  });

  it('proves inclusion in an earlier checkpoint against that checkpoint’s root', async () => {
    const answer = await api.call(
      'GET',
      `/funds/${FUND}/proofs/inclusion?seq=2&treeSize=${early.size}`,
    );
    expect(answer.status).toBe(200);
    const opened = await openCheckpoint(answer.json.checkpoint, logKey);
    expect(opened.signed).toBe(true);
    expect(opened.size).toBe(early.size);
    const proof = (answer.json.proof as string[]).map(unb64);
    expect(verifyInclusion(1, early.size, unb64(answer.json.leafHash), proof, early.root)).toBe(
      true,
    );
  });

  it('gives consistency proofs that an independent RFC 9162 verifier accepts', async () => {
    const answer = await api.call(
      'GET',
      `/funds/${FUND}/proofs/consistency?from=${early.size}&to=${latest.size}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ fundId: FUND, from: early.size, to: latest.size });
    expect((await openCheckpoint(answer.json.fromCheckpoint, logKey)).signed).toBe(true);
    expect(answer.json.toCheckpoint).toBe(latestNote);
    const proof = (answer.json.proof as string[]).map(unb64);
    expect(proof.length).toBeGreaterThan(0);
    expect(verifyConsistency(early.size, latest.size, early.root, latest.root, proof)).toBe(true);
    // A different older root (a rewritten history) does not pass with the same proof.
    const rewritten = sha256(utf8.encode('rewritten'));
    expect(verifyConsistency(early.size, latest.size, rewritten, latest.root, proof)).toBe(false);
    const same = await api.call(
      'GET',
      `/funds/${FUND}/proofs/consistency?from=${latest.size}&to=${latest.size}`,
    );
    expect(same.status).toBe(200);
    expect(same.json.proof).toEqual([]);
  });

  it('answers a receipt whose proof checks against its own checkpoint', async () => {
    const answer = await api.call('GET', `/funds/${FUND}/receipts/3`);
    expect(answer.status).toBe(200);
    const receipt = answer.json;
    expect(receipt).toMatchObject({
      format: 'soquy-receipt/1',
      fundId: FUND,
      seq: 3,
      leafIndex: 2,
    });
    expect(receipt.logKey).toBe(logKeyText.trim());
    const opened = await openCheckpoint(receipt.checkpoint, logKey);
    expect(opened.signed).toBe(true);
    expect(opened.size).toBe(receipt.treeSize);
    const leaf = leafHash(utf8.encode(jcs(receipt.entry)));
    const proof = (receipt.proof as string[]).map(unb64);
    expect(verifyInclusion(2, receipt.treeSize, leaf, proof, opened.root)).toBe(true);
  });

  it.each([
    [
      'seq beyond the tree',
      `inclusion?seq=${ENTRIES + 1}&treeSize=${ENTRIES}`,
      400,
      'seq_beyond_tree',
    ],
    [
      'sizes in the wrong order',
      `consistency?from=${ENTRIES}&to=${EARLY}`,
      400,
      'tree_sizes_out_of_order',
    ],
    [
      'a size never checkpointed',
      `inclusion?seq=1&treeSize=${ENTRIES + 1000}`,
      404,
      'checkpoint_not_found',
    ],
    [
      'a future consistency size',
      `consistency?from=1&to=${ENTRIES + 1000}`,
      404,
      'checkpoint_not_found',
    ],
    ['treeSize=abc', 'inclusion?seq=1&treeSize=abc', 400, 'invalid_request'],
    ['a negative seq', 'inclusion?seq=-1&treeSize=4', 400, 'invalid_request'],
    ['treeSize=1e99', 'inclusion?seq=1&treeSize=1e99', 400, 'invalid_request'],
    ['a fractional size', 'consistency?from=1.5&to=4', 400, 'invalid_request'],
    ['from=0', 'consistency?from=0&to=4', 400, 'invalid_request'],
    ['no sizes at all', 'consistency', 400, 'invalid_request'],
  ])('refuses %s with a clear 4xx', async (_, query, status, code) => {
    const answer = await api.call('GET', `/funds/${FUND}/proofs/${query}`);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({ code, message: expect.any(String) });
    expect(answer.json.message.length).toBeGreaterThan(10);
  });

  it('answers 404 for a receipt no checkpoint covers and for an unknown fund', async () => {
    const notYet = await api.call('GET', `/funds/${FUND}/receipts/${ENTRIES + 5}`);
    expect(notYet.status).toBe(404);
    expect(notYet.json.code).toMatch(/receipt_not_ready|entry_not_found/);
    const unknown = await api.call('GET', '/funds/no-such-fund/proofs/inclusion?seq=1&treeSize=1');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

// ---- witnesses and cosignatures ------------------------------------------------------------

/** A witness: an Ed25519 key, its cosignature/v1 vkey, and how it cosigns a checkpoint note. */
function witness(name: string) {
  const secretKey = ed.utils.randomSecretKey();
  const publicKey = ed.getPublicKey(secretKey);
  return {
    name,
    vkey: vkeyOf(name, 0x04, publicKey),
    /** The note with a cosignature/v1 line appended (C2SP tlog-cosignature). */
    cosign: async (
      note: string,
      timestamp: number,
      sign: (text: string) => Uint8Array | Promise<Uint8Array> = (t) =>
        ed.signAsync(utf8.encode(`cosignature/v1\ntime ${timestamp}\n${t}`), secretKey),
    ) => {
      const { text } = splitNote(note);
      const time = new Uint8Array(8);
      new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
      const signature = await sign(text);
      const line = `\u2014 ${name} ${b64(concat(keyIdOf(name, 0x04, publicKey), time, signature))}\n`;
      return `${note}${line}`;
    },
  };
}

const postNote = (note: string) =>
  api.call('POST', `/funds/${FUND}/log/cosignatures`, {
    raw: note,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
const now = () => Math.floor(Date.now() / 1000);

describe('witnesses and their cosignatures', () => {
  const tuoiTre = witness('tuoitre.vn/witness');
  const stranger = witness('stranger.example/witness');

  beforeAll(async () => {
    const added = await api.call('POST', '/log/witnesses', {
      body: { vkey: tuoiTre.vkey, label: 'Báo Tuổi Trẻ' },
      token: admin,
    });
    expect(added.status).toBe(201);
  });

  it('lets only an administrator register a witness', async () => {
    const body = { vkey: stranger.vkey, label: 'Người lạ' };
    expect((await api.call('POST', '/log/witnesses', { body })).status).toBe(401);
    const treasurer = await api.token(['treasurer'], 'lan', FUND);
    expect((await api.call('POST', '/log/witnesses', { body, token: treasurer })).status).toBe(403);
    const bad = await api.call('POST', '/log/witnesses', {
      body: { vkey: 'not a key', label: 'x' },
      token: admin,
    });
    expect(bad.status).toBe(400);
    const listed = (await api.call('GET', '/log/witnesses')).json.witnesses;
    expect(listed.map((w: { vkey: string }) => w.vkey)).toEqual([tuoiTre.vkey]);
  });

  it.each([
    [
      'a forged cosignature',
      () => tuoiTre.cosign(latestNote, now(), () => new Uint8Array(64).fill(7)),
      400,
      'bad_cosignature',
    ],
    [
      'a cosignature by an unknown key',
      () => stranger.cosign(latestNote, now()),
      403,
      'unknown_witness',
    ],
    [
      'a stale cosignature',
      () => tuoiTre.cosign(latestNote, now() - 2 * 3600),
      400,
      'stale_cosignature',
    ],
    [
      'one from the future',
      () => tuoiTre.cosign(latestNote, now() + 3600),
      400,
      'stale_cosignature',
    ],
    [
      'a cosigned checkpoint the log never signed',
      () =>
        tuoiTre.cosign(
          latestNote.replace(b64(latest.root), b64(sha256(utf8.encode('fork')))),
          now(),
        ),
      400,
      'bad_cosignature',
    ],
    ['text that is no note', async () => 'hello witness\n', 400, 'bad_cosignature'],
  ])('refuses %s and writes nothing', async (_, make, status, code) => {
    const before = await api.snapshot();
    const answer = await postNote(await make());
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ code, message: expect.any(String) });
    expect(await api.snapshot()).toEqual(before);
  });

  it('keeps a registered witness’s cosignature, lists it, and refuses the same one again', async () => {
    const timestamp = now();
    const note = await tuoiTre.cosign(latestNote, timestamp);
    const answer = await postNote(note);
    expect(answer.status).toBe(201);
    expect(answer.json.accepted).toEqual([
      expect.objectContaining({ witness: tuoiTre.name, size: latest.size, timestamp }),
    ]);
    const listed = (await api.call('GET', `/funds/${FUND}/log/cosignatures`)).json.cosignatures;
    expect(listed).toEqual([
      expect.objectContaining({
        witness: tuoiTre.name,
        label: 'Báo Tuổi Trẻ',
        size: latest.size,
        root: b64(latest.root),
        timestamp,
      }),
    ]);
    const before = await api.snapshot();
    const replay = await postNote(note);
    expect(replay.status).toBe(400);
    expect(replay.json.code).toBe('stale_cosignature');
    expect(await api.snapshot()).toEqual(before);
  });
});
