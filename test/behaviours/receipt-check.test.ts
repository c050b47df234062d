import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { openFund, payPledge, pledge, type TestApi } from './helpers.ts';

/**
 * A donor's receipt is a seq and a hash. If the journal no longer holds that hash at that seq
 * (an entry lost and its seq given to other money, or an entry edited), the donor's page and the
 * public receipt check say so; neither silently shows whatever now sits at that seq.
 */
let api: TestApi;
const FUND = 'bien-nhan';
let receipt: { seq: number; hash: string };
let pledgeUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  const made = await pledge(api, FUND, {
    donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
    amount: 1_000_000,
  });
  await payPledge(api, FUND, lan, {
    pledgeId: made.pledgeId,
    amount: 1_000_000,
    receivedAt: new Date().toISOString(),
  });
  pledgeUrl = `/pledges/${made.pledgeId}?t=${encodeURIComponent(made.manageToken)}`;
  const view = (await api.call('GET', pledgeUrl)).json;
  receipt = { seq: view.payments[0].seq, hash: view.payments[0].hash };
});
afterAll(() => api.stop());

describe('a receipt checked against the journal', () => {
  it('matches while the journal holds its hash at its seq', async () => {
    // Act
    const view = (await api.call('GET', pledgeUrl)).json;
    const page = await api.call('GET', `/f/${FUND}?seq=${receipt.seq}&hash=${receipt.hash}`);
    // Assess
    expect(view.payments[0].receipt).toBe('matches');
    expect(page.text).toContain('data-result="matches"');
  });

  it('shows a mismatch, on the donor page and the public check, once another entry sits at its seq', async () => {
    // Prepare: the journal item at the receipt's seq replaced, as a lost write later re-used
    const { Items } = await api.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
        TableName: api.stack.tables.journal,
        KeyConditionExpression: 'fundId = :f AND seq = :s',
        ExpressionAttributeValues: { ':f': FUND, ':s': receipt.seq },
      }),
    );
    const other = { ...Items?.[0], hash: 'f'.repeat(64), memo: 'tiền của người khác' };
    await api.doc.send(new PutCommand({ TableName: api.stack.tables.journal, Item: other }));
    // Act
    const view = (await api.call('GET', pledgeUrl)).json;
    const donorPage = await api.call('GET', `/p/${pledgeUrl.slice('/pledges/'.length)}`);
    const publicCheck = await api.call(
      'GET',
      `/f/${FUND}?seq=${receipt.seq}&hash=${receipt.hash}&lang=en`,
    );
    // Assess
    expect(view.payments[0].receipt).toBe('mismatch');
    expect(donorPage.text).toContain(`id="receipt-mismatch-${receipt.seq}"`);
    expect(publicCheck.text).toContain('data-result="mismatch"');
    expect(publicCheck.text).toContain(
      `entry ${receipt.seq} in the journal now has a different hash`,
    );
  });

  it('says when a receipt names a seq the journal does not have', async () => {
    // Act
    const page = await api.call('GET', `/f/${FUND}?seq=999&hash=${receipt.hash}`);
    // Assess
    expect(page.text).toContain('data-result="missing"');
  });
});
