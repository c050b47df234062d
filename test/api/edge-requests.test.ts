import { randomUUID } from 'node:crypto';
import { issueDevToken } from '@soquy/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gift, openFund, type TestApi } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Edges of the API (issue 10): roles come from group names matched exactly, and no input a
 * client can send gets a 5xx: every refusal is a 4xx with `{code, message}` and writes nothing.
 */
const FUND = 'quy-bien';
let api: TestApi;
let treasurer: string;

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  treasurer = await api.token(['treasurer', 'approver'], 'lan', FUND);
  await gift(api, FUND, treasurer, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

const payment = {
  donor: { name: 'Tạp hóa Thu Hà', kind: 'business', showName: true },
  amount: 250_000,
  method: 'cash',
  receivedAt: '2026-11-20T03:00:00Z',
};

describe('group names are matched exactly', () => {
  it('answers 403 to a member of "viewers,treasurer:<fund>" on treasurer routes, writing nothing', async () => {
    // Prepare: a Cognito group whose name merely contains a role's name after a comma
    const viewer = await issueDevToken(api.stack.signingKey, {
      user: 'khach',
      roles: [],
      groups: [`viewers,treasurer:${FUND}`, `approver:${FUND},admin`],
    });
    const before = await api.snapshot();
    // Act
    const pay = await api.call('POST', `/funds/${FUND}/payments`, {
      token: viewer,
      headers: { 'idempotency-key': randomUUID() },
      body: payment,
    });
    const open = await api.call('POST', '/funds', {
      token: viewer,
      body: { id: 'quy-moi' },
    });
    const queue = await api.call('GET', `/funds/${FUND}/disbursements?status=pending_approval`, {
      token: viewer,
    });
    // Assess
    for (const res of [pay, open, queue]) {
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
      expect(typeof res.json.message).toBe('string');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('still lets the real group through (the refusal was about the name)', async () => {
    const real = await issueDevToken(api.stack.signingKey, {
      user: 'lan',
      roles: [],
      groups: ['viewers', `treasurer:${FUND}`],
    });
    const res = await api.call('POST', `/funds/${FUND}/payments`, {
      token: real,
      headers: { 'idempotency-key': randomUUID() },
      body: payment,
    });
    expect(res.status).toBe(201);
  });
});

describe('no input gets a 5xx', () => {
  it('answers bad bodies, huge numbers and made-up ids with a 4xx {code, message}', async () => {
    const admin = await api.token(['admin'], 'admin');
    const long = 'a'.repeat(3000);
    const send = (
      method: string,
      path: string,
      init: { raw?: string; body?: unknown; headers?: Record<string, string>; token?: string },
    ) => api.call(method, path, { token: treasurer, ...init });
    const key = () => ({ 'idempotency-key': randomUUID() });
    const before = await api.snapshot();
    const answers = [
      await send('POST', `/funds/${FUND}/payments`, { headers: key(), raw: '{"amount":' }),
      await send('POST', `/funds/${FUND}/payments`, { headers: key(), raw: '[]' }),
      await send('POST', `/funds/${FUND}/payments`, { headers: key(), raw: 'null' }),
      await send('POST', `/funds/${FUND}/payments`, { headers: key(), raw: '1e999' }),
      await send('POST', `/funds/${FUND}/payments`, {
        headers: { ...key(), 'content-type': 'text/plain' },
        raw: 'amount=1',
      }),
      await send('POST', `/funds/${FUND}/payments`, {
        headers: { ...key(), 'content-type': 'application/octet-stream' },
        raw: '\u0000\u00ff',
      }),
      await send('POST', `/funds/${FUND}/payments`, {
        headers: key(),
        raw: JSON.stringify(payment).replace('250000', '99999999999999999999999999'),
      }),
      await send('POST', `/funds/${FUND}/payments`, {
        headers: key(),
        body: { ...payment, receivedAt: '2026-02-30T00:00:00Z' },
      }),
      await send('POST', `/funds/${FUND}/payments`, {
        headers: key(),
        body: { ...payment, donor: [payment.donor] },
      }),
      await send('POST', `/funds/${FUND}/reversals`, { raw: '{"seq":1e400,"reason":"x"}' }),
      await send('POST', '/funds', { token: admin, raw: '[1,2]' }),
      await send('POST', `/disbursements/${long}/approve`, {}),
      await send('POST', `/disbursements/${long}/reject`, { body: { reason: 'Thiếu hóa đơn' } }),
      await send('POST', `/disbursements/db_${'0'.repeat(30)}/approve`, {}),
      await send('GET', `/funds/${FUND}/ledger?after=99999999999999999999&limit=5`, {}),
      await send('GET', `/funds/${long}`, {}),
      await send('GET', `/pledges/${long}?t=${long}`, {}),
    ];
    for (const [i, res] of answers.entries()) {
      expect(res.status, `answer ${i}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `answer ${i}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      expect(typeof res.json?.code, `answer ${i}`).toBe('string');
      expect(typeof res.json?.message, `answer ${i}`).toBe('string');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers a made-up disbursement id on approve with 400 naming the field, before any lookup', async () => {
    const res = await api.call('POST', `/disbursements/${'a'.repeat(3000)}/approve`, {
      token: treasurer,
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 'invalid_request',
      details: [{ field: 'id', message: 'is not a disbursement id' }],
    });
  });
});
