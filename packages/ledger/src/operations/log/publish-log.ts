import { CheckpointNotFoundError, LogIntegrityError } from '../../errors.ts';
import type { LogDeps, SignedCheckpoint } from '../../ports/transparency-log.ts';
import type { Entry } from '../../primitives/entry.ts';
import { type Head, headTotals } from '../../primitives/head.ts';
import {
  consistencyProof,
  entryLeaf,
  extendFrontier,
  foldSubtrees,
  fromBase64,
  leafHash,
  rootOfFrontier,
  sameHash,
  subtreesOf,
  type TreeHash,
  toBase64,
  treeRoot,
  verifyConsistency,
} from '../../primitives/merkle.ts';
import {
  checkpointText,
  logOrigin,
  NoteFormatError,
  parseCheckpointText,
  parseNote,
  signNote,
  totalsLine,
} from '../../primitives/signed-note.ts';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  grownTiles,
  rightEdgeTiles,
  rootFromTiles,
  TILE_WIDTH,
  type TileRef,
  type TileWrite,
  tileHashes,
  tileKey,
  tilePath,
  tileReader,
} from '../../primitives/tlog-tiles.ts';
import type { FundTotals } from '../../primitives/totals.ts';
import { requireFund } from '../common/read.ts';
import {
  CHECKPOINT_CONTENT_TYPE,
  CHECKPOINT_PATH,
  TILE_CONTENT_TYPE,
  tilesOf,
} from './log-files.ts';

/** At most one checkpoint per second per fund: a burst of writes shares one signature. */
export const MIN_CHECKPOINT_INTERVAL_MS = 1000;
/**
 * Entries are read and tiled in runs of three tiles (768 entries) ending on a tile boundary, so
 * a long backlog is published in bounded memory and full tiles are written exactly once.
 */
const RUN_TILES = 3;
/** A tree hash in a hash tile. */
const HASH_BYTES = 32;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Brings a fund's published log up to its head: the tiles first, then a new signed checkpoint,
 * kept in the State table and written as `checkpoint`. Before signing it checks that the new
 * leaves, on top of the published tree (whose root must be the latest checkpoint's), fold to the
 * root of the head's frontier, and that the tiles written fold to it too; a mismatch throws
 * LogIntegrityError and nothing is signed. Undefined for an empty fund. Safe to run again; meant
 * to run one at a time per fund.
 */
export async function publishLog(
  deps: LogDeps,
  fundId: string,
  options: { minIntervalMs?: number } = {},
): Promise<SignedCheckpoint | undefined> {
  const minInterval = options.minIntervalMs ?? MIN_CHECKPOINT_INTERVAL_MS;
  // The latest checkpoint before the head: a head read first could look older than a
  // checkpoint another publisher signed meanwhile.
  let latest = await deps.store.log.latestCheckpoint(fundId);
  let { head } = await requireFund(deps, fundId);
  if (latest && head.seq === latest.size) return ensureCheckpointFile(deps, latest);
  if (head.seq === 0) return undefined;
  if (latest) {
    const since = deps.clock().getTime() - Date.parse(latest.signedAt);
    const wait = Math.min(minInterval, minInterval - since);
    if (wait > 0) {
      await sleep(wait);
      latest = await deps.store.log.latestCheckpoint(fundId);
      head = (await requireFund(deps, fundId)).head;
      if (latest && head.seq === latest.size) return ensureCheckpointFile(deps, latest);
    }
  }
  const oldSize = latest?.size ?? 0;
  if (head.seq < oldSize) {
    throw new LogIntegrityError(fundId, oldSize, {
      reason: `the journal ends at seq ${head.seq}, before the signed checkpoint of size ${oldSize}`,
    });
  }
  const root = await growTiles(deps, fundId, head, latest);
  const checkpoint = await signCheckpoint(deps, fundId, head.seq, root, headTotals(head));
  if (!(await deps.store.log.saveCheckpoint(checkpoint))) {
    // Another publisher kept one of this size first: the same tree, so its tiles are ours.
    const kept = await deps.store.log.getCheckpoint(fundId, head.seq);
    if (!kept) throw new LogIntegrityError(fundId, head.seq, { reason: 'checkpoint vanished' });
    return ensureCheckpointFile(deps, kept);
  }
  return ensureCheckpointFile(deps, checkpoint);
}

/**
 * The kept checkpoint of exactly `size`, or one signed now for that earlier size from the
 * published tiles (statements and exports are cut at a size), with the totals at that size.
 * A checkpoint of an earlier size is signed only when the tiles fold to the latest checkpoint's
 * root and give, at `size`, a root consistent with it (a log never signs two histories).
 * Either way the partial tiles of `size` are published (cut from the wider ones), as
 * tlog-tiles asks for every size a checkpoint was made of, so a tiles client can check it.
 */
export async function checkpointAt(
  deps: LogDeps,
  fundId: string,
  size: number,
  totals: FundTotals,
): Promise<SignedCheckpoint> {
  const kept = await deps.store.log.getCheckpoint(fundId, size);
  if (kept) {
    await ensureTilesAt(deps, fundId, size, fromBase64(kept.root) ?? new Uint8Array());
    return kept;
  }
  const latest = await deps.store.log.latestCheckpoint(fundId);
  if (!latest || !Number.isSafeInteger(size) || size < 1 || size > latest.size) {
    throw new CheckpointNotFoundError(fundId, size);
  }
  const root = await consistentRootAt(deps, fundId, size, latest);
  await ensureTilesAt(deps, fundId, size, root, latest);
  const checkpoint = await signCheckpoint(deps, fundId, size, root, totals);
  if (await deps.store.log.saveCheckpoint(checkpoint)) return checkpoint;
  return (await deps.store.log.getCheckpoint(fundId, size)) ?? checkpoint;
}

/**
 * The root of the tree of `size` leaves from the tiles published at the latest checkpoint,
 * after checking that those tiles fold to the latest root and that a consistency proof read
 * from them leads from this root to the latest one. LogIntegrityError otherwise.
 */
async function consistentRootAt(
  deps: LogDeps,
  fundId: string,
  size: number,
  latest: SignedCheckpoint,
): Promise<TreeHash> {
  const reader = tileReader(latest.size, tilesOf(deps.logFiles, fundId));
  const latestRoot = fromBase64(latest.root) ?? new Uint8Array();
  const [published, root, proof] = await Promise.all([
    treeRoot(latest.size, reader),
    treeRoot(size, reader),
    size < latest.size ? consistencyProof(size, latest.size, reader) : Promise.resolve([]),
  ]).catch((error: unknown) => {
    throw new LogIntegrityError(
      fundId,
      latest.size,
      { reason: 'a published tile is missing', cause: String(error) },
      { cause: error },
    );
  });
  if (!sameHash(published, latestRoot)) {
    throw new LogIntegrityError(fundId, latest.size, {
      reason: 'the published tiles do not fold to the latest checkpoint',
    });
  }
  if (!verifyConsistency(size, latest.size, proof, root, latestRoot)) {
    throw new LogIntegrityError(fundId, size, {
      reason: `the published tiles give a root at size ${size} inconsistent with the latest checkpoint`,
    });
  }
  return root;
}

/**
 * Makes sure the partial tiles of a tree of `size` leaves exist, cutting each missing one from
 * the tile of the same index at the latest checkpoint's size (its first W hashes or entries).
 * Checks, before writing, that the entries hash to the leaf hashes beside them and that the
 * tiles give `root` at `size`.
 */
async function ensureTilesAt(
  deps: LogDeps,
  fundId: string,
  size: number,
  root: TreeHash,
  known?: SignedCheckpoint,
): Promise<void> {
  const read = tilesOf(deps.logFiles, fundId);
  const edge = rightEdgeTiles(size);
  const present = await Promise.all(edge.map(read));
  const missingTiles = edge.filter((_, i) => !present[i]);
  if (missingTiles.length === 0) return;
  const latest = known ?? (await deps.store.log.latestCheckpoint(fundId));
  const broken = (reason: string) => new LogIntegrityError(fundId, size, { reason });
  if (!latest || latest.size < size) throw broken('no published tree covers this size');

  const cut = new Map<string, TileWrite>();
  for (const tile of missingTiles) {
    const wider = widerTile(tile, latest.size);
    const bytes = await read(wider);
    if (!bytes) throw broken(`tile ${tilePath(wider)} is missing`);
    let part: Uint8Array;
    if (tile.level === 'entries') {
      const leaves = bundleLeaves(bytes);
      if (leaves?.length !== wider.width) throw broken(`tile ${tilePath(wider)} is malformed`);
      part = encodeEntryBundle(leaves.slice(0, tile.width));
    } else {
      if (bytes.length !== wider.width * HASH_BYTES) {
        throw broken(`tile ${tilePath(wider)} has the wrong size`);
      }
      part = bytes.slice(0, tile.width * HASH_BYTES);
    }
    cut.set(tilePath(tile), { tile, path: tilePath(tile), bytes: part, immutable: false });
  }
  const readCut = async (tile: TileRef) => cut.get(tilePath(tile))?.bytes ?? (await read(tile));

  // The entries of the partial bundle must be the leaves the hash tile beside it holds.
  const bundle = edge.find((tile) => tile.level === 'entries');
  if (bundle) {
    const leaves = bundleLeaves((await readCut(bundle)) ?? new Uint8Array()) ?? [];
    const hashes = tileHashes((await readCut({ ...bundle, level: 0 })) ?? new Uint8Array());
    if (
      leaves.length !== hashes.length ||
      leaves.some((leaf, i) => !sameHash(leafHash(leaf), hashes[i] as TreeHash))
    ) {
      throw broken(`the entries of ${tilePath(bundle)} do not hash to the leaf hashes`);
    }
  }
  const fromTiles = await rootFromTiles(size, size, readCut).catch((error: unknown) => {
    throw new LogIntegrityError(
      fundId,
      size,
      { reason: 'a tile is missing', cause: String(error) },
      { cause: error },
    );
  });
  if (!sameHash(fromTiles, root)) throw broken(`the tiles do not fold to the root at ${size}`);
  for (const write of cut.values()) await writeTile(deps, fundId, write);
}

/** An entry bundle's leaves; undefined when it is not one. */
function bundleLeaves(bytes: Uint8Array): Uint8Array[] | undefined {
  try {
    return decodeEntryBundle(bytes);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The tile of the same level and index in the tree of `size` leaves (at least as wide). */
function widerTile(tile: TileRef, size: number): TileRef {
  const count = tile.level === 'entries' ? size : Math.floor(size / TILE_WIDTH ** tile.level);
  return { ...tile, width: Math.min(TILE_WIDTH, count - tile.index * TILE_WIDTH) };
}

async function signCheckpoint(
  deps: LogDeps,
  fundId: string,
  size: number,
  root: TreeHash,
  totals: FundTotals,
): Promise<SignedCheckpoint> {
  const text = checkpointText({
    origin: logOrigin(deps.deployment, fundId),
    size,
    root,
    extensions: [totalsLine(totals)],
  });
  return {
    fundId,
    size,
    root: toBase64(root),
    note: await signNote(text, deps.signer),
    signedAt: deps.clock().toISOString(),
  };
}

/**
 * Brings the `checkpoint` file up to the newest kept checkpoint (at least `checkpoint`), unless
 * the file already shows that size or a larger one: a slow publisher never takes the served
 * checkpoint back (a witness would call that a rollback), and a publisher that stopped between
 * keeping a checkpoint and writing it is caught up next time. Answers `checkpoint`.
 */
async function ensureCheckpointFile(
  deps: LogDeps,
  checkpoint: SignedCheckpoint,
): Promise<SignedCheckpoint> {
  const current = await deps.logFiles.read(checkpoint.fundId, CHECKPOINT_PATH);
  // Read after the file, right before writing: whatever a faster publisher kept and served
  // meanwhile is at least this. A window remains between this read and the write (a
  // publisher keeping and serving a newer one in it is overwritten by an older note, no
  // conditional write here); the next publish, of any publisher, serves the newest again.
  const kept = await deps.store.log.latestCheckpoint(checkpoint.fundId);
  const newest = kept && kept.size > checkpoint.size ? kept : checkpoint;
  if (!current || servedSize(current) < newest.size) {
    await deps.logFiles.write(
      checkpoint.fundId,
      CHECKPOINT_PATH,
      new TextEncoder().encode(newest.note),
      { immutable: false, contentType: CHECKPOINT_CONTENT_TYPE },
    );
  }
  return checkpoint;
}

function servedSize(bytes: Uint8Array): number {
  try {
    return parseCheckpointText(parseNote(new TextDecoder().decode(bytes)).text).size;
  } catch (error) {
    if (error instanceof NoteFormatError) return -1;
    throw error;
  }
}

/** Entries (after, end] of the journal, checked to be exactly those seqs. */
async function readRun(
  deps: LogDeps,
  fundId: string,
  after: number,
  end: number,
): Promise<Entry[]> {
  const entries = await deps.store.readEntries(fundId, { after, limit: end - after });
  entries.forEach((entry, i) => {
    if (entry.seq !== after + i + 1) {
      throw new LogIntegrityError(fundId, end, { reason: `seq ${after + i + 1} is missing` });
    }
  });
  if (entries.length !== end - after) {
    throw new LogIntegrityError(fundId, end, { reason: `the journal ends before seq ${end}` });
  }
  return entries;
}

/** The runs (after, end] from `oldSize` to `newSize`, each ending on a tile boundary but the last. */
function runsOf(oldSize: number, newSize: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let after = oldSize; after < newSize; ) {
    const end = Math.min(newSize, (Math.floor(after / TILE_WIDTH) + RUN_TILES) * TILE_WIDTH);
    runs.push([after, end]);
    after = end;
  }
  return runs;
}

/**
 * Writes the tiles from the latest checkpoint's size to the head's and answers the new root,
 * after checking, before writing anything, that the leaves read from the journal extend the
 * published tree to the head's frontier.
 */
async function growTiles(
  deps: LogDeps,
  fundId: string,
  head: Head,
  latest: SignedCheckpoint | undefined,
): Promise<TreeHash> {
  const oldSize = latest?.size ?? 0;
  const newSize = head.seq;
  const expected = rootOfFrontier(head.frontier.map((h) => fromBase64(h) ?? new Uint8Array()));

  // Tiles written in this run, by path: later runs and the final check read through it.
  const written = new Map<string, Uint8Array>();
  const readTile = async (tile: TileRef) =>
    written.get(tilePath(tile)) ?? (await deps.logFiles.read(fundId, tilePath(tile)));

  // The published tree: its right edge from the tiles, which must fold to the latest root.
  let frontier: TreeHash[] = [];
  if (latest) {
    frontier = await tileReader(oldSize, readTile)
      .read(subtreesOf(0, oldSize))
      .catch((error: unknown) => {
        throw new LogIntegrityError(fundId, oldSize, {
          reason: 'a published tile is missing',
          cause: String(error),
        });
      });
    if (!sameHash(foldSubtrees(frontier), fromBase64(latest.root) ?? new Uint8Array())) {
      throw new LogIntegrityError(fundId, oldSize, {
        reason: 'the published tiles do not fold to the latest checkpoint',
      });
    }
  }

  // First pass: the new leaves' hashes only, so a long backlog costs 32 bytes an entry.
  const runs = runsOf(oldSize, newSize);
  const single =
    runs.length === 1 ? await readRun(deps, fundId, ...(runs[0] as [number, number])) : undefined;
  let size = oldSize;
  for (const [after, end] of runs) {
    const entries = single ?? (await readRun(deps, fundId, after, end));
    frontier = extendFrontier(
      frontier,
      size,
      entries.map((e) => leafHash(entryLeaf(e))),
    );
    size = end;
  }
  if (!sameHash(foldSubtrees(frontier), expected)) {
    throw new LogIntegrityError(fundId, newSize, {
      reason: "the journal's entries do not fold to the head's frontier",
    });
  }

  // Second pass: grow the tiles run by run. Full tiles are written at once (never again);
  // partial ones only at the end, at their final width.
  const partial = new Map<string, TileWrite>();
  for (const [after, end] of runs) {
    const entries = single ?? (await readRun(deps, fundId, after, end));
    const leaves = entries.map(entryLeaf);
    const edge = new Map<string, Uint8Array>();
    for (const tile of rightEdgeTiles(after)) {
      const bytes = await readTile(tile);
      if (bytes) edge.set(tileKey(tile), bytes);
    }
    const writes = grownTiles(after, end, edge, leaves, leaves.map(leafHash));
    for (const write of writes) {
      written.set(write.path, write.bytes);
      if (write.immutable) {
        partial.delete(tileKey(write.tile));
        await writeTile(deps, fundId, write);
      } else {
        partial.set(tileKey(write.tile), write);
      }
    }
  }
  for (const write of partial.values()) await writeTile(deps, fundId, write);

  // The tiles as a reader will see them must give the same root.
  const fromTiles = await rootFromTiles(newSize, newSize, readTile);
  if (!sameHash(fromTiles, expected)) {
    throw new LogIntegrityError(fundId, newSize, {
      reason: "the tiles written do not fold to the head's frontier",
    });
  }
  return expected;
}

function writeTile(deps: LogDeps, fundId: string, write: TileWrite) {
  return deps.logFiles.write(fundId, write.path, write.bytes, {
    immutable: write.immutable,
    contentType: TILE_CONTENT_TYPE,
  });
}
