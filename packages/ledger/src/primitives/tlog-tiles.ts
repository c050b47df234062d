import {
  rootOf,
  type Subtree,
  type SubtreeReader,
  subtreesOf,
  type TreeHash,
  treeRoot,
} from './merkle.ts';

/**
 * The C2SP `tlog-tiles` layout of a fund's log (https://c2sp.org/tlog-tiles): tiles of height 8,
 * so a level-L tile holds up to 256 hashes of tree level 8·L, and `tile/entries/N` holds the
 * leaves themselves. Paths are relative to the log's prefix, `/funds/{fundId}/log/`.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
const HASH_SIZE = 32;

/** A tile: hash level `level` (a number) or the entry bundles (`'entries'`). */
export interface TileRef {
  level: number | 'entries';
  index: number;
  /** 1–256; below 256 the tile is partial and its path ends in `.p/<width>`. */
  width: number;
}

/** N as path elements of three digits, all but the last prefixed with `x`: 1234067 → x001/x234/067. */
function indexPath(index: number): string {
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export function tilePath(tile: TileRef): string {
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  return `tile/${tile.level}/${indexPath(tile.index)}${partial}`;
}

/** The tile a path names, or undefined when it is not a tile path (leading zeros and all). */
export function parseTilePath(path: string): TileRef | undefined {
  const match = /^tile\/(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(
    path,
  );
  if (!match) return undefined;
  const [, level, prefix = '', last = '', width] = match;
  const groups = [
    ...prefix
      .split('/')
      .filter(Boolean)
      .map((g) => g.slice(1)),
    last,
  ];
  if (groups.length > 1 && groups[0] === '000') return undefined;
  const index = Number(groups.join(''));
  const w = width === undefined ? TILE_WIDTH : Number(width);
  // A full tile has no `.p/`; a partial one is narrower than a full one (`.p/256` is no path).
  if (!Number.isSafeInteger(index) || (width !== undefined && w >= TILE_WIDTH)) return undefined;
  return { level: level === 'entries' ? 'entries' : Number(level), index, width: w };
}

/** How many hashes tree level 8·L has in a tree of `size` leaves. */
const hashesAtTileLevel = (size: number, level: number) => Math.floor(size / TILE_WIDTH ** level);

/** The tile of `level` holding hash `position` of that level, at its width in a tree of `size`. */
function tileAt(size: number, level: number | 'entries', position: number): TileRef {
  const count = level === 'entries' ? size : hashesAtTileLevel(size, level);
  const index = Math.floor(position / TILE_WIDTH);
  return { level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) };
}

/** The partial tiles at the right edge of a tree of `size` (what growing it starts from). */
export function rightEdgeTiles(size: number): TileRef[] {
  const tiles: TileRef[] = [];
  if (size % TILE_WIDTH > 0) tiles.push(tileAt(size, 'entries', size - 1));
  for (let level = 0; hashesAtTileLevel(size, level) > 0; level++) {
    const count = hashesAtTileLevel(size, level);
    if (count % TILE_WIDTH > 0) tiles.push(tileAt(size, level, count - 1));
  }
  return tiles;
}

export const tileKey = (tile: Pick<TileRef, 'level' | 'index'>) => `${tile.level}/${tile.index}`;

/** A hash tile's bytes as hashes. */
export function tileHashes(bytes: Uint8Array): TreeHash[] {
  const hashes: TreeHash[] = [];
  for (let at = 0; at + HASH_SIZE <= bytes.length; at += HASH_SIZE) {
    hashes.push(bytes.slice(at, at + HASH_SIZE));
  }
  return hashes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An entry bundle: each leaf as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(leaves: readonly Uint8Array[]): Uint8Array {
  return concat(
    leaves.flatMap((leaf) => {
      if (leaf.length > 0xffff) throw new RangeError('A log entry is at most 65,535 bytes.');
      return [new Uint8Array([leaf.length >> 8, leaf.length & 0xff]), leaf];
    }),
  );
}

export function decodeEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new RangeError('The entry bundle ends inside a length.');
    const length = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
    at += 2;
    if (at + length > bytes.length) throw new RangeError('The entry bundle ends inside an entry.');
    leaves.push(bytes.slice(at, at + length));
    at += length;
  }
  return leaves;
}

/** A tile to write: where, what, and whether it will never change again. */
export interface TileWrite {
  tile: TileRef;
  path: string;
  bytes: Uint8Array;
  /** A full tile: written once, cacheable forever. */
  immutable: boolean;
}

/**
 * The tiles that change when a tree grows from `oldSize` to `newSize` leaves: every tile whose
 * width grows, partial or newly full. `edge` holds the bytes of the old tree's right-edge
 * tiles (`rightEdgeTiles(oldSize)`, by `tileKey`); `leaves` the new leaves' bytes and
 * `leafHashes` their hashes, in order. Pure: the publisher reads and writes.
 */
export function grownTiles(
  oldSize: number,
  newSize: number,
  edge: ReadonlyMap<string, Uint8Array>,
  leaves: readonly Uint8Array[],
  leafHashes: readonly TreeHash[],
): TileWrite[] {
  if (leaves.length !== newSize - oldSize || leafHashes.length !== leaves.length) {
    throw new RangeError('grownTiles needs exactly the new leaves and their hashes.');
  }
  const writes: TileWrite[] = [];
  const emit = (level: number | 'entries', index: number, width: number, bytes: Uint8Array) => {
    const tile = { level, index, width };
    writes.push({ tile, path: tilePath(tile), bytes, immutable: width === TILE_WIDTH });
  };

  // Entry bundles: the old partial bundle's leaves, then the new ones, cut into tiles.
  const firstBundle = Math.floor(oldSize / TILE_WIDTH);
  const oldLeaves =
    oldSize % TILE_WIDTH > 0
      ? decodeEntryBundle(edge.get(tileKey({ level: 'entries', index: firstBundle })) ?? missing())
      : [];
  const allLeaves = [...oldLeaves, ...leaves];
  for (let i = 0; i * TILE_WIDTH < allLeaves.length; i++) {
    const chunk = allLeaves.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH);
    if (i === 0 && chunk.length === oldLeaves.length) continue;
    emit('entries', firstBundle + i, chunk.length, encodeEntryBundle(chunk));
  }

  // Hash tiles, level by level: `working` holds the level's hashes from the first tile that
  // changes (aligned to a tile) up to the new size.
  let working: TreeHash[] = [
    ...(oldSize % TILE_WIDTH > 0
      ? tileHashes(edge.get(tileKey({ level: 0, index: firstBundle })) ?? missing())
      : []),
    ...leafHashes,
  ];
  for (let level = 0; hashesAtTileLevel(newSize, level) > 0; level++) {
    const oldCount = hashesAtTileLevel(oldSize, level);
    const first = Math.floor(oldCount / TILE_WIDTH);
    for (let i = 0; i * TILE_WIDTH < working.length; i++) {
      const chunk = working.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH);
      if (i === 0 && chunk.length === oldCount % TILE_WIDTH) continue;
      emit(level, first + i, chunk.length, concat(chunk));
    }
    // The next level up: the old partial tile there, then the roots of the tiles just filled.
    const nextOld = hashesAtTileLevel(oldSize, level + 1);
    const filled: TreeHash[] = [];
    for (let i = 0; (i + 1) * TILE_WIDTH <= working.length; i++) {
      const index = first + i;
      if (index >= nextOld)
        filled.push(rootOf(working.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH)));
    }
    const nextFirst = Math.floor(nextOld / TILE_WIDTH);
    working = [
      ...(nextOld % TILE_WIDTH > 0
        ? tileHashes(edge.get(tileKey({ level: level + 1, index: nextFirst })) ?? missing())
        : []),
      ...filled,
    ];
  }
  return writes;
}

function missing(): never {
  throw new RangeError('A right-edge tile of the published tree is missing.');
}

/**
 * Subtree hashes read from hash tiles, for proofs and roots of any tree size up to `size`, the
 * size the tiles were published at. A subtree of level 8·T + k is folded from 2^k hashes of
 * one level-T tile; each tile is read once per call.
 */
export function tileReader(
  size: number,
  readTile: (tile: TileRef) => Promise<Uint8Array | undefined>,
): SubtreeReader {
  return {
    async read(subtrees: readonly Subtree[]) {
      const wanted = new Map<string, TileRef>();
      const plan = subtrees.map(({ level, index }) => {
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        const span = 2 ** (level % TILE_HEIGHT);
        const position = index * span;
        if ((index + 1) * 2 ** level > size) {
          throw new RangeError(`Subtree ${level}/${index} is beyond a tree of ${size} leaves.`);
        }
        const tile = tileAt(size, tileLevel, position);
        wanted.set(tileKey(tile), tile);
        return { tile, from: position - tile.index * TILE_WIDTH, span };
      });
      const tiles = new Map<string, TreeHash[]>();
      await Promise.all(
        [...wanted].map(async ([key, tile]) => {
          const bytes = await readTile(tile);
          if (!bytes || bytes.length !== tile.width * HASH_SIZE) {
            throw new RangeError(`Tile ${tilePath(tile)} is missing or has the wrong size.`);
          }
          tiles.set(key, tileHashes(bytes));
        }),
      );
      return plan.map(({ tile, from, span }) =>
        rootOf((tiles.get(tileKey(tile)) as TreeHash[]).slice(from, from + span)),
      );
    },
  };
}

/** The root of the tree of `size` leaves from tiles published at `publishedSize` ≥ size. */
export function rootFromTiles(
  size: number,
  publishedSize: number,
  readTile: (tile: TileRef) => Promise<Uint8Array | undefined>,
): Promise<TreeHash> {
  return treeRoot(size, tileReader(publishedSize, readTile));
}

export { subtreesOf };
