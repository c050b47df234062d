import type { Access } from '@soquy/ledger';
import { page } from '@soquy/web';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiResult, api, EDGE_ORIGIN_HEADER, json } from '../src/index.ts';

/**
 * API Gateway's own address (execute-api) answers anyone, and an HTTP API takes neither a
 * resource policy nor a WAF: only requests CloudFront sent, with its secret origin header, may
 * reach a handler once the stack sets EDGE_ORIGIN_KEY.
 */
const KEY = 'Q2x9vLmP4kT7wZc1RbN8sYf3HjD6gAeU5oVi0qXtKnBr';
const PUBLIC_URL = 'https://quy.example.vn';
const context = {} as Context;

function request(headers: Record<string, string> = {}, query = '') {
  return {
    version: '2.0',
    routeKey: 'POST /funds/{fundId}/pledges',
    rawPath: '/funds/f1/pledges',
    rawQueryString: query,
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    headers: { host: 'abc123.execute-api.ap-southeast-1.amazonaws.com', ...headers },
    pathParameters: { fundId: 'f1' },
    requestContext: {
      requestId: 'r1',
      routeKey: 'POST /funds/{fundId}/pledges',
      http: { method: 'POST' },
      authorizer: { jwt: { claims: {}, scopes: [] } },
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const anyone: Access = { operation: 'pledge', grants: [{ anyone: true }], fund: 'none' };

/** A pledge route whose business call records that it ran. */
function pledgeRoute() {
  const pledged: string[] = [];
  const handler = api({ name: 'pledges', operation: anyone, logLevel: 'silent' }).handler(
    async (event) => {
      pledged.push(event.pathParameters?.fundId ?? '');
      return json(201, { pledgeId: 'p1', amount: 500_000 });
    },
  );
  return { handler, pledged };
}

const bodyOf = (answer: ApiResult) => JSON.parse(answer.body ?? '{}');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('with the origin key configured (the deployed stack)', () => {
  it('refuses a request without the header with 403 use_public_url, and pledges nothing', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', KEY);
    vi.stubEnv('PUBLIC_BASE_URL', `${PUBLIC_URL}/`);
    const { handler, pledged } = pledgeRoute();
    // act
    const answer = await handler(request({}, 'lang=en'), context);
    // assess
    expect(answer.statusCode).toBe(403);
    expect(answer.headers?.['content-type']).toMatch(/^application\/json/);
    expect(answer.headers?.['cache-control']).toBe('no-store');
    expect(bodyOf(answer)).toEqual({
      code: 'use_public_url',
      message: `Call ${PUBLIC_URL} instead; this address is not public.`,
    });
    expect(pledged).toEqual([]);
  });

  it('says it in Vietnamese unless English is asked for', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', KEY);
    vi.stubEnv('PUBLIC_BASE_URL', PUBLIC_URL);
    const { handler } = pledgeRoute();
    // act
    const answer = await handler(request(), context);
    // assess
    expect(bodyOf(answer).message).toBe(
      `Hãy gọi ${PUBLIC_URL}; địa chỉ này không dành cho công chúng.`,
    );
  });

  it('lets a request with CloudFront’s header through to the business call', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', KEY);
    const { handler, pledged } = pledgeRoute();
    // act
    const answer = await handler(request({ [EDGE_ORIGIN_HEADER]: KEY }), context);
    // assess
    expect(answer.statusCode).toBe(201);
    expect(bodyOf(answer)).toEqual({ pledgeId: 'p1', amount: 500_000 });
    expect(pledged).toEqual(['f1']);
  });

  it('refuses a wrong header, of any length, without throwing', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', KEY);
    const { handler, pledged } = pledgeRoute();
    // act
    const answers = await Promise.all(
      ['guess', `${KEY}x`, KEY.slice(0, -1).concat('0'), ''].map((value) =>
        handler(request({ [EDGE_ORIGIN_HEADER]: value }), context),
      ),
    );
    // assess
    expect(answers.map((answer) => answer.statusCode)).toEqual([403, 403, 403, 403]);
    expect(answers.map((answer) => bodyOf(answer).code)).toEqual(Array(4).fill('use_public_url'));
    expect(pledged).toEqual([]);
  });

  it('guards pages too: no page is rendered without the header', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', KEY);
    vi.stubEnv('PUBLIC_BASE_URL', PUBLIC_URL);
    let rendered = 0;
    const fundPage = page({ name: 'fund-page', logLevel: 'silent', checkoutOrigin: '' }).handler(
      async () => {
        rendered += 1;
        return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<h1>Quỹ</h1>' };
      },
    );
    // act
    const direct = await fundPage(request({}, 'lang=en'), context);
    const throughCloudFront = await fundPage(request({ [EDGE_ORIGIN_HEADER]: KEY }), context);
    // assess
    expect(direct.statusCode).toBe(403);
    expect(bodyOf(direct)).toEqual({
      code: 'use_public_url',
      message: `Call ${PUBLIC_URL} instead; this address is not public.`,
    });
    expect(throughCloudFront.statusCode).toBe(200);
    expect(rendered).toBe(1);
  });
});

describe('without an origin key (the local stack, tests)', () => {
  it('lets every request through, header or not', async () => {
    // prepare
    vi.stubEnv('EDGE_ORIGIN_KEY', '');
    const { handler, pledged } = pledgeRoute();
    // act
    const without = await handler(request(), context);
    const withAny = await handler(request({ [EDGE_ORIGIN_HEADER]: 'anything' }), context);
    // assess
    expect([without.statusCode, withAny.statusCode]).toEqual([201, 201]);
    expect(pledged).toEqual(['f1', 'f1']);
  });
});
