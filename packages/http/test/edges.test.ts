import type { Access } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  api,
  crossSiteRequest,
  DEV_CLIENT_ID,
  DEV_ISSUER,
  isIdempotencyKey,
  json,
  parseGroups,
  postedForm,
  type SessionEvent,
  sessionVerifier,
  verifyDevToken,
} from '../src/index.ts';

const context = {} as Context;

/** An API Gateway v2 event as the emulator or API Gateway hands it to Lambda. */
function event(
  overrides: Partial<APIGatewayProxyEventV2WithJWTAuthorizer> & {
    claims?: Record<string, unknown>;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /x',
    rawPath: '/x',
    rawQueryString: '',
    headers: { host: 'soquy.example', 'x-forwarded-proto': 'https' },
    requestContext: {
      requestId: 'r1',
      http: { method: 'POST' },
      authorizer: { jwt: { claims: claims ?? {}, scopes: [] } },
    },
    isBase64Encoded: false,
    ...rest,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('parseGroups: group names exactly as Cognito holds them', () => {
  it('splits API Gateway’s flattened "[a b]" on whitespace only', () => {
    expect(parseGroups('[admin treasurer:pu-trang]')).toEqual(['admin', 'treasurer:pu-trang']);
    expect(parseGroups('[viewers,treasurer:fund-a]')).toEqual(['viewers,treasurer:fund-a']);
    expect(parseGroups('[viewers,treasurer:fund-a approver:fund-b]')).toEqual([
      'viewers,treasurer:fund-a',
      'approver:fund-b',
    ]);
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups('[ ]')).toEqual([]);
  });

  it('takes a real array as it is, and never reads a string as JSON', () => {
    expect(parseGroups(['viewers,treasurer:fund-a', 'admin'])).toEqual([
      'viewers,treasurer:fund-a',
      'admin',
    ]);
    // A group named "admin" with its quotes, flattened by API Gateway, is not admin.
    expect(parseGroups('["admin"]')).toEqual(['"admin"']);
    expect(parseGroups([42, null, '', 'admin'])).toEqual(['admin']);
  });

  it('never splits a bare name on commas, and reads nothing from other types', () => {
    expect(parseGroups('viewers,admin')).toEqual(['viewers,admin']);
    expect(parseGroups('admin')).toEqual(['admin']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups(7)).toEqual([]);
    expect(parseGroups({ 0: 'admin' })).toEqual([]);
  });

  it('does not let "viewers,treasurer:pu-trang" through a treasurer route', async () => {
    const access: Access = {
      operation: 'record-payment',
      grants: [{ role: 'treasurer' }],
      fund: 'path',
    };
    let ran = false;
    const handler = api({ name: 't', operation: access, logLevel: 'silent' }).handler(async () => {
      ran = true;
      return json(201, {});
    });
    const res = await handler(
      event({
        pathParameters: { fundId: 'pu-trang' },
        claims: { sub: 'u1', 'cognito:groups': '[viewers,treasurer:pu-trang]' },
      }),
      context,
    );
    expect(res.statusCode).toBe(403);
    expect(ran).toBe(false);
  });
});

describe('crossSiteRequest: forms another site makes a browser post', () => {
  const post = (headers: Record<string, string>) =>
    event({ headers: { host: 'soquy.example', 'x-forwarded-proto': 'https', ...headers } });

  it('is true when Fetch Metadata or Origin name another site', () => {
    expect(crossSiteRequest(post({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(crossSiteRequest(post({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(crossSiteRequest(post({ origin: 'https://evil.example' }))).toBe(true);
    expect(crossSiteRequest(post({ origin: 'http://soquy.example' }))).toBe(true);
    expect(crossSiteRequest(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(
      crossSiteRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })),
    ).toBe(true);
  });

  it('is false for our own pages and for clients that are no browser', () => {
    expect(crossSiteRequest(post({ origin: 'https://soquy.example' }))).toBe(false);
    expect(
      crossSiteRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'https://soquy.example' })),
    ).toBe(false);
    expect(crossSiteRequest(post({ 'sec-fetch-site': 'none' }))).toBe(false);
    // Chromium's own-page form under our `Referrer-Policy: no-referrer`
    expect(crossSiteRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'null' }))).toBe(false);
    expect(crossSiteRequest(post({}))).toBe(false);
  });
});

describe('dev tokens are checked as API Gateway checks Cognito’s', () => {
  const key = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
  const token = (claims: Record<string, unknown>, issuer = DEV_ISSUER) =>
    new SignJWT({ username: 'lan', 'cognito:groups': ['treasurer:pu-trang'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('local-lan')
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  const verify = sessionVerifier({ mode: 'dev', devKey: Buffer.from(key).toString('hex') });

  it('takes an access token for this app client, at sign-in and in the emulator', async () => {
    const good = await token({ token_use: 'access', client_id: DEV_CLIENT_ID });
    expect((await verify(good))?.principal).toEqual({
      userId: 'local-lan',
      username: 'lan',
      groups: ['treasurer:pu-trang'],
    });
    await expect(verifyDevToken(key, good)).resolves.toMatchObject({ client_id: DEV_CLIENT_ID });
  });

  it('refuses a token for another app client, or none, in both places', async () => {
    for (const claims of [{ client_id: 'another-app' }, {}]) {
      const bad = await token({ token_use: 'access', ...claims });
      expect(await verify(bad)).toBeUndefined();
      await expect(verifyDevToken(key, bad)).rejects.toThrow();
    }
  });

  it('refuses an id token at sign-in, and another issuer anywhere', async () => {
    expect(
      await verify(await token({ token_use: 'id', client_id: DEV_CLIENT_ID })),
    ).toBeUndefined();
    const foreign = await token({ token_use: 'access', client_id: DEV_CLIENT_ID }, 'someone-else');
    expect(await verify(foreign)).toBeUndefined();
    await expect(verifyDevToken(key, foreign)).rejects.toThrow();
  });
});

describe('odd input is the client’s fault, never a 5xx', () => {
  it('answers 400 when a schema throws on some odd value instead of reporting it', async () => {
    const handler = api({
      name: 't',
      operation: { operation: 'x', grants: [{ anyone: true }], fund: 'none' },
      logLevel: 'silent',
      input: {
        body: z.object({
          at: z.string().transform((value) => new Date(value).toISOString()),
        }),
      },
    }).handler(async () => json(200, {}));
    const res = await handler(event({ body: '{"at":"not a date"}' }), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body as string)).toMatchObject({ code: 'invalid_request' });
  });

  it('checks a record route’s path before looking the record up', async () => {
    let looked = 0;
    const handler = api({
      name: 't',
      operation: { operation: 'approve', grants: [{ role: 'approver' }], fund: 'record' },
      recordFacts: async () => {
        looked++;
        return { fundId: 'pu-trang' };
      },
      logLevel: 'silent',
      input: { path: z.object({ id: z.string().regex(/^db_[a-z0-9]{8,40}$/) }) },
    }).handler(async () => json(201, {}));
    const res = await handler(
      event({
        pathParameters: { id: 'a'.repeat(3000) },
        claims: { sub: 'u1', 'cognito:groups': '[approver:pu-trang]' },
      }),
      context,
    );
    expect(res.statusCode).toBe(400);
    expect(looked).toBe(0);
  });

  it('reads a form from any body without throwing: bad base64, odd multipart', async () => {
    const middleware = postedForm();
    for (const [contentType, body, isBase64Encoded] of [
      ['multipart/form-data; boundary=x', '%%%not base64%%%', true],
      [
        'Multipart/Form-Data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
        false,
      ],
      ['multipart/form-data', 'no boundary at all', false],
      ['application/x-www-form-urlencoded', '%E0%A4%A&a=%%%', false],
      ['', '', false],
    ] as const) {
      const e = event({ headers: { 'content-type': contentType }, body, isBase64Encoded });
      await middleware.before?.({ event: e } as never);
      expect((e as SessionEvent).form, contentType).toBeDefined();
    }
  });
});

describe('isIdempotencyKey: the README’s 8 to 200 characters', () => {
  it('takes 8 and 200, refuses 7 and 201 and characters outside the set', () => {
    expect(isIdempotencyKey('a'.repeat(8))).toBe(true);
    expect(isIdempotencyKey('a'.repeat(200))).toBe(true);
    expect(isIdempotencyKey(crypto.randomUUID())).toBe(true);
    expect(isIdempotencyKey('a'.repeat(7))).toBe(false);
    expect(isIdempotencyKey('a'.repeat(201))).toBe(false);
    expect(isIdempotencyKey('has spaces in it')).toBe(false);
    expect(isIdempotencyKey(undefined)).toBe(false);
  });
});
