import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let lan: string; // treasurer
let mai: string; // approver
let lanBoth: string; // treasurer and approver at once
let otherApprover: string;

/** A tiny but real PNG (1×1). */
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const idem = () => ({ 'idempotency-key': randomUUID() });
const journal = async () =>
  (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries as any[];
const totals = async () => (await api.call('GET', '/funds/pu-trang')).json.totals;
const spend = (body: Record<string, unknown> = {}, token = lan) =>
  api.call('POST', '/funds/pu-trang/disbursements', {
    token,
    headers: idem(),
    body: {
      amount: 1_200_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
      purpose: '1 camera ngoài trời 4MP',
      paidAt: '2026-11-20T03:00:00Z',
      method: 'transfer',
      evidence: [],
      ...body,
    },
  });

async function uploadEvidence(bytes: Buffer, visibility: 'public' | 'private' = 'public') {
  const declared = await api.call('POST', '/funds/pu-trang/evidence', {
    token: lan,
    body: { sha256: sha(bytes), contentType: 'image/png', size: bytes.length, visibility },
  });
  expect(declared.status).toBe(201);
  const put = await fetch(declared.json.upload.url, {
    method: 'PUT',
    headers: declared.json.upload.headers,
    body: bytes,
  });
  return { declared: declared.json, put };
}

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
  lan = await api.token(['treasurer'], 'lan', 'pu-trang');
  mai = await api.token(['approver'], 'mai', 'pu-trang');
  lanBoth = await api.token(['treasurer', 'approver'], 'lan', 'pu-trang');
  otherApprover = await api.token(['approver'], 'hung', 'duc-pho');
  const gift = await api.call('POST', '/funds/pu-trang/payments', {
    token: lan,
    headers: idem(),
    body: {
      donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
      amount: 5_000_000,
      method: 'transfer',
      receivedAt: '2026-11-19T03:00:00Z',
    },
  });
  expect(gift.status).toBe(201);
});
afterAll(() => api.stop());

describe('evidence', () => {
  it('stores a file under its SHA-256 and refuses bytes that do not match', async () => {
    const { declared, put } = await uploadEvidence(png);
    expect(put.status).toBe(200);
    expect(declared).toMatchObject({
      sha256: sha(png),
      visibility: 'public',
      contentType: 'image/png',
    });
    const forged = await fetch(declared.upload.url, {
      method: 'PUT',
      headers: declared.upload.headers,
      body: Buffer.from('not the receipt'),
    });
    expect(forged.status).toBe(400);
  });

  it('refuses types other than photos and PDFs, and files over 10 MB', async () => {
    const wrongType = await api.call('POST', '/funds/pu-trang/evidence', {
      token: lan,
      body: { sha256: 'a'.repeat(64), contentType: 'text/html', size: 10, visibility: 'public' },
    });
    const tooBig = await api.call('POST', '/funds/pu-trang/evidence', {
      token: lan,
      body: {
        sha256: 'a'.repeat(64),
        contentType: 'application/pdf',
        size: 10 * 1024 * 1024 + 1,
        visibility: 'public',
      },
    });
    expect(wrongType.status).toBe(400);
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.message).toMatch(/10 MB/);
  });
});

describe('maker-checker', () => {
  it('keeps a recorded disbursement out of the journal until a second officer approves it', async () => {
    // Prepare
    const receipt = Buffer.concat([png, Buffer.from('hoa-don-001')]);
    await uploadEvidence(receipt);
    const before = await journal();
    // Act
    const recorded = await spend({ evidence: [sha(receipt)] });
    // Assess: pending, nothing in the journal, in the queue for both roles
    expect(recorded.status).toBe(201);
    expect(recorded.json).toMatchObject({
      status: 'pending_approval',
      amount: 1_200_000,
      recordedBy: 'lan',
    });
    expect(await journal()).toEqual(before);
    for (const token of [lan, mai]) {
      const queue = await api.call('GET', '/funds/pu-trang/disbursements?status=pending_approval', {
        token,
      });
      expect(queue.json.disbursements.map((d: any) => d.id)).toContain(recorded.json.id);
    }
    // Act: the recorder cannot approve, an approver of another fund cannot either
    const snapshot = await api.snapshot();
    const self = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
      token: lanBoth,
    });
    const stranger = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
      token: otherApprover,
    });
    const treasurerOnly = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
      token: lan,
    });
    expect([self.status, stranger.status, treasurerOnly.status]).toEqual([403, 403, 403]);
    expect(self.json.code).toBe('self_approval');
    expect(await api.snapshot()).toEqual(snapshot);
    // Act: the approver approves (twice, as a double click would)
    const approved = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
      token: mai,
    });
    const again = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
      token: mai,
    });
    // Assess: exactly one entry, with the evidence digest
    expect(approved.status).toBe(201);
    expect(approved.json.entry).toMatchObject({
      kind: 'disbursement',
      postings: [
        { account: 'expenses:cameras', amount: 1_200_000 },
        { account: 'assets:bank', amount: -1_200_000 },
      ],
      evidence: [sha(receipt)],
      payee: { name: 'Công ty TNHH Công nghệ An Phát' },
      refs: { disbursementId: recorded.json.id },
    });
    expect(again.json.entry.seq).toBe(approved.json.entry.seq);
    expect(
      (await journal()).filter((e) => e.refs.disbursementId === recorded.json.id),
    ).toHaveLength(1);
    // Assess: the public evidence link serves the very bytes whose digest is in the entry
    const link = await fetch(`${api.stack.url}/funds/pu-trang/evidence/${sha(receipt)}`);
    const served = Buffer.from(await link.arrayBuffer());
    expect(sha(served)).toBe(approved.json.entry.evidence[0]);
  });

  it('accepts spending with no receipt, and refuses evidence that was never uploaded', async () => {
    const none = await spend({ amount: 100_000 });
    expect(none.status).toBe(201);
    expect(none.json.evidence).toEqual([]);
    const before = await api.snapshot();
    const missing = await spend({ evidence: ['b'.repeat(64)] });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe('evidence_missing');
    const badCategory = await spend({ category: 'fireworks' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.json.message).toMatch(/not a spending category/);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses with 409 an approval that would take the bank below zero, and writes nothing', async () => {
    const big = await spend({ amount: 50_000_000, purpose: 'quá số dư' });
    const before = await api.snapshot();
    const res = await api.call('POST', `/disbursements/${big.json.id}/approve`, { token: mai });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('insufficient_funds');
    expect(res.json.message).toMatch(/assets:bank/);
    expect(await api.snapshot()).toEqual(before);
  });

  it('rejects with a reason, and only with one', async () => {
    const d = await spend({ amount: 10_000 });
    const before = await journal();
    expect(
      (
        await api.call('POST', `/disbursements/${d.json.id}/reject`, {
          token: mai,
          body: { reason: ' ' },
        })
      ).status,
    ).toBe(400);
    const rejected = await api.call('POST', `/disbursements/${d.json.id}/reject`, {
      token: mai,
      body: { reason: 'Thiếu hóa đơn' },
    });
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Thiếu hóa đơn',
      decidedBy: 'mai',
    });
    expect(
      (await api.call('POST', `/disbursements/${d.json.id}/approve`, { token: mai })).status,
    ).toBe(409);
    expect(await journal()).toEqual(before);
  });
});

describe('reversals', () => {
  it('undoes a disbursement with a pointing entry, once, and keeps the original', async () => {
    // Prepare
    const d = await spend({ amount: 300_000, purpose: 'ghi nhầm' });
    const approved = (await api.call('POST', `/disbursements/${d.json.id}/approve`, { token: mai }))
      .json.entry;
    const before = await totals();
    // Act
    const reversal = await api.call('POST', '/funds/pu-trang/reversals', {
      token: lan,
      body: { seq: approved.seq, reason: 'Ghi nhầm, đã trả lại' },
    });
    // Assess
    expect(reversal.status).toBe(201);
    expect(reversal.json.entry).toMatchObject({
      kind: 'reversal',
      memo: 'Ghi nhầm, đã trả lại',
      refs: { reverses: approved.seq, disbursementId: d.json.id },
      postings: [
        { account: 'expenses:cameras', amount: -300_000 },
        { account: 'assets:bank', amount: 300_000 },
      ],
    });
    const after = await totals();
    expect(before.spent - after.spent).toBe(300_000);
    expect(after.balance - before.balance).toBe(300_000);
    expect((await journal()).find((e) => e.seq === approved.seq)).toEqual(approved);
    const queue = await api.call('GET', '/funds/pu-trang/disbursements?status=reversed', {
      token: mai,
    });
    expect(queue.json.disbursements.map((x: any) => x.id)).toContain(d.json.id);
    // Act / Assess: twice is refused; a reversal of the reversal needs a reason
    const snapshot = await api.snapshot();
    const twice = await api.call('POST', '/funds/pu-trang/reversals', {
      token: lan,
      body: { seq: approved.seq, reason: 'lần nữa' },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('already_decided');
    const noReason = await api.call('POST', '/funds/pu-trang/reversals', {
      token: lan,
      body: { seq: reversal.json.entry.seq, reason: '' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.details[0].field).toBe('reason');
    expect(await api.snapshot()).toEqual(snapshot);
  });

  it('refuses pledges (they are cancelled), unknown seqs, and anyone but the fund treasurer', async () => {
    const pledge = await api.call('POST', '/funds/pu-trang/pledges', {
      headers: idem(),
      body: {
        donor: { name: 'X', kind: 'business', showName: true },
        amount: 1000,
        method: 'cash',
      },
    });
    const before = await api.snapshot();
    const onPledge = await api.call('POST', '/funds/pu-trang/reversals', {
      token: lan,
      body: { seq: pledge.json.entry.seq, reason: 'sai' },
    });
    expect(onPledge.status).toBe(409);
    expect(
      (
        await api.call('POST', '/funds/pu-trang/reversals', {
          token: lan,
          body: { seq: 99_999, reason: 'sai' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', '/funds/pu-trang/reversals', {
          token: mai,
          body: { seq: 1, reason: 'sai' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call('POST', '/funds/pu-trang/reversals', { body: { seq: 1, reason: 'sai' } }))
        .status,
    ).toBe(401);
    expect(await api.snapshot()).toEqual(before);
  });
});
