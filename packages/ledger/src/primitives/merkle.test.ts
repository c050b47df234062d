import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_TREE_ROOT,
  extendFrontier,
  inclusionProof,
  leafHash,
  memoryReader,
  rootOf,
  rootOfFrontier,
  type TreeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

// A second implementation, straight from RFC 9162 §2.1 with another SHA-256 (@noble/hashes),
// so a proof the code builds is checked by something that did not build it.
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const k = (n: number) => {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
};
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256(new Uint8Array());
  if (d.length === 1) return sha256(cat(new Uint8Array([0]), d[0] as Uint8Array));
  const s = k(d.length);
  return sha256(cat(new Uint8Array([1]), mth(d.slice(0, s)), mth(d.slice(s))));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s
    ? [...path(m, d.slice(0, s)), mth(d.slice(s))]
    : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

// The leaves of the Certificate Transparency reference tests (RFC 6962 / 9162 implementations).
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(bytes);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const leaves = Array.from({ length: 70 }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
const hashes = leaves.map(leafHash);

describe('the Merkle tree (RFC 9162)', () => {
  it('gives the reference roots of the first 1 to 8 test leaves, and the empty root', () => {
    // prepare
    const leafHashes = CT_LEAVES.map(leafHash);
    // act
    const roots = CT_ROOTS.map((_, i) => hex(rootOf(leafHashes.slice(0, i + 1))));
    // assess
    expect(roots).toEqual(CT_ROOTS);
    expect(hex(EMPTY_TREE_ROOT)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('keeps the root in its frontier as leaves arrive one by one or in runs', () => {
    let frontier: TreeHash[] = [];
    let size = 0;
    for (const run of [1, 1, 2, 5, 8, 17, 36]) {
      frontier = extendFrontier(frontier, size, hashes.slice(size, size + run));
      size += run;
      expect(hex(rootOfFrontier(frontier))).toBe(hex(mth(leaves.slice(0, size))));
      // One hash per set bit of the size: O(log n) in the head item.
      expect(frontier).toHaveLength(size.toString(2).replaceAll('0', '').length);
    }
  });

  it('builds inclusion proofs the RFC definition agrees with, and that verify', async () => {
    const reader = memoryReader(hashes);
    for (const n of [1, 2, 3, 7, 8, 9, 33, 70]) {
      for (const m of new Set([0, 1, Math.floor(n / 2), n - 1].filter((x) => x < n))) {
        const proof = await inclusionProof(m, n, reader);
        expect(proof.map(hex)).toEqual(path(m, leaves.slice(0, n)).map(hex));
        expect(verifyInclusion(hashes[m] as TreeHash, m, n, proof, mth(leaves.slice(0, n)))).toBe(
          true,
        );
      }
    }
  });

  it('builds consistency proofs the RFC definition agrees with, and that verify', async () => {
    const reader = memoryReader(hashes);
    for (const n of [1, 2, 3, 7, 8, 9, 33, 70]) {
      for (const m of new Set([1, 2, 3, 4, Math.floor(n / 2), n].filter((x) => x >= 1 && x <= n))) {
        const proof = await consistencyProof(m, n, reader);
        expect(proof.map(hex)).toEqual(subproof(m, leaves.slice(0, n), true).map(hex));
        expect(
          verifyConsistency(m, n, proof, mth(leaves.slice(0, m)), mth(leaves.slice(0, n))),
        ).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, another root, a changed hash or a wrong size', async () => {
    const proof = await inclusionProof(5, 33, memoryReader(hashes));
    const root = mth(leaves.slice(0, 33));
    expect(verifyInclusion(hashes[6] as TreeHash, 5, 33, proof, root)).toBe(false);
    expect(verifyInclusion(hashes[5] as TreeHash, 5, 34, proof, mth(leaves.slice(0, 34)))).toBe(
      false,
    );
    expect(verifyInclusion(hashes[5] as TreeHash, 5, 33, proof, mth(leaves.slice(0, 32)))).toBe(
      false,
    );
    const bent = proof.map((h) => h.slice());
    const changed = bent[2] as TreeHash;
    changed[0] = (changed[0] as number) ^ 1;
    expect(verifyInclusion(hashes[5] as TreeHash, 5, 33, bent, root)).toBe(false);
    expect(verifyInclusion(hashes[5] as TreeHash, 5, 33, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(hashes[5] as TreeHash, 33, 33, proof, root)).toBe(false);
  });

  it('refuses a consistency proof against a rewritten history', async () => {
    const rewritten = [...leaves];
    rewritten[3] = new TextEncoder().encode('rewritten');
    const proof = await consistencyProof(10, 40, memoryReader(rewritten.map(leafHash)));
    expect(
      verifyConsistency(10, 40, proof, mth(leaves.slice(0, 10)), mth(rewritten.slice(0, 40))),
    ).toBe(false);
    expect(
      verifyConsistency(10, 10, [], mth(leaves.slice(0, 10)), mth(rewritten.slice(0, 10))),
    ).toBe(false);
    expect(verifyConsistency(11, 10, [], mth(leaves.slice(0, 10)), mth(leaves.slice(0, 10)))).toBe(
      false,
    );
  });
});
