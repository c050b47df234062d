import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { Entry } from './entry.ts';

/**
 * The RFC 9162 (Certificate Transparency v2) Merkle tree over a fund's entries, in seq order:
 * leaf `i` (0-based) is entry `seq = i + 1`. Tree hashes are 32 raw bytes; where they are
 * written down (head item, API, checkpoints) they are standard base64, as in C2SP checkpoints.
 */
export type TreeHash = Uint8Array;

const sha256 = (...parts: Uint8Array[]): TreeHash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** MTH({}) = SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_TREE_ROOT: TreeHash = sha256();

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(leaf: Uint8Array): TreeHash {
  return sha256(LEAF_PREFIX, leaf);
}

/** SHA-256(0x01 ‖ left ‖ right): an interior node. */
export function nodeHash(left: TreeHash, right: TreeHash): TreeHash {
  return sha256(NODE_PREFIX, left, right);
}

/**
 * The leaf bytes of an entry: the UTF-8 of the JCS form of the whole entry, `hash` included. So
 * a leaf commits to the entry and, through `prevHash` and `hash`, to the chain before it.
 */
export function entryLeaf(entry: Entry): Uint8Array {
  return new TextEncoder().encode(canonicalJson(entry));
}

export function entryLeafHash(entry: Entry): TreeHash {
  return leafHash(entryLeaf(entry));
}

export const toBase64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/** A 32-byte hash from standard base64; undefined for anything else. */
export function fromBase64(text: string): TreeHash | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return bytes.length === 32 ? bytes : undefined;
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over the given leaf hashes, straight from the RFC's definition (for tests and small trees). */
export function rootOf(leafHashes: readonly TreeHash[]): TreeHash {
  if (leafHashes.length === 0) return EMPTY_TREE_ROOT;
  if (leafHashes.length === 1) return leafHashes[0] as TreeHash;
  const k = splitPoint(leafHashes.length);
  return nodeHash(rootOf(leafHashes.slice(0, k)), rootOf(leafHashes.slice(k)));
}

/**
 * A complete, aligned subtree: the `2^level` leaves from `index · 2^level`. Every hash a proof
 * or a root needs is one of these or is folded from them.
 */
export interface Subtree {
  level: number;
  index: number;
}

/**
 * The perfect subtrees that make up the leaves [start, end), largest first, where `start` is a
 * multiple of a power of two at least `end - start` (true of every range the RFC's proofs use,
 * and of [0, n)). For [0, n) they are the tree's right edge, the "frontier".
 */
export function subtreesOf(start: number, end: number): Subtree[] {
  const pieces: Subtree[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    pieces.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return pieces;
}

/** The root of a range from the hashes of its subtrees (largest first): fold from the right. */
export function foldSubtrees(hashes: readonly TreeHash[]): TreeHash {
  if (hashes.length === 0) return EMPTY_TREE_ROOT;
  let root = hashes.at(-1) as TreeHash;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as TreeHash, root);
  return root;
}

/**
 * The right edge of a tree of `size` leaves: the roots of its perfect subtrees, largest first
 * (one per set bit of `size`). The root folds from it, and an append needs nothing else.
 */
export type Frontier = TreeHash[];

/** The frontier after appending leaves to a tree of `size` leaves with frontier `frontier`. */
export function extendFrontier(
  frontier: readonly TreeHash[],
  size: number,
  leafHashes: readonly TreeHash[],
): Frontier {
  const edge = [...frontier];
  let n = size;
  for (const leaf of leafHashes) {
    let hash = leaf;
    // Each trailing set bit of n is a subtree of the same height to merge with.
    for (let bits = n; bits % 2 === 1; bits = Math.floor(bits / 2)) {
      hash = nodeHash(edge.pop() as TreeHash, hash);
    }
    edge.push(hash);
    n++;
  }
  return edge;
}

export function rootOfFrontier(frontier: readonly TreeHash[]): TreeHash {
  return foldSubtrees(frontier);
}

/** Where a proof gets subtree hashes from: tiles, or leaves in memory. Reads many at once. */
export interface SubtreeReader {
  read(subtrees: readonly Subtree[]): Promise<TreeHash[]>;
}

/** A range [start, end) whose MTH a proof needs. */
type Range = [number, number];

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]): the ranges, in proof order. */
function inclusionRanges(m: number, start: number, end: number, out: Range[]): Range[] {
  const n = end - start;
  if (n <= 1) return out;
  const k = splitPoint(n);
  if (m < k) {
    inclusionRanges(m, start, start + k, out);
    out.push([start + k, end]);
  } else {
    inclusionRanges(m - k, start + k, end, out);
    out.push([start, start + k]);
  }
  return out;
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:end], b): the ranges, in proof order. */
function consistencyRanges(m: number, start: number, end: number, whole: boolean, out: Range[]) {
  const n = end - start;
  if (m === n) {
    if (!whole) out.push([start, end]);
    return out;
  }
  const k = splitPoint(n);
  if (m <= k) {
    consistencyRanges(m, start, start + k, whole, out);
    out.push([start + k, end]);
  } else {
    consistencyRanges(m - k, start + k, end, false, out);
    out.push([start, start + k]);
  }
  return out;
}

/** The MTH of each range, reading all their subtrees in one call. */
async function hashRanges(ranges: readonly Range[], reader: SubtreeReader): Promise<TreeHash[]> {
  const pieces = ranges.map(([start, end]) => subtreesOf(start, end));
  const hashes = await reader.read(pieces.flat());
  let at = 0;
  return pieces.map((p) => {
    const own = hashes.slice(at, at + p.length);
    at += p.length;
    return foldSubtrees(own);
  });
}

/** The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
export function inclusionProof(
  index: number,
  size: number,
  reader: SubtreeReader,
): Promise<TreeHash[]> {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`Leaf ${index} is not in a tree of ${size} leaves.`);
  }
  return hashRanges(inclusionRanges(index, 0, size, []), reader);
}

/** The consistency proof from the tree of `from` leaves to that of `to` (RFC 9162 §2.1.4.1). */
export function consistencyProof(
  from: number,
  to: number,
  reader: SubtreeReader,
): Promise<TreeHash[]> {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to)) {
    throw new RangeError(`No consistency proof from ${from} leaves to ${to}.`);
  }
  return hashRanges(consistencyRanges(from, 0, to, true, []), reader);
}

/** The root of the tree of `size` leaves. */
export async function treeRoot(size: number, reader: SubtreeReader): Promise<TreeHash> {
  return foldSubtrees(await reader.read(subtreesOf(0, size)));
}

/** A reader over leaf hashes held in memory (tests, the verifier, small trees). */
export function memoryReader(leafHashes: readonly TreeHash[]): SubtreeReader {
  return {
    read: async (subtrees) =>
      subtrees.map(({ level, index }) =>
        rootOf(leafHashes.slice(index * 2 ** level, (index + 1) * 2 ** level)),
      ),
  };
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * RFC 9162 §2.1.3.2: does `proof` show the leaf with hash `leaf` at `index` in the tree of
 * `size` leaves whose root is `root`?
 */
export function verifyInclusion(
  leaf: TreeHash,
  index: number,
  size: number,
  proof: readonly TreeHash[],
  root: TreeHash,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size))
    return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `from` leaves with root `fromRoot` is a
 * prefix of the tree of `to` leaves with root `toRoot`? Equal sizes need an empty proof and
 * equal roots.
 */
export function verifyConsistency(
  from: number,
  to: number,
  proof: readonly TreeHash[],
  fromRoot: TreeHash,
  toRoot: TreeHash,
): boolean {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to))
    return false;
  if (from === to) return proof.length === 0 && sameHash(fromRoot, toRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as TreeHash;
  let sr = path[0] as TreeHash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sameHash(fr, fromRoot) && sameHash(sr, toRoot) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m > 1 && m % 2 === 0) m /= 2;
  return m === 1;
}
