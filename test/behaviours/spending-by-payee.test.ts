import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { gift, journalOf, openFund, spendApproved, type TestApi } from './helpers.ts';

/**
 * The report's spending by payee: each payee's approved spending, less what was reversed,
 * checked against a sum over the raw journal entries made here, not with the report's code.
 */
const FUND = 'chi-theo-nguoi-nhan';
const AN_PHAT = 'Công ty TNHH Công nghệ An Phát';
const THANH_CONG = 'Cửa hàng điện nước Thành Công';
let api: TestApi;

/** Net spending per payee name: expense postings of every entry that names a payee. */
function spentByPayee(entries: any[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const entry of entries) {
    if (!entry.payee) continue;
    const spent = entry.postings
      .filter((p: any) => p.account.startsWith('expenses:'))
      .reduce((sum: number, p: any) => sum + p.amount, 0);
    sums[entry.payee.name] = (sums[entry.payee.name] ?? 0) + spent;
  }
  return Object.fromEntries(Object.entries(sums).filter(([, amount]) => amount !== 0));
}

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  const mai = await api.token(['approver'], 'mai', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Tổ dân phố 3', kind: 'organisation', showName: true },
    amount: 20_000_000,
    receivedAt: '2026-10-01T03:00:00Z',
  });
  // Two payees of the same kind, one paid twice; one of its payments reversed.
  const spend = (payee: string, amount: number, purpose: string) =>
    spendApproved(api, FUND, lan, mai, {
      amount,
      category: 'cameras',
      payee: { name: payee, kind: 'business' },
      purpose,
      paidAt: '2026-10-10T03:00:00Z',
    });
  await spend(AN_PHAT, 3_000_000, '2 camera');
  await spend(THANH_CONG, 300_000, 'Dây cáp');
  const mistaken = await spend(AN_PHAT, 700_000, 'Ghi nhầm');
  const reversed = await api.call('POST', `/funds/${FUND}/reversals`, {
    token: lan,
    body: { seq: mistaken.seq, reason: 'Ghi nhầm số tiền' },
  });
  expect(reversed.status).toBe(201);
}, 60_000);
afterAll(() => api.stop());

describe('spending by payee', () => {
  it('sums each payee apart, takes reversals back, and agrees with the raw journal', async () => {
    // Act
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    // Assess
    const payees = Object.fromEntries(report.payees.map((p: any) => [p.name, p.spent]));
    expect(payees).toEqual({ [AN_PHAT]: 3_000_000, [THANH_CONG]: 300_000 });
    expect(payees).toEqual(spentByPayee(await journalOf(api, FUND)));
    expect(report.totals.spent).toBe(3_300_000);
  });
});
