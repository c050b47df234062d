import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { toHttpError } from '@soquy/http';
import { LedgerError } from '@soquy/ledger';
import * as z from 'zod';
import { ROUTES, type RouteSpec } from '../routes.ts';
import {
  type Auth,
  DESCRIBED_ROUTES,
  HTTP_CODES,
  type RouteDescription,
  type Tag,
  type Text,
} from './described-routes.ts';

/**
 * /openapi.json, built from the route table (functions/routes.ts) and the zod schemas the
 * handlers validate with (described-routes.ts), by @asteasolutions/zod-to-openapi. Built on the
 * first request and kept: the function's cold start does not pay for it (handler.ts imports this
 * module lazily).
 */

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) =>
  `${route.method} ${route.path}`;

/** API Gateway's greedy `{proxy+}` is `{proxy}` in OpenAPI. */
export const openApiPath = (path: string) => path.replace(/\{(\w+)\+\}/g, '{$1}');

/** OpenAPI has no ANY: the console answers GET (pages) and POST (forms). */
export const openApiMethods = (method: RouteSpec['method']): ('get' | 'post')[] =>
  method === 'ANY' ? ['get', 'post'] : [method.toLowerCase() as 'get' | 'post'];

/** Status of a stable error code: the HTTP layer's own, or how the ledger's are mapped. */
export function statusOfCode(code: string): number {
  return HTTP_CODES[code] ?? toHttpError(new LedgerError(code, code)).status;
}

export const TAGS: Record<Tag, Text> = {
  funds: { vi: 'Quỹ', en: 'Funds' },
  pledges: { vi: 'Đăng ký ủng hộ', en: 'Pledges' },
  bookkeeping: { vi: 'Sổ sách', en: 'Bookkeeping' },
  disbursements: { vi: 'Khoản chi', en: 'Disbursements' },
  bank: { vi: 'Ngân hàng và sao kê', en: 'Bank and statements' },
  evidence: { vi: 'Chứng từ', en: 'Evidence' },
  reports: { vi: 'Báo cáo', en: 'Reports' },
  log: { vi: 'Nhật ký minh bạch', en: 'Transparency log' },
  staff: { vi: 'Cán bộ', en: 'Staff' },
  webhooks: { vi: 'Webhook cổng thanh toán', en: 'Gateway webhooks' },
  pages: { vi: 'Trang công khai', en: 'Public pages' },
  console: { vi: 'Bảng điều khiển', en: 'Console' },
  docs: { vi: 'Tài liệu', en: 'Documentation' },
};

/** The security scheme of each kind of auth; `public` has none. */
export const SECURITY_SCHEME: Record<Exclude<Auth, 'public'>, string> = {
  bearer: 'cognitoJwt',
  session: 'consoleSession',
  'manage-token': 'manageToken',
  'pay-token': 'payLinkToken',
  'unsubscribe-token': 'unsubscribeToken',
  stripe: 'stripeSignature',
  sepay: 'sepayApiKey',
  casso: 'cassoSignature',
};

const SECURITY_SCHEMES = {
  cognitoJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Cognito access token (the staff user pool): "Authorization: Bearer <token>". API Gateway checks it; the operation then checks the role (admin, treasurer:<fundId>, approver:<fundId>).',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'soquy_session',
    description:
      'The console signs staff in through the Cognito hosted UI and keeps the access token in this HttpOnly cookie; every POST form also carries its CSRF field.',
  },
  manageToken: {
    type: 'apiKey',
    in: 'query',
    name: 't',
    description: "The secret of a pledge's manage link (?t=…), given to the donor when pledging.",
  },
  payLinkToken: {
    type: 'apiKey',
    in: 'query',
    name: 'k',
    description: 'The read-only pay link a treasurer sends (?k=…); it cannot cancel.',
  },
  unsubscribeToken: {
    type: 'apiKey',
    in: 'query',
    name: 't',
    description: "The signed token in a reminder's unsubscribe link.",
  },
  stripeSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Stripe-Signature',
    description:
      '"t=<unix seconds>,v1=<hex HMAC-SHA256 of `t.rawBody` with the webhook signing secret>", at most 300 seconds old (Stripe\'s rule).',
  },
  sepayApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      '"Apikey <key>": the API key configured in SePay\'s webhook (scheme in any case), compared in constant time.',
  },
  cassoSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Casso-Signature',
    description:
      '"t=<unix ms>,v1=<hex HMAC-SHA512(checksum key, t + "." + JSON of the body with keys sorted deep)>", at most 5 minutes from our clock either way.',
  },
} as const;

/** What every error answer looks like (packages/http's errorResponse writes it). */
export const errorBody = z.object({
  code: z.string().meta({ description: 'Stable: clients switch on it.' }),
  message: z
    .string()
    .meta({ description: 'Vietnamese, or English with ?lang=en / Accept-Language.' }),
  details: z.unknown().optional().meta({ description: 'Which fields are wrong, and why.' }),
  requestId: z.string().optional().meta({ description: 'On 5xx: quote it when reporting.' }),
});

/** The codes a route can answer with: its own plus what its middleware adds. */
export function errorCodesOf(route: RouteSpec, described: RouteDescription): string[] {
  const codes = new Set<string>();
  // Pages (HTML, PNG) read a path that is not one as a page that is not there, never a 400.
  const page = described.success.type === 'text/html' || described.success.type === 'image/png';
  if (!page && (described.path || described.query || described.body?.schema)) {
    codes.add('invalid_request');
  }
  if (route.auth || described.auth === 'session') {
    codes.add('unauthorized');
    codes.add('forbidden');
  }
  if (described.idempotent) {
    codes.add('idempotency_key_required');
    codes.add('invalid_idempotency_key');
    codes.add('idempotency_conflict');
  }
  for (const code of described.errors) codes.add(code);
  codes.add('internal');
  return [...codes];
}

const CONTENT_SCHEMA: Record<string, z.ZodType> = {
  'text/html': z.string(),
  'text/plain': z.string(),
  'image/png': z.string().meta({ format: 'binary' }),
  'application/x-www-form-urlencoded': z.record(z.string(), z.string()),
};

function successResponse(described: RouteDescription) {
  const { status, type = 'application/json', description } = described.success;
  if (status >= 300 && status < 400) {
    return { description, headers: { Location: { schema: { type: 'string' as const } } } };
  }
  return {
    description,
    content: { [type]: { schema: CONTENT_SCHEMA[type] ?? z.object({}).loose() } },
  };
}

function errorResponses(codes: string[]) {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = statusOfCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        status,
        {
          description: list.join(', '),
          content: {
            'application/json': {
              // One Error component, each status narrowing `code` to what it can be.
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Error' },
                  { type: 'object', properties: { code: { enum: list } } },
                ],
              },
            },
          },
        },
      ]),
  );
}

function operationOf(route: RouteSpec, described: RouteDescription, method: string): RouteConfig {
  const codes = errorCodesOf(route, described);
  const security =
    described.auth === 'public' ? [] : [{ [SECURITY_SCHEME[described.auth]]: [] as string[] }];
  const body = described.body;
  return {
    method: method as RouteConfig['method'],
    path: openApiPath(route.path),
    operationId: `${method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [described.tag],
    summary: described.summary.en,
    description: described.summary.vi,
    security,
    'x-operation': route.operation,
    'x-function': route.fn,
    'x-error-codes': codes,
    request: {
      ...(described.path ? { params: described.path } : {}),
      ...(described.query ? { query: described.query } : {}),
      ...(described.idempotent
        ? {
            headers: z.object({
              'Idempotency-Key': z
                .string()
                .regex(/^[A-Za-z0-9_\-:.]{8,200}$/)
                .meta({ description: 'A new UUID per request; the same one when retrying.' }),
            }),
          }
        : {}),
      ...(body && (method === 'post' || route.method === 'POST')
        ? {
            body: {
              required: true,
              ...(body.description ? { description: body.description } : {}),
              content: {
                [body.type]: {
                  schema: body.schema ?? CONTENT_SCHEMA[body.type] ?? z.string(),
                  ...(body.example !== undefined ? { example: body.example } : {}),
                },
              },
            },
          }
        : {}),
    },
    responses: {
      [described.success.status]: successResponse(described),
      ...errorResponses(codes),
    },
  } as RouteConfig;
}

/** Routes the table has but nobody described: the unit test keeps this empty. */
export function undescribedRoutes(routes: readonly RouteSpec[] = ROUTES): string[] {
  return routes.map(routeKey).filter((key) => !DESCRIBED_ROUTES[key]);
}

/** The whole document, for `baseUrl` (the deployment's public address). */
export function buildDocument(baseUrl: string, routes: readonly RouteSpec[] = ROUTES) {
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    registry.registerComponent('securitySchemes', name, scheme as never);
  }
  registry.registerComponent('schemas', 'Error', z.toJSONSchema(errorBody) as never);
  for (const route of routes) {
    const described = DESCRIBED_ROUTES[routeKey(route)] ?? {
      tag: 'docs',
      summary: { vi: route.operation, en: route.operation },
      auth: route.auth ? 'bearer' : 'public',
      success: { status: 200, description: 'Not described yet.' },
      errors: [],
    };
    for (const method of openApiMethods(route.method)) {
      const operation = operationOf(route, described, method);
      registry.registerPath(operation);
      if (described.tag === 'webhooks' && described.body?.schema) {
        registry.registerWebhook({ ...operation, path: route.path.split('/').pop() as string });
      }
    }
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'soquy API',
      version: '1',
      description:
        'Sổ quỹ minh bạch: quỹ cộng đồng với sổ thu chi công khai, chuỗi băm và nhật ký minh bạch. Errors are JSON {code, message}; clients switch on the stable `code`. Money is whole đồng (integers). Vietnamese first; English with ?lang=en.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: baseUrl }],
    tags: (Object.entries(TAGS) as [Tag, Text][]).map(([name, text]) => ({
      name,
      description: `${text.vi} · ${text.en}`,
    })),
  });
}

let built: { baseUrl: string; json: string; document: OpenApiDocument } | undefined;

/** The document for `baseUrl`, built once per warm function and kept (with its JSON text). */
export function apiDescription(baseUrl: string) {
  if (!built || built.baseUrl !== baseUrl) {
    const document = buildDocument(baseUrl);
    built = { baseUrl, document, json: JSON.stringify(document) };
  }
  return built;
}
