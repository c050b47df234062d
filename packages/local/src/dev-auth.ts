import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupFor, type Role } from '@soquy/ledger';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** Local tokens mimic Cognito access tokens; only this issuer and key are accepted locally. */
export const DEV_ISSUER = 'soquy-local-dev';
export const DEV_CLIENT_ID = 'soquy-local';

/** The HS256 key of the local stack, made once per checkout and kept under .data/. */
export function devSigningKey(dataDir: string): Uint8Array {
  const file = join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export interface DevTokenRequest {
  user: string;
  roles: Role[];
  fund?: string;
  ttlSeconds?: number;
}

export async function issueDevToken(key: Uint8Array, request: DevTokenRequest): Promise<string> {
  const groups = [...new Set(request.roles.map((role) => groupFor(role, request.fund)))];
  return new SignJWT({
    username: request.user,
    'cognito:groups': groups,
    token_use: 'access',
    client_id: DEV_CLIENT_ID,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`local-${request.user}`)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}

/** Checks signature, issuer and expiry as API Gateway's JWT authorizer does. Throws if bad. */
export async function verifyDevToken(key: Uint8Array, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, { issuer: DEV_ISSUER, algorithms: ['HS256'] });
  if (payload.client_id !== DEV_CLIENT_ID) throw new Error('token is for another client');
  return payload;
}

/** API Gateway hands claims to Lambda as strings, arrays as "[a b]"; so does the emulator. */
export function claimsAsApiGatewayPasses(
  payload: JWTPayload,
): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      claims[name] = value;
    }
  }
  return claims;
}
