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
  ) => { status: number; headers: Record<string, string>; body: Buffer | string } | undefined;
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

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
  const routeKey = `${route.spec.method} ${route.spec.path}`;
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
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes a Lambda result back as API Gateway does for payload format 2.0. */
function writeResult(res: ServerResponse, result: LambdaResult) {
  if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
    send(res, 200, result ?? null);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode, headers);
  res.end(
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

/** An HTTP server that routes like API Gateway and calls the very handler modules Lambda runs. */
export function createLocalApi(options: LocalApiOptions): Server {
  const routes = options.routes.map(compile);
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (options.localRoutes && url.pathname.startsWith('/_local/')) {
        const answer = options.localRoutes(req.method ?? 'GET', url, await readBody(req));
        if (answer) {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return;
        }
      }
      let matched: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of routes) {
        const m = route.pattern.exec(url.pathname);
        if (!m) continue;
        if (route.spec.method !== 'ANY' && route.spec.method !== req.method) continue;
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
      const body = await readBody(req);
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
      const handler = await options.loadHandler(matched.route.spec.fn);
      const result = await handler(
        event,
        lambdaContext(matched.route.spec.fn, event.requestContext.requestId),
      );
      writeResult(res, result);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    }
  });
}
