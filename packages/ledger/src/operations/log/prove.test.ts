import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../../../test/support/funds.ts';
import {
  fromBase64,
  type TreeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../primitives/merkle.ts';
import { openSignedCheckpoint, parseVerifierKey } from '../../primitives/signed-note.ts';
import { consistencyQuery, inclusionQuery } from './input.ts';
import { proveConsistency, proveInclusion } from './prove.ts';
import { publishLog } from './publish-log.ts';
import { receiptFor } from './receipt.ts';
import { logVerifierKey } from './status.ts';
import {
  appendGifts,
  referenceLeafHash,
  referenceRoot,
  referenceRootFromPath,
  referenceRootsFromConsistency,
  testLogDeps,
} from './test-support.ts';

const FUND = 'pu-trang';
const hashes = (list: string[]) => list.map((h) => fromBase64(h) as TreeHash);

/** A fund with checkpoints at 5, 100 and 300 entries (tiles across a 256 boundary). */
async function loggedFund() {
  const world = await freshTables();
  await world.store.createFund(puTrangFund());
  const deps = testLogDeps(world.store);
  const entries = [];
  for (const [count, prefix] of [
    [5, 'a'],
    [95, 'b'],
    [200, 'c'],
  ] as const) {
    entries.push(...(await appendGifts(world.store, FUND, count, { prefix })));
    await publishLog(deps, FUND, { minIntervalMs: 0 });
  }
  const leaves = entries.map(referenceLeafHash);
  return { ...world, deps, entries, leaves };
}

describe('proofs', async () => {
  const world = await loggedFund();
  const { deps, entries, leaves } = world;

  it('proves entry 42 in the tree of 300: RFC 9162 verification and the RFC recursion agree', async () => {
    // Act
    const answer = await proveInclusion(deps, FUND, { seq: 42, treeSize: 300 });
    // Assess
    const root = referenceRoot(leaves);
    const leaf = leaves[41] as Uint8Array;
    expect(answer).toMatchObject({ fundId: FUND, seq: 42, leafIndex: 41, treeSize: 300 });
    expect(answer.entryHash).toBe(entries[41]?.hash);
    expect(fromBase64(answer.leafHash)).toEqual(leaf);
    expect(answer.proof).toHaveLength(9);
    expect(verifyInclusion(leaf, 41, 300, hashes(answer.proof), root)).toBe(true);
    expect(referenceRootFromPath(41, 300, leaf, hashes(answer.proof))).toEqual(root);
    // …and neither check passes a proof in another order or for another leaf
    const reversed = hashes(answer.proof).reverse();
    expect(referenceRootFromPath(41, 300, leaf, reversed)).not.toEqual(root);
    expect(verifyInclusion(leaf, 41, 300, reversed, root)).toBe(false);
    expect(
      referenceRootFromPath(41, 300, leaves[40] as Uint8Array, hashes(answer.proof)),
    ).not.toEqual(root);
    // The checkpoint it names is the log's, of that size and root
    const logKey = parseVerifierKey(await logVerifierKey(deps.signer));
    const opened = openSignedCheckpoint(answer.checkpoint, logKey);
    if (!opened.ok) throw new Error(opened.problem);
    expect(opened.checkpoint.size).toBe(300);
    expect(opened.checkpoint.root).toEqual(root);
  });

  it('proves the last entry of an older checkpoint and the first of the tree', async () => {
    for (const [seq, treeSize] of [
      [100, 100],
      [1, 5],
      [5, 5],
      [257, 300],
    ] as const) {
      const answer = await proveInclusion(deps, FUND, { seq, treeSize });
      const root = referenceRoot(leaves.slice(0, treeSize));
      const leaf = leaves[seq - 1] as Uint8Array;
      expect(referenceRootFromPath(seq - 1, treeSize, leaf, hashes(answer.proof))).toEqual(root);
      expect(verifyInclusion(leaf, seq - 1, treeSize, hashes(answer.proof), root)).toBe(true);
    }
  });

  it('proves 5 → 300 and 100 → 300 consistent, checked two ways', async () => {
    for (const [from, to] of [
      [5, 300],
      [100, 300],
      [5, 100],
    ] as const) {
      // Act
      const answer = await proveConsistency(deps, FUND, { from, to });
      // Assess
      const oldRoot = referenceRoot(leaves.slice(0, from));
      const newRoot = referenceRoot(leaves.slice(0, to));
      expect(verifyConsistency(from, to, hashes(answer.proof), oldRoot, newRoot)).toBe(true);
      expect(referenceRootsFromConsistency(from, to, hashes(answer.proof), oldRoot)).toEqual({
        oldRoot,
        newRoot,
      });
      const bent = hashes(answer.proof).map((h, i) => (i === 0 ? (leaves[0] as Uint8Array) : h));
      expect(referenceRootsFromConsistency(from, to, bent, oldRoot)).not.toEqual({
        oldRoot,
        newRoot,
      });
      expect(answer.fromCheckpoint).toContain(`\n${from}\n`);
      expect(answer.toCheckpoint).toContain(`\n${to}\n`);
    }
  });

  it('answers an empty proof from a size to itself', async () => {
    const answer = await proveConsistency(deps, FUND, { from: 100, to: 100 });
    expect(answer.proof).toEqual([]);
    expect(answer.fromCheckpoint).toBe(answer.toCheckpoint);
  });

  it('reads O(log n) tiles for a proof', async () => {
    // Prepare
    let reads = 0;
    const counting = {
      ...deps,
      logFiles: {
        ...deps.logFiles,
        read: (fundId: string, path: string) => {
          reads++;
          return deps.logFiles.read(fundId, path);
        },
      },
    };
    // Act
    await proveInclusion(counting, FUND, { seq: 3, treeSize: 300 });
    // Assess: one tile per level of the tree of tiles (here two levels)
    expect(reads).toBeLessThanOrEqual(3);
  });

  it.each([
    [{ seq: 0, treeSize: 100 }, 'seq_beyond_tree'],
    [{ seq: 101, treeSize: 100 }, 'seq_beyond_tree'],
    [{ seq: 1.5, treeSize: 100 }, 'seq_beyond_tree'],
    [{ seq: 3, treeSize: 150 }, 'checkpoint_not_found'],
    [{ seq: 3, treeSize: 301 }, 'checkpoint_not_found'],
  ])('refuses the inclusion query %o with %s', async (query, code) => {
    await expect(proveInclusion(deps, FUND, query)).rejects.toMatchObject({ code });
  });

  it.each([
    [{ from: 300, to: 100 }, 'tree_sizes_out_of_order'],
    [{ from: 0, to: 100 }, 'tree_sizes_out_of_order'],
    [{ from: 5, to: 150 }, 'checkpoint_not_found'],
    [{ from: 6, to: 100 }, 'checkpoint_not_found'],
  ])('refuses the consistency query %o with %s', async (query, code) => {
    await expect(proveConsistency(deps, FUND, query)).rejects.toMatchObject({ code });
  });

  it('refuses nonsense in the query strings with field messages', () => {
    expect(inclusionQuery.safeParse({ seq: '7', treeSize: '300' }).data).toEqual({
      seq: 7,
      treeSize: 300,
    });
    for (const bad of [
      { seq: 'abc', treeSize: '3' },
      { seq: '0', treeSize: '3' },
      { seq: '-1', treeSize: '3' },
      { seq: '2.5', treeSize: '3' },
      { seq: '1', treeSize: '99999999999999999999' },
      { seq: '1' },
    ]) {
      const result = inclusionQuery.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/must be/);
    }
    expect(consistencyQuery.safeParse({ from: '1', to: 'x' }).success).toBe(false);
  });

  it('gives a receipt under the latest checkpoint that proves itself', async () => {
    // Act
    const receipt = await receiptFor(deps, FUND, 77);
    // Assess
    expect(receipt).toMatchObject({
      format: 'soquy-receipt/1',
      fundId: FUND,
      seq: 77,
      leafIndex: 76,
      treeSize: 300,
      logKey: await logVerifierKey(deps.signer),
    });
    expect(receipt?.entry).toEqual(entries[76]);
    const leaf = referenceLeafHash(receipt?.entry ?? (entries[0] as never));
    expect(referenceRootFromPath(76, 300, leaf, hashes(receipt?.proof ?? []))).toEqual(
      referenceRoot(leaves),
    );
  });

  it('gives no receipt until a checkpoint covers the entry, and refuses a seq past the head', async () => {
    // Prepare: one more entry, not yet published
    await appendGifts(world.store, FUND, 1, { prefix: 'late' });
    // Act / Assess
    expect(await receiptFor(deps, FUND, 301)).toBeUndefined();
    await expect(receiptFor(deps, FUND, 302)).rejects.toMatchObject({ code: 'entry_not_found' });
    await expect(receiptFor(deps, 'nowhere', 1)).rejects.toMatchObject({ code: 'fund_not_found' });
  });
});
