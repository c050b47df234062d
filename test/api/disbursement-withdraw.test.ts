import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  disbursementIds,
  gift,
  journalOf,
  openFund,
  recordSpending,
  type TestApi,
} from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * POST /disbursements/{id}/withdraw: the treasurer who asked for spending takes the request back
 * while it waits. A waiting request is not in the journal, so withdrawing writes no entry; once
 * approved or rejected it is refused with 409, and every refusal leaves both tables unchanged.
 */

let api: TestApi;
const FUND = 'rut-lai';
let lan: string; // treasurer, records the requests
let tuan: string; // another treasurer of the same fund
let mai: string; // approver

const camera = {
  amount: 1_200_000,
  category: 'cameras',
  payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' as const },
  purpose: 'Camera ngoài trời cho ngõ 4',
  paidAt: '2026-11-20T03:00:00Z',
};

async function requested(body: Partial<typeof camera> = {}) {
  const res = await recordSpending(api, FUND, lan, { ...camera, ...body });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

const withdraw = (id: string, token: string) =>
  api.call('POST', `/disbursements/${id}/withdraw`, { token });

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
  tuan = await api.token(['treasurer'], 'tuan', FUND);
  mai = await api.token(['approver'], 'mai', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
    amount: 2_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
}, 60_000);
afterAll(() => api.stop());

describe('withdrawing a spending request', () => {
  it('takes a waiting request off the queue, marked withdrawn by its treasurer, with no journal entry', async () => {
    // Prepare
    const id = await requested();
    const journalBefore = await journalOf(api, FUND);
    const headBefore = (await api.call('GET', `/funds/${FUND}/head`)).json;
    // Act
    const res = await withdraw(id, lan);
    // Assess: the request is kept, withdrawn, and nothing entered the journal
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id,
      status: 'withdrawn',
      decidedBy: 'lan',
      amount: 1_200_000,
    });
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).not.toContain(id);
    const withdrawn = await api.call('GET', `/funds/${FUND}/disbursements?status=withdrawn`, {
      token: mai,
    });
    expect(withdrawn.json.disbursements.map((d: { id: string }) => d.id)).toContain(id);
    expect(await journalOf(api, FUND)).toEqual(journalBefore);
    expect((await api.call('GET', `/funds/${FUND}/head`)).json).toEqual(headBefore);
  });

  it('cannot be approved afterwards: the approver gets 409 and the money stays', async () => {
    // Prepare
    const id = await requested({ purpose: 'Rút lại rồi duyệt' });
    expect((await withdraw(id, lan)).status).toBe(200);
    const before = await api.snapshot();
    // Act
    const approve = await api.call('POST', `/disbursements/${id}/approve`, { token: mai });
    // Assess
    expect(approve.status).toBe(409);
    expect(approve.json.code).toBe('already_decided');
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses another treasurer of the fund and an approver with 403, writing nothing', async () => {
    // Prepare
    const id = await requested({ purpose: 'Không phải của bạn' });
    const before = await api.snapshot();
    // Act
    const byTuan = await withdraw(id, tuan);
    const byMai = await withdraw(id, mai);
    // Assess
    for (const res of [byTuan, byMai]) {
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
    }
    expect(byTuan.json.message).toMatch(/only the staff member who recorded it/);
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).toContain(id);
  });

  it('refuses an approved request with 409 naming its entry, writing nothing', async () => {
    // Prepare
    const id = await requested({ amount: 300_000, purpose: 'Đã duyệt' });
    const approved = await api.call('POST', `/disbursements/${id}/approve`, { token: mai });
    expect(approved.status).toBe(201);
    const before = await api.snapshot();
    // Act
    const res = await withdraw(id, lan);
    // Assess
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      code: 'not_withdrawable',
      details: { id, status: 'approved', seq: approved.json.entry.seq },
    });
    expect(res.json.message).toMatch(/already approved .*reverse its entry/);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a rejected request, and a second withdrawal, with 409, writing nothing', async () => {
    // Prepare
    const rejected = await requested({ purpose: 'Bị từ chối' });
    expect(
      (
        await api.call('POST', `/disbursements/${rejected}/reject`, {
          token: mai,
          body: { reason: 'Thiếu hóa đơn' },
        })
      ).status,
    ).toBe(200);
    const twice = await requested({ purpose: 'Rút hai lần' });
    expect((await withdraw(twice, lan)).status).toBe(200);
    const before = await api.snapshot();
    // Act
    const afterRejection = await withdraw(rejected, lan);
    const again = await withdraw(twice, lan);
    // Assess
    expect(afterRejection.status).toBe(409);
    expect(afterRejection.json).toMatchObject({
      code: 'not_withdrawable',
      details: { status: 'rejected' },
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      code: 'not_withdrawable',
      details: { status: 'withdrawn' },
    });
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('an approval the money does not cover', () => {
  it('answers 409 naming the account, its balance and the amount asked, writing nothing', async () => {
    // Prepare: 2,000,000 came in by transfer, 300,000 of it spent; ask for 50,000,000
    const id = await requested({ amount: 50_000_000, purpose: 'Quá số dư' });
    const before = await api.snapshot();
    // Act
    const res = await api.call('POST', `/disbursements/${id}/approve`, { token: mai });
    // Assess
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('insufficient_funds');
    expect(res.json.details).toMatchObject({
      account: 'assets:bank',
      balance: 1_700_000,
      asked: 50_000_000,
    });
    expect(res.json.message).toContain('the bank account (assets:bank)');
    expect(res.json.message).toContain('1,700,000 đồng');
    expect(res.json.message).toContain('50,000,000 đồng is asked');
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).toContain(id);
  });
});
