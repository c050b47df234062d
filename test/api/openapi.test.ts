import { randomUUID } from 'node:crypto';
import {
  parseCassoNotification,
  parseSepayNotification,
  sepayNotificationSchema,
} from '@soquy/bank';
import {
  addStaffInput,
  bankLineDecisionInput,
  disbursementInput,
  evidenceInput,
  forkProofInput,
  fundSettingsInput,
  openFundInput,
  paymentInput,
  pledgeInput,
  rejectionInput,
  removeStaffInput,
  reversalInput,
  statementUploadInput,
  transferInput,
  witnessInput,
} from '@soquy/ledger';
import { paidSessionSchema, stripeEventSchema } from '@soquy/stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { DESCRIBED_ROUTES } from '../../functions/api-docs/described-routes.ts';
import { openApiMethods, openApiPath, routeKey } from '../../functions/api-docs/document.ts';
import { ROUTES } from '../../functions/routes.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * /openapi.json and /docs/api as a client reads them from the local stack: every route of the
 * route table is there with its method, auth and errors; the document has the shape of OpenAPI
 * 3.1; and each example in it passes the very schema its handler validates with (a broken one
 * does not), so an integrator who copies an example gets a 2xx, not a 400.
 */

let api: Awaited<ReturnType<typeof startTestApi>>;
let doc: any;
let served: Awaited<ReturnType<typeof api.call>>;

/**
 * The schema each write route's handler validates its body with, imported as the handler
 * imports it (packages/ledger, packages/bank): examples are checked against these.
 */
const BODY_SCHEMAS: Record<string, z.ZodType> = {
  'POST /funds': openFundInput,
  'POST /funds/{fundId}/pledges': pledgeInput,
  'POST /funds/{fundId}/settings': fundSettingsInput,
  'POST /funds/{fundId}/payments': paymentInput,
  'POST /funds/{fundId}/evidence': evidenceInput,
  'POST /funds/{fundId}/disbursements': disbursementInput,
  'POST /disbursements/{id}/reject': rejectionInput,
  'POST /funds/{fundId}/reversals': reversalInput,
  'POST /funds/{fundId}/bank-lines/{lineId}/decision': bankLineDecisionInput,
  'POST /funds/{fundId}/transfers': transferInput,
  'POST /funds/{fundId}/statements': statementUploadInput,
  'POST /funds/{fundId}/log/fork-reports': forkProofInput,
  'POST /log/witnesses': witnessInput,
  'POST /funds/{fundId}/staff': addStaffInput,
  'POST /funds/{fundId}/staff/remove': removeStaffInput,
  'POST /webhooks/sepay': sepayNotificationSchema,
  'POST /webhooks/stripe': stripeEventSchema,
};

/** Write routes an integrator starts from: each must carry an example. */
const MAIN_WRITES = [
  'POST /funds',
  'POST /funds/{fundId}/pledges',
  'POST /funds/{fundId}/payments',
  'POST /funds/{fundId}/disbursements',
  'POST /funds/{fundId}/reversals',
  'POST /funds/{fundId}/transfers',
  'POST /funds/{fundId}/bank-lines/{lineId}/decision',
  'POST /funds/{fundId}/evidence',
  'POST /funds/{fundId}/statements',
  'POST /funds/{fundId}/settings',
  'POST /funds/{fundId}/staff',
  'POST /webhooks/sepay',
  'POST /webhooks/casso',
  'POST /webhooks/stripe',
];

const opOf = (key: string) => {
  const [method, path] = key.split(' ') as [string, string];
  return doc.paths[openApiPath(path)]?.[method.toLowerCase()];
};
const exampleOf = (key: string) => {
  const content = opOf(key)?.requestBody?.content ?? {};
  return (Object.values(content)[0] as { example?: unknown } | undefined)?.example;
};
const clone = <T>(value: T): T => structuredClone(value);

/** Every `$ref` in the document, to check each points at something that is there. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

beforeAll(async () => {
  api = await startTestApi();
  served = await api.call('GET', '/openapi.json');
  doc = served.json;
}, 60_000);
afterAll(() => api.stop());

describe('GET /openapi.json', () => {
  it('is JSON anyone may fetch, kept 5 minutes by browsers and CloudFront', () => {
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(served.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300');
    expect(doc.servers[0].url).toBe(api.stack.url);
  });

  it('has the shape of OpenAPI 3.1: version, info, paths, components, resolvable $refs', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(typeof doc.paths).toBe('object');
    expect(typeof doc.components.securitySchemes).toBe('object');
    const problems: string[] = [];
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      if (!path.startsWith('/')) problems.push(`${path}: does not start with /`);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries<any>(item)) {
        if (!methods.includes(method)) problems.push(`${path}: ${method} is not an HTTP method`);
        if (Object.keys(op.responses ?? {}).length === 0)
          problems.push(`${method} ${path}: no responses`);
        for (const status of Object.keys(op.responses ?? {})) {
          if (!/^[1-5]\d\d$|^default$/.test(status)) problems.push(`${method} ${path}: ${status}`);
          if (typeof op.responses[status].description !== 'string')
            problems.push(`${method} ${path} ${status}: no description`);
        }
        const pathParams = (op.parameters ?? []).filter((p: any) => p.in === 'path');
        for (const name of templated) {
          const param = pathParams.find((p: any) => p.name === name);
          if (!param?.required)
            problems.push(`${method} ${path}: {${name}} not a required path parameter`);
        }
        for (const scheme of (op.security ?? []).flatMap(Object.keys)) {
          if (!doc.components.securitySchemes[scheme])
            problems.push(`${method} ${path}: ${scheme}`);
        }
      }
    }
    for (const ref of refsIn(doc)) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((at: any, part) => at?.[part], doc);
      if (target === undefined) problems.push(`${ref} resolves to nothing`);
    }
    expect(problems).toEqual([]);
  });

  it('has every route of the route table, with its method and operation', () => {
    const missing: string[] = [];
    for (const route of ROUTES) {
      for (const method of openApiMethods(route.method)) {
        const op = doc.paths[openApiPath(route.path)]?.[method];
        if (!op) missing.push(`${method.toUpperCase()} ${route.path}`);
        else if (op['x-operation'] !== route.operation)
          missing.push(`${routeKey(route)}: operation ${op['x-operation']}`);
      }
    }
    expect(missing).toEqual([]);
    expect(doc.paths['/funds/{fundId}/pledges'].get).toBeUndefined();
  });

  it('declares the Cognito bearer on every staff route, and none on public ones', () => {
    expect(doc.components.securitySchemes.cognitoJwt).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const route of ROUTES.filter((r) => r.auth)) {
      expect(opOf(routeKey(route)).security, routeKey(route)).toEqual([{ cognitoJwt: [] }]);
    }
    expect(opOf('GET /funds/{fundId}').security).toEqual([]);
    expect(opOf('POST /webhooks/sepay').security).toEqual([{ sepayApiKey: [] }]);
  });

  it('answers a refused request with a code the document lists for that route', async () => {
    // prepare: a fund, and the documented pledge example with a fraction of a đồng
    const admin = await api.token(['admin'], 'admin');
    await api.call('POST', '/funds', { body: puTrangInput({ id: 'openapi-fund' }), token: admin });
    const broken = { ...(clone(exampleOf('POST /funds/{fundId}/pledges')) as object), amount: 1.5 };
    const before = await api.snapshot();
    // act
    const res = await api.call('POST', '/funds/openapi-fund/pledges', {
      body: broken,
      headers: { 'idempotency-key': randomUUID() },
    });
    // assess: the code is documented under that status, and nothing was written
    expect(res.status).toBe(400);
    expect(opOf('POST /funds/{fundId}/pledges')['x-error-codes']).toContain(res.json.code);
    expect(opOf('POST /funds/{fundId}/pledges').responses['400'].description).toContain(
      res.json.code,
    );
    expect(await api.snapshot()).toEqual(before);
  });

  it('lets the documented pledge example through the real API (201, the amount kept)', async () => {
    const example = exampleOf('POST /funds/{fundId}/pledges') as { amount: number };
    const res = await api.call('POST', '/funds/openapi-fund/pledges', {
      body: example,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(res.status).toBe(201);
    expect(res.json.amount).toBe(example.amount);
  });
});

describe('the documented examples', () => {
  it('are there for the main write routes', () => {
    const without = MAIN_WRITES.filter((key) => exampleOf(key) === undefined);
    expect(without).toEqual([]);
  });

  it('describe each body with the schema the handler validates with', () => {
    for (const [key, schema] of Object.entries(BODY_SCHEMAS)) {
      expect(DESCRIBED_ROUTES[key]?.body?.schema, key).toBe(schema);
    }
  });

  it('each pass the schema the handler uses', () => {
    const failing: string[] = [];
    for (const [key, schema] of Object.entries(BODY_SCHEMAS)) {
      const example = exampleOf(key);
      if (example === undefined) continue;
      const result = schema.safeParse(example);
      if (!result.success) failing.push(`${key}: ${result.error.message}`);
    }
    // The webhooks as their handlers read them, past the envelope.
    expect(() => parseSepayNotification(exampleOf('POST /webhooks/sepay'))).not.toThrow();
    expect(parseCassoNotification(exampleOf('POST /webhooks/casso')).line.amount).toBe(500_000);
    const stripe = exampleOf('POST /webhooks/stripe') as { data: { object: unknown } };
    expect(paidSessionSchema.safeParse(stripe.data.object).success).toBe(true);
    expect(failing).toEqual([]);
  });

  it('fail once a field the document calls required is removed, or an amount is not whole', () => {
    const passing: string[] = [];
    for (const [key, schema] of Object.entries(BODY_SCHEMAS)) {
      const example = exampleOf(key);
      if (example === undefined) continue;
      const content = Object.values<any>(opOf(key).requestBody.content)[0];
      for (const field of content.schema.required ?? []) {
        const broken = clone(example) as Record<string, unknown>;
        delete broken[field];
        if (schema.safeParse(broken).success) passing.push(`${key} without ${field}`);
      }
      const withAmount = clone(example) as Record<string, unknown>;
      if (typeof withAmount.amount === 'number') {
        withAmount.amount = 1.5;
        if (schema.safeParse(withAmount).success) passing.push(`${key} with amount 1.5`);
      }
    }
    const casso = clone(exampleOf('POST /webhooks/casso')) as { data: { amount: unknown } };
    casso.data.amount = '500000';
    expect(() => parseCassoNotification(casso)).toThrow(/amount/);
    const decision = { action: 'gift', donorName: 'Trần Văn Minh' };
    expect(bankLineDecisionInput.safeParse(decision).success).toBe(false);
    expect(passing).toEqual([]);
  });
});

describe('GET /docs/api', () => {
  it('lists every path with its method, auth and error codes, and links /openapi.json', async () => {
    const res = await api.call('GET', '/docs/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300');
    expect(res.text).toContain('<html lang="vi">');
    expect(res.text).toContain('href="/openapi.json"');
    const missing = ROUTES.filter(
      (route) => !res.text.includes(`<code>${route.method} ${route.path}</code>`),
    ).map(routeKey);
    expect(missing).toEqual([]);
    expect(res.text).toContain('Mã lỗi');
    expect(res.text).toContain('<code>idempotency_key_required</code>');
    expect(res.text).toContain('X-Casso-Signature');
    expect(res.text).not.toMatch(/<script/i);
  });

  it('speaks English with ?lang=en', async () => {
    const res = await api.call('GET', '/docs/api?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Error codes');
    expect(res.text).toContain('Authorization: Apikey');
  });
});
