import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idem, journalOf, openFund } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Dates of money as people in Vietnam write them (+07:00) are taken and kept in UTC; money said
 * to move in the future is refused with a reason and what to do, and nothing is written.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let lan: string;
const FUND = 'ngay-gio';

/** An instant as a Vietnamese wall clock writes it: 2026-11-20T09:30:00+07:00. */
const inVietnam = (at: number) =>
  `${new Date(at + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;

const payment = (receivedAt: string, query = '') =>
  api.call('POST', `/funds/${FUND}/payments${query}`, {
    token: lan,
    headers: idem(),
    body: {
      method: 'cash',
      amount: 150_000,
      receivedAt,
      donor: { name: 'Hộ bà Lò Thị Mai', kind: 'household', showName: true },
    },
  });

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
}, 120_000);
afterAll(() => api?.stop());

describe('dates of money received or paid', () => {
  it('takes a +07:00 date and keeps it in the journal in UTC', async () => {
    // Prepare
    const at = Date.now() - 3_600_000;
    // Act
    const res = await payment(inVietnam(at));
    // Assess
    expect(res.status).toBe(201);
    const entries = await journalOf(api, FUND);
    const last = entries.at(-1);
    expect(last.occurredAt ?? last.receivedAt).toBe(
      new Date(Math.floor(at / 1000) * 1000).toISOString(),
    );
  });

  it('refuses a payment dated an hour ahead with future_date, in Vietnamese, writing nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    const ahead = inVietnam(Date.now() + 3_600_000);
    // Act
    const res = await payment(ahead);
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('future_date');
    expect(res.json.message).toContain('ở tương lai');
    expect(res.json.message).toContain('+07:00');
    expect(res.json.details).toMatchObject({ field: 'receivedAt' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('says it in English with ?lang=en, and refuses a transfer dated ahead the same way', async () => {
    // Prepare
    const before = await api.snapshot();
    const ahead = inVietnam(Date.now() + 24 * 3_600_000);
    // Act
    const english = await payment(ahead, '?lang=en');
    const transfer = await api.call('POST', `/funds/${FUND}/transfers`, {
      token: lan,
      headers: idem(),
      body: { direction: 'cash-to-bank', amount: 100_000, occurredAt: ahead },
    });
    // Assess
    expect(english.status).toBe(400);
    expect(english.json.code).toBe('future_date');
    expect(english.json.message).toMatch(/receivedAt .* is in the future/);
    expect(english.json.message).toMatch(/record it once the money has moved/);
    expect(transfer.status).toBe(400);
    expect(transfer.json.code).toBe('future_date');
    expect(transfer.json.details).toMatchObject({ field: 'occurredAt' });
    expect(await api.snapshot()).toEqual(before);
  });

  it('allows a few minutes of clock skew', async () => {
    // Act
    const res = await payment(inVietnam(Date.now() + 2 * 60_000));
    // Assess
    expect(res.status).toBe(201);
  });
});
