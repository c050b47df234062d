import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type Access, PUBLIC } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type ApiResult,
  api,
  json,
  postedForm,
  publicBaseUrl,
  type SessionEvent,
} from '../src/index.ts';

/**
 * The HTTP behaviour soquy's readers and clients see, now that middy's maintained middlewares do
 * the work (compression, security headers, body parsing): the same answers as before.
 */
const context = {} as Context;

function event(
  overrides: Partial<APIGatewayProxyEventV2WithJWTAuthorizer> & { method?: string } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { method = 'GET', ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: `${method} /x`,
    rawPath: '/x',
    rawQueryString: '',
    headers: { host: 'quy.example.vn', 'x-forwarded-proto': 'https' },
    requestContext: {
      requestId: 'r1',
      routeKey: `${method} /x`,
      http: { method },
      authorizer: { jwt: { claims: {}, scopes: [] } },
    },
    isBase64Encoded: false,
    ...rest,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const anyone: Access = { operation: 'read-fund', grants: [{ anyone: true }], fund: 'none' };

/** A page-sized ledger, as GET /funds/{fundId}/ledger answers it. */
const LEDGER = {
  entries: Array.from({ length: 60 }, (_, i) => ({
    seq: i + 1,
    donor: `Gia đình số ${i + 1}`,
    amount: 200_000 + i,
  })),
};

const answering = (result: () => ApiResult) =>
  api({ name: 'test', operation: anyone, logLevel: 'silent' }).handler(async () => result());

const ledger = answering(() => json(200, LEDGER));

const bodyOf = (res: ApiResult) => {
  const bytes = Buffer.from(res.body ?? '', res.isBase64Encoded ? 'base64' : 'utf8');
  const coding = res.headers?.['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (coding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
};

describe('compression: br or gzip as the reader asks', () => {
  it('sends br to a browser that lists it, gzip when br is refused, nothing when neither is taken', async () => {
    // Act
    const codings: (string | undefined)[] = [];
    for (const accept of [
      'gzip, deflate, br, zstd',
      'br;q=0, *;q=0.1',
      'gzip',
      'br;q=0, gzip;q=0',
    ]) {
      const res = await ledger(event({ headers: { 'accept-encoding': accept } }), context);
      // Assess: the same ledger once decompressed, and it says it varies by Accept-Encoding
      expect(JSON.parse(bodyOf(res)), accept).toEqual(LEDGER);
      expect(res.headers?.vary).toMatch(/accept-encoding/i);
      codings.push(res.headers?.['content-encoding'] as string | undefined);
    }
    expect(codings).toEqual(['br', 'gzip', 'gzip', undefined]);
    const plain = await ledger(event(), context);
    const br = await ledger(event({ headers: { 'accept-encoding': 'br' } }), context);
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(plain.headers?.vary).toBe('accept-encoding');
    expect(Buffer.from(br.body ?? '', 'base64').length).toBeLessThan((plain.body ?? '').length / 5);
  });

  it('leaves tiny answers, PNGs and answers already encoded as they are', async () => {
    // Prepare
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...Array(2000).fill(0)]).toString('base64');
    const handlers = {
      tiny: answering(() => json(200, { seq: 3 })),
      png: answering(() => ({
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: png,
        isBase64Encoded: true,
      })),
    };
    // Act
    const tiny = await handlers.tiny(event({ headers: { 'accept-encoding': 'br' } }), context);
    const image = await handlers.png(event({ headers: { 'accept-encoding': 'br' } }), context);
    // Assess
    expect(tiny.headers?.['content-encoding']).toBeUndefined();
    expect(JSON.parse(tiny.body ?? '')).toEqual({ seq: 3 });
    expect(image.headers?.['content-encoding']).toBeUndefined();
    expect(image.body).toBe(png);
  });

  it('adds Accept-Encoding to the Vary a handler sent, once', async () => {
    // Prepare
    const csv = answering(() => ({
      statusCode: 200,
      headers: { 'content-type': 'text/csv', vary: 'Origin' },
      body: 'ngày,số tiền\n'.repeat(200),
    }));
    // Act
    const res = await csv(event({ headers: { 'accept-encoding': 'gzip' } }), context);
    // Assess
    expect(res.headers?.vary).toBe('Origin, Accept-Encoding');
    expect(bodyOf(res)).toBe('ngày,số tiền\n'.repeat(200));
  });

  it('answers HEAD with the length of the body GET would send, in the same coding', async () => {
    // Act
    const get = await ledger(event({ headers: { 'accept-encoding': 'gzip' } }), context);
    const head = await ledger(
      event({ method: 'HEAD', headers: { 'accept-encoding': 'gzip' } }),
      context,
    );
    // Assess
    expect(head.body).toBe('');
    expect(head.headers?.['content-encoding']).toBe('gzip');
    expect(Number(head.headers?.['content-length'])).toBe(
      Buffer.from(get.body ?? '', 'base64').length,
    );
  });
});

describe('security headers', () => {
  it('sends exactly our headers, once each and in lower case, on answers and on errors', async () => {
    // Prepare
    const failing = api({ name: 'test', operation: anyone, logLevel: 'silent' }).handler(
      async () => {
        throw new Error('boom');
      },
    );
    // Act
    for (const res of [await ledger(event(), context), await failing(event(), context)]) {
      // Assess
      expect(res.headers).toMatchObject({
        'strict-transport-security': 'max-age=63072000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
      const names = Object.keys(res.headers ?? {});
      expect(names.every((name) => name === name.toLowerCase())).toBe(true);
      expect(names.some((name) => /^cross-origin|^permissions-policy/.test(name))).toBe(false);
    }
  });

  it('lets a handler’s own value win, as a page’s CSP must', async () => {
    // Prepare
    const page = answering(() => ({
      statusCode: 200,
      headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" },
      body: '<p>Xin chào</p>',
    }));
    // Act
    const res = await page(event(), context);
    // Assess
    expect(res.headers?.['content-security-policy']).toBe("default-src 'self'");
    expect(res.headers?.['Content-Security-Policy']).toBeUndefined();
  });
});

describe('JSON bodies', () => {
  const create = api({
    name: 'test',
    operation: anyone,
    logLevel: 'silent',
    input: { body: z.object({ name: z.string() }) },
  }).handler(async (e) => json(201, { name: e.input.body.name, raw: e.body }));

  it('reads the body, base64 too, and leaves the raw body to the handler', async () => {
    // Act
    const plain = await create(event({ method: 'POST', body: '{"name":"Quỹ tổ 7"}' }), context);
    const encoded = await create(
      event({
        method: 'POST',
        body: Buffer.from('{"name":"Quỹ tổ 8"}').toString('base64'),
        isBase64Encoded: true,
      }),
      context,
    );
    // Assess
    expect(plain.statusCode).toBe(201);
    expect(JSON.parse(plain.body ?? '')).toEqual({ name: 'Quỹ tổ 7', raw: '{"name":"Quỹ tổ 7"}' });
    expect(JSON.parse(encoded.body ?? '').name).toBe('Quỹ tổ 8');
  });

  it('answers 400 invalid_request in our words when there is no body or it is not JSON', async () => {
    // Act
    const answers = await Promise.all(
      [undefined, '', '{"name":', '{"__proto__":{"admin":true},"name":"x"}'].map((body) =>
        create(event({ method: 'POST', ...(body === undefined ? {} : { body }) }), context),
      ),
    );
    // Assess
    expect(answers.map((res) => [res.statusCode, JSON.parse(res.body ?? '')])).toEqual([
      [400, { code: 'invalid_request', message: 'The request needs a JSON body.' }],
      [400, { code: 'invalid_request', message: 'The request needs a JSON body.' }],
      [400, { code: 'invalid_request', message: 'The body is not valid JSON.' }],
      [400, { code: 'invalid_request', message: 'The body is not valid JSON.' }],
    ]);
  });
});

describe('forms as browsers post them', () => {
  const posted = async (body: FormData | URLSearchParams) => {
    const request = new Request('http://x', { method: 'POST', body });
    const e = event({
      method: 'POST',
      headers: { 'content-type': request.headers.get('content-type') as string },
      body: Buffer.from(await request.arrayBuffer()).toString('base64'),
      isBase64Encoded: true,
    }) as SessionEvent;
    e.actor = PUBLIC;
    await postedForm().before?.({ event: e } as never);
    return e.form;
  };

  it('reads fields and binary files of a multipart form, in order, names in UTF-8', async () => {
    // Prepare: let the platform's own FormData encode it
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const pdf = Buffer.from('%PDF-1.4 hóa đơn');
    const form = new FormData();
    form.set('purpose', 'Lắp đặt camera "tổ 3"');
    form.append('file', new Blob([png], { type: 'image/png' }), 'hóa-đơn.png');
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'biên-nhận.pdf');
    form.append('file', new Blob([]), '');
    // Act
    const read = await posted(form);
    // Assess
    expect(read?.fields).toEqual({ purpose: 'Lắp đặt camera "tổ 3"' });
    const files = (read?.parts ?? []).flatMap((p) => (p.file ? [p.file] : []));
    expect(files.map((f) => [f.fileName, f.contentType])).toEqual([
      ['hóa-đơn.png', 'image/png'],
      ['biên-nhận.pdf', 'application/pdf'],
      ['', 'application/octet-stream'],
    ]);
    expect(files[0]?.bytes.equals(png)).toBe(true);
    expect(files[1]?.bytes.equals(pdf)).toBe(true);
    expect(files[2]?.bytes.length).toBe(0);
  });

  it('reads a urlencoded form, Vietnamese and all', async () => {
    // Act
    const read = await posted(
      new URLSearchParams({
        csrf: 'abc',
        payee: 'Công ty TNHH Ánh Dương & Co',
        amount: '1.500.000',
      }),
    );
    // Assess
    expect(read).toEqual({
      fields: { csrf: 'abc', payee: 'Công ty TNHH Ánh Dương & Co', amount: '1.500.000' },
      parts: [],
    });
  });
});

describe('publicBaseUrl', () => {
  const saved = process.env.PUBLIC_BASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.PUBLIC_BASE_URL;
    else process.env.PUBLIC_BASE_URL = saved;
  });

  it('is the configured public URL when the stack sets one, without a trailing slash', () => {
    // Prepare: CloudFront in front, API Gateway's own host in the event
    process.env.PUBLIC_BASE_URL = 'https://quy.example.vn/';
    const behindCloudFront = event({
      headers: { host: 'abc123.execute-api.ap-southeast-1.amazonaws.com' },
    });
    // Act, Assess
    expect(publicBaseUrl(behindCloudFront)).toBe('https://quy.example.vn');
  });

  it('is the origin the request came on otherwise', () => {
    // Prepare
    delete process.env.PUBLIC_BASE_URL;
    // Act, Assess
    expect(publicBaseUrl(event())).toBe('https://quy.example.vn');
    expect(
      publicBaseUrl(event({ headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http' } })),
    ).toBe('http://localhost:3000');
  });
});
