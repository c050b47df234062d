import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { staffUsernameFor } from '@soquy/ledger';
import { devUsersFile, issueDevUserToken, UnknownDevUserError } from '@soquy/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Staff management through the API, on the local stack: an administrator appoints and removes a
 * fund's treasurers and approvers (dev users locally, Cognito's groups in AWS), and whoever was
 * appointed can then act on that fund, and only that fund.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: string;
const run = promisify(execFile);

const staffOf = async (fundId = 'pu-trang') =>
  (await api.call('GET', `/funds/${fundId}/staff`, { token: admin })).json.staff as {
    username: string;
    email: string;
    role: string;
  }[];
const add = (body: unknown, token = admin, fundId = 'pu-trang') =>
  api.call('POST', `/funds/${fundId}/staff`, { token, body });
const remove = (body: unknown, token = admin, fundId = 'pu-trang') =>
  api.call('POST', `/funds/${fundId}/staff/remove`, { token, body });
const devUsers = () => readFileSync(join(api.dataDir, 'dev-users.json'), 'utf8');
const payment = (token: string, fundId = 'pu-trang') =>
  api.call('POST', `/funds/${fundId}/payments`, {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
      amount: 2_000_000,
      method: 'cash',
      receivedAt: '2026-11-19T03:00:00+07:00',
    },
  });

/** `npm run token -- --user …` against the test stack's data folder. */
async function tokenCli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'packages/local/src/cli/token.ts', ...args], {
    env: { ...process.env, SOQUY_DATA_DIR: api.dataDir },
  }).then(
    (out) => ({ code: 0, stdout: out.stdout.trim(), stderr: out.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token(['admin'], 'admin');
  for (const id of ['pu-trang', 'duc-pho']) {
    const opened = await api.call('POST', '/funds', { body: puTrangInput({ id }), token: admin });
    expect(opened.status).toBe(201);
  }
}, 60_000);
afterAll(() => api.stop());

describe('an administrator manages a fund’s staff', () => {
  it('appoints a treasurer and an approver, lists them, and the treasurer signs in and records money', async () => {
    // prepare: nobody works on the fund yet
    expect(await staffOf()).toEqual([]);
    // act
    const treasurer = await add({ email: ' Lan@Example.vn ', role: 'treasurer' });
    const approver = await add({ email: 'hoa@example.vn', role: 'approver' });
    // assess: both appointed, the address as written without case or spaces
    expect(treasurer.status).toBe(201);
    expect(treasurer.json).toEqual({
      username: staffUsernameFor('lan@example.vn'),
      email: 'lan@example.vn',
      role: 'treasurer',
      fundId: 'pu-trang',
    });
    expect(approver.status).toBe(201);
    expect((await staffOf()).map((m) => `${m.role} ${m.email}`)).toEqual([
      'approver hoa@example.vn',
      'treasurer lan@example.vn',
    ]);
    // … and `npm run token -- --user` signs in as the new treasurer, who may record money in
    // this fund but not in another one.
    const cli = await tokenCli('--user', 'lan@example.vn');
    expect(cli.code).toBe(0);
    expect((await payment(cli.stdout)).status).toBe(201);
    expect((await payment(cli.stdout, 'duc-pho')).status).toBe(403);
  });

  it('adding a role someone already holds changes nothing', async () => {
    // prepare
    await add({ email: 'minh@example.vn', role: 'treasurer' });
    const before = await staffOf();
    // act
    const again = await add({ email: 'minh@example.vn', role: 'treasurer' });
    // assess
    expect(again.status).toBe(201);
    expect(await staffOf()).toEqual(before);
  });

  it('removes a treasurer: they are off the list and can no longer sign in as one', async () => {
    // prepare
    const { json: member } = await add({ email: 'tuan@example.vn', role: 'treasurer' });
    // act
    const removed = await remove({ username: member.username, role: 'treasurer' });
    // assess
    expect(removed.status).toBe(200);
    expect(removed.json.removed).toMatchObject({ email: 'tuan@example.vn', role: 'treasurer' });
    expect((await staffOf()).some((m) => m.email === 'tuan@example.vn')).toBe(false);
    await expect(
      issueDevUserToken(api.stack.signingKey, devUsersFile(api.dataDir), 'tuan@example.vn'),
    ).rejects.toBeInstanceOf(UnknownDevUserError);
  });

  it("refuses to remove a fund's last approver (maker-checker needs one), and removes one of two", async () => {
    // prepare: the fund's only approver
    const fundId = 'duc-pho';
    const { json: first } = await add({ email: 'an@example.vn', role: 'approver' }, admin, fundId);
    const before = devUsers();
    // act
    const refused = await remove({ username: first.username, role: 'approver' }, admin, fundId);
    // assess: 409 saying what to do; nobody removed
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('last_approver');
    expect(refused.json.message).toContain('Add another approver first');
    expect(devUsers()).toBe(before);
    // With a second approver, the first one may go.
    await add({ email: 'binh@example.vn', role: 'approver' }, admin, fundId);
    const removed = await remove({ username: first.username, role: 'approver' }, admin, fundId);
    expect(removed.status).toBe(200);
    expect((await staffOf(fundId)).map((m) => m.email)).toEqual(['binh@example.vn']);
  });
});

describe('bad requests change nothing', () => {
  it.each([
    ['an invalid email', { email: 'lan-at-example.vn', role: 'treasurer' }, 'email'],
    ['an unknown role', { email: 'lan@example.vn', role: 'admin' }, 'role'],
    ['a missing role', { email: 'lan@example.vn' }, 'role'],
  ])('%s: 400 naming the field', async (_, body, field) => {
    // prepare
    const before = devUsers();
    const tables = await api.snapshot();
    // act
    const response = await add(body);
    // assess
    expect(response.status).toBe(400);
    expect(response.json.code).toBe('invalid_request');
    expect(JSON.stringify(response.json.details)).toContain(field);
    expect(devUsers()).toBe(before);
    expect(await api.snapshot()).toEqual(tables);
  });

  it('an unknown fund: 404, nobody appointed', async () => {
    const before = devUsers();
    const response = await add(
      { email: 'lan@example.vn', role: 'treasurer' },
      admin,
      'no-such-fund',
    );
    expect(response.status).toBe(404);
    expect(response.json.code).toBe('fund_not_found');
    expect(devUsers()).toBe(before);
  });

  it('removing someone who does not hold the role: 404', async () => {
    const before = devUsers();
    const response = await remove({
      username: staffUsernameFor('nobody@example.vn'),
      role: 'approver',
    });
    expect(response.status).toBe(404);
    expect(response.json.code).toBe('staff_not_found');
    expect(devUsers()).toBe(before);
  });
});

describe('only an administrator manages staff', () => {
  it('a treasurer or approver of the fund gets 403 on every staff route; no token gets 401', async () => {
    // prepare
    const treasurer = await api.token(['treasurer', 'approver'], 'lan', 'pu-trang');
    const before = devUsers();
    // act
    const answers = [
      await api.call('GET', '/funds/pu-trang/staff', { token: treasurer }),
      await add({ email: 'x@example.vn', role: 'treasurer' }, treasurer),
      await remove({ username: staffUsernameFor('lan@example.vn'), role: 'treasurer' }, treasurer),
    ];
    const anonymous = await api.call('GET', '/funds/pu-trang/staff');
    // assess
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(answers[1]?.json.code).toBe('forbidden');
    expect(anonymous.status).toBe(401);
    expect(devUsers()).toBe(before);
  });
});
