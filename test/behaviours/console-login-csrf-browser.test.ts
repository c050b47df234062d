import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import type { TestApi } from './helpers.ts';

/**
 * Login CSRF, in a real browser: a page on another site holding a form that posts the
 * attacker's own token to our sign-in must not sign the visitor in as the attacker. Chromium
 * marks such a post cross-site (Sec-Fetch-Site); the console refuses it with a page saying why.
 */
let api: TestApi;
let browser: Browser;
let attacker: Server;
let attackerUrl: string;
let attackerToken: string;

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  attackerToken = await api.token(['treasurer'], 'ke-gian', 'quy-bat-ky');
  // The attacker's site: "localhost" is another site than the stack's "127.0.0.1".
  attacker = createServer((req, res) => {
    const policy = req.url?.includes('no-referrer') ? 'no-referrer' : 'strict-origin';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': policy });
    res.end(`<!doctype html><form method="post" action="${api.stack.url}/console/sign-in">
<input type="hidden" name="token" value="${attackerToken}"><button type="submit">Nhận quà</button></form>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  await api?.stop();
});

describe('login CSRF in Chromium', () => {
  for (const page of ['/', '/no-referrer']) {
    it(`refuses the attacker's form from ${page === '/' ? 'a plain page' : 'a no-referrer page'} and sets no session`, async () => {
      // Prepare
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${attackerUrl}${page}`);
      // Act
      const [response] = await Promise.all([
        tab.waitForNavigation(),
        tab.click('button[type=submit]'),
      ]);
      // Assess
      expect(response?.status()).toBe(403);
      expect(await tab.textContent('[role=alert]')).toContain('không được gửi từ trang soquy');
      const cookies = await context.cookies(api.stack.url);
      expect(cookies.some((c) => c.name === 'soquy_session')).toBe(false);
      await context.close();
    });
  }
});
