import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EvidenceStore, type EvidenceUpload, SLUG_PATTERN } from '@soquy/ledger';

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const LOCAL_EVIDENCE_PATH = '/_local/evidence/';
export const LOCAL_STATEMENTS_PATH = '/_local/statements/';

/**
 * Evidence as files on disk for the local stack, with the same contract as S3: uploads go to a
 * signed, expiring URL (served by the local API emulator) that refuses bytes whose SHA-256
 * is not the declared one.
 */
export class DiskEvidenceStore implements EvidenceStore {
  constructor(
    private readonly dir: string,
    private readonly baseUrl: string,
    private readonly key: Uint8Array,
    /** Where the local API serves its signed URLs (statements have their own). */
    readonly path: string = LOCAL_EVIDENCE_PATH,
  ) {}

  /** The stored bytes, streamed. */
  open(fundId: string, sha256: string): AsyncIterable<Uint8Array> {
    if (!SHA256_HEX.test(sha256) || !SLUG_PATTERN.test(fundId)) {
      throw new Error(`No file ${fundId}/${sha256}`);
    }
    return createReadStream(this.file(fundId, sha256));
  }

  private file(fundId: string, sha256: string) {
    return join(this.dir, fundId, sha256);
  }

  private sign(
    method: string,
    fundId: string,
    sha256: string,
    expires: number,
    contentType: string,
  ) {
    return createHmac('sha256', this.key)
      .update(`${method}\n${fundId}\n${sha256}\n${expires}\n${contentType}`)
      .digest('hex');
  }

  private signedUrl(
    method: 'GET' | 'PUT',
    fundId: string,
    sha256: string,
    contentType: string,
    seconds: number,
  ) {
    const expires = Math.floor(Date.now() / 1000) + seconds;
    const sig = this.sign(method, fundId, sha256, expires, contentType);
    const type = encodeURIComponent(contentType);
    return `${this.baseUrl}${this.path}${fundId}/${sha256}?expires=${expires}&type=${type}&sig=${sig}`;
  }

  async createUpload(file: {
    fundId: string;
    sha256: string;
    contentType: string;
  }): Promise<EvidenceUpload> {
    return {
      url: this.signedUrl('PUT', file.fundId, file.sha256, file.contentType, 900),
      method: 'PUT',
      headers: { 'content-type': file.contentType },
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
    };
  }

  async put(fundId: string, bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(this.dir, fundId), { recursive: true });
    writeFileSync(this.file(fundId, sha256), bytes);
    return sha256;
  }

  async has(fundId: string, sha256: string): Promise<boolean> {
    return (
      SHA256_HEX.test(sha256) && SLUG_PATTERN.test(fundId) && existsSync(this.file(fundId, sha256))
    );
  }

  async readUrl(fundId: string, sha256: string, contentType: string): Promise<string> {
    return this.signedUrl('GET', fundId, sha256, contentType, 300);
  }

  /** What the emulator answers on /_local/evidence/…: a signed PUT or GET, checked like S3 would. */
  serve(
    method: string,
    url: URL,
    body: Buffer,
  ): { status: number; headers: Record<string, string>; body: Buffer | string } {
    const [fundId = '', sha256 = ''] = url.pathname.slice(this.path.length).split('/');
    const expires = Number(url.searchParams.get('expires'));
    const contentType = url.searchParams.get('type') ?? '';
    const sig = Buffer.from(url.searchParams.get('sig') ?? '', 'hex');
    const expected = Buffer.from(this.sign(method, fundId, sha256, expires, contentType), 'hex');
    const text = (status: number, message: string) => ({
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: message,
    });
    if (!SHA256_HEX.test(sha256) || !SLUG_PATTERN.test(fundId)) return text(404, 'Not found');
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected))
      return text(403, 'Signature does not match');
    if (expires < Date.now() / 1000) return text(403, 'Link expired');
    if (method === 'PUT') {
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== sha256) return text(400, `The file's SHA-256 is ${actual}, not ${sha256}`);
      mkdirSync(join(this.dir, fundId), { recursive: true });
      writeFileSync(this.file(fundId, sha256), body);
      return text(200, 'Stored');
    }
    if (!existsSync(this.file(fundId, sha256))) return text(404, 'Not found');
    return {
      status: 200,
      headers: {
        'content-type': contentType,
        'cache-control': 'private, max-age=300',
        'x-content-type-options': 'nosniff',
      },
      body: readFileSync(this.file(fundId, sha256)),
    };
  }
}
