import { describe, expect, it } from 'vitest';
import { ROUTES } from '../routes.ts';
import { DESCRIBED_ROUTES, HTTP_CODES } from './described-routes.ts';
import {
  apiDescription,
  buildDocument,
  errorCodesOf,
  openApiMethods,
  openApiPath,
  routeKey,
  statusOfCode,
  undescribedRoutes,
} from './document.ts';
import { apiPageBody } from './page.ts';

const BASE = 'https://quy.example.vn';
const document = buildDocument(BASE);
type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string }>;
  'x-error-codes': string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
};
const operation = (path: string, method: string) =>
  (document.paths as Record<string, Record<string, Operation>>)[path]?.[method] as Operation;

describe('the route descriptions', () => {
  it('describe every route of the table, and nothing the table does not have', () => {
    // prepare / act
    const keys = ROUTES.map(routeKey);
    // assess: a new route without a description fails here, naming itself
    expect(undescribedRoutes()).toEqual([]);
    expect(Object.keys(DESCRIBED_ROUTES).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('list only codes with a status of their own (no unknown code falls to 500)', () => {
    const unmapped: string[] = [];
    for (const route of ROUTES) {
      for (const code of errorCodesOf(route, DESCRIBED_ROUTES[routeKey(route)] as never)) {
        const status = statusOfCode(code);
        if (status === 500 && code !== 'internal' && code !== 'log_integrity') {
          unmapped.push(`${routeKey(route)}: ${code}`);
        }
      }
    }
    expect(unmapped).toEqual([]);
    expect(statusOfCode('fund_not_found')).toBe(404);
    expect(statusOfCode('idempotency_key_required')).toBe(400);
    expect(statusOfCode('made_up_code')).toBe(500);
  });
});

describe('buildDocument', () => {
  it('writes an OpenAPI 3.1 document with the deployment as its server', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: BASE }]);
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(
      [
        'cassoSignature',
        'cognitoJwt',
        'consoleSession',
        'manageToken',
        'payLinkToken',
        'sepayApiKey',
        'stripeSignature',
        'unsubscribeToken',
      ].sort(),
    );
  });

  it('gives each route its methods: ANY becomes GET and POST, {proxy+} becomes {proxy}', () => {
    expect(openApiMethods('ANY')).toEqual(['get', 'post']);
    expect(openApiPath('/console/{proxy+}')).toBe('/console/{proxy}');
    expect(operation('/console/{proxy}', 'get')).toBeDefined();
    expect(operation('/console/{proxy}', 'post')).toBeDefined();
    expect(operation('/console', 'get')?.security).toEqual([{ consoleSession: [] }]);
  });

  it('declares what the middleware adds: idempotency codes and header on idempotent writes', () => {
    const pledge = operation('/funds/{fundId}/pledges', 'post');
    expect(pledge['x-error-codes']).toEqual(
      expect.arrayContaining([
        'invalid_request',
        'idempotency_key_required',
        'idempotency_conflict',
        'fund_not_found',
      ]),
    );
    expect(pledge.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    // A public route never answers 401.
    expect(pledge['x-error-codes']).not.toContain('unauthorized');
    expect(pledge.security).toEqual([]);
  });

  it('puts each error code under its status, several codes sharing one response', () => {
    const approve = operation('/disbursements/{id}/approve', 'post');
    expect(approve.responses['404']?.description).toBe('disbursement_not_found');
    expect(approve.responses['409']?.description.split(', ').sort()).toEqual(
      ['already_decided', 'conflict', 'insufficient_funds'].sort(),
    );
    expect(approve.responses['403']?.description.split(', ').sort()).toEqual(
      ['forbidden', 'self_approval'].sort(),
    );
    expect(approve.security).toEqual([{ cognitoJwt: [] }]);
  });

  it('describes the three gateways under webhooks, with their signature schemes', () => {
    expect(Object.keys(document.webhooks ?? {}).sort()).toEqual(['casso', 'sepay', 'stripe']);
    expect(operation('/webhooks/sepay', 'post').security).toEqual([{ sepayApiKey: [] }]);
    expect(operation('/webhooks/casso', 'post').security).toEqual([{ cassoSignature: [] }]);
    expect(operation('/webhooks/stripe', 'post').security).toEqual([{ stripeSignature: [] }]);
    expect(document.components?.securitySchemes?.cassoSignature).toMatchObject({
      in: 'header',
      name: 'X-Casso-Signature',
    });
  });

  it('keeps the HTTP-level codes apart from the ledger ones', () => {
    expect(HTTP_CODES.invalid_request).toBe(400);
    expect(HTTP_CODES.not_found).toBe(404);
  });
});

describe('apiDescription', () => {
  it('builds once per address and keeps the JSON text', () => {
    const first = apiDescription(BASE);
    expect(apiDescription(BASE)).toBe(first);
    expect(JSON.parse(first.json).paths['/funds'].post.summary).toBe('Open a fund (administrator)');
    expect(apiDescription('http://127.0.0.1:3000')).not.toBe(first);
  });
});

describe('apiPageBody', () => {
  it('lists every route, in Vietnamese first and English on request', () => {
    const vi = apiPageBody(document, 'vi').toString();
    const en = apiPageBody(document, 'en').toString();
    for (const route of ROUTES) {
      expect(vi).toContain(`<code>${route.method} ${route.path}</code>`);
    }
    expect(vi).toContain('Mã lỗi');
    expect(vi).toContain('Đăng ký ủng hộ');
    expect(en).toContain('Error codes');
    expect(en).toContain('Make a pledge');
    expect(vi).toContain('<a href="/openapi.json">/openapi.json</a>');
  });

  it('escapes what it prints (examples with quotes and angle brackets)', () => {
    const vi = apiPageBody(document, 'vi').toString();
    expect(vi).toContain('&quot;amount&quot;: 2000000');
    expect(vi).not.toMatch(/<script/i);
  });
});
