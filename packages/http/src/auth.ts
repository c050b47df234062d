import { type Actor, type Principal, PUBLIC, staff } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * API Gateway's JWT authorizer passes array claims to Lambda as one string, "[a b]";
 * a direct invocation may pass a real array. Both are accepted.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const inner = claim.startsWith('[') && claim.endsWith(']') ? claim.slice(1, -1) : claim;
  return inner.split(/[\s,]+/).filter((g) => g.length > 0);
}

/** The staff member behind a token's claims (API Gateway's authorizer or the console's session). */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  if (typeof claims.sub !== 'string') return undefined;
  const username =
    typeof claims.username === 'string'
      ? claims.username
      : typeof claims['cognito:username'] === 'string'
        ? claims['cognito:username']
        : claims.sub;
  return { userId: claims.sub, username, groups: parseGroups(claims['cognito:groups']) };
}

export function principalOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  return claims ? principalFromClaims(claims) : undefined;
}

/** Who sent an API request: a signed-in staff member, or the public. */
export function actorOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor {
  const principal = principalOf(event);
  return principal ? staff(principal) : PUBLIC;
}
