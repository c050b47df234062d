import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../../../test/support/funds.ts';
import { canonicalJson } from '../../primitives/canonical.ts';
import { fromBase64, rootOfFrontier, toBase64 } from '../../primitives/merkle.ts';
import { parseNote } from '../../primitives/signed-note.ts';
import { decodeEntryBundle } from '../../primitives/tlog-tiles.ts';
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
});
