import { randomUUID } from 'node:crypto';
import { recordPayment, staff } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The notice-board statement reads its period only: one month from the journal's month index,
 * or the whole campaign a page at a time; a period it cannot read is a 400, not a guess.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
const FUND = 'so-thang';
const LAN = staff({ userId: 'lan', username: 'lan', groups: [`treasurer:${FUND}`] });

/** Gifts recorded through the use case (the API would do the same, slower). */
async function gifts(count: number, receivedAt: string, name: string, amount: number) {
  for (let i = 0; i < count; i++) {
    await recordPayment(
      api.stack.deps,
      FUND,
      {
        method: 'cash',
        amount,
        receivedAt,
        donor: { name, kind: 'household', showName: true },
      },
      LAN,
      randomUUID(),
    );
  }
}

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  const res = await api.call('POST', '/funds', { body: puTrangInput({ id: FUND }), token: admin });
  expect(res.status).toBe(201);
  await gifts(3, '2026-10-15T03:00:00.000Z', 'Hộ tháng Mười', 100_000);
  await gifts(41, '2026-11-10T03:00:00.000Z', 'Hộ tháng Mười Một', 1_000);
}, 120_000);
afterAll(() => api.stop());

describe('GET /f/{fundId}/statement', () => {
  it('shows one month: only its entries, and its own receipts', async () => {
    // Act
    const october = await api.call('GET', `/f/${FUND}/statement?month=2026-10&lang=en`);
    // Assess
    expect(october.status).toBe(200);
    expect(october.text).toContain('Hộ tháng Mười');
    expect(october.text).not.toContain('Hộ tháng Mười Một');
    expect(october.text).toMatch(/id="period-in">300\.000/);
  });

  it('pages through a long month, 40 entries (one A4 sheet) a page, with a link to the rest', async () => {
    // Act
    const first = await api.call('GET', `/f/${FUND}/statement?month=2026-11`);
    const next = /rel="next" href="([^"]+)"/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    const second = await api.call('GET', next ?? '/missing');
    // Assess: the month's receipts are the month's, whatever the page
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/id="period-in">41\.000/);
    expect(next).toMatch(/month=2026-11&after=\d+/);
    expect(second.status).toBe(200);
    expect(second.text).toMatch(/id="period-in">41\.000/);
    expect(second.text).not.toContain('rel="next"');
  });

  it('answers 400 with what to write for a month it cannot read', async () => {
    for (const month of ['2026-13', '26-11', 'tháng 11', '1999-12']) {
      // Act
      const res = await api.call('GET', `/f/${FUND}/statement?month=${encodeURIComponent(month)}`);
      // Assess
      expect(res.status, month).toBe(400);
      expect(res.text, month).toContain('?month=2026-11');
    }
  });

  it('reads the whole campaign a page at a time', async () => {
    // Act
    const first = await api.call('GET', `/f/${FUND}/statement?month=all`);
    // Assess
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/id="period-in">341\.000/);
    expect(first.text).toMatch(/rel="next" href="[^"]*month=all&amp;after=40"/);
  });
});
