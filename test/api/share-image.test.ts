import { randomUUID } from 'node:crypto';
import { pngSize } from '@soquy/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Sharing a fund on Facebook and Zalo (issue 13, item 19): the fund page carries Open Graph tags
 * whose image is a 1200×630 PNG (they show no SVG) drawn from the goal bar and the totals.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let lan: string;
const FUND = 'pu-trang';

const meta = (text: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(text)?.[1];
const fetchPng = async (url: string) => {
  const res = await fetch(url);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const give = (amount: number) =>
  api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
      amount,
      method: 'cash',
      receivedAt: '2026-11-19T03:00:00Z',
    },
  });

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
  lan = await api.token(['treasurer'], 'lan', FUND);
  expect((await give(2_000_000)).status).toBe(201);
});
afterAll(() => api.stop());

describe('Open Graph on the fund page', () => {
  it('names a large PNG image by its absolute URL, with its size and a text', async () => {
    // Act
    const page = await api.call('GET', `/f/${FUND}`);
    // Assess
    const image = meta(page.text, 'og:image');
    expect(image).toBe(`${api.stack.url}/f/${FUND}/share.png?v=1`);
    expect(meta(page.text, 'og:image:type')).toBe('image/png');
    expect(meta(page.text, 'og:image:width')).toBe('1200');
    expect(meta(page.text, 'og:image:height')).toBe('630');
    expect(meta(page.text, 'og:image:alt')).toBe(
      'Camera an ninh phường Pú Trạng: Đã nhận 2.000.000\u00a0₫ / Mục tiêu 9.500.000\u00a0₫',
    );
    expect(meta(page.text, 'twitter:card')).toBe('summary_large_image');
    expect(meta(page.text, 'og:title')).toBe('Camera an ninh phường Pú Trạng');
  });
});

describe('GET /f/{fundId}/share.png', () => {
  it('is a cacheable 1200×630 PNG that changes when the totals change', async () => {
    // Prepare
    const first = meta((await api.call('GET', `/f/${FUND}`)).text, 'og:image') as string;
    // Act
    const before = await fetchPng(first);
    expect((await give(3_000_000)).status).toBe(201);
    const second = meta((await api.call('GET', `/f/${FUND}`)).text, 'og:image') as string;
    const after = await fetchPng(second);
    const again = await fetchPng(second);
    // Assess
    expect(before.res.status).toBe(200);
    expect(before.res.headers.get('content-type')).toBe('image/png');
    // The og:image URL names the head's seq: what it shows there never changes.
    expect(before.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(after.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect([...before.bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(pngSize(before.bytes)).toEqual({ width: 1200, height: 630 });
    expect(pngSize(after.bytes)).toEqual({ width: 1200, height: 630 });
    expect(second).not.toBe(first);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(false);
    expect(Buffer.from(again.bytes).equals(Buffer.from(after.bytes))).toBe(true);
  });

  it('is a 404 page for a fund that does not exist', async () => {
    // Act
    const res = await api.call('GET', '/f/khong-co/share.png');
    // Assess
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
