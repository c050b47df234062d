import type {
  CognitoIdentityProviderClient,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  groupFor,
  ROLE_DESCRIPTIONS,
  STAFF_ROLES,
  type StaffDirectory,
  type StaffMember,
  type StaffRole,
  staffUsernameFor,
} from '@soquy/ledger';
import { HttpError } from './errors.ts';

/** The email address already belongs to another account of the pool (made by hand, say). */
export class EmailTakenError extends HttpError {
  constructor(
    readonly email: string,
    options?: { cause?: unknown },
  ) {
    super(
      409,
      'email_taken',
      `The address ${email} already belongs to another account of the user pool. Add that account to the group in the Cognito console, or use another address.`,
      { email },
      options,
    );
  }
}

const nameOf = (error: unknown) => (error as { name?: string } | undefined)?.name;

/**
 * The SDK is loaded on first use, not when the function starts: most console requests never
 * manage staff (the Lambda runtime provides the SDK; the bundle keeps it external).
 */
type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');
let sdk: Promise<Sdk> | undefined;
const cognitoSdk = () => {
  sdk ??= import('@aws-sdk/client-cognito-identity-provider');
  return sdk;
};

/**
 * Staff as Cognito's user pool holds them: one group per role and fund (`treasurer:<fundId>`,
 * made on the first appointment), accounts made with the admin API so Cognito emails the new
 * member a temporary password. Uses exactly AdminCreateUser, CreateGroup, AdminAddUserToGroup,
 * AdminRemoveUserFromGroup and ListUsersInGroup, the actions the stack grants.
 */
export class CognitoStaffDirectory implements StaffDirectory {
  private client: Promise<CognitoIdentityProviderClient> | undefined;

  constructor(
    private readonly makeClient: () =>
      | CognitoIdentityProviderClient
      | Promise<CognitoIdentityProviderClient>,
    private readonly userPoolId: string,
  ) {}

  static create(options: { userPoolId: string; region: string; endpoint?: string }) {
    return new CognitoStaffDirectory(
      async () =>
        new (await cognitoSdk()).CognitoIdentityProviderClient({
          region: options.region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        }),
      options.userPoolId,
    );
  }

  /** Runs admin API calls with the client (made once) and the SDK's commands. */
  private async run<R>(action: (client: CognitoIdentityProviderClient, sdk: Sdk) => Promise<R>) {
    this.client ??= Promise.resolve(this.makeClient());
    const [client, loaded] = await Promise.all([this.client, cognitoSdk()]);
    return action(client, loaded);
  }

  async listStaff(fundId: string): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    for (const role of STAFF_ROLES) {
      for (const user of await this.usersInGroup(groupFor(role, fundId))) {
        const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
        const userId = attribute('sub');
        members.push({
          username: user.Username ?? '',
          ...(userId ? { userId } : {}),
          email: attribute('email') ?? '',
          role,
          fundId,
        });
      }
    }
    return members;
  }

  async addStaff(fundId: string, member: { email: string; role: StaffRole }): Promise<StaffMember> {
    const username = staffUsernameFor(member.email);
    try {
      // No MessageAction: Cognito emails the new member their temporary password.
      await this.run((client, { AdminCreateUserCommand }) =>
        client.send(
          new AdminCreateUserCommand({
            UserPoolId: this.userPoolId,
            Username: username,
            UserAttributes: [
              { Name: 'email', Value: member.email },
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
      );
    } catch (error) {
      if (nameOf(error) === 'AliasExistsException')
        throw new EmailTakenError(member.email, { cause: error });
      // Appointed before (to this or another fund): the account is theirs already.
      if (nameOf(error) !== 'UsernameExistsException') throw error;
    }
    const group = groupFor(member.role, fundId);
    try {
      await this.addToGroup(username, group);
    } catch (error) {
      if (nameOf(error) !== 'ResourceNotFoundException') throw error;
      // The fund's first treasurer (or approver): its group is made now.
      await this.createGroup(group, member.role);
      await this.addToGroup(username, group);
    }
    return { username, email: member.email, role: member.role, fundId };
  }

  async removeStaff(fundId: string, username: string, role: StaffRole): Promise<void> {
    await this.run((client, { AdminRemoveUserFromGroupCommand }) =>
      client.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: groupFor(role, fundId),
        }),
      ),
    );
  }

  private async usersInGroup(group: string): Promise<UserType[]> {
    const users: UserType[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.run((client, { ListUsersInGroupCommand }) =>
          client.send(
            new ListUsersInGroupCommand({
              UserPoolId: this.userPoolId,
              GroupName: group,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
        users.push(...(page.Users ?? []));
        token = page.NextToken;
      } while (token);
    } catch (error) {
      // No group yet: nobody was ever appointed to that role of the fund.
      if (nameOf(error) === 'ResourceNotFoundException') return [];
      throw error;
    }
    return users;
  }

  private addToGroup(username: string, group: string) {
    return this.run((client, { AdminAddUserToGroupCommand }) =>
      client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: group,
        }),
      ),
    );
  }

  private async createGroup(group: string, role: StaffRole) {
    try {
      await this.run((client, { CreateGroupCommand }) =>
        client.send(
          new CreateGroupCommand({
            UserPoolId: this.userPoolId,
            GroupName: group,
            Description: ROLE_DESCRIPTIONS[role],
          }),
        ),
      );
    } catch (error) {
      // Another appointment made it a moment ago.
      if (nameOf(error) !== 'GroupExistsException') throw error;
    }
  }
}
