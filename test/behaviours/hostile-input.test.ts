import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { idem, journalOf, openFund, type TestApi } from './helpers.ts';

/**
 * What an outside tester threw at soquy: amounts written the way people write them (and the way
 * they must not be guessed), control and text-direction characters, personal data in public
 * names, dates from the year 9999, and a manage link that must not be kept in plain text.
 * Every refusal is a 400 that says what to do, and leaves both tables as they were.
 */
let api: TestApi;
let lan: string;
const FUND = 'hostile';

const postForm = (fields: Record<string, string>) =>
  fetch(`${api.stack.url}/f/${FUND}/pledge?lang=en`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: randomUUID(), ...fields }).toString(),
  });

const formPledge = (amount: string) =>
  postForm({ name: 'Hộ bà Năm', kind: 'household', showName: '1', amount, method: 'cash' });

const gift = (body: Record<string, unknown>) =>
  api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: idem(),
    body: {
      method: 'cash',
      amount: 100_000,
      receivedAt: new Date().toISOString(),
      donor: { name: 'Hộ ông Tư', kind: 'household', showName: true },
      ...body,
    },
  });

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
});
afterAll(() => api.stop());

describe('amounts typed into the pledge form', () => {
  it('refuses a fractional part or mixed separators instead of inflating them, and writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    for (const typed of ['1.000.000,5', '1,5', '1,500,000', '1.500 000', '1.5', '1.50']) {
      // Act
      const response = await formPledge(typed);
      const page = await response.text();
      // Assess
      expect(response.status, typed).toBe(400);
      expect(page, typed).toContain('1.500.000');
      expect(page, typed).toMatch(/no fractional part/);
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('accepts đồng with dots or spaces between thousands, exactly', async () => {
    for (const [typed, amount] of [
      ['1.500.000', 1_500_000],
      ['1 500 000', 1_500_000],
      ['2500000đ', 2_500_000],
      ['750.000 ₫', 750_000],
    ] as const) {
      // Act
      const response = await formPledge(typed);
      // Assess
      expect(response.status, typed).toBe(201);
      const last = (await journalOf(api, FUND)).at(-1);
      expect(last.postings, typed).toEqual([
        { account: 'assets:pledges', amount },
        { account: 'income:pledged', amount: -amount },
      ]);
    }
  });
});

describe('free text', () => {
  it('refuses NUL, ESC and bidi overrides in a donor name, with nothing written', async () => {
    // Prepare
    const before = await api.snapshot();
    for (const name of ['Hộ\u0000Tư', 'Hộ \u001b[31mTư', 'Hộ \u202eưT', 'Hộ \u2066Tư\u2069']) {
      // Act
      const res = await gift({ donor: { name, kind: 'household', showName: true } });
      // Assess
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.json.code).toBe('invalid_request');
      expect(JSON.stringify(res.json)).toMatch(/control characters or text-direction marks/);
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a phone number or an email address in a name the public will read', async () => {
    const before = await api.snapshot();
    for (const name of ['Anh Tuấn 0912 345 678', 'chi.lan@example.vn', 'MST 0101234567']) {
      const res = await gift({ donor: { name, kind: 'individual', showName: true } });
      expect(res.status, name).toBe(400);
      expect(JSON.stringify(res.json)).toMatch(/phone numbers, email addresses/);
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('stores a name typed in decomposed Unicode as NFC, so it hashes like the same name typed elsewhere', async () => {
    // Prepare: "Hộ" with a combining dot below and circumflex (NFD), as some keyboards send it
    const decomposed = 'Ho\u0323\u0302 o\u0302ng Ba'.normalize('NFD');
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    // Act
    const res = await gift({ donor: { name: decomposed, kind: 'household', showName: true } });
    // Assess
    expect(res.status).toBe(201);
    const entry = (await journalOf(api, FUND)).at(-1);
    expect(entry.donor.displayName).toBe('Hộ ông Ba');
    expect(entry.donor.displayName).toBe(decomposed.normalize('NFC'));
  });
});

describe('dates of money received', () => {
  it('refuses the year 9999, a date in the future and one long before the fund opened', async () => {
    // Prepare
    const before = await api.snapshot();
    const fund = (await api.call('GET', `/funds/${FUND}`)).json;
    const opensAt = Date.parse(fund.fund?.opensAt ?? fund.opensAt);
    for (const receivedAt of [
      '9999-12-31T23:59:59Z',
      new Date(Date.now() + 10 * 60_000).toISOString(),
      new Date(opensAt - 91 * 86_400_000).toISOString(),
      '1999-12-31T23:59:59Z',
    ]) {
      // Act
      const res = await gift({ receivedAt });
      // Assess
      expect(res.status, receivedAt).toBe(400);
      expect(['date_out_of_range', 'future_date', 'invalid_request'], receivedAt).toContain(
        res.json.code,
      );
      expect(res.json.message.length).toBeGreaterThan(20);
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('accepts money collected weeks before the fund opened, and a Vietnam-time offset', async () => {
    // Prepare
    const fund = (await api.call('GET', `/funds/${FUND}`)).json;
    const opensAt = Date.parse(fund.fund?.opensAt ?? fund.opensAt);
    // Act
    const early = await gift({ receivedAt: new Date(opensAt - 30 * 86_400_000).toISOString() });
    const withOffset = await gift({ receivedAt: '2026-11-20T10:00:00+07:00' });
    // Assess
    expect(early.status).toBe(201);
    expect(withOffset.status).toBe(201);
    expect(withOffset.json.entries[0].occurredAt).toBe('2026-11-20T03:00:00.000Z');
  });
});

describe('what a retried pledge keeps', () => {
  it('keeps no manage token in any table, expires the idempotency record, and answers the same link on retry', async () => {
    // Prepare
    const headers = idem();
    const body = {
      donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
      amount: 2_000_000,
      method: 'transfer',
    };
    // Act
    const first = await api.call('POST', `/funds/${FUND}/pledges`, { headers, body });
    const retry = await api.call('POST', `/funds/${FUND}/pledges`, { headers, body });
    // Assess: the retry answers the same pledge and the same working link
    expect(first.status).toBe(201);
    expect(retry.json.pledgeId).toBe(first.json.pledgeId);
    expect(retry.json.manageToken).toBe(first.json.manageToken);
    const page = await api.call(
      'GET',
      `/pledges/${first.json.pledgeId}?t=${encodeURIComponent(retry.json.manageToken)}`,
    );
    expect(page.status).toBe(200);
    // Assess: the token is nowhere in State, and the idempotency record expires in ~30 days
    const { Items } = await api.doc.send(
      new ScanCommand({ TableName: api.stack.tables.state, ConsistentRead: true }),
    );
    expect(JSON.stringify(Items)).not.toContain(first.json.manageToken);
    const record = (Items ?? []).find((i) => String(i.sk).includes(headers['idempotency-key']));
    const days = (record?.expiresAt - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });
});
