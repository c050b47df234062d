import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Whether the AWS clients are traced: in Lambda, where the stack turns X-Ray's active tracing on
 * for every function, unless POWERTOOLS_TRACE_ENABLED=false; never locally or in tests, which
 * have no X-Ray daemon (the rule Powertools' Tracer applies itself, checked before loading it).
 */
export function tracingActive(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_')) &&
    env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' &&
    !env.AWS_SAM_LOCAL
  );
}

/**
 * Powertools' Tracer pulls in aws-xray-sdk-core, the heaviest thing it brings: imported (a chunk
 * of its own in the bundle) only where it traces, as the function starts, so a traced client
 * records its first call too. Outgoing HTTP other than AWS's is not patched: only the clients.
 */
const tracer: Tracer | undefined = tracingActive()
  ? new (await import('@aws-lambda-powertools/tracer')).Tracer({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'soquy',
      captureHTTPsRequests: false,
    })
  : undefined;

/** `client` (DynamoDB, S3, SQS, KMS) with each call recorded as an X-Ray subsegment when tracing. */
export function traced<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
