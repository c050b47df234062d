import { qrSvg } from '@soquy/vietqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFund, payPledge, pledge, type TestApi } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * A donor's receipt, from the pledge page to the verification page, in Chromium: the page's own
 * script redoes every check with WebCrypto (SHA-256, RFC 9162 inclusion, Ed25519), so a receipt
 * is checked by the reader's browser, not only by the server that printed it.
 */
let api: TestApi;
let browser: Browser;
const FUND = 'bien-nhan-qr';
let pledgeUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  await openFund(api, FUND, 'Quỹ biên nhận có bằng chứng');
  const lan = await api.token(['treasurer'], 'lan', FUND);
  for (const name of ['Hộ ông Tư', 'Hộ bà Năm', 'Hộ cô Sáu']) {
    await pledge(api, FUND, { donor: { name, kind: 'household', showName: true }, amount: 20_000 });
  }
  const made = await pledge(api, FUND, {
    donor: { name: 'Nhà thuốc Phúc An', kind: 'business', showName: true },
    amount: 2_000_000,
  });
  await payPledge(api, FUND, lan, {
    pledgeId: made.pledgeId,
    amount: 2_000_000,
    receivedAt: new Date().toISOString(),
  });
  await api.stack.flushExports();
  pledgeUrl = `${api.stack.url}/p/${made.pledgeId}?t=${encodeURIComponent(made.manageToken)}`;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** A fresh page that records every CSP refusal and script error. */
async function newPage(width = 1000): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    // The browser's own favicon request is no page's business.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}

/** The receipt on the donor's page: seq, hash, checkpoint size, the verification link and its QR. */
async function printedReceipt(page: Page) {
  await page.goto(pledgeUrl);
  const receipt = page.locator('.receipt').first();
  return {
    seq: Number(await receipt.locator('.seq').textContent()),
    hash: (await receipt.locator('.hash').textContent())?.trim() as string,
    size: Number(await receipt.locator('.checkpoint').getAttribute('data-size')),
    root: (await receipt.locator('.checkpoint').getAttribute('data-root')) as string,
    link: (await receipt.locator('a.verify-link').getAttribute('href')) as string,
    qr: await receipt.locator('.proof-block .qr').innerHTML(),
  };
}

/** Waits for the browser's own verdict, then reads every check. */
async function browserChecks(page: Page) {
  await page.waitForSelector('#verify-summary[data-by="browser"]', { timeout: 10_000 });
  const checks: Record<string, { state: string; by: string; mark: string; result: string }> = {};
  for (const name of ['hash', 'inclusion', 'signature', 'checkpoint']) {
    const item = page.locator(`#check-${name}`);
    checks[name] = {
      state: (await item.getAttribute('data-state')) as string,
      by: (await item.getAttribute('data-by')) as string,
      mark: ((await item.locator('.mark').textContent()) ?? '').trim(),
      result: ((await item.locator('.result').textContent()) ?? '').trim(),
    };
  }
  return {
    checks,
    summary: (await page.textContent('#verify-summary'))?.trim(),
    summaryState: await page.getAttribute('#verify-summary', 'data-state'),
  };
}

describe('a receipt checked in the browser', () => {
  it('prints seq, hash, size and a QR code of the verification page, and the browser passes every check', async () => {
    // Prepare
    const { page, problems } = await newPage();
    const journal = (await api.call('GET', `/funds/${FUND}/ledger?limit=1000`)).json.entries;
    const checkpoint = (await api.call('GET', `/funds/${FUND}/log/checkpoint`)).text;
    // Act
    const receipt = await printedReceipt(page);
    await page.goto(receipt.link);
    const result = await browserChecks(page);
    // Assess: the receipt is the payment's, under the published checkpoint
    const payment = journal.find((e: { seq: number }) => e.seq === receipt.seq);
    expect(payment).toMatchObject({ kind: 'payment', hash: receipt.hash });
    expect(receipt.size).toBe(Number(checkpoint.split('\n')[1]));
    expect(receipt.root).toBe(checkpoint.split('\n')[2]);
    // The QR code is the drawing of exactly the link (same encoder, same text → same modules).
    const modules = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(modules(receipt.qr)).toEqual(modules(await qrSvg(receipt.link)));
    expect(modules(receipt.qr)).toHaveLength(2);
    const link = new URL(receipt.link);
    expect(link.pathname).toBe(`/funds/${FUND}/verify`);
    expect(link.searchParams.get('seq')).toBe(String(receipt.seq));
    expect(link.searchParams.get('hash')).toBe(receipt.hash);
    expect(link.searchParams.get('size')).toBe(String(receipt.size));
    // The browser's own verdict
    for (const [name, check] of Object.entries(result.checks)) {
      expect(check, name).toMatchObject({ state: 'ok', by: 'browser', mark: '✓' });
    }
    expect(result.checks.hash?.result).toBe(`Khớp: ${receipt.hash}`);
    expect(result.checks.signature?.result).toBe('Chữ ký hợp lệ với khóa soquy.local.');
    expect(result.summaryState).toBe('ok');
    expect(result.summary).toBe('Biên nhận đúng: trình duyệt của bạn đã tự kiểm tra từng bước.');
    expect(await page.textContent('#entry-donor')).toBe('Nhà thuốc Phúc An');
    expect(await page.isVisible('.server-note')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows ✗ on the hash check for a link whose hash was changed', async () => {
    // Prepare
    const { page, problems } = await newPage();
    const receipt = await printedReceipt(page);
    const tampered = new URL(receipt.link);
    const forged = `${receipt.hash.slice(0, 62)}${receipt.hash.endsWith('00') ? 'ff' : '00'}`;
    tampered.searchParams.set('hash', forged);
    // Act
    await page.goto(tampered.toString());
    const result = await browserChecks(page);
    // Assess
    expect(result.checks.hash).toMatchObject({ state: 'fail', by: 'browser', mark: '✗' });
    expect(result.checks.hash?.result).toBe(
      `Không khớp: tính lại được ${receipt.hash}, biên nhận ghi ${forged}.`,
    );
    expect(result.checks.inclusion?.state).toBe('ok');
    expect(result.summaryState).toBe('fail');
    expect(result.summary).toMatch(/^Có bước không đạt/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("catches a server that shows ✓ for an entry it changed: the browser's own checks decide", async () => {
    // Prepare: the page as a dishonest server would send it, its results all ✓ but the amount
    // in the embedded entry raised (the CSP still lets the unchanged script run)
    const { page, problems } = await newPage();
    const receipt = await printedReceipt(page);
    await page.route(/\/verify\?/, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/"amount":2000000/g, '"amount":20000000');
      await route.fulfill({ response, body });
    });
    // Act
    await page.goto(receipt.link);
    const result = await browserChecks(page);
    // Assess
    expect(result.checks.hash?.state).toBe('fail');
    expect(result.checks.inclusion?.state).toBe('fail');
    expect(result.summaryState).toBe('fail');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says the signature could not be checked, not that it is bad, in a browser without Ed25519', async () => {
    // Prepare: WebCrypto without Ed25519, as in older browsers
    const { page } = await newPage();
    const receipt = await printedReceipt(page);
    await page.addInitScript({
      content: `{
        const importKey = crypto.subtle.importKey.bind(crypto.subtle);
        crypto.subtle.importKey = (format, key, algorithm, ...rest) =>
          algorithm && algorithm.name === 'Ed25519'
            ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
            : importKey(format, key, algorithm, ...rest);
      }`,
    });
    // Act
    await page.goto(`${receipt.link}&lang=en`);
    const result = await browserChecks(page);
    // Assess
    expect(result.checks.signature).toMatchObject({ state: 'unsupported', mark: '–' });
    expect(result.checks.signature?.result).toMatch(
      /^This browser cannot check Ed25519 signatures; that is not a fault of the fund/,
    );
    expect(result.checks.hash?.state).toBe('ok');
    expect(result.summaryState).toBe('partial');
    await page.close();
  });

  it('does not scroll sideways at 360 px: long hashes and keys wrap', async () => {
    // Prepare
    const { page } = await newPage(360);
    const receipt = await printedReceipt(page);
    const pages = [
      pledgeUrl,
      receipt.link,
      `${api.stack.url}/f/${FUND}`,
      `${api.stack.url}/f/${FUND}/statement?month=all`,
    ];
    // Act: every page with its details open, and the text that sticks out when one is too wide
    const seen: { url: string; width: number; outside: string[] }[] = [];
    for (const url of pages) {
      await page.goto(url);
      seen.push({
        url,
        ...((await page.evaluate(`(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
          const outside = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            // A wide table scrolls inside its own .scroll box (keyboard-reachable); the page does not.
            if (n.parentElement.closest('.scroll')) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            if (range.getBoundingClientRect().right > 360)
              outside.push(n.parentElement.className + ': ' + n.textContent.slice(0, 30));
          }
          return { width: document.documentElement.scrollWidth, outside };
        })()`)) as { width: number; outside: string[] }),
      });
    }
    // Assess
    for (const { url, width, outside } of seen) {
      expect(outside, url).toEqual([]);
      expect(width, url).toBeLessThanOrEqual(360);
    }
    await page.close();
  });
});
