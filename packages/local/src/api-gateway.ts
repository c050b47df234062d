import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { RouteSpec } from '../../../functions/routes.ts';

type LambdaResult =
  | {
      statusCode?: number;
      headers?: Record<string, string | number | boolean>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    }
  | string
  | undefined;
type LambdaHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<LambdaResult>;

export interface Authorizer {
  /** Returns the claims as API Gateway would pass them, or throws when the token is not good. */
  verify(token: string): Promise<Record<string, string | number | boolean>>;
}

export interface LocalApiOptions {
  routes: readonly RouteSpec[];
  /** Loads functions/<fn>/handler.ts, the same module Lambda runs. */
  loadHandler: (fn: string) => Promise<LambdaHandler>;
  authorizer: Authorizer;
  /** Local-only paths (signed evidence URLs standing in for S3); undefined falls through. */
  localRoutes?: (
    method: string,
    url: URL,
    body: Buffer,
  ) => LocalAnswer | undefined | Promise<LocalAnswer | undefined>;
  /**
   * Paths a CDN serves from a bucket in front of the API (the transparency log's checkpoint and
   * tiles); undefined falls through to the routes, as CloudFront's default behaviour does.
   */
  staticFiles?: (method: string, url: URL) => LocalAnswer | undefined;
}

export interface LocalAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  params: string[];
}

function compile(spec: RouteSpec): CompiledRoute {
  const params: string[] = [];
  const source = spec.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    params.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { spec, pattern: new RegExp(`^${source}$`), params };
}

const TEXT_TYPES = /^(?:text\/|application\/(?:json|x-www-form-urlencoded|xml|javascript))/;

/**
 * The size limits a request meets in AWS, so local tests meet them too:
 * - API Gateway HTTP API takes request bodies up to 10 MB (a hard quota) and answers 413 above;
 * - Lambda takes a synchronous invocation's event up to 6 MB (6,291,456 bytes of JSON, binary
 *   bodies counted after base64) and API Gateway answers 413 when Lambda refuses the event;
 * - Lambda returns a result up to 6,291,556 bytes of JSON; above that the invocation fails and
 *   API Gateway answers 500, as for any function error.
 * The answers are the ones API Gateway gives for an HTTP API with payload format 2.0 (as AWS's own
 * Lambda Test Tool emulates them).
 */
export const PAYLOAD_LIMITS = {
  requestBody: 10 * 1024 * 1024,
  lambdaEvent: 6 * 1024 * 1024,
  lambdaResult: 6 * 1024 * 1024 + 100,
} as const;

const TOO_LARGE = { message: 'Request Entity Too Large' };
const INTERNAL_ERROR = { message: 'Internal Server Error' };

/** The body, or undefined once it passes `limit` bytes (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

/** Builds the HTTP API (payload 2.0) event API Gateway would send for this request. */
export function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  // What API Gateway adds in front of every request.
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  headers['x-forwarded-for'] ??= req.socket.remoteAddress ?? '127.0.0.1';
  const now = new Date();
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  // HEAD has a route of its own for every GET route (the CDK stack adds it); ANY stays ANY.
  const method = route.spec.method === 'GET' && req.method === 'HEAD' ? 'HEAD' : route.spec.method;
  const routeKey = `${method} ${route.spec.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.params.length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: {}, scopes: [] } },
    },
    ...(body.length > 0
      ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function lambdaContext(fn: string, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(json)),
    ...headers,
  });
  // Node sends no body to a HEAD request, whatever is written.
  res.end(json);
}

/**
 * Writes an answer as the function gave it: the functions compress themselves (br/gzip per
 * Accept-Encoding), and the log's static files are tiles (binary) and a checkpoint under 1 KB,
 * which CloudFront leaves as they are. HEAD keeps its length and sends no body.
 */
function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
) {
  const out = { ...headers };
  // What the function said the GET body weighs stands for HEAD; otherwise the bytes sent count.
  if (req.method !== 'HEAD' || out['content-length'] === undefined)
    out['content-length'] = String(body.length);
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The size of what Lambda would carry back: the result serialized as JSON. */
const resultBytes = (result: LambdaResult) => Buffer.byteLength(JSON.stringify(result ?? null));

/** Writes a Lambda result back as API Gateway does for payload format 2.0. */
function writeResult(req: IncomingMessage, res: ServerResponse, result: LambdaResult) {
  if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
    const json = Buffer.from(JSON.stringify(result ?? null));
    writeAnswer(req, res, 200, { 'content-type': 'application/json' }, json);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  writeAnswer(req, res, result.statusCode, headers, body);
}

/** An HTTP server that routes like API Gateway and calls the very handler modules Lambda runs. */
export function createLocalApi(options: LocalApiOptions): Server {
  const routes = options.routes.map(compile);
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (options.localRoutes && url.pathname.startsWith('/_local/')) {
        const answer = await options.localRoutes(
          req.method ?? 'GET',
          url,
          (await readBody(req)) ?? Buffer.alloc(0),
        );
        if (answer) {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return;
        }
      }
      const file = options.staticFiles?.(
        req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'),
        url,
      );
      if (file) {
        req.resume();
        writeAnswer(req, res, file.status, { ...file.headers }, Buffer.from(file.body));
        return;
      }
      let matched: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of routes) {
        const m = route.pattern.exec(url.pathname);
        if (!m) continue;
        // HEAD takes the GET route (the stack adds a HEAD route beside each GET route).
        const method = req.method === 'HEAD' ? 'GET' : req.method;
        if (route.spec.method !== 'ANY' && route.spec.method !== method) continue;
        let params: Record<string, string>;
        try {
          params = Object.fromEntries(
            route.params.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]),
          );
        } catch {
          // What API Gateway answers for a path it cannot decode.
          send(res, 400, { message: 'Bad Request' });
          return;
        }
        matched = { route, params };
        break;
      }
      if (!matched) {
        send(res, 404, { message: 'Not Found' });
        return;
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      const body =
        declared > PAYLOAD_LIMITS.requestBody
          ? undefined
          : await readBody(req, PAYLOAD_LIMITS.requestBody);
      if (!body) {
        // API Gateway refuses it before any authorizer or function runs.
        req.resume();
        send(res, 413, TOO_LARGE, { connection: 'close' });
        return;
      }
      const event = toApiGatewayEvent(req, url, matched.route, matched.params, body);
      if (matched.route.spec.auth) {
        const header = event.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        try {
          if (!token) throw new Error('no token');
          event.requestContext.authorizer.jwt.claims = await options.authorizer.verify(token);
        } catch {
          // What API Gateway's JWT authorizer answers, before any Lambda runs.
          send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
          return;
        }
      }
      if (Buffer.byteLength(JSON.stringify(event)) > PAYLOAD_LIMITS.lambdaEvent) {
        // Lambda refuses to be invoked with it (RequestEntityTooLargeException).
        send(res, 413, TOO_LARGE);
        return;
      }
      const handler = await options.loadHandler(matched.route.spec.fn);
      const result = await handler(
        event,
        lambdaContext(matched.route.spec.fn, event.requestContext.requestId),
      );
      if (resultBytes(result) > PAYLOAD_LIMITS.lambdaResult) {
        console.error(
          `${matched.route.spec.fn}: Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMITS.lambdaResult} bytes).`,
        );
        send(res, 500, INTERNAL_ERROR);
        return;
      }
      writeResult(req, res, result);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) send(res, 500, INTERNAL_ERROR);
      else res.end();
    }
  });
}
