import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gift, openFund, type TestApi } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The README promises Idempotency-Key values of 8 to 200 characters (A–Z a–z 0–9 _ - : .) on
 * every idempotent route: the whole range works end to end, a retry with the same key answers
 * the first result, and a key outside it is refused with 400 and writes nothing.
 */
const FUND = 'khoa-lap-lai';
let api: TestApi;
let treasurer: string;

/** A key of exactly `length` characters, unique per call. */
const keyOf = (length: number) =>
  `${randomUUID()}:`.repeat(Math.ceil(length / 37)).slice(0, length);

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  treasurer = await api.token(['treasurer'], 'lan', FUND);
  await gift(api, FUND, treasurer, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

const routes = () => [
  {
    name: 'POST /funds/{fundId}/payments',
    send: (key: string) =>
      api.call('POST', `/funds/${FUND}/payments`, {
        token: treasurer,
        headers: { 'idempotency-key': key },
        body: {
          donor: { name: 'Tạp hóa Thu Hà', kind: 'business', showName: true },
          amount: 250_000,
          method: 'cash',
          receivedAt: '2026-11-20T03:00:00Z',
        },
      }),
  },
  {
    name: 'POST /funds/{fundId}/pledges',
    send: (key: string) =>
      api.call('POST', `/funds/${FUND}/pledges`, {
        headers: { 'idempotency-key': key },
        body: {
          donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
          amount: 2_000_000,
          method: 'cash',
        },
      }),
  },
  {
    name: 'POST /funds/{fundId}/disbursements',
    send: (key: string) =>
      api.call('POST', `/funds/${FUND}/disbursements`, {
        token: treasurer,
        headers: { 'idempotency-key': key },
        body: {
          amount: 100_000,
          category: 'cameras',
          payee: { name: 'Cửa hàng điện Hòa', kind: 'business' },
          purpose: 'Dây cáp',
          paidAt: '2026-11-20T03:00:00Z',
          method: 'cash',
          evidence: [],
        },
      }),
  },
];

describe('Idempotency-Key: 8 to 200 characters on every idempotent route', () => {
  for (const length of [8, 192, 193, 199, 200]) {
    it(`takes a ${length}-character key, and answers a retry with it from the first result`, async () => {
      for (const route of routes()) {
        const key = keyOf(length);
        const first = await route.send(key);
        expect(first.status, `${route.name}: ${first.text}`).toBe(201);
        const snapshot = await api.snapshot();
        const retry = await route.send(key);
        expect(retry.status, `${route.name} retry: ${retry.text}`).toBe(200);
        expect(await api.snapshot(), route.name).toEqual(snapshot);
      }
    });
  }

  for (const [length, why] of [
    [7, 'too short'],
    [201, 'too long'],
  ] as const) {
    it(`refuses a ${length}-character key (${why}) with 400, writing nothing`, async () => {
      for (const route of routes()) {
        const before = await api.snapshot();
        const res = await route.send(keyOf(length));
        expect(res.status, route.name).toBe(400);
        expect(res.json, route.name).toEqual({
          code: 'invalid_idempotency_key',
          message: 'The Idempotency-Key must be 8 to 200 letters, digits, "_", "-", ":" or ".".',
        });
        expect(await api.snapshot(), route.name).toEqual(before);
      }
    });
  }

  it('refuses characters outside the documented set, and a missing key', async () => {
    for (const route of routes()) {
      const before = await api.snapshot();
      for (const key of ['khóa-12345678', 'a/b/c/d/e/f/g', 'spaces in key']) {
        expect((await route.send(key)).status, `${route.name} ${key}`).toBe(400);
      }
      expect(await api.snapshot(), route.name).toEqual(before);
    }
    const missing = await api.call('POST', `/funds/${FUND}/pledges`, {
      body: { donor: { name: 'X', kind: 'business', showName: true }, amount: 1, method: 'cash' },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe('idempotency_key_required');
  });
});
