import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CHECKPOINT_CONTENT_TYPE,
  type LogFiles,
  parseTilePath,
  SLUG_PATTERN,
  TILE_CONTENT_TYPE,
  TILE_WIDTH,
} from '@soquy/ledger';
import { asIs, type ClientHook, loadS3, type S3Sdk } from './s3.ts';

/**
 * A fund's transparency log as static files (C2SP tlog-tiles): `checkpoint`, `tile/<L>/<N>[.p/<W>]`
 * and `tile/entries/<N>[.p/<W>]`, relative to `/funds/{fundId}/log/`. In AWS they are objects in
 * the log bucket behind CloudFront; locally files under `.data/log/<fundId>/`, served by the local
 * stack on the same paths.
 */

/** Cache-Control of a log file: a full tile never changes; the checkpoint and partial tiles move. */
export const logCacheControl = (immutable: boolean) =>
  immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=2';

/** A path the log publishes: the checkpoint, or a tile path as tlog-tiles spells it. */
export function isLogPath(path: string): boolean {
  return path === 'checkpoint' || parseTilePath(path) !== undefined;
}

/** What a reader is told about a log path: its type, and whether it never changes (a full tile). */
export function logFileHeaders(path: string): Record<string, string> | undefined {
  if (path === 'checkpoint') {
    return { 'content-type': CHECKPOINT_CONTENT_TYPE, 'cache-control': logCacheControl(false) };
  }
  const tile = parseTilePath(path);
  if (!tile) return undefined;
  return {
    'content-type': TILE_CONTENT_TYPE,
    'cache-control': logCacheControl(tile.width === TILE_WIDTH),
  };
}

/**
 * The object key of a log file: the public path without its leading slash, so CloudFront maps
 * `/funds/{fundId}/log/…` to the bucket one to one, with no function rewriting the path.
 */
export const logObjectKey = (fundId: string, path: string) => `funds/${fundId}/log/${path}`;

/** The prefix every log object lives under (IAM and CloudFront are scoped to it). */
export const LOG_OBJECT_PREFIX = 'funds/';

/** A full tile written again with other bytes: the published log would change under readers. */
export class LogFileConflictError extends Error {
  constructor(
    readonly fundId: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The immutable log file ${fundId}/${path} already holds other bytes; it is never rewritten.`,
      options,
    );
    this.name = 'LogFileConflictError';
  }
}

function checkedPath(fundId: string, path: string): void {
  if (!SLUG_PATTERN.test(fundId) || !isLogPath(path)) {
    throw new RangeError(`Not a log file: ${fundId}/${path}`);
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Log files as S3 objects. A full tile is put with `If-None-Match: *`, so S3 itself keeps it from
 * ever changing; writing the same bytes again (a publisher retrying after a crash) is accepted.
 */
export class S3LogFiles implements LogFiles {
  private sdk?: Promise<S3Sdk>;

  constructor(
    private readonly bucket: string,
    private readonly hook: ClientHook = asIs,
  ) {}

  private s3(): Promise<S3Sdk> {
    this.sdk ??= loadS3(undefined, this.hook);
    return this.sdk;
  }

  async read(fundId: string, path: string): Promise<Uint8Array | undefined> {
    checkedPath(fundId, path);
    const { s3, GetObjectCommand } = await this.s3();
    try {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: logObjectKey(fundId, path) }),
      );
      return await object.Body?.transformToByteArray();
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async write(
    fundId: string,
    path: string,
    body: Uint8Array,
    options: { immutable: boolean; contentType: string },
  ): Promise<void> {
    checkedPath(fundId, path);
    const { s3, PutObjectCommand } = await this.s3();
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: logObjectKey(fundId, path),
          Body: body,
          ContentType: options.contentType,
          CacheControl: logCacheControl(options.immutable),
          ...(options.immutable ? { IfNoneMatch: '*' } : {}),
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (
        !options.immutable ||
        (name !== 'PreconditionFailed' && name !== 'ConditionalRequestConflict')
      ) {
        throw error;
      }
      const kept = await this.read(fundId, path);
      if (!kept || !sameBytes(kept, body)) {
        throw new LogFileConflictError(fundId, path, { cause: error });
      }
    }
  }
}

/** Log files on disk for the local stack: `<dir>/<fundId>/<path>`, served as CloudFront would. */
export class DiskLogFiles implements LogFiles {
  constructor(private readonly dir: string) {}

  private file(fundId: string, path: string) {
    checkedPath(fundId, path);
    return join(this.dir, fundId, ...path.split('/'));
  }

  async read(fundId: string, path: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(readFileSync(this.file(fundId, path)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(
    fundId: string,
    path: string,
    body: Uint8Array,
    options: { immutable: boolean; contentType: string },
  ): Promise<void> {
    const file = this.file(fundId, path);
    if (options.immutable) {
      const kept = await this.read(fundId, path);
      if (kept) {
        if (sameBytes(kept, body)) return;
        throw new LogFileConflictError(fundId, path);
      }
    }
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename: a reader never sees half a tile, as with S3's whole-object PUT.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, body);
    renameSync(temporary, file);
  }

  /**
   * What the local stack answers on `GET`/`HEAD /funds/{fundId}/log/checkpoint` and
   * `…/log/tile/…`, as CloudFront in front of the bucket would; undefined for any other URL (it
   * goes on to the API).
   */
  serve(
    method: string,
    url: URL,
  ): { status: number; headers: Record<string, string>; body: Buffer | string } | undefined {
    // The same two patterns CloudFront sends to the bucket; the rest of /log/ is the API's.
    const match = /^\/funds\/([^/]+)\/log\/(checkpoint|tile\/.*)$/.exec(url.pathname);
    if (!match || (method !== 'GET' && method !== 'HEAD')) return undefined;
    const [, fundId = '', path = ''] = match;
    const headers = SLUG_PATTERN.test(fundId) ? logFileHeaders(path) : undefined;
    let body: Buffer | undefined;
    try {
      body = headers ? readFileSync(this.file(fundId, path)) : undefined;
    } catch {
      body = undefined;
    }
    if (!headers || body === undefined) {
      return {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: method === 'HEAD' ? '' : 'Not found',
      };
    }
    return {
      status: 200,
      headers: { ...headers, 'content-length': String(body.length) },
      body: method === 'HEAD' ? '' : body,
    };
  }
}

export type LogFileSettings = { LOG_BUCKET: string } | { LOG_DIR: string };

export function createLogFiles(settings: LogFileSettings, hook?: ClientHook): LogFiles {
  return 'LOG_BUCKET' in settings
    ? new S3LogFiles(settings.LOG_BUCKET, hook)
    : new DiskLogFiles(settings.LOG_DIR);
}
