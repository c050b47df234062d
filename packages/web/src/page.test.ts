import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { htmlPage, page } from './page.ts';

/** The event API Gateway sends for `method path` (payload format 2.0), as far as pages read it. */
const eventOf = (method: string, path = '/f/quy') =>
  ({
    version: '2.0',
    routeKey: `${method} /f/{fundId}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: { http: { method, path }, requestId: 'test' },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
const context = {} as Context;

const publicPage = (answer: () => ReturnType<typeof htmlPage>) =>
  page({
    name: 'test-page',
    logLevel: 'silent',
    checkoutOrigin: 'https://checkout.example',
    publicCacheSeconds: 60,
  }).handler(async () => answer());

describe('page()', () => {
  it('lets a public page be kept as long as it says, and answers HEAD as GET without the body', async () => {
    // Prepare
    const handler = publicPage(() => htmlPage(200, '<p>Quỹ camera tổ 7</p>'));
    // Act
    const get = await handler(eventOf('GET'), context);
    const head = await handler(eventOf('HEAD'), context);
    // Assess
    expect(get.headers?.['cache-control']).toBe('public, max-age=60, s-maxage=60');
    expect(get.body).toBe('<p>Quỹ camera tổ 7</p>');
    expect(head.statusCode).toBe(200);
    expect(head.headers?.['cache-control']).toBe('public, max-age=60, s-maxage=60');
    expect(head.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(head.headers?.['content-length']).toBe(String(Buffer.byteLength(get.body ?? '')));
    expect(head.body).toBe('');
  });

  it('keeps no-store on errors, posts, answers that set a cookie and a no-store the page chose', async () => {
    // Act
    const notFound = await publicPage(() => htmlPage(404, 'không có'))(eventOf('GET'), context);
    const posted = await publicPage(() => htmlPage(200, 'đã gửi'))(eventOf('POST'), context);
    const cookie = await publicPage(() => ({
      ...htmlPage(200, 'xin chào'),
      cookies: ['soquy_session=x; HttpOnly'],
    }))(eventOf('GET'), context);
    const chosen = await publicPage(() =>
      htmlPage(200, 'tìm kiếm', { 'cache-control': 'private, no-store' }),
    )(eventOf('GET'), context);
    // Assess
    expect(notFound.headers?.['cache-control']).toBe('no-store');
    expect(posted.headers?.['cache-control']).toBe('no-store');
    expect(cookie.headers?.['cache-control']).toBe('no-store');
    expect(chosen.headers?.['cache-control']).toBe('private, no-store');
  });

  it('keeps every page no-store unless it asks to be kept', async () => {
    // Act
    const answer = await page({
      name: 'p',
      logLevel: 'silent',
      checkoutOrigin: 'https://c.example',
    }).handler(async () => htmlPage(200, 'trang'))(eventOf('GET'), context);
    // Assess
    expect(answer.headers?.['cache-control']).toBe('no-store');
  });
});
