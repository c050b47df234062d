import type { LogFiles } from '../../ports/transparency-log.ts';
import { type TileRef, tilePath } from '../../primitives/tlog-tiles.ts';

/** Where a fund's log is published, relative to `/funds/{fundId}/log/`. */
export const CHECKPOINT_PATH = 'checkpoint';
export const CHECKPOINT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const TILE_CONTENT_TYPE = 'application/octet-stream';

/** Reads a fund's published tiles by reference, as tileReader and rootFromTiles want them. */
export const tilesOf =
  (files: LogFiles, fundId: string) =>
  (tile: TileRef): Promise<Uint8Array | undefined> =>
    files.read(fundId, tilePath(tile));
