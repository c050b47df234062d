import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { staffUsernameFor } from '@soquy/ledger';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CognitoStaffDirectory, EmailTakenError } from './cognito-staff-directory.ts';

/**
 * A small stand-in for Cognito's user pool API, speaking its wire protocol (JSON 1.1, the
 * operation in X-Amz-Target, errors as `__type`), so the real SDK talks to it over HTTP and the
 * test sees exactly the requests the adapter makes.
 */
interface Call {
  operation: string;
  body: Record<string, unknown>;
}
const POOL = 'ap-southeast-1_TestPool';

function cognitoStandIn() {
  const calls: Call[] = [];
  const users = new Map<string, { email: string }>();
  const groups = new Map<string, Set<string>>();
  const fail = (type: string, message: string) => ({
    status: 400,
    body: { __type: type, message },
  });
  const answer = (operation: string, body: Record<string, unknown>) => {
    const username = body.Username as string;
    const group = body.GroupName as string;
    switch (operation) {
      case 'AdminCreateUser': {
        if (users.has(username))
          return fail('UsernameExistsException', 'User account already exists.');
        const email = (body.UserAttributes as { Name: string; Value: string }[]).find(
          (a) => a.Name === 'email',
        )?.Value as string;
        if ([...users.values()].some((u) => u.email === email))
          return fail('AliasExistsException', 'An account with the given email already exists.');
        users.set(username, { email });
        return {
          status: 200,
          body: { User: { Username: username, UserStatus: 'FORCE_CHANGE_PASSWORD' } },
        };
      }
      case 'CreateGroup':
        if (groups.has(group))
          return fail('GroupExistsException', 'A group with the name already exists.');
        groups.set(group, new Set());
        return { status: 200, body: { Group: { GroupName: group } } };
      case 'AdminAddUserToGroup':
        if (!groups.has(group)) return fail('ResourceNotFoundException', 'Group not found.');
        groups.get(group)?.add(username);
        return { status: 200, body: {} };
      case 'AdminRemoveUserFromGroup':
        groups.get(group)?.delete(username);
        return { status: 200, body: {} };
      case 'ListUsersInGroup': {
        if (!groups.has(group)) return fail('ResourceNotFoundException', 'Group not found.');
        // One user a page, so paging is exercised.
        const names = [...(groups.get(group) ?? [])].sort();
        const start = body.NextToken ? Number(body.NextToken) : 0;
        const page = names.slice(start, start + 1).map((name) => ({
          Username: name,
          Attributes: [
            { Name: 'email', Value: users.get(name)?.email },
            { Name: 'sub', Value: `sub-of-${name}` },
          ],
        }));
        return {
          status: 200,
          body: {
            Users: page,
            ...(start + 1 < names.length ? { NextToken: String(start + 1) } : {}),
          },
        };
      }
      default:
        return fail('InvalidActionException', `Not in the stand-in: ${operation}`);
    }
  };
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.replace('AWSCognitoIdentityProviderService.', '');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      calls.push({ operation, body });
      const result =
        request.headers['content-type'] === 'application/x-amz-json-1.1' &&
        target.startsWith('AWSCognitoIdentityProviderService.') &&
        body.UserPoolId === POOL
          ? answer(operation, body)
          : fail('InvalidParameterException', 'Not a user pool API request.');
      response.writeHead(result.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(result.body));
    });
  });
  return { server, calls, users, groups };
}

describe('CognitoStaffDirectory, against a stand-in speaking the user pool API', () => {
  let standIn: ReturnType<typeof cognitoStandIn>;
  let directory: CognitoStaffDirectory;
  let server: Server;

  beforeAll(async () => {
    standIn = cognitoStandIn();
    server = standIn.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    directory = new CognitoStaffDirectory(
      () =>
        new CognitoIdentityProviderClient({
          region: 'ap-southeast-1',
          endpoint: `http://127.0.0.1:${port}`,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
          maxAttempts: 1,
        }),
      POOL,
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    standIn.calls.length = 0;
    standIn.users.clear();
    standIn.groups.clear();
  });

  it("appoints a new treasurer: creates the account (Cognito emails the password), makes the fund's group, adds them", async () => {
    // prepare: an empty pool
    // act
    const member = await directory.addStaff('pu-trang', {
      email: 'lan@example.vn',
      role: 'treasurer',
    });
    // assess: the account is made with the email and no MessageAction, so Cognito sends the
    // temporary password; the group did not exist, so it is made and the add is retried.
    const username = staffUsernameFor('lan@example.vn');
    expect(member).toEqual({
      username,
      email: 'lan@example.vn',
      role: 'treasurer',
      fundId: 'pu-trang',
    });
    expect(standIn.calls.map((c) => c.operation)).toEqual([
      'AdminCreateUser',
      'AdminAddUserToGroup',
      'CreateGroup',
      'AdminAddUserToGroup',
    ]);
    const create = standIn.calls[0]?.body ?? {};
    expect(create).toMatchObject({
      UserPoolId: POOL,
      Username: username,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'lan@example.vn' }]),
    });
    expect(create).not.toHaveProperty('MessageAction');
    expect(standIn.calls[2]?.body).toMatchObject({ GroupName: 'treasurer:pu-trang' });
    expect([...(standIn.groups.get('treasurer:pu-trang') ?? [])]).toEqual([username]);
  });

  it('gives an existing account a second role without making it again', async () => {
    // prepare: lan is already treasurer of one fund; the other fund's approver group exists
    await directory.addStaff('pu-trang', { email: 'lan@example.vn', role: 'treasurer' });
    standIn.groups.set('approver:duc-pho', new Set());
    standIn.calls.length = 0;
    // act
    await directory.addStaff('duc-pho', { email: 'lan@example.vn', role: 'approver' });
    // assess: the account exists (UsernameExistsException is fine), the group is not made again
    expect(standIn.calls.map((c) => c.operation)).toEqual([
      'AdminCreateUser',
      'AdminAddUserToGroup',
    ]);
    expect(standIn.users.size).toBe(1);
    expect(standIn.groups.get('approver:duc-pho')?.size).toBe(1);
  });

  it("lists the fund's staff from both groups, page by page, with their emails", async () => {
    // prepare: two treasurers and one approver; another fund's staff
    await directory.addStaff('pu-trang', { email: 'lan@example.vn', role: 'treasurer' });
    await directory.addStaff('pu-trang', { email: 'minh@example.vn', role: 'treasurer' });
    await directory.addStaff('pu-trang', { email: 'hoa@example.vn', role: 'approver' });
    await directory.addStaff('duc-pho', { email: 'tuan@example.vn', role: 'approver' });
    standIn.calls.length = 0;
    // act
    const staff = await directory.listStaff('pu-trang');
    // assess
    expect(staff.map((m) => `${m.role} ${m.email}`).sort()).toEqual([
      'approver hoa@example.vn',
      'treasurer lan@example.vn',
      'treasurer minh@example.vn',
    ]);
    // The account's sub, by which the journal names a recorder whose username is no handle.
    expect(staff.every((m) => m.userId === `sub-of-${m.username}`)).toBe(true);
    expect(
      standIn.calls.map((c) => `${c.operation} ${c.body.GroupName} ${c.body.NextToken ?? ''}`),
    ).toEqual([
      'ListUsersInGroup treasurer:pu-trang ',
      'ListUsersInGroup treasurer:pu-trang 1',
      'ListUsersInGroup approver:pu-trang ',
    ]);
  });

  it('lists nobody for a fund whose groups were never made', async () => {
    expect(await directory.listStaff('new-fund')).toEqual([]);
  });

  it("removes the role by taking the user out of the fund's group; the account stays", async () => {
    // prepare
    const member = await directory.addStaff('pu-trang', {
      email: 'lan@example.vn',
      role: 'treasurer',
    });
    standIn.calls.length = 0;
    // act
    await directory.removeStaff('pu-trang', member.username, 'treasurer');
    // assess
    expect(standIn.calls).toEqual([
      {
        operation: 'AdminRemoveUserFromGroup',
        body: { UserPoolId: POOL, Username: member.username, GroupName: 'treasurer:pu-trang' },
      },
    ]);
    expect(await directory.listStaff('pu-trang')).toEqual([]);
    expect(standIn.users.has(member.username)).toBe(true);
  });

  it('refuses an address another account of the pool already holds, adding nobody to the group', async () => {
    // prepare: an account made by hand in the Cognito console, under another username
    standIn.users.set('hand-made', { email: 'lan@example.vn' });
    standIn.groups.set('treasurer:pu-trang', new Set());
    // act
    const adding = directory.addStaff('pu-trang', { email: 'lan@example.vn', role: 'treasurer' });
    // assess
    await expect(adding).rejects.toBeInstanceOf(EmailTakenError);
    await expect(adding).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    expect(standIn.groups.get('treasurer:pu-trang')?.size).toBe(0);
  });
});
