import { donationDraft, fingerprint } from '@soquy/ledger';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token(['admin'], 'admin');
});
afterAll(() => api.stop());

describe('POST /funds', () => {
  it('creates a fund for an admin: 201 with metadata, a genesis head and zero totals', async () => {
    // Act
    const res = await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
    // Assess
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/funds/pu-trang');
    expect(res.json).toMatchObject({
      id: 'pu-trang',
      owner: 'Công an phường Pú Trạng',
      goal: 9_500_000,
      createdBy: 'admin',
      head: { seq: 0, hash: '0'.repeat(64) },
      totals: { pledged: 0, received: 0, spent: 0, balance: 0, outstanding: 0 },
    });
    const listed = await api.call('GET', '/funds');
    expect(listed.json.funds.map((f: { id: string }) => f.id)).toContain('pu-trang');
  });

  it('answers 409 for an id that is taken and keeps the first fund', async () => {
    const before = await api.snapshot();
    const res = await api.call('POST', '/funds', {
      body: puTrangInput({ name: 'Khác' }),
      token: admin,
    });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('fund_exists');
    expect(await api.snapshot()).toEqual(before);
  });

  it('names every bad field in one 400 and writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    const body = {
      ...puTrangInput({ id: 'bad-fields' }),
      goal: 1.5,
      currency: 'USD',
      name: '',
      bankAccount: { bin: '12', accountNumber: '1234567890', accountName: 'X' },
    };
    // Act
    const res = await api.call('POST', '/funds', { body, token: admin });
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid_request');
    const fields = res.json.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['goal', 'currency', 'name', 'bankAccount.bin']));
    expect(res.json.message).toMatch(/goal: must be a whole number of đồng/);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a receiving window that closes before it opens, and unknown fields', async () => {
    const before = await api.snapshot();
    const window = await api.call('POST', '/funds', {
      body: puTrangInput({
        id: 'backwards',
        opensAt: '2027-01-01T00:00:00Z',
        closesAt: '2026-01-01T00:00:00Z',
      }),
      token: admin,
    });
    expect(window.status).toBe(400);
    expect(window.json).toMatchObject({
      code: 'invalid_fund',
      details: { closesAt: expect.any(String) },
    });
    const extra = await api.call('POST', '/funds', {
      body: { ...puTrangInput({ id: 'extra' }), balance: 5 },
      token: admin,
    });
    expect(extra.status).toBe(400);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const before = await api.snapshot();
    const res = await api.call('POST', '/funds', { raw: '{"id": ', token: admin });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'invalid_request', message: 'The body is not valid JSON.' });
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('staff sign-in', () => {
  it('answers 401 without a token, with a forged one and with an expired one; writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    const forged = await new SignJWT({ 'cognito:groups': ['admin'], client_id: 'soquy-local' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('soquy-local-dev')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-dev-key'));
    const expired = await api.token(['admin'], 'admin', undefined, -60);
    // Act
    const answers = await Promise.all(
      [undefined, forged, expired, 'garbage'].map((token) =>
        api.call('POST', '/funds', {
          body: puTrangInput({ id: 'intruder' }),
          ...(token ? { token } : {}),
        }),
      ),
    );
    // Assess
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 403 to a treasurer creating a fund', async () => {
    const before = await api.snapshot();
    const treasurer = await api.token(['treasurer'], 'lan', 'pu-trang');
    const res = await api.call('POST', '/funds', {
      body: puTrangInput({ id: 'not-mine' }),
      token: treasurer,
    });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      code: 'forbidden',
      message: 'You may not open fund here: only an administrator may.',
      details: { operation: 'open-fund' },
    });
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('reading a fund', () => {
  it('serves totals, head and the journal in pages, with no personal data', async () => {
    // Prepare: three gifts straight through the use case
    const deps = api.stack.deps;
    for (const [i, amount] of [1_000_000, 2_500_000, 500_000].entries()) {
      const draft = donationDraft(
        {
          id: `g${i}`,
          occurredAt: '2026-11-20T03:00:00.000Z',
          recordedAt: '2026-11-20T03:00:00.000Z',
          recordedBy: 'lan',
        },
        {
          donor: { id: `donor-${i}`, displayName: 'Ẩn danh', kind: 'household' },
          amount,
          method: 'cash',
        },
      );
      await deps.store.append('pu-trang', {
        idempotencyKey: `g${i}`,
        requestHash: fingerprint({ i }),
        prepare: () => ({ drafts: [draft] }),
      });
    }
    // Act
    const fund = await api.call('GET', '/funds/pu-trang');
    const head = await api.call('GET', '/funds/pu-trang/head');
    const page1 = await api.call('GET', '/funds/pu-trang/ledger?limit=2');
    const page2 = await api.call('GET', `/funds/pu-trang/ledger?after=${page1.json.next}&limit=2`);
    // Assess
    expect(fund.json.totals).toEqual({
      pledged: 0,
      received: 4_000_000,
      spent: 0,
      balance: 4_000_000,
      outstanding: 0,
    });
    expect(head.json).toMatchObject({ fundId: 'pu-trang', seq: 3, totals: fund.json.totals });
    expect(page1.json.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(page1.json.next).toBe(2);
    expect(page2.json.entries.map((e: { seq: number }) => e.seq)).toEqual([3]);
    expect(page2.json.next).toBeNull();
    expect(page2.json.entries[0].prevHash).toBe(page1.json.entries[1].hash);
    expect(page2.json.entries[0].hash).toBe(head.json.hash);
    expect(page1.text).not.toMatch(/email|phone|taxCode/);
  });

  it('answers 404 with a code for an unknown fund and 400 for a malformed id or range', async () => {
    const missing = await api.call('GET', '/funds/khong-co');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      code: 'fund_not_found',
      message: 'There is no fund with id "khong-co".',
    });
    expect((await api.call('GET', '/funds/khong-co/ledger')).status).toBe(404);
    expect((await api.call('GET', '/funds/khong-co/head')).status).toBe(404);
    expect((await api.call('GET', '/funds/BAD%20ID')).status).toBe(400);
    expect((await api.call('GET', '/funds/%E0%A4%A')).status).toBe(400);
    const range = await api.call('GET', '/funds/pu-trang/ledger?limit=0&after=-1');
    expect(range.status).toBe(400);
    expect(range.json.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'after',
      'limit',
    ]);
  });

  it('sends security headers on answers and on errors', async () => {
    for (const path of ['/funds', '/funds/khong-co']) {
      const res = await api.call('GET', path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
  });
});
