import { createHash } from 'node:crypto';
import { type Principal, parseGroups } from '@soquy/http';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type JWTPayload, jwtVerify } from 'jose';

/**
 * The console's session: the staff member's access token in an HttpOnly cookie. API Gateway's
 * JWT authorizer reads only the Authorization header, so console routes check the cookie here,
 * against Cognito in AWS and against the local dev key when running locally.
 */
export const SESSION_COOKIE = 'soquy_session';

export interface Session {
  token: string;
  principal: Principal;
  /** Double-submit token for the console's forms. */
  csrf: string;
  expiresAt: number;
}

let cognito: ReturnType<typeof CognitoJwtVerifier.create> | undefined;

export function signInMode(): 'cognito' | 'dev' {
  return process.env.USER_POOL_ID ? 'cognito' : 'dev';
}

async function verify(token: string): Promise<JWTPayload> {
  if (signInMode() === 'cognito') {
    cognito ??= CognitoJwtVerifier.create({
      userPoolId: process.env.USER_POOL_ID as string,
      clientId: process.env.USER_POOL_CLIENT_ID as string,
      tokenUse: 'access',
    });
    return (await cognito.verify(token)) as JWTPayload;
  }
  const key = process.env.DEV_JWT_KEY;
  if (!key) throw new Error('no way to check a session here');
  return (
    await jwtVerify(token, Buffer.from(key, 'hex'), {
      issuer: 'soquy-local-dev',
      algorithms: ['HS256'],
    })
  ).payload;
}

export function cookieOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

/** The signed-in staff member, or undefined when there is no valid, unexpired session. */
export async function sessionFrom(token: string | undefined): Promise<Session | undefined> {
  if (!token) return undefined;
  try {
    const claims = await verify(token);
    if (typeof claims.sub !== 'string') return undefined;
    const username = typeof claims.username === 'string' ? claims.username : claims.sub;
    return {
      token,
      principal: { userId: claims.sub, username, groups: parseGroups(claims['cognito:groups']) },
      csrf: createHash('sha256').update(`csrf:${token}`).digest('hex').slice(0, 32),
      expiresAt: (claims.exp ?? 0) * 1000,
    };
  } catch {
    return undefined;
  }
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Lax; Max-Age=0`;

/** The Cognito hosted UI sign-in page, which sends the browser back to /console/callback. */
export function hostedUiUrl(baseUrl: string): string {
  const params = new URLSearchParams({
    client_id: process.env.USER_POOL_CLIENT_ID ?? '',
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: `${baseUrl}/console/callback`,
  });
  return `https://${process.env.COGNITO_DOMAIN}/oauth2/authorize?${params}`;
}

/** Trades the hosted UI's one-time code for tokens (public client, no secret). */
export async function exchangeCode(code: string, baseUrl: string): Promise<string> {
  const response = await fetch(`https://${process.env.COGNITO_DOMAIN}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: process.env.USER_POOL_CLIENT_ID ?? '',
      code,
      redirect_uri: `${baseUrl}/console/callback`,
    }),
  });
  if (!response.ok) throw new Error(`Cognito refused the sign-in code (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('Cognito sent no access token');
  return tokens.access_token;
}
