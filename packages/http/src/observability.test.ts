import { type Access, amount } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { api, json } from './api.ts';
import { HttpError } from './errors.ts';
import type { LogLevel } from './observability.ts';
import { countedDelivery, countMetric, observeInvocation } from './observability.ts';

/** A treasurer's payment, as API Gateway's JWT authorizer hands it to Lambda. */
function payment(fundId: string, body: unknown, requestId: string) {
  return {
    version: '2.0',
    routeKey: 'POST /funds/{fundId}/payments',
    rawPath: `/funds/${fundId}/payments`,
    rawQueryString: '',
    headers: { authorization: 'Bearer secret-token' },
    pathParameters: { fundId },
    requestContext: {
      requestId,
      routeKey: 'POST /funds/{fundId}/payments',
      http: { method: 'POST' },
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: { sub: 'u1', username: 'lan', 'cognito:groups': `[treasurer:${fundId}]` },
          scopes: [],
        },
      },
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const recordPayment: Access = {
  operation: 'record-payment',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};
const paymentsAt = (logLevel: LogLevel) =>
  api({
    name: 'bookkeeping',
    operation: recordPayment,
    logLevel,
    input: { body: z.object({ amount }) },
  }).handler(async (e) => json(201, { amount: e.input.body.amount }));

/** What the process printed while a test ran, line by line (stdout, and stderr for errors). */
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      printed.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

interface Emf {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}
const records = () => printed.map((line) => JSON.parse(line) as Record<string, unknown>);
const metrics = () => records().filter((r): r is Emf => '_aws' in r);
const logs = () => records().filter((r) => !('_aws' in r));
/** The EMF records carrying `name`, as {value, dimensions} (dimension names sorted). */
const metric = (name: string) =>
  metrics()
    .filter((r) => r._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name))
    .map((r) => {
      const dimensions = (r._aws.CloudWatchMetrics[0]?.Dimensions[0] ?? []).toSorted();
      return {
        value: r[name],
        namespace: r._aws.CloudWatchMetrics[0]?.Namespace,
        dimensions: Object.fromEntries(dimensions.map((d) => [d, r[d]])),
      };
    });

describe('observe(): the middleware every API and page handler starts with', () => {
  it('counts a 400 as a Rejection by its code, and in the service total, in the Soquy namespace', async () => {
    // Prepare
    const handler = paymentsAt('info');
    // Act: a fractional amount of đồng is refused with 400 invalid_request
    const res = await handler(payment('pu-trang', { amount: 1.5 }, 'req-400'), {} as Context);
    // Assess
    expect(res.statusCode).toBe(400);
    const rejections = metric('Rejections');
    expect(rejections).toHaveLength(2);
    expect(rejections).toContainEqual({
      value: 1,
      namespace: 'Soquy',
      dimensions: { code: 'invalid_request', service: 'soquy' },
    });
    expect(rejections).toContainEqual({
      value: 1,
      namespace: 'Soquy',
      dimensions: { service: 'soquy' },
    });
  });

  it('writes one line per request with the request id, the fund id, route, status and duration, never the body or token', async () => {
    // Prepare
    const handler = paymentsAt('info');
    // Act
    const res = await handler(payment('duc-pho', { amount: 250_000 }, 'req-201'), {} as Context);
    // Assess
    expect(res.statusCode).toBe(201);
    const lines = logs();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'soquy',
      fn: 'bookkeeping',
      requestId: 'req-201',
      fundId: 'duc-pho',
      route: 'POST /funds/{fundId}/payments',
      status: 201,
    });
    expect(typeof lines[0]?.ms).toBe('number');
    expect(printed.join('\n')).not.toContain('250000');
    expect(printed.join('\n')).not.toContain('secret-token');
    // Nothing was rejected, so no metric was printed either.
    expect(metrics()).toEqual([]);
  });

  it('logs a 5xx as an error with its stack and the request id, and counts no rejection', async () => {
    // Prepare
    const handler = api({
      name: 'bookkeeping',
      operation: recordPayment,
      logLevel: 'info',
    }).handler(async () => {
      throw new Error('DynamoDB is unreachable');
    });
    // Act
    const res = await handler(payment('pu-trang', {}, 'req-500'), {} as Context);
    // Assess
    expect(res.statusCode).toBe(500);
    const [line] = logs();
    expect(line).toMatchObject({
      level: 'ERROR',
      requestId: 'req-500',
      fundId: 'pu-trang',
      status: 500,
    });
    expect(JSON.stringify(line?.error)).toContain('DynamoDB is unreachable');
    expect(metric('Rejections')).toEqual([]);
  });

  it('prints nothing at all, neither logs nor metrics, at level silent (the tests)', async () => {
    // Prepare: the same rejection at level info prints its line and two metrics
    const rejected = payment('pu-trang', { amount: 1.5 }, 'req-silent');
    await paymentsAt('info')(rejected, {} as Context);
    expect(logs()).toHaveLength(1);
    expect(metric('Rejections')).toHaveLength(2);
    printed = [];
    // Act
    const res = await paymentsAt('silent')(rejected, {} as Context);
    countMetric('Appends', 3);
    await observeInvocation('publish-exports', async () => countMetric('Appends'), 'silent')({});
    // Assess
    expect(res.statusCode).toBe(400);
    expect(printed).toEqual([]);
  });
});

describe('metrics of functions no request reaches, and of webhooks', () => {
  it('flushes what a stream invocation counted when it ends, under the dimensions it was counted with', async () => {
    // Prepare
    const run = observeInvocation(
      'import-statements',
      async () => {
        countMetric('ImportLines', 480);
        countMetric('ImportLinesPerSecond', 1200, {}, 'Count/Second');
        // Printed only at the end of the invocation, not as it is counted.
        expect(metrics()).toEqual([]);
      },
      'info',
    );
    // Act
    await run({});
    // Assess
    expect(metric('ImportLines')).toEqual([
      { value: 480, namespace: 'Soquy', dimensions: { service: 'soquy' } },
    ]);
    const [perSecond] = metrics().filter((r) => 'ImportLinesPerSecond' in r);
    expect(perSecond?._aws.CloudWatchMetrics[0]?.Metrics).toContainEqual({
      Name: 'ImportLinesPerSecond',
      Unit: 'Count/Second',
    });
  });

  it('counts a refused webhook delivery as rejected, and as a webhook failure', async () => {
    // Prepare
    const run = observeInvocation(
      'bank-webhooks',
      () =>
        countedDelivery(
          'casso',
          async () => {
            throw new HttpError(401, 'unauthorized', 'The signature does not match.');
          },
          () => 'accepted',
        ),
      'info',
    );
    // Act
    await expect(run({})).rejects.toThrow('The signature does not match.');
    // Assess
    expect(metric('WebhookDeliveries')).toEqual([
      {
        value: 1,
        namespace: 'Soquy',
        dimensions: { outcome: 'rejected', service: 'soquy', source: 'casso' },
      },
    ]);
    expect(metric('WebhookFailures')).toEqual([
      { value: 1, namespace: 'Soquy', dimensions: { service: 'soquy' } },
    ]);
  });
});
