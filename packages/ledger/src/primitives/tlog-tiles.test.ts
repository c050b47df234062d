import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHash, rootOf, verifyInclusion } from './merkle.ts';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  grownTiles,
  parseTilePath,
  rightEdgeTiles,
  rootFromTiles,
  tileKey,
  tilePath,
  tileReader,
} from './tlog-tiles.ts';

const leafOf = (i: number) => new TextEncoder().encode(`entry ${i}`);

/** Grows a tile store as a publisher would, run by run. */
function publish(runs: number[]) {
  const files = new Map<string, Uint8Array>();
  const immutable = new Set<string>();
  let size = 0;
  for (const run of runs) {
    const edge = new Map(
      rightEdgeTiles(size).map((t) => [tileKey(t), files.get(tilePath(t)) as Uint8Array]),
    );
    const leaves = Array.from({ length: run }, (_, i) => leafOf(size + i));
    for (const write of grownTiles(size, size + run, edge, leaves, leaves.map(leafHash))) {
      // A full tile is written once: a second write of it would be a bug.
      expect(immutable.has(write.path)).toBe(false);
      files.set(write.path, write.bytes);
      if (write.immutable) immutable.add(write.path);
    }
    size += run;
  }
  return { files, immutable, size };
}

describe('tlog-tiles paths', () => {
  it('splits the index into x-prefixed groups of three digits, as C2SP says', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 1, index: 0, width: 7 })).toBe('tile/1/000.p/7');
    expect(tilePath({ level: 'entries', index: 42, width: 256 })).toBe('tile/entries/042');
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('tile/entries/042')).toEqual({ level: 'entries', index: 42, width: 256 });
    expect(parseTilePath('tile/entries/x001/000.p/255')).toEqual({
      level: 'entries',
      index: 1000,
      width: 255,
    });
  });

  it('refuses paths that are not tiles', () => {
    for (const bad of [
      'tile/0/1',
      'tile/0/x000/001',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/01/000',
      'tile/0/000/',
      '../checkpoint',
    ]) {
      expect(parseTilePath(bad), bad).toBeUndefined();
    }
  });
});

describe('tiles grown as the log grows', () => {
  it('hold every leaf hash and entry, and full tiles never change', () => {
    const { files, immutable, size } = publish([1, 4, 250, 1, 300, 44, 1]);
    expect(size).toBe(601);
    // Two full level-0 tiles, one partial of 601 - 512 = 89, and a level-1 tile of 2.
    expect(immutable).toEqual(
      new Set(['tile/0/000', 'tile/0/001', 'tile/entries/000', 'tile/entries/001']),
    );
    expect(files.get('tile/0/002.p/89')?.length).toBe(89 * 32);
    expect(files.get('tile/1/000.p/2')?.length).toBe(64);
    const bundle = decodeEntryBundle(files.get('tile/entries/002.p/89') as Uint8Array);
    expect(new TextDecoder().decode(bundle[88])).toBe('entry 600');
  });

  it('give the root and inclusion proofs of every earlier size', async () => {
    const { files, size } = publish([3, 300, 298]);
    const all = Array.from({ length: size }, (_, i) => leafHash(leafOf(i)));
    const read = async (t: Parameters<typeof tilePath>[0]) => files.get(tilePath(t));
    for (const n of [1, 3, 256, 257, 303, 512, 600, 601]) {
      expect(Buffer.from(await rootFromTiles(n, size, read))).toEqual(
        Buffer.from(rootOf(all.slice(0, n))),
      );
    }
    const proof = await inclusionProof(300, 601, tileReader(size, read));
    expect(verifyInclusion(all[300] as Uint8Array, 300, 601, proof, rootOf(all))).toBe(true);
  });

  it('length-prefix entries in a bundle, and refuse a cut bundle', () => {
    const leaves = [new Uint8Array([1, 2, 3]), new Uint8Array(300)];
    const bundle = encodeEntryBundle(leaves);
    expect([...bundle.slice(0, 2)]).toEqual([0, 3]);
    expect([...bundle.slice(5, 7)]).toEqual([1, 44]);
    expect(decodeEntryBundle(bundle)).toEqual(leaves);
    expect(() => decodeEntryBundle(bundle.slice(0, -1))).toThrow(/ends inside/);
  });
});
