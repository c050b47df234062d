import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { idem, journalOf, openFund, type TestApi, vietnamMonth } from './helpers.ts';

/**
 * Behaviour 2: the private message a donor leaves with a pledge is for the fund's staff only.
 * It never appears in the public journal, the public pages or the exports.
 */
const FUND = 'loi-nhan';
const DONOR = 'Cửa hàng Điện máy Thanh Xuân';
/** Distinctive, and free of characters HTML, CSV or JSON would escape. */
const MARKER = `LOINHAN-${randomUUID().replaceAll('-', '')}`;
const FORM_MARKER = `LOINHANFORM-${randomUUID().replaceAll('-', '')}`;

let api: TestApi;
let viaApi: any;
let viaFormReference: string;

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  // A pledge through the API with a message, then paid in part, so it shows in several entries.
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: idem(),
    body: {
      donor: { name: DONOR, kind: 'business', showName: true, phone: '0912345678' },
      amount: 3_000_000,
      method: 'transfer',
      message: `Gửi anh Tuấn: ${MARKER} — xin đừng công khai`,
    },
  });
  expect(res.status).toBe(201);
  viaApi = res.json;
  const paid = await api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: idem(),
    body: {
      pledgeId: viaApi.pledgeId,
      amount: 1_000_000,
      method: 'transfer',
      receivedAt: new Date().toISOString(),
      bankRef: 'FT26327000123',
    },
  });
  expect(paid.status).toBe(201);
  // A pledge through the HTML form with a message.
  const form = await fetch(`${api.stack.url}/f/${FUND}/pledge`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      name: 'Hộ bà Năm',
      kind: 'household',
      showName: '1',
      amount: '500.000',
      method: 'cash',
      message: `Lời nhắn riêng ${FORM_MARKER}`,
      key: randomUUID(),
    }).toString(),
  });
  expect(form.status).toBe(201);
  const entries = await journalOf(api, FUND);
  const formPledge = entries.find(
    (e) => e.kind === 'pledge' && e.donor.displayName === 'Hộ bà Năm',
  );
  viaFormReference = formPledge.refs.pledgeReference;
});
afterAll(() => api.stop());

/** Every public view of the fund, by name, with its text. */
async function publicViews(): Promise<[string, string][]> {
  const thisMonth = vietnamMonth(Date.now());
  const paths = [
    `/funds/${FUND}/ledger?limit=1000`,
    `/funds/${FUND}/exports`,
    `/funds/${FUND}/exports/journal-open.json`,
    `/funds/${FUND}/exports/journal-open.csv`,
    `/funds/${FUND}/exports/journal-open.journal`,
    `/funds/${FUND}/report`,
    `/funds/${FUND}`,
    `/funds`,
    `/f/${FUND}`,
    `/f/${FUND}?lang=en`,
    `/f/${FUND}?q=${viaApi.reference}`,
    `/f/${FUND}?q=${viaFormReference}`,
    `/f/${FUND}?q=FT26327000123`,
    `/f/${FUND}/statement`,
    `/f/${FUND}/statement?month=${thisMonth}`,
    `/f/${FUND}/statement?lang=en`,
    '/',
  ];
  const views: [string, string][] = [];
  await api.stack.flushExports();
  for (const path of paths) {
    const res = await api.call('GET', path);
    expect(res.status, path).toBe(200);
    views.push([path, res.text]);
  }
  return views;
}

describe('a pledge message stays private', () => {
  it('is in no journal entry, neither in a memo nor anywhere else in it', async () => {
    // Act
    const entries = await journalOf(api, FUND);
    // Assess: the pledges are there (the search below is not vacuous), the messages are not
    const mine = entries.filter((e) => e.refs.pledgeId === viaApi.pledgeId);
    expect(mine.map((e) => e.kind)).toEqual(['pledge', 'payment']);
    expect(mine[0].donor.displayName).toBe(DONOR);
    for (const entry of entries) {
      expect(entry.memo ?? '').not.toContain(MARKER);
      expect(entry.memo ?? '').not.toContain(FORM_MARKER);
      expect(JSON.stringify(entry)).not.toContain(MARKER);
      expect(JSON.stringify(entry)).not.toContain(FORM_MARKER);
      expect(JSON.stringify(entry)).not.toContain('xin đừng công khai');
    }
  });

  it('is on no public page, report or export, though the pledge itself is', async () => {
    // Act
    const views = await publicViews();
    // Assess: each view is searched for both messages
    for (const [path, text] of views) {
      expect(text, path).not.toContain(MARKER);
      expect(text, path).not.toContain(FORM_MARKER);
    }
    // Assess: the pledge is public where it should be (so a leak would have been seen)
    const byPath = Object.fromEntries(views);
    expect(byPath[`/funds/${FUND}/exports/journal-open.csv`]).toContain(DONOR);
    expect(byPath[`/funds/${FUND}/exports/journal-open.journal`]).toContain(DONOR);
    expect(byPath[`/funds/${FUND}/exports/journal-open.json`]).toContain(DONOR);
    expect(byPath[`/f/${FUND}`]).toContain(DONOR);
    expect(byPath[`/f/${FUND}/statement`]).toContain(DONOR);
    expect(byPath[`/f/${FUND}?q=${viaApi.reference}`]).toContain(viaApi.reference);
  });

  it('is accepted and held privately, and stays private after the pledge is cancelled', async () => {
    // Prepare: the message reached the store (so the searches above were not vacuous)
    const stored = (await api.snapshot()).flat().join('\n');
    expect(stored).toContain(MARKER);
    expect(stored).toContain(FORM_MARKER);
    // Act: cancelling writes a pledge_cancel entry, with a memo of its own
    const cancel = await api.call(
      'POST',
      `/pledges/${viaApi.pledgeId}/cancel?t=${viaApi.manageToken}`,
    );
    // Assess
    expect(cancel.status).toBe(200);
    expect(cancel.json.entry.kind).toBe('pledge_cancel');
    expect(JSON.stringify(cancel.json)).not.toContain(MARKER);
    for (const [path, text] of await publicViews()) expect(text, path).not.toContain(MARKER);
  });
});
