import { checkpointText, leafHash, logOrigin, rootOf, signNote } from '@soquy/ledger';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFund, type TestApi } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * A fork a witness proved, as people see it on a 360 px phone: the warning on the fund's public
 * page (Vietnamese, then English) and the report on the console's witnesses page. Each fits the
 * screen and passes axe.
 */
let api: TestApi;
let browser: Browser;
const FUND = 'canh-bao';

/** A checkpoint of `n` made-up leaves, signed by the deployment's log key. */
const noteOf = (tag: string, n: number) =>
  signNote(
    checkpointText({
      origin: logOrigin(api.stack.logDeps.deployment, FUND),
      size: n,
      root: rootOf(
        Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}${i}`))),
      ),
      extensions: [],
    }),
    api.stack.logDeps.signer,
  );

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  await openFund(api, FUND);
  const res = await api.call('POST', `/funds/${FUND}/log/fork-reports`, {
    body: {
      format: 'soquy-fork-proof/1',
      kind: 'fork',
      fundId: FUND,
      logKey: api.stack.logKey,
      accepted: await noteOf('a', 6),
      served: await noteOf('b', 6),
      explanation: 'The log signed two trees of size 6.',
      detectedAt: new Date().toISOString(),
      witness: 'witness.test/bao-phuong-ba-dinh-rat-dai-ten',
      url: api.stack.url,
    },
  });
  expect(res.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('a proven fork on a phone', () => {
  it('warns on the public fund page, in Vietnamese and in English', async () => {
    const page = await (await phoneContext(browser)).newPage();
    for (const [query, words] of [
      ['', 'Cảnh báo: một nhân chứng đã chứng minh'],
      ['?lang=en', 'Warning: a witness proved'],
    ] as const) {
      // Act
      await page.goto(`${api.stack.url}/f/${FUND}${query}`);
      // Assess
      expect(await page.textContent('#log-fork')).toContain(words);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
    }
  });

  it('lists the report on the console’s witnesses page', async () => {
    // Prepare
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${api.stack.url}/console/sign-in`);
    await page.fill('#token', await api.token(['admin'], 'admin'));
    await page.click('form[action="/console/sign-in"] button');
    // Act
    await page.goto(`${api.stack.url}/console/witnesses`);
    // Assess
    expect(await page.textContent('[data-status="proven"]')).toContain(
      'Đã chứng minh: sổ bị rẽ nhánh',
    );
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  });
});
