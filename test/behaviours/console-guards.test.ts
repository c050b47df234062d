import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import {
  consoleClient,
  disbursementIds,
  gift,
  journalOf,
  openFund,
  recordSpending,
  type TestApi,
} from './helpers.ts';

/**
 * Behaviours 8 and 9: the console's forms. A form post without the session's CSRF token is
 * refused and writes nothing; only an approver of the fund, not the one who recorded it, can
 * approve spending from the console.
 */
const FUND = 'bang-dieu-khien';
const OTHER_FUND = 'quy-khac';
let api: TestApi;
let web: ReturnType<typeof consoleClient>;
let lanToken: string;

beforeAll(async () => {
  api = await startTestApi();
  web = consoleClient(api);
  await openFund(api, FUND);
  await openFund(api, OTHER_FUND);
  lanToken = await api.token(['treasurer'], 'lan', FUND);
  await gift(api, FUND, lanToken, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

describe('console forms need the CSRF token of the session', () => {
  const paymentForm = (extra: Record<string, string>) => ({
    key: randomUUID(),
    reference: '',
    donorName: 'Tạp hóa Thu Hà',
    donorKind: 'business',
    showName: '1',
    amount: '250.000',
    method: 'cash',
    receivedAt: '2026-11-21',
    receiptNo: 'BN-0099',
    bankRef: '',
    ...extra,
  });

  it('refuses a payment form with no csrf field, and with a wrong one, writing nothing', async () => {
    // Prepare
    const cookie = await web.signIn(lanToken);
    const csrf = await web.csrfOn(cookie, `/console/f/${FUND}`);
    const before = await api.snapshot();
    // Act
    const missing = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: paymentForm({}),
    });
    const wrong = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: paymentForm({ csrf: `${csrf[0] === 'a' ? 'b' : 'a'}${csrf.slice(1)}` }),
    });
    const empty = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: paymentForm({ csrf: '' }),
    });
    // Assess
    for (const res of [missing, wrong, empty]) {
      expect(res.status).toBe(403);
      expect(res.location).toBeNull();
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses the CSRF token of another staff member’s session', async () => {
    // Prepare: mai's page gives mai's token; lan's session must not take it
    const lanCookie = await web.signIn(lanToken);
    const maiCookie = await web.signIn(await api.token(['treasurer'], 'mai', FUND));
    const maisCsrf = await web.csrfOn(maiCookie, `/console/f/${FUND}`);
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie: lanCookie,
      form: paymentForm({ csrf: maisCsrf }),
    });
    // Assess
    expect(res.status).toBe(403);
    expect(await api.snapshot()).toEqual(before);
  });

  it('records the same form with the right csrf (the refusals were about the token)', async () => {
    // Prepare
    const cookie = await web.signIn(lanToken);
    const csrf = await web.csrfOn(cookie, `/console/f/${FUND}`);
    const seqBefore = (await api.call('GET', `/funds/${FUND}/head`)).json.seq;
    // Act
    const res = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: paymentForm({ csrf }),
    });
    // Assess
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/f/${FUND}?done=1`);
    const entries = await journalOf(api, FUND);
    expect(entries.at(-1)).toMatchObject({
      seq: seqBefore + 1,
      kind: 'donation',
      donor: { displayName: 'Tạp hóa Thu Hà', kind: 'business' },
      postings: [
        { account: 'assets:cash', amount: 250_000 },
        { account: 'income:donations', amount: -250_000 },
      ],
    });
  });

  it('refuses an approval without csrf even from an approver of the fund', async () => {
    // Prepare
    const recorded = await recordSpending(api, FUND, lanToken, {
      amount: 100_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
      purpose: 'Dây cáp',
      paidAt: '2026-11-20T03:00:00Z',
    });
    const cookie = await web.signIn(await api.token(['approver'], 'mai', FUND));
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/disbursements/${recorded.json.id}/approve`, {
      cookie,
      form: {},
    });
    // Assess
    expect(res.status).toBe(403);
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lanToken, 'pending_approval')).toContain(
      recorded.json.id,
    );
  });
});

describe('console approval is for an approver of the fund who did not record it', () => {
  it('does not approve for a treasurer-only user, an approver of another fund, or the recorder', async () => {
    // Prepare: lan (treasurer and approver) records spending
    const lanBoth = await api.token(['treasurer', 'approver'], 'lan', FUND);
    const recorded = await recordSpending(api, FUND, lanBoth, {
      amount: 1_200_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
      purpose: '1 camera ngoài trời 4MP',
      paidAt: '2026-11-20T03:00:00Z',
    });
    expect(recorded.status).toBe(201);
    const id = recorded.json.id;
    const people = [
      { who: 'a treasurer-only user', token: await api.token(['treasurer'], 'tuan', FUND) },
      {
        who: 'an approver of another fund',
        token: await api.token(['approver'], 'hung', OTHER_FUND),
      },
      { who: 'the recorder', token: lanBoth },
    ];
    const journalBefore = await journalOf(api, FUND);
    const before = await api.snapshot();
    for (const { who, token } of people) {
      // The console home carries the session's CSRF token (in its sign-out form).
      const cookie = await web.signIn(token);
      const csrf = await web.csrfOn(cookie, '/console');
      // Act
      const res = await web.send('POST', `/console/disbursements/${id}/approve`, {
        cookie,
        form: { csrf },
      });
      // Assess: not the "recorded" redirect; still pending; journal and state unchanged
      expect(res.location, who).not.toBe(`/console/f/${FUND}?done=1`);
      expect(await disbursementIds(api, FUND, lanToken, 'pending_approval'), who).toContain(id);
      expect(await journalOf(api, FUND), who).toEqual(journalBefore);
      expect(await api.snapshot(), who).toEqual(before);
    }
  });

  it('does not offer the recorder an approve button for their own spending', async () => {
    // Prepare
    const lanBoth = await api.token(['treasurer', 'approver'], 'lan', FUND);
    const recorded = await recordSpending(api, FUND, lanBoth, {
      amount: 50_000,
      category: 'cameras',
      payee: { name: 'Cửa hàng điện Hòa', kind: 'business' },
      purpose: 'Ổ cắm',
      paidAt: '2026-11-20T03:00:00Z',
    });
    // Act
    const cookie = await web.signIn(lanBoth);
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain(`id="pending-${recorded.json.id}"`);
    expect(page.text).not.toContain(`/console/disbursements/${recorded.json.id}/approve`);
  });

  it('approves for an approver of the fund: one disbursement entry, off the queue', async () => {
    // Prepare
    const recorded = await recordSpending(api, FUND, lanToken, {
      amount: 700_000,
      category: 'installation',
      payee: { name: 'Anh Trần Văn Tư', kind: 'individual' },
      purpose: 'Công lắp đặt',
      paidAt: '2026-11-21T03:00:00Z',
    });
    const id = recorded.json.id;
    const cookie = await web.signIn(await api.token(['approver'], 'mai', FUND));
    const csrf = await web.csrfOn(cookie, `/console/f/${FUND}`);
    const seqBefore = (await api.call('GET', `/funds/${FUND}/head`)).json.seq;
    // Act
    const res = await web.send('POST', `/console/disbursements/${id}/approve`, {
      cookie,
      form: { csrf },
    });
    // Assess
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/f/${FUND}?done=1`);
    expect(await disbursementIds(api, FUND, lanToken, 'pending_approval')).not.toContain(id);
    expect(await disbursementIds(api, FUND, lanToken, 'approved')).toContain(id);
    const entries = await journalOf(api, FUND);
    const mine = entries.filter((e) => e.refs.disbursementId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      seq: seqBefore + 1,
      kind: 'disbursement',
      recordedBy: 'mai',
      postings: [
        { account: 'expenses:installation', amount: 700_000 },
        { account: 'assets:bank', amount: -700_000 },
      ],
    });
  });
});
