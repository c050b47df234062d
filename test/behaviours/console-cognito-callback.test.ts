import type { SessionEvent } from '@soquy/http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleContext } from '../../functions/console/context.ts';
import { cognitoCallback } from '../../functions/console/pages/sign-in.ts';

/**
 * GET /console/callback in AWS: Cognito's hosted UI sends the browser back with a one-time
 * code. A missing, used or made-up code is the visitor's problem, answered with the sign-in page
 * and a sentence, never a 500; Cognito itself failing stays our 5xx.
 */
function context(query: Record<string, string>): ConsoleContext {
  const event = {
    rawPath: '/console/callback',
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: {},
    requestContext: { http: { method: 'GET' } },
  } as unknown as SessionEvent;
  return {
    event,
    lang: 'vi',
    deps: {} as ConsoleContext['deps'],
    signIn: {
      mode: 'cognito',
      userPoolId: 'ap-southeast-1_abcdefghi',
      clientId: 'client123',
      domain: 'soquy.auth.ap-southeast-1.amazoncognito.com',
    },
    baseUrl: 'https://soquy.example',
    params: [],
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('the Cognito callback', () => {
  it('answers a callback without a code with the sign-in page and a 400', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const res = await cognitoCallback(context({}));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Không đăng nhập được');
    expect(res.body).toContain('oauth2/authorize');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('answers a code Cognito refuses (used, expired, made up) with the sign-in page and a 400', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"error":"invalid_grant"}', { status: 400 })),
    );
    const res = await cognitoCallback(context({ code: 'da-dung-roi' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Không đăng nhập được');
    expect(res.cookies ?? []).toEqual([]);
  });

  it('leaves Cognito being down to the 5xx page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 503 })),
    );
    await expect(cognitoCallback(context({ code: 'x' }))).rejects.toThrow(/failed \(503\)/);
  });
});
