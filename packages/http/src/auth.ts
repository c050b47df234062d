import { type Actor, type Principal, PUBLIC, staff } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * The groups of a `cognito:groups` claim, each name exactly as Cognito holds it. A direct
 * invocation (and the console's own token check) passes a real array; API Gateway's JWT
 * authorizer flattens it into one string, "[a b]", space separated, which is unambiguous because
 * Cognito group names cannot hold whitespace. Group names may hold commas and other punctuation,
 * so nothing else splits a name: "viewers,treasurer:fund-a" is one group, not a treasurer. A
 * string is never read as JSON: a group named `"admin"` (with the quotes) flattens to
 * `["admin"]`, which must stay that group and not become admin.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter(isGroupName);
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/\s+/).filter(isGroupName);
}

const isGroupName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && !/\s/.test(value);

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
