import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_CLIENT_ID,
  DEV_ISSUER,
  findDevUser,
  signDevUserToken,
  verifyDevToken,
} from '@soquy/http';
import { groupFor, type Role } from '@soquy/ledger';
import { type JWTPayload, SignJWT } from 'jose';

/**
 * Local tokens mimic Cognito access tokens; only this issuer, key and app client are accepted
 * locally, by the emulator's authorizer and by the console's sign-in alike.
 */
export { DEV_CLIENT_ID, DEV_ISSUER, verifyDevToken };

/** The HS256 key of the local stack, made once per checkout and kept under .data/. */
export function devSigningKey(dataDir: string): Uint8Array {
  const file = join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** The local stack's staff (dev users): what the admin's console pages add and remove. */
export function devUsersFile(dataDir: string): string {
  return join(dataDir, 'dev-users.json');
}

/** A sign-in as a dev user nobody added (or whose roles were all taken away). */
export class UnknownDevUserError extends Error {
  constructor(readonly who: string) {
    super(
      `No dev user "${who}" holds a role: an admin adds them on the fund's staff page (/console/f/<fund>/staff) first.`,
    );
    this.name = 'UnknownDevUserError';
  }
}

/**
 * A token for a dev user as the admin appointed them: their username and exactly their groups,
 * as Cognito would put them in the token of the member it emailed a password to.
 */
export async function issueDevUserToken(
  key: Uint8Array,
  file: string,
  who: string,
  ttlSeconds?: number,
): Promise<string> {
  const user = findDevUser(file, who);
  if (!user || user.groups.length === 0) throw new UnknownDevUserError(who);
  return signDevUserToken(key, user, ttlSeconds);
}

export interface DevTokenRequest {
  user: string;
  roles: Role[];
  fund?: string;
  ttlSeconds?: number;
  /** More Cognito groups, named as they are (tests: a group whose name merely looks like a role). */
  groups?: string[];
  /** The app client the token is for; another one than the local stack's is refused. */
  clientId?: string;
}

export async function issueDevToken(key: Uint8Array, request: DevTokenRequest): Promise<string> {
  const groups = [
    ...new Set([
      ...request.roles.map((role) => groupFor(role, request.fund)),
      ...(request.groups ?? []),
    ]),
  ];
  return new SignJWT({
    username: request.user,
    'cognito:groups': groups,
    token_use: 'access',
    client_id: request.clientId ?? DEV_CLIENT_ID,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`local-${request.user}`)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
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
