import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import {
  gift,
  journalOf,
  openFund,
  payPledge,
  pledge,
  recordSpending,
  spendApproved,
  type TestApi,
  vietnamMonth,
} from './helpers.ts';

/**
 * Behaviours 3 and 4: the report's business pledges, income by donor kind, money in and out by
 * month and spending by payee are what the journal says, and a month is the month the money
 * moved (Vietnam time), not the day somebody typed it in.
 *
 * The expected figures come from a fold over the raw postings written here from
 * docs/ledger-format.md, not from soquy's own code, and from sums worked out by hand.
 */
const FUND = 'bao-cao';
const MONTHS_FUND = 'theo-thang';
let api: TestApi;

// ---- an independent fold of the journal -------------------------------------------------------

interface Posting {
  account: string;
  amount: number;
}

/** What one entry adds, from its postings alone (docs/ledger-format.md, "Totals"). */
function effect(postings: Posting[]) {
  const delta = (account: string) =>
    postings.filter((p) => p.account === account).reduce((sum, p) => sum + p.amount, 0);
  const pledged = -delta('income:pledged');
  const outstanding = delta('assets:pledges');
  const received = -delta('income:donations') + pledged - outstanding;
  const spent = postings
    .filter((p) => p.account.startsWith('expenses:'))
    .reduce((sum, p) => sum + p.amount, 0);
  return { pledged, received, spent };
}

const monthOfInstant = (instant: string) => vietnamMonth(instant);

function foldReport(entries: any[]) {
  const donors = new Map<
    string,
    { name: string; kind: string; pledged: number; received: number }
  >();
  const byKind = new Map<string, number>();
  const months = new Map<string, { received: number; spent: number }>();
  const payees = new Map<string, number>();
  let received = 0;
  let spent = 0;
  for (const entry of entries) {
    const e = effect(entry.postings);
    received += e.received;
    spent += e.spent;
    const month = months.get(monthOfInstant(entry.occurredAt)) ?? { received: 0, spent: 0 };
    month.received += e.received;
    month.spent += e.spent;
    months.set(monthOfInstant(entry.occurredAt), month);
    if (entry.donor) {
      const kind = entry.donor.kind ?? 'unknown';
      byKind.set(kind, (byKind.get(kind) ?? 0) + e.received);
      if (entry.donor.displayName !== 'Ẩn danh') {
        const d = donors.get(entry.donor.id) ?? {
          name: entry.donor.displayName,
          kind,
          pledged: 0,
          received: 0,
        };
        d.pledged += e.pledged;
        d.received += e.received;
        donors.set(entry.donor.id, d);
      }
    } else if (e.received !== 0) {
      byKind.set('unknown', (byKind.get('unknown') ?? 0) + e.received);
    }
    if (entry.payee && e.spent !== 0)
      payees.set(entry.payee.name, (payees.get(entry.payee.name) ?? 0) + e.spent);
  }
  const businesses = [...donors.values()]
    .filter((d) => d.kind === 'business' && d.pledged > 0)
    .map((d) => ({ name: d.name, pledged: d.pledged, paid: Math.min(d.received, d.pledged) }));
  return {
    received,
    spent,
    businesses,
    incomeByDonorKind: Object.fromEntries([...byKind].filter(([, amount]) => amount !== 0)),
    byMonth: [...months]
      .filter(([, m]) => m.received !== 0 || m.spent !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, ...m })),
    payees: Object.fromEntries([...payees].filter(([, amount]) => amount !== 0)),
  };
}

const byName = <T extends { name: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.name.localeCompare(b.name, 'vi'));

// ---- the fund's story -------------------------------------------------------------------------

const MINH_PHAT = 'Cửa hàng Minh Phát';
const SONG_HONG = 'Nhà hàng Sông Hồng';
const HUNG_THINH = 'Xưởng mộc Hưng Thịnh';
const AN_PHAT = 'Công ty TNHH Công nghệ An Phát';
const THO_DIEN = 'Anh Trần Văn Tư';

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  await openFund(api, MONTHS_FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  const mai = await api.token(['approver'], 'mai', FUND);

  // A business pledges 2,000,000 and pays 2,500,000 in October: 500,000 is a donation.
  const minhPhat = await pledge(api, FUND, {
    donor: { name: MINH_PHAT, kind: 'business', showName: true },
    amount: 2_000_000,
  });
  const over = await payPledge(api, FUND, lan, {
    pledgeId: minhPhat.pledgeId,
    amount: 2_500_000,
    receivedAt: '2026-10-05T03:00:00Z',
  });
  expect(over.entries.map((e: any) => e.kind)).toEqual(['payment', 'donation']);
  // A business pledges 3,000,000 and pays 1,000,000 in September, 500,000 in November.
  const songHong = await pledge(api, FUND, {
    donor: { name: SONG_HONG, kind: 'business', showName: true },
    amount: 3_000_000,
  });
  await payPledge(api, FUND, lan, {
    pledgeId: songHong.pledgeId,
    amount: 1_000_000,
    receivedAt: '2026-09-10T02:00:00Z',
  });
  await payPledge(api, FUND, lan, {
    pledgeId: songHong.pledgeId,
    amount: 500_000,
    method: 'cash',
    receivedAt: '2026-11-03T02:00:00Z',
  });
  // An anonymous business pledges 1,000,000 and pays it all in October.
  const anonymousBusiness = await pledge(api, FUND, {
    donor: { name: 'Tiệm vàng không muốn nêu tên', kind: 'business', showName: false },
    amount: 1_000_000,
  });
  await payPledge(api, FUND, lan, {
    pledgeId: anonymousBusiness.pledgeId,
    amount: 1_000_000,
    receivedAt: '2026-10-20T09:00:00Z',
  });
  // A business pledges 700,000, then withdraws it: nothing promised, nothing to show.
  const hungThinh = await pledge(api, FUND, {
    donor: { name: HUNG_THINH, kind: 'business', showName: true },
    amount: 700_000,
  });
  const cancelled = await api.call(
    'POST',
    `/pledges/${hungThinh.pledgeId}/cancel?t=${hungThinh.manageToken}`,
  );
  expect(cancelled.status).toBe(200);
  // A household pledges 400,000 in cash and pays it in November.
  const household = await pledge(api, FUND, {
    donor: { name: 'Hộ ông Nguyễn Văn Ba', kind: 'household', showName: true },
    amount: 400_000,
    method: 'cash',
  });
  await payPledge(api, FUND, lan, {
    pledgeId: household.pledgeId,
    amount: 400_000,
    method: 'cash',
    receivedAt: '2026-11-02T01:00:00Z',
  });
  // Gifts without a pledge: individuals (one anonymous), an organisation.
  await gift(api, FUND, lan, {
    donor: { name: 'Chị Lê Thị Hoa', kind: 'individual', showName: true },
    amount: 250_000,
    receivedAt: '2026-09-25T10:00:00Z',
  });
  await gift(api, FUND, lan, {
    donor: { name: 'Ông Ba', kind: 'individual', showName: false },
    amount: 150_000,
    method: 'cash',
    receivedAt: '2026-10-20T12:00:00Z',
  });
  await gift(api, FUND, lan, {
    donor: { name: 'Tổ dân phố 5', kind: 'organisation', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-09-01T03:00:00Z',
  });
  // Spending, each recorded by lan and approved by mai: two payees, one of them twice.
  await spendApproved(api, FUND, lan, mai, {
    amount: 3_000_000,
    category: 'cameras',
    payee: { name: AN_PHAT, kind: 'business' },
    purpose: '2 camera ngoài trời',
    paidAt: '2026-10-10T03:00:00Z',
  });
  await spendApproved(api, FUND, lan, mai, {
    amount: 1_200_000,
    category: 'installation',
    payee: { name: THO_DIEN, kind: 'individual' },
    purpose: 'Công lắp đặt',
    paidAt: '2026-11-05T03:00:00Z',
  });
  await spendApproved(api, FUND, lan, mai, {
    amount: 500_000,
    category: 'cameras',
    payee: { name: AN_PHAT, kind: 'business' },
    purpose: 'Thẻ nhớ',
    paidAt: '2026-11-06T03:00:00Z',
  });
  // Spending that never counts: one still waiting, one rejected.
  const waiting = await recordSpending(api, FUND, lan, {
    amount: 999_000,
    category: 'cameras',
    payee: { name: 'Công ty chưa duyệt', kind: 'business' },
    purpose: 'Chờ duyệt',
    paidAt: '2026-11-07T03:00:00Z',
  });
  expect(waiting.status).toBe(201);
  const refused = await recordSpending(api, FUND, lan, {
    amount: 888_000,
    category: 'cameras',
    payee: { name: 'Công ty bị từ chối', kind: 'business' },
    purpose: 'Bị từ chối',
    paidAt: '2026-11-07T03:00:00Z',
  });
  const rejected = await api.call('POST', `/disbursements/${refused.json.id}/reject`, {
    token: mai,
    body: { reason: 'Không hợp lệ' },
  });
  expect(rejected.status).toBe(200);
});
afterAll(() => api.stop());

describe('the report agrees with a fold of the journal', () => {
  it('lists public business pledges with paid capped at what was pledged', async () => {
    // Prepare
    const entries = await journalOf(api, FUND);
    const fold = foldReport(entries);
    // Act
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    // Assess: against the fold
    expect(byName(report.businesses)).toEqual(byName(fold.businesses));
    // Assess: against the story, worked out by hand
    expect(byName(report.businesses)).toEqual(
      byName([
        { name: MINH_PHAT, pledged: 2_000_000, paid: 2_000_000 },
        { name: SONG_HONG, pledged: 3_000_000, paid: 1_500_000 },
      ]),
    );
    // The 500,000 over Minh Phát's pledge is a donation of its own, counted as received.
    const minhPhat = report.donors.find((d: any) => d.name === MINH_PHAT);
    expect(minhPhat).toMatchObject({ kind: 'business', pledged: 2_000_000, received: 2_500_000 });
    const excess = entries.filter(
      (e) => e.kind === 'donation' && e.donor?.displayName === MINH_PHAT,
    );
    expect(excess.map((e) => e.postings)).toEqual([
      [
        { account: 'assets:bank', amount: 500_000 },
        { account: 'income:donations', amount: -500_000 },
      ],
    ]);
    // Anonymous and withdrawn business pledges are not listed.
    expect(report.businesses.map((b: any) => b.name)).not.toContain(HUNG_THINH);
    expect(report.businesses.map((b: any) => b.name)).not.toContain('Ẩn danh');
  });

  it('sums income by donor kind, anonymous gifts included', async () => {
    // Prepare
    const fold = foldReport(await journalOf(api, FUND));
    // Act
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    // Assess
    const byKind = Object.fromEntries(report.incomeByDonorKind.map((k: any) => [k.kind, k.amount]));
    expect(byKind).toEqual(fold.incomeByDonorKind);
    expect(byKind).toEqual({
      business: 2_500_000 + 1_500_000 + 1_000_000,
      household: 400_000,
      individual: 250_000 + 150_000,
      organisation: 5_000_000,
    });
    // Largest first, and together they are everything received.
    const amounts = report.incomeByDonorKind.map((k: any) => k.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts.reduce((a: number, b: number) => a + b, 0)).toBe(report.totals.received);
    expect(report.totals.received).toBe(fold.received);
    expect(report.anonymous.received).toBe(1_000_000 + 150_000);
  });

  it('puts money in and out in the month it moved', async () => {
    // Prepare
    const fold = foldReport(await journalOf(api, FUND));
    // Act
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    // Assess
    expect(report.byMonth).toEqual(fold.byMonth);
    expect(report.byMonth).toEqual([
      { month: '2026-09', received: 1_000_000 + 250_000 + 5_000_000, spent: 0 },
      { month: '2026-10', received: 2_500_000 + 1_000_000 + 150_000, spent: 3_000_000 },
      { month: '2026-11', received: 500_000 + 400_000, spent: 1_200_000 + 500_000 },
    ]);
    expect(report.totals.spent).toBe(fold.spent);
  });

  it('sums approved spending by payee, and only approved spending', async () => {
    // Prepare
    const fold = foldReport(await journalOf(api, FUND));
    // Act
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    // Assess
    const payees = Object.fromEntries(report.payees.map((p: any) => [p.name, p.spent]));
    expect(payees).toEqual(fold.payees);
    expect(payees).toEqual({ [AN_PHAT]: 3_500_000, [THO_DIEN]: 1_200_000 });
    expect(report.payees.find((p: any) => p.name === AN_PHAT).kind).toBe('business');
    expect(report.payees.find((p: any) => p.name === THO_DIEN).kind).toBe('individual');
  });
});

describe('monthly figures use the month the money moved, in Vietnam time', () => {
  // Prepare: recorded today, dated when the money moved
  beforeAll(async () => {
    const lan = await api.token(['treasurer'], 'lan', MONTHS_FUND);
    const mai = await api.token(['approver'], 'mai', MONTHS_FUND);
    const p = await pledge(api, MONTHS_FUND, {
      donor: { name: 'Cửa hàng Bình Minh', kind: 'business', showName: true },
      amount: 1_000_000,
    });
    // 18:00 UTC on 30 September is 01:00 on 1 October in Vietnam.
    await payPledge(api, MONTHS_FUND, lan, {
      pledgeId: p.pledgeId,
      amount: 1_000_000,
      receivedAt: '2026-09-30T18:00:00Z',
    });
    await gift(api, MONTHS_FUND, lan, {
      donor: { name: 'Chị Mai', kind: 'individual', showName: true },
      amount: 300_000,
      receivedAt: '2026-08-15T03:00:00Z',
    });
    // 16:59:59 UTC on 30 September is still 23:59:59 on 30 September in Vietnam.
    await gift(api, MONTHS_FUND, lan, {
      donor: { name: 'Anh Tâm', kind: 'individual', showName: false },
      amount: 70_000,
      receivedAt: '2026-09-30T16:59:59Z',
    });
    // Spending paid at 17:30 UTC on 31 August is 00:30 on 1 September in Vietnam.
    await spendApproved(api, MONTHS_FUND, lan, mai, {
      amount: 200_000,
      category: 'installation',
      payee: { name: 'Anh Trần Văn Tư', kind: 'individual' },
      purpose: 'Công lắp đặt',
      paidAt: '2026-08-31T17:30:00Z',
    });
  });

  it('files payments and spending by receivedAt / paidAt in UTC+7, not by the day recorded', async () => {
    // Act
    const report = (await api.call('GET', `/funds/${MONTHS_FUND}/report`)).json;
    // Assess
    expect(report.byMonth).toEqual([
      { month: '2026-08', received: 300_000, spent: 0 },
      { month: '2026-09', received: 70_000, spent: 200_000 },
      { month: '2026-10', received: 1_000_000, spent: 0 },
    ]);
    expect(report.byMonth.map((m: any) => m.month)).not.toContain(vietnamMonth(Date.now()));
    expect(report.byMonth).toEqual(foldReport(await journalOf(api, MONTHS_FUND)).byMonth);
  });

  it('keeps the entries dated as given, so the statement for a month lists them', async () => {
    // Act
    const entries = await journalOf(api, MONTHS_FUND);
    const october = await api.call('GET', `/f/${MONTHS_FUND}/statement?month=2026-10`);
    const august = await api.call('GET', `/f/${MONTHS_FUND}/statement?month=2026-08`);
    // Assess
    const payment = entries.find((e) => e.kind === 'payment');
    expect(payment.occurredAt).toBe('2026-09-30T18:00:00.000Z');
    expect(october.status).toBe(200);
    expect(october.text).toContain('Cửa hàng Bình Minh');
    expect(october.text).not.toContain('Chị Mai');
    expect(august.status).toBe(200);
    expect(august.text).toContain('Chị Mai');
    expect(august.text).not.toContain('Cửa hàng Bình Minh');
  });
});
