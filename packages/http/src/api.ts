import middy from '@middy/core';
import type { Access, AccessFacts } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { headLikeGet } from './head.ts';
import {
  type ApiEvent,
  type ApiResult,
  authorize,
  contentEncoding,
  errorResponse,
  type InputSchemas,
  idempotencyKey,
  parseRequest,
  securityHeaders,
} from './middlewares.ts';
import { type LogLevel, observe } from './observability.ts';
import { throughTheEdge } from './through-the-edge.ts';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiOptions<S extends InputSchemas> {
  /** The function's name, for logs. */
  name: string;
  /** The operation the route performs; its declared access decides who may call it. */
  operation: Access;
  /** For operations on a record (a disbursement): reads the facts access depends on. */
  recordFacts?: (event: ApiEvent) => Promise<AccessFacts>;
  logLevel?: LogLevel;
  /** Require an Idempotency-Key header (writes that clients may retry). */
  idempotent?: boolean;
  input?: S;
}

/**
 * The one middleware stack every handler uses, in order: logs, compression, security headers,
 * error mapping, auth, input validation. The handler only adds its business call. HEAD is
 * answered as GET without the body (`headLikeGet`), around the whole stack.
 */
export function api<S extends InputSchemas = Record<string, never>>(options: ApiOptions<S>) {
  type Input = { body: Infer<S['body']>; query: Infer<S['query']>; path: Infer<S['path']> };
  const stack = middy<ApiEvent, ApiResult>()
    .use(throughTheEdge())
    .use(observe(options.name, options.logLevel))
    .use(contentEncoding())
    .use(securityHeaders())
    .use(errorResponse())
    .use(authorize(options.operation, options.recordFacts, options.input?.path));
  if (options.idempotent) stack.use(idempotencyKey());
  stack.use(parseRequest(options.input ?? {}));
  return {
    /** Adds the business call; the result is what Lambda invokes with the raw event. */
    handler: (business: (event: ApiEvent<Input>, context: Context) => Promise<ApiResult>) =>
      headLikeGet(stack.handler(business as never) as unknown as LambdaHandler),
  };
}

/** What Lambda (or the local emulator) calls. */
export type LambdaHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<ApiResult>;

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
