import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { runCli } from '../support/run.ts';

const BANK = 'packages/local/src/cli/bank.ts';
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
});
afterAll(() => api.stop());

describe('a donor pays by transfer, offline, with no treasurer', () => {
  it('pledge, QR memo, `npm run bank -- pay`, and the pledge page says paid', async () => {
    // Prepare: the donor pledges by transfer; the QR's memo carries the reference.
    const pledged = await api.call('POST', '/funds/pu-trang/pledges', {
      body: {
        donor: { name: 'Quán phở Hương', kind: 'business', showName: true },
        amount: 600_000,
        method: 'transfer',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(pledged.status).toBe(201);
    const { reference, manageUrl } = pledged.json as { reference: string; manageUrl: string };
    expect(pledged.json.transfer.memo).toContain(reference);
    // Act: the bank gateway reports the transfer (the CLI finds the fund by the reference).
    const run = await runCli(
      BANK,
      ['pay', reference, '600.000', '--via', 'casso', '--url', api.stack.url],
      {
        SEPAY_API_KEY: api.stack.gatewayKeys.sepayApiKey,
        CASSO_CHECKSUM_KEY: api.stack.gatewayKeys.cassoChecksumKey,
      },
    );
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/200/);
    const page = await fetch(new URL(manageUrl, api.stack.url));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('600.000');
    expect(html).toMatch(/Đã thanh toán|đã thanh toán/);
  });

  it('says which pledge is unknown, and exits 1, for a reference no fund has', async () => {
    const run = await runCli(BANK, ['pay', 'ZZZZZZZ', '100000', '--url', api.stack.url]);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toMatch(/ZZZZZZZ/);
  });
});
