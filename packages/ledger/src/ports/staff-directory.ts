import { sha256Hex } from '../primitives/canonical.ts';

/**
 * Who works on a fund: its treasurers and approvers. Cognito's user pool holds them in AWS (one
 * group per role and fund, named by `groupFor`); the local stack keeps dev users in a file. The
 * core only asks through this port, so it imports neither.
 */
export type StaffRole = 'treasurer' | 'approver';

export const STAFF_ROLES: readonly StaffRole[] = ['treasurer', 'approver'];

export interface StaffMember {
  /** The sign-in name (Cognito's username; the email locally). */
  username: string;
  /**
   * The account's stable id (Cognito's `sub`), when the directory knows it: the journal names a
   * recorder whose username is not a handle by this id (`actorName`).
   */
  userId?: string;
  email: string;
  role: StaffRole;
  fundId: string;
}

export interface StaffDirectory {
  /** Everyone holding a role on the fund, one row per role held. */
  listStaff(fundId: string): Promise<StaffMember[]>;
  /**
   * Gives someone a role on the fund, creating their account first if there is none (Cognito
   * then emails them a temporary password). Adding a role they already hold changes nothing.
   */
  addStaff(fundId: string, member: { email: string; role: StaffRole }): Promise<StaffMember>;
  /** Takes a role on the fund away; the account itself stays. */
  removeStaff(fundId: string, username: string, role: StaffRole): Promise<void>;
}

/** The adapters of operations that manage staff. */
export interface StaffDeps {
  staffDirectory: StaffDirectory;
}

/**
 * The username an email address signs in under, in Cognito and locally alike. Cognito refuses
 * email-shaped usernames in a pool where the email is an alias, and the username is what the
 * public journal records as `recordedBy`: so it is derived from the address (the same address,
 * the same account, whichever adapter) but says nothing about it.
 */
export function staffUsernameFor(email: string): string {
  return `staff-${sha256Hex(email.trim().toLowerCase()).slice(0, 12)}`;
}
