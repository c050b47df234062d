import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { EvidenceStore, EvidenceUpload } from '@soquy/ledger';

const key = (fundId: string, sha256: string) => `evidence/${fundId}/${sha256}`;
const base64Of = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const UPLOAD_SECONDS = 900;

/**
 * Evidence in a private S3 bucket, one object per SHA-256. Uploads are presigned PUTs carrying
 * x-amz-checksum-sha256, so S3 itself refuses bytes that do not hash to the declared digest.
 */
export class S3EvidenceStore implements EvidenceStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async createUpload(file: {
    fundId: string;
    sha256: string;
    contentType: string;
    size: number;
  }): Promise<EvidenceUpload> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key(file.fundId, file.sha256),
      ContentType: file.contentType,
      ContentLength: file.size,
      ChecksumSHA256: base64Of(file.sha256),
    });
    const url = await getSignedUrl(this.s3, command, {
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
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key(fundId, sha256),
        Body: bytes,
        ContentType: contentType,
        ChecksumSHA256: base64Of(sha256),
      }),
    );
    return sha256;
  }

  async has(fundId: string, sha256: string): Promise<boolean> {
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: key(fundId, sha256),
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
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key(fundId, sha256),
        ResponseContentType: contentType,
      }),
      { expiresIn: 300 },
    );
  }
}
