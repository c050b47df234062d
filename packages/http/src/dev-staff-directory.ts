import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  groupFor,
  STAFF_ROLES,
  type StaffDirectory,
  type StaffMember,
  type StaffRole,
  staffUsernameFor,
} from '@soquy/ledger';
import { SignJWT } from 'jose';
import { DEV_CLIENT_ID, DEV_ISSUER } from './session.ts';

/** A local account: what Cognito would hold, its groups named as Cognito's would be. */
export interface DevUser {
  username: string;
  email: string;
  groups: string[];
}

/** Reads the local stack's dev users (`.data/dev-users.json`); none when the file is missing. */
export function readDevUsers(file: string): DevUser[] {
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { users?: DevUser[] };
  return parsed.users ?? [];
}

/** The dev user a sign-in names, by username or email address. */
export function findDevUser(file: string, who: string): DevUser | undefined {
  const key = who.trim().toLowerCase();
  return readDevUsers(file).find((u) => u.username === who.trim() || u.email === key);
}

/**
 * Staff of the local stack, kept as dev users in a JSON file under `.data/`: the console's admin
 * pages add and remove them like Cognito's, and the dev sign-in (or `npm run token -- --user`)
 * signs in as one with their groups. Writes go one at a time and replace the file whole.
 */
export class DevStaffDirectory implements StaffDirectory {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  async listStaff(fundId: string): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    for (const role of STAFF_ROLES) {
      for (const user of readDevUsers(this.file)) {
        if (user.groups.includes(groupFor(role, fundId)))
          members.push({
            username: user.username,
            userId: devUserId(user),
            email: user.email,
            role,
            fundId,
          });
      }
    }
    return members;
  }

  addStaff(fundId: string, member: { email: string; role: StaffRole }): Promise<StaffMember> {
    return this.change((users) => {
      const email = member.email.trim().toLowerCase();
      let user = users.find((u) => u.email === email);
      if (!user) {
        user = { username: staffUsernameFor(email), email, groups: [] };
        users.push(user);
      }
      const group = groupFor(member.role, fundId);
      if (!user.groups.includes(group)) user.groups.push(group);
      return { username: user.username, email, role: member.role, fundId };
    });
  }

  removeStaff(fundId: string, username: string, role: StaffRole): Promise<void> {
    return this.change((users) => {
      const user = users.find((u) => u.username === username);
      if (user) user.groups = user.groups.filter((g) => g !== groupFor(role, fundId));
    });
  }

  private change<T>(edit: (users: DevUser[]) => T): Promise<T> {
    const run = this.queue.then(() => {
      const users = readDevUsers(this.file);
      const result = edit(users);
      mkdirSync(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.file);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A dev user's stable id, as the `sub` of their local token (Cognito's `sub` in AWS). */
const devUserId = (user: DevUser) => `local-${user.username}`;

/**
 * A local access token for a dev user, shaped like the one Cognito gives the member it emailed a
 * password to: their username and exactly their groups. The console's dev sign-in and
 * `npm run token -- --user` both make it with the local stack's key.
 */
export function signDevUserToken(
  key: Uint8Array,
  user: DevUser,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({
    username: user.username,
    'cognito:groups': user.groups,
    token_use: 'access',
    client_id: DEV_CLIENT_ID,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(devUserId(user))
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
