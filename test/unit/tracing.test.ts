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
  it('records each DynamoDB call as an X-Ray subsegment in Lambda, from the first invocation on', async () => {
    // Prepare: a client made as the function starts, before the tracer has loaded
    const { traced, startTracing } = await startWith({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      POWERTOOLS_TRACE_ENABLED: undefined,
    });
    const early = traced(new DynamoDBClient({ region: 'ap-southeast-1' }));
    expect(middlewareOf(early)).not.toContain('XRaySDKInstrumentation');
    // Act: what runs before the first invocation's own code
    await startTracing();
    const later = traced(new DynamoDBClient({ region: 'ap-southeast-1' }));
    // Assess
    expect(middlewareOf(early)).toContain('XRaySDKInstrumentation');
    expect(middlewareOf(later)).toContain('XRaySDKInstrumentation');
  });

  it('leaves clients as they are locally and in tests, and when POWERTOOLS_TRACE_ENABLED=false', async () => {
    for (const env of [
      { AWS_EXECUTION_ENV: undefined },
      { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' },
    ]) {
      // Prepare
      const { traced, tracingActive, startTracing } = await startWith(env);
      // Act
      const client = traced(new DynamoDBClient({ region: 'ap-southeast-1' }));
      await startTracing();
      // Assess
      expect(tracingActive()).toBe(false);
      expect(middlewareOf(client)).not.toContain('XRaySDKInstrumentation');
    }
  });
});
