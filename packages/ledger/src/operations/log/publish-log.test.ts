import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../../../test/support/funds.ts';
import { canonicalJson } from '../../primitives/canonical.ts';
import { fromBase64, rootOfFrontier, toBase64 } from '../../primitives/merkle.ts';
import { parseNote } from '../../primitives/signed-note.ts';
import {
  decodeEntryBundle,
  rootFromTiles,
  type TileRef,
  tileHashes,
  tilePath,
} from '../../primitives/tlog-tiles.ts';
import { checkpointAt, publishLog } from './publish-log.ts';
import { appendGifts, referenceLeafHash, referenceRoot, testLogDeps } from './test-support.ts';

const FUND = 'pu-trang';

async function fundWithLog() {
  const world = await freshTables();
  await world.store.createFund(puTrangFund());
  const deps = testLogDeps(world.store);
  return { ...world, deps };
}

const file = (deps: ReturnType<typeof testLogDeps>, path: string) =>
  deps.logFiles.files.get(`${FUND}/${path}`);

/** A tiles client: reads exactly the tile paths of a tree of `size`, as a C2SP client would. */
const clientRoot = (deps: ReturnType<typeof testLogDeps>, size: number) =>
  rootFromTiles(size, size, async (tile: TileRef) => file(deps, tilePath(tile))?.body);

describe('publishLog', () => {
  it('grows the tiles across a 256 boundary and signs the root of every entry', async () => {
    // Prepare: 100 entries published, then 200 more
    const { deps, store } = await fundWithLog();
    const first = await appendGifts(store, FUND, 100, { prefix: 'a' });
    const early = await publishLog(deps, FUND, { minIntervalMs: 0 });
    const rest = await appendGifts(store, FUND, 200, { prefix: 'b' });
    deps.logFiles.writes.length = 0;
    // Act
    const checkpoint = await publishLog(deps, FUND, { minIntervalMs: 0 });
    // Assess: the root is MTH over all 300 leaves, computed here from the entries
    const entries = [...first, ...rest];
    const expected = toBase64(referenceRoot(entries.map(referenceLeafHash)));
    expect(early?.size).toBe(100);
    expect(checkpoint?.size).toBe(300);
    expect(checkpoint?.root).toBe(expected);
    const { head } = (await store.getFund(FUND)) ?? { head: undefined };
    expect(
      toBase64(rootOfFrontier((head?.frontier ?? []).map((h) => fromBase64(h) as Uint8Array))),
    ).toBe(expected);
    // Assess: the full tiles are immutable, the right edge partial, the checkpoint written last
    expect(file(deps, 'tile/0/000')?.immutable).toBe(true);
    expect(file(deps, 'tile/0/000')?.body.length).toBe(256 * 32);
    expect(file(deps, 'tile/0/001.p/44')?.body.length).toBe(44 * 32);
    expect(file(deps, 'tile/0/001.p/44')?.immutable).toBe(false);
    expect(file(deps, 'tile/1/000.p/1')?.body.length).toBe(32);
    expect(file(deps, 'tile/entries/000')?.contentType).toBe('application/octet-stream');
    expect(deps.logFiles.writes.at(-1)).toBe(`${FUND}/checkpoint`);
    expect(deps.logFiles.writes).not.toContain(`${FUND}/tile/0/000.p/100`);
    // Assess: the entry bundles hold the entries' canonical JSON, in seq order
    const bundled = [
      ...decodeEntryBundle(file(deps, 'tile/entries/000')?.body ?? new Uint8Array()),
      ...decodeEntryBundle(file(deps, 'tile/entries/001.p/44')?.body ?? new Uint8Array()),
    ].map((leaf) => new TextDecoder().decode(leaf));
    expect(bundled).toEqual(entries.map((e) => canonicalJson(e)));
    // Assess: the served checkpoint is the kept note, with the fund's totals
    const served = new TextDecoder().decode(file(deps, 'checkpoint')?.body);
    expect(served).toBe(checkpoint?.note);
    expect(served.split('\n').slice(0, 4)).toEqual([
      'soquy.test/funds/pu-trang',
      '300',
      expected,
      'soquy-totals pledged=0 received=300000 spent=0 balance=300000 outstanding=0',
    ]);
    expect(await store.log.getCheckpoint(FUND, 100)).toEqual(early);
  });

  it('signs a checkpoint a second Ed25519 library (@noble/ed25519) verifies', async () => {
    // Prepare
    const { deps, store } = await fundWithLog();
    await appendGifts(store, FUND, 3);
    // Act
    const checkpoint = await publishLog(deps, FUND, { minIntervalMs: 0 });
    // Assess
    const note = parseNote(checkpoint?.note ?? '');
    const line = note.signatures[0];
    expect(line?.name).toBe('soquy.test');
    const signature = line?.signature ?? new Uint8Array();
    const message = new TextEncoder().encode(note.text);
    expect(await ed.verifyAsync(signature, message, deps.signer.publicKeyBytes)).toBe(true);
    const tampered = new TextEncoder().encode(note.text.replace('\n3\n', '\n4\n'));
    expect(await ed.verifyAsync(signature, tampered, deps.signer.publicKeyBytes)).toBe(false);
  });

  it('signs nothing for an empty fund, and nothing new when the log is at the head', async () => {
    // Prepare
    const { deps, store } = await fundWithLog();
    // Act / Assess: empty
    expect(await publishLog(deps, FUND, { minIntervalMs: 0 })).toBeUndefined();
    expect(deps.logFiles.writes).toEqual([]);
    // Act / Assess: at the head
    await appendGifts(store, FUND, 5);
    const first = await publishLog(deps, FUND, { minIntervalMs: 0 });
    deps.logFiles.writes.length = 0;
    const again = await publishLog(deps, FUND, { minIntervalMs: 0 });
    expect(again).toEqual(first);
    expect(deps.logFiles.writes).toEqual([]);
    expect(await store.log.listCheckpoints(FUND, 10)).toHaveLength(1);
  });

  it('waits out the rest of a second after the last checkpoint before signing again', async () => {
    // Prepare
    const { deps, store } = await fundWithLog();
    await appendGifts(store, FUND, 2);
    await publishLog(deps, FUND, { minIntervalMs: 400 });
    await appendGifts(store, FUND, 2, { prefix: 'later' });
    // Act
    const started = Date.now();
    const checkpoint = await publishLog(deps, FUND, { minIntervalMs: 400 });
    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(checkpoint?.size).toBe(4);
  });

  it('refuses to sign on top of a published tile that was changed', async () => {
    // Prepare
    const { deps, store } = await fundWithLog();
    await appendGifts(store, FUND, 10);
    await publishLog(deps, FUND, { minIntervalMs: 0 });
    const tile = file(deps, 'tile/0/000.p/10');
    tile?.body.set([0xff], 5);
    await appendGifts(store, FUND, 3, { prefix: 'more' });
    deps.logFiles.writes.length = 0;
    // Act / Assess
    await expect(publishLog(deps, FUND, { minIntervalMs: 0 })).rejects.toMatchObject({
      code: 'log_integrity',
    });
    expect(deps.logFiles.writes).toEqual([]);
    expect((await store.log.latestCheckpoint(FUND))?.size).toBe(10);
  });
  it('never serves an older checkpoint than the newest kept when two publishers overlap', async () => {
    // Prepare: publisher A signs 10 and, just after reading the checkpoint file, stalls while
    // publisher B signs 20 and serves it; then A goes on to write the file
    const { deps, store } = await fundWithLog();
    await appendGifts(store, FUND, 10, { prefix: 'first' });
    let stalled = false;
    const slow: typeof deps = {
      ...deps,
      logFiles: {
        ...deps.logFiles,
        read: async (fundId, path) => {
          const bytes = await deps.logFiles.read(fundId, path);
          if (path === 'checkpoint' && !stalled) {
            stalled = true;
            await appendGifts(store, FUND, 10, { prefix: 'second' });
            await publishLog(deps, FUND, { minIntervalMs: 0 });
          }
          return bytes;
        },
      },
    };
    // Act
    const signedByA = await publishLog(slow, FUND, { minIntervalMs: 0 });
    // Assess: A signed 10, B signed 20, and the file serves 20
    expect(stalled).toBe(true);
    expect(signedByA?.size).toBe(10);
    const newest = await store.log.latestCheckpoint(FUND);
    expect(newest?.size).toBe(20);
    expect(new TextDecoder().decode(file(deps, 'checkpoint')?.body)).toBe(newest?.note);
  });
});

describe('checkpointAt', () => {
  it('signs an earlier size from the tiles, keeps it, and refuses a size beyond the log', async () => {
    // Prepare
    const { deps, store } = await fundWithLog();
    const entries = await appendGifts(store, FUND, 40);
    await publishLog(deps, FUND, { minIntervalMs: 0 });
    const totals = { pledged: 0, received: 17_000, spent: 0, balance: 17_000, outstanding: 0 };
    // Act
    const at17 = await checkpointAt(deps, FUND, 17, totals);
    // Assess
    expect(at17.size).toBe(17);
    expect(at17.root).toBe(toBase64(referenceRoot(entries.slice(0, 17).map(referenceLeafHash))));
    expect(at17.note).toContain('soquy-totals pledged=0 received=17000');
    expect(await store.log.getCheckpoint(FUND, 17)).toEqual(at17);
    expect(await checkpointAt(deps, FUND, 40, totals)).toEqual(
      await store.log.getCheckpoint(FUND, 40),
    );
    expect((await store.log.latestCheckpoint(FUND))?.size).toBe(40);
    await expect(checkpointAt(deps, FUND, 41, totals)).rejects.toMatchObject({
      code: 'checkpoint_not_found',
    });
  });

  it('publishes the partial tiles of an earlier size it signs, so a tiles client can check it', async () => {
    // Prepare: 300 entries published (tiles 0/001.p/44, entries/001.p/44, 1/000.p/1)
    const { deps, store } = await fundWithLog();
    const entries = await appendGifts(store, FUND, 300);
    await publishLog(deps, FUND, { minIntervalMs: 0 });
    const totals = { pledged: 0, received: 260_000, spent: 0, balance: 260_000, outstanding: 0 };
    // Act
    const at260 = await checkpointAt(deps, FUND, 260, totals);
    // Assess: the tiles of size 260 exist, cut from the wider ones, and are not immutable
    expect(file(deps, 'tile/0/001.p/4')?.body).toEqual(
      file(deps, 'tile/0/001.p/44')?.body.slice(0, 4 * 32),
    );
    expect(file(deps, 'tile/0/001.p/4')?.immutable).toBe(false);
    expect(file(deps, 'tile/1/000.p/1')?.body.length).toBe(32);
    const bundle = decodeEntryBundle(file(deps, 'tile/entries/001.p/4')?.body ?? new Uint8Array());
    expect(bundle.map((leaf) => new TextDecoder().decode(leaf))).toEqual(
      entries.slice(256, 260).map((e) => canonicalJson(e)),
    );
    // Assess: a client reading the tiles at 260 gets the signed root, which is MTH of 260 entries
    const expected = toBase64(referenceRoot(entries.slice(0, 260).map(referenceLeafHash)));
    expect(at260.root).toBe(expected);
    expect(toBase64(await clientRoot(deps, 260))).toBe(expected);
    const leafHashes = [
      ...tileHashes(file(deps, 'tile/0/000')?.body ?? new Uint8Array()),
      ...tileHashes(file(deps, 'tile/0/001.p/4')?.body ?? new Uint8Array()),
    ];
    expect(toBase64(referenceRoot(leafHashes))).toBe(expected);
    // Act / Assess: a kept checkpoint whose partial tile went missing gets it back
    deps.logFiles.files.delete(`${FUND}/tile/0/001.p/4`);
    expect(await checkpointAt(deps, FUND, 260, totals)).toEqual(at260);
    expect(toBase64(await clientRoot(deps, 260))).toBe(expected);
  });

  it('signs no earlier size when the tiles are inconsistent with the latest checkpoint', async () => {
    // Prepare: 512 entries published: two full leaf tiles and tile/1/000.p/2
    const { deps, store } = await fundWithLog();
    await appendGifts(store, FUND, 512, { batch: 64 });
    await publishLog(deps, FUND, { minIntervalMs: 0 });
    const totals = { pledged: 0, received: 260_000, spent: 0, balance: 260_000, outstanding: 0 };
    const before = await store.log.listCheckpoints(FUND, 10);
    deps.logFiles.writes.length = 0;
    const tamper = async (path: string, at: number) => {
      const body = file(deps, path)?.body as Uint8Array;
      body[at] = (body[at] as number) ^ 1;
      const attempt = checkpointAt(deps, FUND, 260, totals);
      await attempt.catch(() => undefined);
      body[at] = (body[at] as number) ^ 1;
      return attempt;
    };
    // Act / Assess: leaf 258's hash changed: the latest root still folds (it reads the level-1
    // tile), but the root at 260 does not lead to it
    await expect(tamper('tile/0/001', 2 * 32 + 5)).rejects.toMatchObject({
      code: 'log_integrity',
    });
    // Act / Assess: the level-1 hash of leaves 256–511 changed: the latest root no longer folds
    await expect(tamper('tile/1/000.p/2', 32 + 5)).rejects.toMatchObject({
      code: 'log_integrity',
    });
    // Assess: nothing signed, nothing written
    expect(await store.log.listCheckpoints(FUND, 10)).toEqual(before);
    expect(deps.logFiles.writes).toEqual([]);
    // The untouched tiles sign it
    expect((await checkpointAt(deps, FUND, 260, totals)).size).toBe(260);
  });
});
