import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { journalOf, openFund, pledge, type TestApi } from './helpers.ts';

/**
 * Behaviour 6: only the holder of a pledge's manage link can cancel it. Without the token, or
 * with a wrong one (another pledge's included), the API and the donor page cancel nothing.
 */
const FUND = 'huy-cam-ket';
let api: TestApi;

const donor = { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true };
const statusOf = async (p: { pledgeId: string; manageToken: string }) =>
  (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
const cancelEntries = async (pledgeId: string) =>
  (await journalOf(api, FUND)).filter(
    (e) => e.kind === 'pledge_cancel' && e.refs.pledgeId === pledgeId,
  );

/** The donor page's cancel form, posted as a browser would (no redirect followed). */
const postForm = (pledgeId: string, fields: Record<string, string>) =>
  fetch(`${api.stack.url}/p/${pledgeId}/cancel`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
});
afterAll(() => api.stop());

describe('POST /pledges/{pledgeId}/cancel needs the manage token', () => {
  it('refuses no token, a wrong token and another pledge’s token, and writes nothing', async () => {
    // Prepare
    const mine = await pledge(api, FUND, { donor, amount: 1_000_000 });
    const other = await pledge(api, FUND, { donor, amount: 200_000 });
    const before = await api.snapshot();
    // Act
    const none = await api.call('POST', `/pledges/${mine.pledgeId}/cancel`);
    const empty = await api.call('POST', `/pledges/${mine.pledgeId}/cancel?t=`);
    const wrong = await api.call('POST', `/pledges/${mine.pledgeId}/cancel?t=${'x'.repeat(43)}`);
    const altered = await api.call(
      'POST',
      `/pledges/${mine.pledgeId}/cancel?t=${mine.manageToken.slice(0, -1)}${mine.manageToken.endsWith('A') ? 'B' : 'A'}`,
    );
    const borrowed = await api.call(
      'POST',
      `/pledges/${mine.pledgeId}/cancel?t=${other.manageToken}`,
    );
    // Assess
    for (const res of [none, empty, wrong, altered, borrowed]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await api.snapshot()).toEqual(before);
    expect(await statusOf(mine)).toMatchObject({
      status: 'pledged',
      cancelled: 0,
      outstanding: 1_000_000,
    });
    expect(await statusOf(other)).toMatchObject({ status: 'pledged', outstanding: 200_000 });
    expect(await cancelEntries(mine.pledgeId)).toEqual([]);
  });

  it('cancels with the right token', async () => {
    // Prepare
    const mine = await pledge(api, FUND, { donor, amount: 600_000 });
    // Act
    const res = await api.call('POST', `/pledges/${mine.pledgeId}/cancel?t=${mine.manageToken}`);
    // Assess
    expect(res.status).toBe(200);
    expect(await statusOf(mine)).toMatchObject({ status: 'cancelled', outstanding: 0 });
    expect((await cancelEntries(mine.pledgeId)).map((e) => e.postings)).toEqual([
      [
        { account: 'income:pledged', amount: 600_000 },
        { account: 'assets:pledges', amount: -600_000 },
      ],
    ]);
  });
});

describe('the donor page form POST /p/{pledgeId}/cancel needs the manage token', () => {
  it('does not cancel with a wrong t, a missing t, or another pledge’s t', async () => {
    // Prepare
    const mine = await pledge(api, FUND, { donor, amount: 1_500_000 });
    const other = await pledge(api, FUND, { donor, amount: 300_000 });
    const before = await api.snapshot();
    // Act
    const wrong = await postForm(mine.pledgeId, { t: 'y'.repeat(43), confirm: '1' });
    const missing = await postForm(mine.pledgeId, { confirm: '1' });
    const borrowed = await postForm(mine.pledgeId, { t: other.manageToken, confirm: '1' });
    // Assess: no redirect to the page of a cancelled pledge, nothing written, still pledged
    for (const res of [wrong, missing, borrowed]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await api.snapshot()).toEqual(before);
    expect(await statusOf(mine)).toMatchObject({ status: 'pledged', outstanding: 1_500_000 });
    expect(await statusOf(other)).toMatchObject({ status: 'pledged', outstanding: 300_000 });
    expect(await cancelEntries(mine.pledgeId)).toEqual([]);
  });

  it('cancels with the right t and goes back to the donor page', async () => {
    // Prepare
    const mine = await pledge(api, FUND, { donor, amount: 900_000 });
    // Act
    const res = await postForm(mine.pledgeId, { t: mine.manageToken, confirm: '1' });
    // Assess
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/p/${mine.pledgeId}?t=${encodeURIComponent(mine.manageToken)}`,
    );
    expect(await statusOf(mine)).toMatchObject({
      status: 'cancelled',
      cancelled: 900_000,
      outstanding: 0,
    });
    expect(await cancelEntries(mine.pledgeId)).toHaveLength(1);
  });
});
