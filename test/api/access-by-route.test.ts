import { randomUUID } from 'node:crypto';
import { type Access, type Grant, OPERATIONS, type Role } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../functions/routes.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Walks every API route with every kind of caller and checks each answer against the route's
 * declared operation: an allow-list. A caller the declaration does not name must be refused;
 * one it names must get past the access check (any answer but 401/403, never a 5xx).
 */

let api: Awaited<ReturnType<typeof startTestApi>>;
const FUND = 'pu-trang';
const OTHER = 'duc-pho';

interface Caller {
  name: string;
  roles: { role: Role; fund?: string }[];
  /** Holds the manage link of the pledge the request names. */
  donor?: boolean;
}

const CALLERS: Caller[] = [
  { name: 'anonymous', roles: [] },
  { name: 'donor with the manage link', roles: [], donor: true },
  { name: 'admin', roles: [{ role: 'admin' }] },
  { name: `treasurer of ${FUND}`, roles: [{ role: 'treasurer', fund: FUND }] },
  { name: `approver of ${FUND}`, roles: [{ role: 'approver', fund: FUND }] },
  { name: `treasurer of ${OTHER}`, roles: [{ role: 'treasurer', fund: OTHER }] },
  { name: `approver of ${OTHER}`, roles: [{ role: 'approver', fund: OTHER }] },
];

/**
 * The declaration read as data, independently of the code that enforces it. A staff route sits
 * behind the JWT authorizer, so only its staff grants can be reached there; on a public route
 * nobody is signed in, so only its public grants can.
 */
function reachableGrants(access: Access, route: RouteSpec): Grant[] {
  return access.grants.filter((grant) =>
    route.auth ? 'role' in grant || 'staff' in grant : !('role' in grant || 'staff' in grant),
  );
}

function declared(grants: Grant[], caller: Caller): boolean {
  return grants.some((grant: Grant) => {
    if ('anyone' in grant) return true;
    if ('manageToken' in grant) return caller.donor === true;
    if ('processor' in grant) return false;
    if ('staff' in grant) return caller.roles.length > 0;
    return caller.roles.some(
      (held) => held.role === grant.role && (grant.role === 'admin' || held.fund === FUND),
    );
  });
}

/** Routes anyone may call: the public half of soquy, listed here so that a new one is seen. */
const PUBLIC_ROUTES = [
  'GET /funds',
  'GET /funds/{fundId}',
  'GET /funds/{fundId}/ledger',
  'GET /funds/{fundId}/head',
  'POST /funds/{fundId}/pledges',
  'GET /f/{fundId}/pledge',
  'POST /f/{fundId}/pledge',
  'GET /funds/{fundId}/report',
  'GET /funds/{fundId}/exports',
  'GET /funds/{fundId}/exports/{file}',
  'GET /',
  'GET /f/{fundId}',
  'GET /f/{fundId}/statement',
  'GET /f/{fundId}/disclosure',
  'GET /f/{fundId}/share.png',
  'GET /funds/{fundId}/verify',
  'GET /funds/{fundId}/evidence/{sha256}',
  // The transparency log: proofs, receipts, cosignatures (kept only when a registered witness
  // signed), the log's key and the witness list.
  'GET /funds/{fundId}/proofs/inclusion',
  'GET /funds/{fundId}/proofs/consistency',
  'GET /funds/{fundId}/receipts/{seq}',
  'POST /funds/{fundId}/log/cosignatures',
  'GET /funds/{fundId}/log/cosignatures',
  'GET /.well-known/soquy/checkpoint-key',
  'GET /log/witnesses',
  // Witnesses' fork reports: a proven fork is two notes the log signed, whoever posts it.
  'POST /funds/{fundId}/log/fork-reports',
  'GET /funds/{fundId}/log/fork-reports',
  // A reminder's unsubscribe link: its own signed token decides (a wrong one: 404).
  'GET /u/{pledgeId}',
  'POST /u/{pledgeId}',
  // The pay link a treasurer sends: its own signed token decides (a wrong one: 404), read-only.
  'GET /p/{pledgeId}/pay',
  // The API's description, as JSON and as a page.
  'GET /openapi.json',
  'GET /docs/api',
];

const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;
// The console checks its own cookie session (covered in the console tests), and Stripe's
// webhook is called by Stripe with a signature, not by a person.
const WALKED = ROUTES.filter((r) => r.fn !== 'console' && r.fn !== 'stripe-webhook');

let admin: string;
let lan: string; // treasurer of FUND, records the disbursements

async function freshPledge() {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
      amount: 1_000_000,
      method: 'transfer',
    },
  });
  expect(res.status).toBe(201);
  return { pledgeId: res.json.pledgeId as string, token: res.json.manageToken as string };
}

async function freshDisbursement() {
  const res = await api.call('POST', `/funds/${FUND}/disbursements`, {
    token: lan,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      amount: 100_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
      purpose: 'Dây cáp',
      paidAt: '2026-11-20T03:00:00Z',
      method: 'cash',
      evidence: [],
    },
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

let statementId: string | undefined;
/** A statement of FUND, declared once (reading it changes nothing). */
async function aStatement() {
  if (!statementId) {
    const res = await api.call('POST', `/funds/${FUND}/statements`, {
      token: lan,
      body: { sha256: randomUUID().replaceAll('-', '').repeat(2), size: 100 },
    });
    expect(res.status).toBe(201);
    statementId = res.json.statementId as string;
  }
  return statementId as string;
}

/** One request on the route as `caller`, with fresh records for the routes that change them. */
async function callAs(route: RouteSpec, caller: Caller) {
  const { pledgeId, token } = await freshPledge();
  const disbursementId = route.path.includes('{id}') ? await freshDisbursement() : 'db_none0000';
  const path = route.path
    .replace('{fundId}', FUND)
    .replace('{pledgeId}', pledgeId)
    .replace('{id}', disbursementId)
    .replace('{sha256}', '0'.repeat(64))
    .replace('{file}', 'index.json')
    .replace('{statementId}', route.path.includes('{statementId}') ? await aStatement() : '')
    .replace('{lineId}', 'FT26000000000000')
    .replace('{seq}', '1');
  const query = caller.donor && route.path.includes('{pledgeId}') ? `?t=${token}` : '';
  const bearer =
    caller.roles.length === 0
      ? undefined
      : await api.token(
          caller.roles.map((r) => r.role),
          `walker-${caller.name.replaceAll(/[^a-z]/g, '')}`,
          caller.roles[0]?.fund,
        );
  // The donor's page posts its form with the link's token as a field, not in the query.
  const formPost = route.method === 'POST' && route.path === '/p/{pledgeId}/cancel';
  const body: { raw?: string; headers?: Record<string, string> } = formPost
    ? {
        raw: caller.donor ? `t=${encodeURIComponent(token)}` : '',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }
    : route.method === 'POST'
      ? { raw: '{}', headers: { 'idempotency-key': randomUUID() } }
      : {};
  return api.call(route.method, formPost ? path : `${path}${query}`, {
    ...(bearer ? { token: bearer } : {}),
    ...body,
  });
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token(['admin'], 'admin');
  for (const id of [FUND, OTHER]) {
    const res = await api.call('POST', '/funds', { body: puTrangInput({ id }), token: admin });
    expect(res.status).toBe(201);
  }
  lan = await api.token(['treasurer'], 'lan', FUND);
  // Money in the fund, so an approval that gets through can land.
  await api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
      amount: 50_000_000,
      method: 'cash',
      receivedAt: '2026-11-19T03:00:00Z',
    },
  });
}, 60_000);
afterAll(() => api.stop());

describe('every route, every caller, against the declared access', () => {
  it('names a declared operation on every route', () => {
    for (const route of ROUTES) expect(OPERATIONS[route.operation]).toBeDefined();
  });

  it('lets exactly the listed routes be called by anyone', () => {
    const open = WALKED.filter((route) =>
      OPERATIONS[route.operation].grants.some((g) => 'anyone' in g),
    ).map(routeKey);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('puts every staff-only operation behind the JWT authorizer, and no route with nobody to serve', () => {
    for (const route of WALKED) {
      const access = OPERATIONS[route.operation];
      const staffOnly = access.grants.every((g) => 'role' in g || 'staff' in g);
      if (staffOnly)
        expect(`${routeKey(route)} auth=${route.auth}`).toBe(`${routeKey(route)} auth=true`);
      expect(reachableGrants(access, route).length, routeKey(route)).toBeGreaterThan(0);
    }
  });

  for (const caller of CALLERS) {
    it(`answers ${caller.name} as the declarations say`, async () => {
      const wrong: string[] = [];
      for (const route of WALKED) {
        const grants = reachableGrants(OPERATIONS[route.operation], route);
        const res = await callAs(route, caller);
        // Lan recorded every disbursement walked here, and no walker is Lan: a route only the
        // recorder may call is refused to all of them.
        const onlyTheRecorder =
          (OPERATIONS[route.operation] as Access).conditions?.includes('only-the-recorder') ===
          true;
        const allowed = declared(grants, caller) && !onlyTheRecorder;
        // A manage link that is missing or wrong makes the pledge look absent (or asks for it).
        const tokenOnly = grants.every((g) => 'manageToken' in g);
        const refused = tokenOnly ? [400, 403, 404] : [401, 403];
        const ok = allowed
          ? !refused.includes(res.status) && res.status < 500
          : refused.includes(res.status);
        if (!ok || (!allowed && !tokenOnly && caller.roles.length === 0 && res.status !== 401)) {
          wrong.push(
            `${routeKey(route)} (${route.operation}): ${allowed ? 'allowed' : 'refused'} by the declaration, answered ${res.status} ${res.json?.code ?? ''}`,
          );
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
