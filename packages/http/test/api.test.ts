import {
  type Access,
  actorName,
  amount,
  FundNotFoundError,
  InsufficientFundsError,
} from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { api, json, parseGroups } from '../src/index.ts';

/** An API Gateway v2 event as the JWT authorizer hands it to Lambda. */
function event(
  fundId: string,
  groups?: string,
  body?: unknown,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: 'POST /funds/{fundId}/payments',
    rawPath: `/funds/${fundId}/payments`,
    rawQueryString: '',
    headers: {},
    pathParameters: { fundId },
    requestContext: {
      requestId: 'r1',
      routeKey: 'POST /funds/{fundId}/payments',
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims:
            groups === undefined ? {} : { sub: 'u1', username: 'lan', 'cognito:groups': groups },
          scopes: [],
        },
      },
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = {} as Context;
let calls = 0;
const recordSomething: Access = {
  operation: 'record-payment',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};
const treasurerOnly = api({
  name: 'test',
  operation: recordSomething,
  logLevel: 'silent',
  input: { body: z.object({ amount }) },
}).handler(async (e) => {
  calls++;
  return json(201, { amount: e.input.body.amount, by: actorName(e.actor) });
});

describe('api() access checks', () => {
  it('lets a treasurer of this fund through, with the parsed body', async () => {
    const res = await treasurerOnly(
      event('pu-trang', '[treasurer:pu-trang approver:duc-pho]', { amount: 500_000 }),
      context,
    );
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body as string)).toEqual({ amount: 500_000, by: 'lan' });
  });

  it('answers 403 to a treasurer of another fund and never runs the handler', async () => {
    const before = calls;
    const res = await treasurerOnly(
      event('duc-pho', '[treasurer:pu-trang]', { amount: 1 }),
      context,
    );
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body as string)).toEqual({
      code: 'forbidden',
      message: 'You may not record payment here: only a treasurer of fund "duc-pho" may.',
      details: { operation: 'record-payment' },
    });
    expect(calls).toBe(before);
  });

  it('answers 403 to an approver or admin of the same fund: roles do not stand in for each other', async () => {
    for (const groups of ['[approver:pu-trang]', '[admin]']) {
      expect(
        (await treasurerOnly(event('pu-trang', groups, { amount: 1 }), context)).statusCode,
      ).toBe(403);
    }
  });

  it('answers 401 when no claims reached the handler', async () => {
    const res = await treasurerOnly(event('pu-trang', undefined, { amount: 1 }), context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body as string).code).toBe('unauthorized');
  });

  it('reads groups as API Gateway passes them and as a plain array', () => {
    expect(parseGroups('[admin treasurer:pu-trang]')).toEqual(['admin', 'treasurer:pu-trang']);
    expect(parseGroups(['approver:duc-pho'])).toEqual(['approver:duc-pho']);
    expect(parseGroups(undefined)).toEqual([]);
  });
});

describe('api() error mapping', () => {
  const failing = (error: unknown) =>
    api({
      name: 'failing',
      logLevel: 'silent',
      operation: { operation: 'fail', grants: [{ anyone: true }], fund: 'none' },
    }).handler(async () => {
      throw error;
    });

  it('maps ledger errors to their status and code, and hides our own faults behind a 500', async () => {
    const notFound = await failing(new FundNotFoundError('x'))(event('x'), context);
    expect([notFound.statusCode, JSON.parse(notFound.body as string).code]).toEqual([
      404,
      'fund_not_found',
    ]);
    const overdraft = await failing(new InsufficientFundsError('assets:bank', 10, 20))(
      event('x'),
      context,
    );
    expect(overdraft.statusCode).toBe(409);
    expect(JSON.parse(overdraft.body as string)).toMatchObject({
      code: 'insufficient_funds',
      details: { available: 10, needed: 20 },
    });
    const bug = await failing(new TypeError('secret internals'))(event('x'), context);
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toMatch(/secret internals/);
    expect(bug.headers?.['x-content-type-options']).toBe('nosniff');
  });
});
