import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export type Role = 'admin' | 'treasurer' | 'approver';

export interface Principal {
  userId: string;
  username: string;
  /** Groups as Cognito issues them: `admin`, `treasurer:<fundId>`, `approver:<fundId>`. */
  groups: string[];
}

/** The group that gives `role` on `fundId` (admin is not per fund). */
export function groupFor(role: Role, fundId?: string): string {
  return role === 'admin' ? 'admin' : `${role}:${fundId}`;
}

/** Whether the principal holds `role` (on `fundId`, for per-fund roles). */
export function hasRole(principal: Principal, role: Role, fundId?: string): boolean {
  return principal.groups.includes(groupFor(role, fundId));
}

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

export function principalOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const username =
    typeof claims.username === 'string'
      ? claims.username
      : typeof claims['cognito:username'] === 'string'
        ? claims['cognito:username']
        : claims.sub;
  return { userId: claims.sub, username, groups: parseGroups(claims['cognito:groups']) };
}
