import type middy from '@middy/core';
import httpContentNegotiation from '@middy/http-content-negotiation';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
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

/** A CSP directive middy leaves out (its types say string; '' would turn `sandbox` on). */
const OFF = false as unknown as string;

/** Our headers, as middy's helmet-style middleware writes them (its other defaults are off). */
const securityDefaults = /* @__PURE__ */ httpSecurityHeaders({
  strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true, preload: false },
  contentTypeOptions: { action: 'nosniff' },
  frameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Its CSP merges our directives into its own defaults: switch each of those off.
  contentSecurityPolicy: {
    'default-src': "'none'",
    'base-uri': OFF,
    sandbox: OFF,
    'form-action': OFF,
    'frame-ancestors': "'none'",
    'report-to': OFF,
    'require-trusted-types-for': OFF,
    'upgrade-insecure-requests': OFF,
  },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  dnsPrefetchControl: false,
  downloadOptions: false,
  originAgentCluster: false,
  permissionsPolicy: false,
  permittedCrossDomainPolicies: false,
  reportingEndpoints: false,
  reportTo: false,
});

/** Header names in lower case, one each; where two differ only in case, `winner`'s value stays. */
function lowerCased(
  headers: Record<string, string | number | boolean>,
  winner: Record<string, string | number | boolean> = {},
) {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(winner)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * middy's security headers on every response, errors included. Ours only around it: middy
 * overwrites in Title-Case, so a handler's own value (a page's CSP) would travel beside middy's
 * as a second header; here the handler's value wins and every name stays lower case.
 */
export function securityHeaders(): Middleware {
  const apply = (request: Request) => {
    if (!request.response) return;
    const own = request.response.headers ?? {};
    request.response.headers = {};
    securityDefaults.after?.(request as never);
    request.response.headers = lowerCased(request.response.headers ?? {}, own);
  };
  return { after: apply, onError: apply };
}

/** CloudFront's floor: below 1,000 bytes compressing saves nothing a reader would notice. */
export const COMPRESSION_MIN_BYTES = 1000;
const negotiateEncoding = /* @__PURE__ */ httpContentNegotiation({
  parseCharsets: false,
  parseLanguages: false,
  parseMediaTypes: false,
  availableEncodings: ['br', 'gzip'],
  failOnMismatch: false,
});
/**
 * middy's encoder, loaded with the first answer worth compressing: it brings zlib and web
 * streams, which would otherwise load with every function whether it ever compresses or not.
 */
let encoder: Promise<middy.MiddlewareObj> | undefined;
const encodeContent = () =>
  (encoder ??= Promise.all([import('@middy/http-content-encoding'), import('node:zlib')]).then(
    ([{ default: httpContentEncoding }, { constants: zlib }]) =>
      httpContentEncoding({
        br: {
          params: {
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_QUALITY]: 5,
          },
        },
        gzip: { level: 6 },
        // br whenever the reader takes it: browsers list "gzip, deflate, br" and br is smaller.
        overridePreferredEncoding: ['br'],
      }),
  ));

/**
 * br or gzip as the reader's Accept-Encoding asks (middy's negotiation and encoding), since
 * CloudFront does not compress what it does not cache (the console). Ours around it: bodies
 * under 1 KB stay as they are, and every text answer says `vary: accept-encoding`, compressed or
 * not, so no shared cache hands a compressed body to a reader who did not ask for one. Binary
 * bodies (PNG, PDF: base64) and answers already encoded are left alone by middy.
 */
export function contentEncoding(): Middleware {
  const apply = async (request: Request) => {
    const response = request.response;
    if (!response || response.isBase64Encoded || typeof response.body !== 'string') return;
    if (response.statusCode === 204 || response.statusCode === 304) return;
    if (Buffer.byteLength(response.body) >= COMPRESSION_MIN_BYTES)
      await (await encodeContent()).after?.(request as never);
    const headers = lowerCased(response.headers ?? {});
    const vary = String(headers.vary ?? '');
    if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
      headers.vary = vary ? `${vary}, accept-encoding` : 'accept-encoding';
    response.headers = headers;
  };
  return { before: negotiateEncoding.before as never, after: apply, onError: apply };
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

/**
 * Turns any error into `{code, message, details?}` with its status; 5xx only for our faults.
 * Ours, not middy's http-error-handler: that one sends an error's message as the whole body
 * (text/plain) and a fixed fallback for the rest, while clients switch on a stable JSON `code`,
 * read Vietnamese messages and quote a 5xx's request id; every error is mapped here, so a
 * last resort behind it would never run.
 */
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

const jsonBody = /* @__PURE__ */ httpJsonBodyParser({ disableContentTypeCheck: true });

/**
 * The body parsed by middy's JSON parser, said in our words: its 422s become our 400
 * `invalid_request`. It parses a copy, so a handler still sees the raw body (webhook signatures).
 */
function parseJsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) throw new BadRequestError('The request needs a JSON body.');
  const copy = { headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded };
  try {
    jsonBody.before?.({ event: copy } as never);
  } catch (error) {
    throw new BadRequestError('The body is not valid JSON.', undefined, { cause: error });
  }
  return copy.body;
}

/**
 * Parses and validates body, query and path with zod; all problems are reported at once. Ours,
 * not middy's validator: that one takes JSON Schema (ajv) and reports one part at a time, while
 * the operations' own zod schemas are the single source of what an input may be.
 */
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

/**
 * The origin readers reach us on: PUBLIC_BASE_URL when the stack sets it (CloudFront or a
 * custom domain stands in front of API Gateway, whose Host is not the public one), else the
 * origin API Gateway (or the emulator) forwards.
 */
export function publicBaseUrl(event: APIGatewayProxyEventV2): string {
  const configured = process.env.PUBLIC_BASE_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  const host = event.headers?.host ?? event.requestContext?.domainName ?? 'localhost';
  return `${proto}://${host}`;
}
