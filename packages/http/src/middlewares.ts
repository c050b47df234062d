import type middy from '@middy/core';
import {
  type Access,
  type AccessFacts,
  type Actor,
  assertAllowed,
  SignInRequiredError,
  staffOnly,
} from '@soquy/ledger';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
} from 'aws-lambda';
import type { z } from 'zod';
import { actorOf } from './auth.ts';
import { BadRequestError, type FieldProblem, HttpError, toHttpError } from './errors.ts';

export interface ApiInput<B = unknown, Q = unknown, P = unknown> {
  body: B;
  query: Q;
  path: P;
}

export type ApiEvent<I extends ApiInput = ApiInput> = APIGatewayProxyEventV2WithJWTAuthorizer & {
  input: I;
  /** Who is asking, set by `authorize` (or the console's session). */
  actor: Actor;
};

export type ApiResult = Exclude<APIGatewayProxyResultV2, string>;
type Request = middy.Request<ApiEvent, ApiResult>;
export type Middleware = middy.MiddlewareObj<ApiEvent, ApiResult>;

export type LogLevel = 'info' | 'silent';

/** One JSON log line per request: route, status, duration, error code; never bodies or tokens. */
export function structuredLogs(functionName: string, level: LogLevel = 'info'): Middleware {
  const started = new WeakMap<object, number>();
  const log = (request: Request, extra: Record<string, unknown>) => {
    if (level === 'silent') return;
    const line = {
      level: extra.status !== undefined && Number(extra.status) >= 500 ? 'error' : 'info',
      fn: functionName,
      requestId: request.event.requestContext?.requestId,
      route: request.event.routeKey,
      ms: Date.now() - (started.get(request.event) ?? Date.now()),
      ...extra,
    };
    console.log(JSON.stringify(line));
  };
  return {
    before: (request) => {
      started.set(request.event, Date.now());
    },
    after: (request) => log(request, { status: request.response?.statusCode }),
    onError: (request) => {
      const error = request.error;
      log(request, {
        status: request.response?.statusCode,
        code: toHttpError(error).code,
        ...(toHttpError(error).status >= 500
          ? { error: String((error as Error)?.stack ?? error) }
          : {}),
      });
    },
  };
}

const SECURITY_HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Sets safe defaults on every response, errors included; a handler's own value wins. */
export function securityHeaders(): Middleware {
  const apply = (request: Request) => {
    if (!request.response) return;
    request.response.headers = { ...SECURITY_HEADERS, ...(request.response.headers ?? {}) };
  };
  return { after: apply, onError: apply };
}

/**
 * An error's message in Vietnamese when its cause carries one (a `vietnamese` field, e.g. a
 * future date), unless the caller asked for English with `?lang=en`; otherwise as written.
 */
function localizedMessage(event: ApiEvent, error: HttpError): string {
  const vietnamese = (error.cause as { vietnamese?: unknown } | undefined)?.vietnamese;
  if (typeof vietnamese !== 'string' || event.queryStringParameters?.lang === 'en')
    return error.message;
  return vietnamese;
}

/** Turns any error into `{code, message, details?}` with its status; 5xx only for our faults. */
export function errorResponse(): Middleware {
  return {
    onError: (request) => {
      const error = toHttpError(request.error);
      const body: Record<string, unknown> = {
        code: error.code,
        message: localizedMessage(request.event, error),
      };
      if (error.details !== undefined) body.details = error.details;
      if (error.status >= 500) body.requestId = request.event.requestContext?.requestId;
      request.response = {
        statusCode: error.status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          ...(error.status === 503 ? { 'retry-after': '1' } : {}),
        },
        body: JSON.stringify(body),
      };
    },
  };
}

/**
 * Decides from the operation's declared access whether the caller may go on, before the body
 * is read: routes whose fund is in the path are checked in full, and so are those whose fund
 * comes from a record when the route says how to read its facts (`recordFacts`). Otherwise a
 * staff-only operation at least needs someone signed in, and the operation checks the rest
 * with the same declaration once it has read the record.
 */
export function authorize(
  access: Access,
  recordFacts?: (event: ApiEvent) => Promise<AccessFacts>,
  /** The route's path schema: a record is looked up only by a path that is one. */
  path?: z.ZodType,
): Middleware {
  return {
    before: async (request) => {
      const actor = actorOf(request.event);
      request.event.actor = actor;
      if (access.fund === 'path') {
        assertAllowed(access, actor, { fundId: request.event.pathParameters?.fundId });
      } else if (access.fund === 'none') {
        assertAllowed(access, actor, {});
      } else if (recordFacts && actor.kind === 'staff') {
        const checked = path?.safeParse(request.event.pathParameters ?? {});
        if (checked && !checked.success) throw invalidInput(problemsOf(checked.error));
        assertAllowed(access, actor, await recordFacts(request.event));
      } else if (actor.kind !== 'staff' && staffOnly(access)) {
        throw new SignInRequiredError();
      }
    },
  };
}

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  path?: z.ZodType;
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

const invalidInput = (problems: FieldProblem[]) =>
  new BadRequestError(
    `Some fields are not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    problems,
  );

function parseJsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) throw new BadRequestError('The request needs a JSON body.');
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError('The body is not valid JSON.', undefined, { cause: error });
  }
}

/** Parses and validates body, query and path with zod; all problems are reported at once. */
export function parseRequest(schemas: InputSchemas): Middleware {
  return {
    before: (request) => {
      const { event } = request;
      const problems: FieldProblem[] = [];
      const parse = (schema: z.ZodType | undefined, value: unknown, part: string) => {
        if (!schema) return undefined;
        let result: ReturnType<z.ZodType['safeParse']>;
        try {
          result = schema.safeParse(value);
        } catch {
          // A refinement or transform that throws on some odd value: still the input's fault.
          problems.push({ field: part, message: 'could not be read' });
          return undefined;
        }
        if (result.success) return result.data;
        problems.push(...problemsOf(result.error));
        return undefined;
      };
      const input = {
        path: parse(schemas.path, event.pathParameters ?? {}, '(path)'),
        query: parse(schemas.query, event.queryStringParameters ?? {}, '(query)'),
        body: schemas.body ? parse(schemas.body, parseJsonBody(event), '(body)') : undefined,
      };
      if (problems.length > 0) throw invalidInput(problems);
      event.input = input;
    },
  };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,200}$/;

/** The documented rule for idempotency keys: 8–200 of A–Z a–z 0–9 _ - : . (a UUID fits). */
export const isIdempotencyKey = (key: unknown): key is string =>
  typeof key === 'string' && IDEMPOTENCY_KEY.test(key);

export class InvalidIdempotencyKeyError extends HttpError {
  constructor() {
    super(
      400,
      'invalid_idempotency_key',
      'The Idempotency-Key must be 8 to 200 letters, digits, "_", "-", ":" or ".".',
    );
  }
}

/** Requires an Idempotency-Key header (8–200 of A–Z a–z 0–9 _ - : .), e.g. a UUID per attempt. */
export function idempotencyKey(): Middleware {
  return {
    before: (request) => {
      const key = request.event.headers?.['idempotency-key'];
      if (!key) {
        throw new HttpError(
          400,
          'idempotency_key_required',
          'Send an Idempotency-Key header (a new UUID for each new request, the same one when retrying).',
        );
      }
      if (!isIdempotencyKey(key)) throw new InvalidIdempotencyKeyError();
    },
  };
}

/** The origin clients reached us on, as API Gateway (or the emulator) forwards it. */
export function publicBaseUrl(event: APIGatewayProxyEventV2): string {
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  const host = event.headers?.host ?? event.requestContext?.domainName ?? 'localhost';
  return `${proto}://${host}`;
}
