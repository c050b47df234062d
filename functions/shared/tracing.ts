import type { Tracer } from '@aws-lambda-powertools/tracer';
import { addBeforeInvocation, logger } from '@soquy/http';

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

/** Clients made before the tracer has loaded: captured when it has. */
const waiting: object[] = [];
let tracer: Tracer | undefined;
let loading: Promise<void> | undefined;

/**
 * Powertools' Tracer pulls in aws-xray-sdk-core, the heaviest thing it brings: loaded (a chunk of
 * its own in the bundle) before the first invocation's own code runs, not while the function
 * starts, and only where it traces; clients made earlier are captured then, so the first
 * request's calls are recorded too. Outgoing HTTP other than AWS's is not patched.
 */
export function startTracing(): Promise<void> {
  if (!tracingActive()) return Promise.resolve();
  loading ??= import('@aws-lambda-powertools/tracer')
    .then(({ Tracer }) => {
      tracer = new Tracer({
        serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'soquy',
        captureHTTPsRequests: false,
      });
      for (const client of waiting.splice(0)) tracer.captureAWSv3Client(client);
    })
    .catch((error: unknown) => {
      // Tracing is optional: a tracer that cannot load leaves the clients untraced, never a
      // function that answers 500 to every request.
      waiting.length = 0;
      logger.warn('X-Ray tracing is off: the tracer did not load', { error: String(error) });
    });
  return loading;
}
addBeforeInvocation(startTracing);

/** `client` (DynamoDB, S3, SQS, KMS) with each call recorded as an X-Ray subsegment when tracing. */
export function traced<C>(client: C): C {
  if (tracer) return tracer.captureAWSv3Client(client);
  if (tracingActive()) waiting.push(client as object);
  return client;
}
