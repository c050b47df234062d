import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EvidenceStore, EvidenceUpload } from '@soquy/ledger';

/** `evidence/` for receipts and invoices, `statements/` for bank statements (the import's S3 event). */
export type FilePrefix = 'evidence' | 'statements';
const base64Of = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const UPLOAD_SECONDS = 900;

/**
 * Wraps each AWS client as it is made (the functions pass X-Ray tracing, functions/shared/
 * tracing.ts); nothing by default. Clients are made on first use, so only a hook reaches them.
 */
export type ClientHook = <C>(client: C) => C;
export const asIs: ClientHook = (client) => client;

/**
 * Evidence in a private S3 bucket, one object per SHA-256. Uploads are presigned PUTs carrying
 * x-amz-checksum-sha256, so S3 itself refuses bytes that do not hash to the declared digest.
 * The S3 client and the presigner are imported on first use (and kept), so a function's cold
 * start does not pay for loading them; `client`, if given, replaces the default one.
 */
export class S3EvidenceStore implements EvidenceStore {
  private sdk?: Promise<S3Sdk>;

  constructor(
    private readonly bucket: string,
    private readonly client?: S3Client,
    private readonly prefix: FilePrefix = 'evidence',
    private readonly hook: ClientHook = asIs,
  ) {}

  private key(fundId: string, sha256: string) {
    return `${this.prefix}/${fundId}/${sha256}`;
  }

  /** The stored bytes, streamed (a statement may be larger than a function's memory). */
  async *open(fundId: string, sha256: string): AsyncIterable<Uint8Array> {
    const { s3, GetObjectCommand } = await this.s3();
    const object = await s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.key(fundId, sha256) }),
    );
    yield* object.Body as AsyncIterable<Uint8Array>;
  }

  private s3(): Promise<S3Sdk> {
    this.sdk ??= loadS3(this.client, this.hook);
    return this.sdk;
  }

  async createUpload(file: {
    fundId: string;
    sha256: string;
    contentType: string;
    size: number;
  }): Promise<EvidenceUpload> {
    const { s3, PutObjectCommand, getSignedUrl } = await this.s3();
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.key(file.fundId, file.sha256),
      ContentType: file.contentType,
      ContentLength: file.size,
      ChecksumSHA256: base64Of(file.sha256),
    });
    const url = await getSignedUrl(s3, command, {
      expiresIn: UPLOAD_SECONDS,
      signableHeaders: new Set(['content-type', 'x-amz-checksum-sha256']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': file.contentType, 'x-amz-checksum-sha256': base64Of(file.sha256) },
      expiresAt: new Date(Date.now() + UPLOAD_SECONDS * 1000).toISOString(),
    };
  }

  async put(fundId: string, bytes: Uint8Array, contentType: string): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { s3, PutObjectCommand } = await this.s3();
    await s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(fundId, sha256),
        Body: bytes,
        ContentType: contentType,
        ChecksumSHA256: base64Of(sha256),
      }),
    );
    return sha256;
  }

  async has(fundId: string, sha256: string): Promise<boolean> {
    const { s3, HeadObjectCommand } = await this.s3();
    try {
      const head = await s3.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: this.key(fundId, sha256),
          ChecksumMode: 'ENABLED',
        }),
      );
      return head.ChecksumSHA256 === base64Of(sha256);
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound') return false;
      throw error;
    }
  }

  async readUrl(fundId: string, sha256: string, contentType: string): Promise<string> {
    const { s3, GetObjectCommand, getSignedUrl } = await this.s3();
    return getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.key(fundId, sha256),
        ResponseContentType: contentType,
      }),
      { expiresIn: 300 },
    );
  }
}

export interface S3Sdk {
  s3: S3Client;
  GetObjectCommand: typeof import('@aws-sdk/client-s3').GetObjectCommand;
  HeadObjectCommand: typeof import('@aws-sdk/client-s3').HeadObjectCommand;
  PutObjectCommand: typeof import('@aws-sdk/client-s3').PutObjectCommand;
  getSignedUrl: typeof import('@aws-sdk/s3-request-presigner').getSignedUrl;
}

/** The S3 client and presigner, imported when first needed (the runtime provides both). */
export async function loadS3(
  client: S3Client | undefined,
  hook: ClientHook = asIs,
): Promise<S3Sdk> {
  const [sdk, presigner] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/s3-request-presigner'),
  ]);
  return {
    s3: client ?? hook(new sdk.S3Client({})),
    GetObjectCommand: sdk.GetObjectCommand,
    HeadObjectCommand: sdk.HeadObjectCommand,
    PutObjectCommand: sdk.PutObjectCommand,
    getSignedUrl: presigner.getSignedUrl,
  };
}
