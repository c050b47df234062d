import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The names of the middleware on a client's stack (X-Ray's is `XRaySDKInstrumentation`). */
const middlewareOf = (client: DynamoDBClient) =>
  client.middlewareStack.identify().map((m) => m.split(' ')[0]);

/** functions/shared/tracing.ts as a function starts with `env` (it decides once, at import). */
async function startWith(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../../functions/shared/tracing.ts');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('X-Ray tracing of the AWS clients', () => {
  it('records each DynamoDB call as an X-Ray subsegment in Lambda', async () => {
    // Prepare
    const { traced } = await startWith({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      POWERTOOLS_TRACE_ENABLED: undefined,
    });
    // Act
    const client = traced(new DynamoDBClient({ region: 'ap-southeast-1' }));
    // Assess
    expect(middlewareOf(client)).toContain('XRaySDKInstrumentation');
  });

  it('leaves clients as they are locally and in tests, and when POWERTOOLS_TRACE_ENABLED=false', async () => {
    for (const env of [
      { AWS_EXECUTION_ENV: undefined },
      { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' },
    ]) {
      // Prepare
      const { traced, tracingActive } = await startWith(env);
      // Act
      const client = traced(new DynamoDBClient({ region: 'ap-southeast-1' }));
      // Assess
      expect(tracingActive()).toBe(false);
      expect(middlewareOf(client)).not.toContain('XRaySDKInstrumentation');
    }
  });
});
