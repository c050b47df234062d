import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import {
  disbursementIds,
  gift,
  openFund,
  recordSpending,
  type SpendingInput,
  type TestApi,
} from './helpers.ts';

/**
 * Behaviour 5: spending that cites a receipt (by SHA-256) must cite one whose bytes are really
 * stored; otherwise it is refused with 400 evidence_missing and nothing is written.
 */
const FUND = 'chung-tu';
let api: TestApi;
let lan: string;

/** A tiny but real PNG (1×1), made distinct per test by appending bytes. */
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const receipt = (label: string) => Buffer.concat([png, Buffer.from(label)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const spending = (evidence: string[]): SpendingInput => ({
  amount: 1_500_000,
  category: 'cameras',
  payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
  purpose: 'Camera ngã tư',
  paidAt: '2026-11-20T03:00:00Z',
  evidence,
});

async function declare(bytes: Buffer) {
  const res = await api.call('POST', `/funds/${FUND}/evidence`, {
    token: lan,
    body: {
      sha256: sha(bytes),
      contentType: 'image/png',
      size: bytes.length,
      visibility: 'public',
    },
  });
  expect(res.status).toBe(201);
  return res.json.upload as { url: string; headers: Record<string, string> };
}

const put = (upload: { url: string; headers: Record<string, string> }, bytes: Buffer) =>
  fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 10_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

describe('spending that cites evidence never uploaded', () => {
  it('is refused when the digest was never declared', async () => {
    // Prepare
    const digest = sha(receipt('never-declared'));
    const pendingBefore = await disbursementIds(api, FUND, lan, 'pending_approval');
    const before = await api.snapshot();
    // Act
    const res = await recordSpending(api, FUND, lan, spending([digest]));
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('evidence_missing');
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).toEqual(pendingBefore);
  });

  it('is refused when the digest was declared but its bytes were never PUT', async () => {
    // Prepare
    const bytes = receipt('declared-only');
    await declare(bytes);
    const before = await api.snapshot();
    // Act
    const res = await recordSpending(api, FUND, lan, spending([sha(bytes)]));
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('evidence_missing');
    expect(await api.snapshot()).toEqual(before);
    const link = await fetch(`${api.stack.url}/funds/${FUND}/evidence/${sha(bytes)}`);
    expect(link.status).toBe(404);
  });

  it('is refused when the PUT sent other bytes than the declared digest', async () => {
    // Prepare
    const bytes = receipt('declared-then-forged');
    const upload = await declare(bytes);
    const forged = await put(upload, receipt('something else'));
    expect(forged.status).toBe(400);
    const before = await api.snapshot();
    // Act
    const res = await recordSpending(api, FUND, lan, spending([sha(bytes)]));
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('evidence_missing');
    expect(await api.snapshot()).toEqual(before);
  });

  it('is refused as a whole when one of several receipts is missing', async () => {
    // Prepare: one receipt uploaded, one only declared
    const stored = receipt('stored');
    expect((await put(await declare(stored), stored)).status).toBe(200);
    const missing = receipt('missing-one');
    await declare(missing);
    const before = await api.snapshot();
    // Act
    const res = await recordSpending(api, FUND, lan, spending([sha(stored), sha(missing)]));
    // Assess
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('evidence_missing');
    expect(await api.snapshot()).toEqual(before);
  });

  it('is accepted once the declared bytes are uploaded', async () => {
    // Prepare: declared, refused while missing, then uploaded
    const bytes = receipt('uploaded-later');
    const upload = await declare(bytes);
    const early = await recordSpending(api, FUND, lan, spending([sha(bytes)]));
    expect(early.json.code).toBe('evidence_missing');
    expect((await put(upload, bytes)).status).toBe(200);
    // Act
    const res = await recordSpending(api, FUND, lan, spending([sha(bytes)]));
    // Assess
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'pending_approval', evidence: [sha(bytes)] });
    expect(await disbursementIds(api, FUND, lan, 'pending_approval')).toContain(res.json.id);
  });
});
