import type * as z from 'zod';
import { type Actor, assertAllowed } from '../../access/access.ts';
import { LedgerError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { StaffDeps, StaffMember, StaffRole } from '../../ports/staff-directory.ts';
import { requireFund } from '../common/read.ts';
import { manageStaffAccess } from './access.ts';
import {
  type AddStaffInput,
  addStaffInput,
  type RemoveStaffInput,
  removeStaffInput,
} from './input.ts';

type Deps = Pick<LedgerDeps, 'store'> & StaffDeps;

/** The fund's staff list holds nobody with that username in that role. */
export class StaffNotFoundError extends LedgerError {
  constructor(
    readonly fundId: string,
    readonly username: string,
    readonly role: StaffRole,
  ) {
    super(
      'staff_not_found',
      `"${username}" is not a ${role} of fund "${fundId}". Pick someone from the fund's staff list.`,
      { details: { fundId, username, role } },
    );
  }
}

/**
 * Removing the fund's only approver: spending could then never be approved, since maker-checker
 * needs someone other than the treasurer to decide. Refused, not merely warned about.
 */
export class LastApproverError extends LedgerError {
  constructor(readonly fundId: string) {
    super(
      'last_approver',
      `This is the only approver of fund "${fundId}": without one, no spending can be approved. Add another approver first, then remove this one.`,
      { details: { fundId } },
    );
  }
}

/** Input the zod schema refused, with its problems by field. */
export class InvalidStaffInputError extends LedgerError {
  constructor(problems: Record<string, string>) {
    super(
      'invalid_staff',
      Object.entries(problems)
        .map(([f, m]) => `${f} ${m}`)
        .join('; '),
      {
        details: problems,
      },
    );
  }
}

/** The input as the schema reads it, or every problem by field, in one error. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems: Record<string, string> = {};
  for (const issue of result.error.issues) {
    problems[issue.path.map(String).join('.') || 'body'] ??= issue.message;
  }
  throw new InvalidStaffInputError(problems);
}

const byRoleThenEmail = (a: StaffMember, b: StaffMember) =>
  a.role.localeCompare(b.role) || a.email.localeCompare(b.email);

/** The fund's treasurers and approvers, treasurers first. */
export async function listFundStaff(deps: Deps, actor: Actor, fundId: string) {
  assertAllowed(manageStaffAccess, actor, { fundId });
  await requireFund(deps, fundId);
  return (await deps.staffDirectory.listStaff(fundId)).sort(byRoleThenEmail);
}

/** Appoints someone treasurer or approver of the fund (an account is made if they have none). */
export async function addFundStaff(
  deps: Deps,
  actor: Actor,
  fundId: string,
  input: AddStaffInput | unknown,
): Promise<StaffMember> {
  assertAllowed(manageStaffAccess, actor, { fundId });
  const member = parse(addStaffInput, input);
  await requireFund(deps, fundId);
  return deps.staffDirectory.addStaff(fundId, member);
}

/** Takes a role on the fund away from someone; the fund's last approver stays. */
export async function removeFundStaff(
  deps: Deps,
  actor: Actor,
  fundId: string,
  input: RemoveStaffInput | unknown,
): Promise<{ removed: StaffMember }> {
  assertAllowed(manageStaffAccess, actor, { fundId });
  const { username, role } = parse(removeStaffInput, input);
  await requireFund(deps, fundId);
  const staff = await deps.staffDirectory.listStaff(fundId);
  const member = staff.find((m) => m.username === username && m.role === role);
  if (!member) throw new StaffNotFoundError(fundId, username, role);
  if (role === 'approver' && staff.filter((m) => m.role === 'approver').length === 1) {
    throw new LastApproverError(fundId);
  }
  await deps.staffDirectory.removeStaff(fundId, username, role);
  return { removed: member };
}
