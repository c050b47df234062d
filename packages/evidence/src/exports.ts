import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXPORT_FILE_NAME,
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFiles,
  type ExportFormat,
  SLUG_PATTERN,
} from '@soquy/ledger';
import { asIs, type ClientHook, loadS3, type S3Sdk } from './s3.ts';

export const LOCAL_EXPORTS_PATH = '/_local/exports/';
const LINK_SECONDS = 300;
const key = (fundId: string, name: string) => `exports/${fundId}/${name}`;

/** Cache-Control of a published file: a closed chunk never changes; the rest changes often. */
export const exportCacheControl = (immutable: boolean) =>
  immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=5';

/**
 * Exports as objects in the bucket, under exports/{fundId}/. The S3 client is loaded on first
 * use (the same loader as evidence), so a function's cold start does not pay for it.
 */
export class S3ExportFiles implements ExportFiles {
  private sdk?: Promise<S3Sdk>;

  constructor(
    private readonly bucket: string,
    private readonly hook: ClientHook = asIs,
  ) {}

  private s3(): Promise<S3Sdk> {
    this.sdk ??= loadS3(undefined, this.hook);
    return this.sdk;
  }

  async read(fundId: string, name: string): Promise<string | undefined> {
    const { s3, GetObjectCommand } = await this.s3();
    try {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key(fundId, name) }),
      );
      return await object.Body?.transformToString('utf-8');
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async write(fundId: string, file: ExportFile): Promise<void> {
    const { s3, PutObjectCommand } = await this.s3();
    await s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key(fundId, file.name),
        Body: file.body,
        ContentType: file.contentType,
        CacheControl: exportCacheControl(file.immutable),
        ...(file.name.endsWith('.json')
          ? {}
          : { ContentDisposition: `attachment; filename="${fundId}-${file.name}"` }),
      }),
    );
  }

  async linkTo(fundId: string, name: string): Promise<string> {
    const { s3, GetObjectCommand, getSignedUrl } = await this.s3();
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: this.bucket, Key: key(fundId, name) }), {
      expiresIn: LINK_SECONDS,
    });
  }
}

/** Exports as files on disk for the local stack, served on /_local/exports/ as S3 would. */
export class DiskExportFiles implements ExportFiles {
  constructor(
    private readonly dir: string,
    private readonly baseUrl: string,
  ) {}

  private path(fundId: string, name: string) {
    if (!SLUG_PATTERN.test(fundId) || !EXPORT_FILE_NAME.test(name)) return undefined;
    return join(this.dir, fundId, name);
  }

  async read(fundId: string, name: string): Promise<string | undefined> {
    const path = this.path(fundId, name);
    try {
      return path ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  async write(fundId: string, file: ExportFile): Promise<void> {
    const path = this.path(fundId, file.name);
    if (!path) throw new RangeError(`Not an export file name: ${fundId}/${file.name}`);
    mkdirSync(join(this.dir, fundId), { recursive: true });
    // Write then rename: a reader never sees half a file, as with S3's whole-object PUT.
    writeFileSync(`${path}.tmp`, file.body);
    renameSync(`${path}.tmp`, path);
  }

  async linkTo(fundId: string, name: string): Promise<string> {
    return `${this.baseUrl}${LOCAL_EXPORTS_PATH}${fundId}/${name}`;
  }

  /** What the local stack answers on /_local/exports/{fundId}/{name}. */
  serve(
    method: string,
    url: URL,
  ): { status: number; headers: Record<string, string>; body: Buffer | string } {
    const [fundId = '', name = ''] = url.pathname.slice(LOCAL_EXPORTS_PATH.length).split('/');
    const path = this.path(fundId, name);
    // Bytes as they are on disk, like S3 sends them: no decoding and encoding on the way.
    let body: Buffer | undefined;
    try {
      body = method === 'GET' && path ? readFileSync(path) : undefined;
    } catch {
      body = undefined;
    }
    if (body === undefined) {
      return {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Not found',
      };
    }
    const format = name.slice(name.lastIndexOf('.') + 1) as ExportFormat;
    return {
      status: 200,
      headers: {
        'content-type': EXPORT_FORMATS[format],
        'cache-control': exportCacheControl(/^journal-\d/.test(name)),
        ...(format === 'json'
          ? {}
          : { 'content-disposition': `attachment; filename="${fundId}-${name}"` }),
      },
      body,
    };
  }
}

export type ExportSettings =
  | { EXPORTS_BUCKET: string }
  | { EXPORTS_DIR: string; LOCAL_EXPORTS_BASE_URL: string };

export function createExportFiles(settings: ExportSettings, hook?: ClientHook): ExportFiles {
  return 'EXPORTS_BUCKET' in settings
    ? new S3ExportFiles(settings.EXPORTS_BUCKET, hook)
    : new DiskExportFiles(settings.EXPORTS_DIR, settings.LOCAL_EXPORTS_BASE_URL);
}
