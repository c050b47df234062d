import { readFileSync } from 'node:fs';
import type { SessionEvent } from '@soquy/http';
import { staff } from '@soquy/ledger';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedInContext } from '../../functions/console/context.ts';
import { CSV_LIMITS, spendingCsvPage } from '../../functions/console/pages/csv-exports.ts';
import { gift, openFund, spendApproved, type TestApi } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * The console's period downloads on a 360 px phone, in Chromium: the form (two days, one button
 * per list, no script) saves the chosen period's file under a name that says the period, and
 * the pages refusing a period fit the screen and pass axe.
 */

let api: TestApi;
let browser: Browser;
const FUND = 'tai-theo-ky';

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  await openFund(api, FUND);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  const mai = await api.token(['approver'], 'mai', FUND);
  await gift(api, FUND, lan, {
    donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
    amount: 2_000_000,
    receivedAt: '2026-10-31T18:00:00Z',
  });
  await spendApproved(api, FUND, lan, mai, {
    amount: 700_000,
    category: 'cameras',
    payee: { name: 'Cửa hàng điện Minh', kind: 'business' },
    purpose: 'Dây điện cho camera',
    paidAt: '2026-11-02T03:00:00Z',
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function signedIn(): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${api.stack.url}/console/sign-in`);
  await page.fill('#token', await api.token(['treasurer'], 'lan', FUND));
  await page.click('form[action="/console/sign-in"] button');
  await page.goto(`${api.stack.url}/console/f/${FUND}#downloads`);
  return page;
}

async function fitsAndPassesAxe(page: Page) {
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
}

describe('period downloads on a 360 px phone', { timeout: 120_000 }, () => {
  it('saves the spending of the days chosen in the form, named by its period', async () => {
    // prepare
    const page = await signedIn();
    await fitsAndPassesAxe(page);
    // act: November's first week, spending button
    await page.fill('#csv-from', '2026-11-01');
    await page.fill('#csv-to', '2026-11-07');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`button[formaction="/console/f/${FUND}/spending.csv"]`),
    ]);
    // assess
    expect(file.suggestedFilename()).toBe(`${FUND}-spending-2026-11-01-2026-11-07.csv`);
    const text = readFileSync((await file.path()) as string, 'utf8');
    expect(text).toContain('Dây điện cho camera');
    expect(text).not.toContain('Quán phở Lan');
  });

  it('refuses a period it cannot read with a page that fits the phone and passes axe', async () => {
    // prepare
    const page = await signedIn();
    // act
    const res = await page.goto(`${api.stack.url}/console/f/${FUND}/receipts.csv?month=2026-13`);
    // assess
    expect(res?.status()).toBe(400);
    expect(await page.textContent('#period-error')).toContain('2026-13');
    await fitsAndPassesAxe(page);
  });

  it('shows the too-large refusal so that it fits the phone and passes axe', async () => {
    // prepare: the page as the console serves it, with a one-row bound, on the real store
    const context = {
      event: {
        actor: staff({ userId: 'lan', username: 'lan', groups: [`treasurer:${FUND}`] }),
        rawPath: `/console/f/${FUND}/spending.csv`,
        queryStringParameters: { year: '2026' },
      } as unknown as SessionEvent,
      lang: 'vi',
      deps: api.stack.deps,
      params: [FUND],
    } as unknown as SignedInContext;
    const refused = await spendingCsvPage({ ...CSV_LIMITS, maxRows: 0 })(context);
    const page = await (await phoneContext(browser)).newPage();
    // act
    await page.setContent(String(refused.body));
    // assess
    expect(refused.statusCode).toBe(413);
    expect(await page.textContent('#export-too-large')).toContain('có hơn 0 dòng');
    await fitsAndPassesAxe(page);
  });
});
