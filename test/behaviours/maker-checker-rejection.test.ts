import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import {
  disbursementIds,
  gift,
  journalOf,
  openFund,
  recordSpending,
  type SpendingInput,
  type TestApi,
} from './helpers.ts';

/**
 * Behaviour 1: maker-checker holds for rejections too. Whoever recorded a disbursement cannot
 * decide on it, neither to approve nor to reject it, whatever roles their token carries.
 */
const FUND = 'tu-choi';
let api: TestApi;
let lan: string; // treasurer only
let lanBoth: string; // the same user, treasurer and approver of the fund
let maiBoth: string; // another user, treasurer and approver
let maiApprover: string; // that user again, approver only
let hoa: string; // an approver who recorded nothing

const spending = (purpose: string): SpendingInput => ({
  amount: 800_000,
  category: 'cameras',
  payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
  purpose,
  paidAt: '2026-11-20T03:00:00Z',
});

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
  lanBoth = await api.token(['treasurer', 'approver'], 'lan', FUND);
  maiBoth = await api.token(['treasurer', 'approver'], 'mai', FUND);
  maiApprover = await api.token(['approver'], 'mai', FUND);
  hoa = await api.token(['approver'], 'hoa', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

describe('maker-checker on rejection', () => {
  it('refuses a treasurer who is also an approver rejecting their own disbursement', async () => {
    // Prepare: lan records as treasurer, then holds a token that also makes her an approver
    const recorded = await recordSpending(api, FUND, lan, spending('camera cổng chợ'));
    expect(recorded.status).toBe(201);
    const id = recorded.json.id;
    const before = await api.snapshot();
    // Act
    const res = await api.call('POST', `/disbursements/${id}/reject`, {
      token: lanBoth,
      body: { reason: 'Tôi tự từ chối khoản của tôi' },
    });
    // Assess: 403 self_approval, nothing written, still waiting for a second officer
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('self_approval');
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).toContain(id);
    expect(await disbursementIds(api, FUND, lan, 'rejected')).not.toContain(id);

    // Act / Assess: another approver can still reject it, which shows the refusal was about who asked
    const other = await api.call('POST', `/disbursements/${id}/reject`, {
      token: hoa,
      body: { reason: 'Thiếu hóa đơn' },
    });
    expect(other.status).toBe(200);
    expect(other.json).toMatchObject({ status: 'rejected', decidedBy: 'hoa' });
    expect(await disbursementIds(api, FUND, lan, 'rejected')).toContain(id);
  });

  it('refuses an approver rejecting what they recorded themselves, even with an approver-only token', async () => {
    // Prepare: mai records it (she is treasurer and approver)
    const recorded = await recordSpending(api, FUND, maiBoth, spending('dây cáp tổ 3'));
    expect(recorded.status).toBe(201);
    expect(recorded.json.recordedBy).toBe('mai');
    const id = recorded.json.id;
    const journalBefore = await journalOf(api, FUND);
    const before = await api.snapshot();
    // Act: with the token she recorded it with, and with an approver-only token of hers
    const sameToken = await api.call('POST', `/disbursements/${id}/reject`, {
      token: maiBoth,
      body: { reason: 'Ghi nhầm' },
    });
    const approverToken = await api.call('POST', `/disbursements/${id}/reject`, {
      token: maiApprover,
      body: { reason: 'Ghi nhầm' },
    });
    // Assess
    for (const res of [sameToken, approverToken]) {
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('self_approval');
    }
    expect(await api.snapshot()).toEqual(before);
    expect(await journalOf(api, FUND)).toEqual(journalBefore);
    expect(await disbursementIds(api, FUND, hoa, 'pending_approval')).toContain(id);
  });

  it('refuses the recorder both decisions, reject and approve, and writes nothing', async () => {
    // Prepare
    const recorded = await recordSpending(api, FUND, lan, spending('biển báo'));
    const id = recorded.json.id;
    const before = await api.snapshot();
    // Act: neither decision is the recorder's to make
    const res = await api.call('POST', `/disbursements/${id}/reject`, {
      token: lanBoth,
      body: { reason: 'Không cần' },
    });
    const selfApprove = await api.call('POST', `/disbursements/${id}/approve`, { token: lanBoth });
    // Assess
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('self_approval');
    expect(selfApprove.status).toBe(403);
    expect(selfApprove.json.code).toBe('self_approval');
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, hoa, 'pending_approval')).toContain(id);
  });
});
