import { AccessDeniedError, SelfApprovalError, SignInRequiredError } from '../errors.ts';
import { sha256Hex } from '../primitives/canonical.ts';
import { RECORDED_BY_PATTERN, RESERVED_RECORDERS } from '../primitives/entry.ts';

/**
 * Who may do what, declared as data. Each operation folder declares its Access; the API's
 * middleware, the console, the approval queue, the CDK stack's Cognito groups and the local dev
 * tokens all read these declarations, and `assertAllowed` is the one place that decides.
 */

export const ROLES = ['admin', 'treasurer', 'approver'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is for, as the Cognito group descriptions say it. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Opens funds and appoints treasurers and approvers',
  treasurer: 'Records money in and spending of one fund',
  approver: 'Approves or rejects the spending of one fund (not their own)',
};

/** Roles that hold for every fund, one Cognito group each; the others are per fund. */
export const GLOBAL_ROLES: readonly Role[] = ['admin'];

/** The group that gives `role`: `admin`, or `treasurer:<fundId>` / `approver:<fundId>`. */
export function groupFor(role: Role, fundId?: string): string {
  return GLOBAL_ROLES.includes(role) ? role : `${role}:${fundId}`;
}

export interface Principal {
  userId: string;
  username: string;
  /** Groups as Cognito issues them, matched exactly. */
  groups: string[];
}

export function hasRole(principal: Principal, role: Role, fundId?: string): boolean {
  return principal.groups.includes(groupFor(role, fundId));
}

/** Who is asking. */
export type Actor =
  | { kind: 'staff'; principal: Principal }
  /** Someone holding a pledge's manage link (the token in it). */
  | { kind: 'donor'; manageToken: string }
  /** A payment processor or bank gateway whose signature (or key) the edge checked. */
  | { kind: 'processor'; name: Processor }
  | { kind: 'public' };

export const PUBLIC: Actor = { kind: 'public' };
export const staff = (principal: Principal): Actor => ({ kind: 'staff', principal });

/** One way to be allowed; an operation allows an actor that matches any of its grants. */
export type Grant =
  | { anyone: true }
  /** A staff role: per fund (on the operation's fund) or global (admin). */
  | { role: Role }
  /** Any signed-in staff member (what they then see depends on their roles). */
  | { staff: true }
  /** The pledge's manage token, as the donor's link carries it. */
  | { manageToken: true }
  /** A signed notification from a processor (the signature is checked before the call). */
  | { processor: Processor };

/** Stripe for cards; `bank` for a bank line a gateway (SePay, Casso) or a statement told us. */
export type Processor = 'stripe' | 'bank';

/** Checks made on the facts the operation reads, on top of the grant. */
export type Condition =
  /** Maker-checker: whoever recorded it may not decide on it. */
  | 'not-the-recorder'
  /** Only whoever recorded it (a treasurer withdrawing their own request). */
  | 'only-the-recorder';

export interface Access {
  /** What a user does, e.g. `approve-disbursement`; routes and console pages name it. */
  operation: string;
  grants: readonly Grant[];
  conditions?: readonly Condition[];
  /**
   * Where the fund the roles apply to comes from: the request path, or the record the
   * operation reads (a disbursement's fund), or nowhere (not about one fund).
   */
  fund: 'path' | 'record' | 'none';
}

/** What an operation knows when it decides: the fund, who recorded the thing, the token check. */
export interface AccessFacts {
  fundId?: string;
  recordedBy?: string;
  /** True when the actor's manage token matches the pledge's. */
  manageTokenMatches?: boolean;
}

export function grantMatches(grant: Grant, actor: Actor, facts: AccessFacts): boolean {
  if ('anyone' in grant) return true;
  if ('manageToken' in grant) return actor.kind === 'donor' && facts.manageTokenMatches === true;
  if ('processor' in grant) return actor.kind === 'processor' && actor.name === grant.processor;
  if (actor.kind !== 'staff') return false;
  if ('staff' in grant) return true;
  if (GLOBAL_ROLES.includes(grant.role)) return hasRole(actor.principal, grant.role);
  return facts.fundId !== undefined && hasRole(actor.principal, grant.role, facts.fundId);
}

/** Only signed-in staff can ever do it: every grant is a role (or any staff member). */
export function staffOnly(access: Access): boolean {
  return access.grants.every((grant) => 'role' in grant || 'staff' in grant);
}

/** Whether the actor may do the operation, on these facts. */
export function isAllowed(access: Access, actor: Actor, facts: AccessFacts): boolean {
  return decide(access, actor, facts) === undefined;
}

/** Throws the error the actor should see when the operation is not theirs to do. */
export function assertAllowed(access: Access, actor: Actor, facts: AccessFacts): void {
  const refusal = decide(access, actor, facts);
  if (refusal) throw refusal;
}

function decide(access: Access, actor: Actor, facts: AccessFacts): Error | undefined {
  if (!access.grants.some((grant) => grantMatches(grant, actor, facts))) {
    if (actor.kind !== 'staff' && staffOnly(access)) return new SignInRequiredError();
    return new AccessDeniedError(access.operation, describeGrants(access, facts));
  }
  if (
    access.conditions?.includes('not-the-recorder') &&
    actor.kind === 'staff' &&
    facts.recordedBy === actorName(actor)
  ) {
    return new SelfApprovalError(access.operation);
  }
  if (
    access.conditions?.includes('only-the-recorder') &&
    actor.kind === 'staff' &&
    facts.recordedBy !== actorName(actor)
  ) {
    return new AccessDeniedError(access.operation, 'the staff member who recorded it');
  }
  return undefined;
}

function describeGrants(access: Access, facts: AccessFacts): string {
  return access.grants
    .map((grant) => {
      if ('anyone' in grant) return 'anyone';
      if ('manageToken' in grant) return "the holder of the pledge's manage link";
      if ('processor' in grant) return `${grant.processor}, with a valid signature`;
      if ('staff' in grant) return 'signed-in staff';
      if (grant.role === 'admin') return 'an administrator';
      return `a ${grant.role} of fund "${facts.fundId ?? '?'}"`;
    })
    .join(' or ');
}

/**
 * The name an actor is recorded under in an entry's `recordedBy` and in records. A staff
 * username that is not a handle the format allows (an email address, say, which is personal
 * data) or that would read as `public`, `donor` or `stripe` is recorded as `staff-` and the
 * first 12 hex digits of the SHA-256 of the user's id: stable, and says nothing about them.
 */
/** How the journal names what a staff member records (`recordedBy`), from the directory's row. */
export const recorderNameOf = (member: { username: string; userId?: string }): string =>
  actorName(
    staff({ username: member.username, userId: member.userId ?? member.username, groups: [] }),
  );

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'staff': {
      const { username, userId } = actor.principal;
      const isHandle =
        RECORDED_BY_PATTERN.test(username) &&
        !(RESERVED_RECORDERS as readonly string[]).includes(username);
      return isHandle ? username : `staff-${sha256Hex(userId).slice(0, 12)}`;
    }
    case 'donor':
      return 'donor';
    case 'processor':
      return actor.name;
    default:
      return 'public';
  }
}
