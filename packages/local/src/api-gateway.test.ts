import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressAnswer } from './api-gateway.ts';

const request = (method: string, acceptEncoding?: string) =>
  ({
    method,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  }) as IncomingMessage;

/** A page-sized body that compresses as pages do. */
const PAGE = Buffer.from(
  `<!doctype html><html lang="vi">${'<tr><td>Gia đình</td><td>200.000 ₫</td></tr>'.repeat(60)}</html>`,
);

describe('chooseEncoding', () => {
  it('takes the coding of highest q, br on a tie, and nothing the client refuses', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.4, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.2, br;q=0.9')).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
    expect(chooseEncoding('deflate')).toBe('identity');
  });
});

describe('compressAnswer', () => {
  it('compresses a page in the chosen coding, says so and varies on Accept-Encoding', () => {
    // Prepare
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    // Act
    const sent = compressAnswer(request('GET', 'gzip'), 200, headers, PAGE);
    // Assess
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(headers['content-length']).toBe(String(sent.length));
    expect(gunzipSync(sent).equals(PAGE)).toBe(true);
    expect(sent.length).toBeLessThan(PAGE.length / 5);
  });

  it('leaves PNGs, tiny bodies, HEAD and already encoded answers as they are', () => {
    for (const [method, type, body, extra] of [
      ['GET', 'image/png', PAGE, {}],
      ['GET', 'application/pdf', PAGE, {}],
      ['GET', 'application/json; charset=utf-8', Buffer.from('{"seq":3}'), {}],
      ['HEAD', 'text/html; charset=utf-8', PAGE, {}],
      ['GET', 'text/html', PAGE, { 'content-encoding': 'br' }],
    ] as const) {
      // Prepare
      const headers: Record<string, string> = { 'content-type': type, ...extra };
      // Act
      const sent = compressAnswer(request(method, 'br, gzip'), 200, headers, body);
      // Assess
      expect(sent, `${method} ${type}`).toBe(body);
      expect(headers['content-encoding'], `${method} ${type}`).toBe(
        'content-encoding' in extra ? 'br' : undefined,
      );
    }
  });

  it('adds Accept-Encoding to the Vary a handler sent, once', () => {
    // Prepare
    const headers: Record<string, string> = { 'content-type': 'text/csv', vary: 'Origin' };
    // Act
    const sent = compressAnswer(request('GET', 'br'), 200, headers, PAGE);
    compressAnswer(request('GET', 'br'), 200, headers, PAGE);
    // Assess
    expect(headers.vary).toBe('Origin, Accept-Encoding');
    expect(brotliDecompressSync(sent).equals(PAGE)).toBe(true);
  });
});
