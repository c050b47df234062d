import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, gift, openFund, pledge } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * HEAD answers as GET without the body, and pages and JSON travel compressed as the reader's
 * browser asks (br or gzip), through the local API Gateway emulator and the real handlers.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let cookie: string;
const FUND = 'http-nhe';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request as it goes on the wire: no automatic decompression, no redirects followed. */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(path, api.stack.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = (answer: Raw) => {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(answer.body).toString('utf8');
  return answer.body.toString('utf8');
};

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND, 'Quỹ camera tổ dân phố 7');
  const lan = await api.token(['treasurer'], 'lan', FUND);
  for (let i = 0; i < 3; i++) {
    await gift(api, FUND, lan, {
      donor: { name: `Gia đình số ${i + 1}`, kind: 'household', showName: true },
      amount: 200_000 + i,
      receivedAt: '2026-11-20T09:30:00+07:00',
    });
  }
  cookie = await consoleClient(api).signIn(lan);
  // The fund page shows the signed checkpoint: let the publisher catch up, so GET and HEAD
  // below see the same page.
  await api.snapshot();
}, 120_000);
afterAll(() => api?.stop());

describe('HEAD', () => {
  const cases: [string, string, () => Record<string, string>][] = [
    ['the fund page', `/f/${FUND}`, () => ({})],
    ['a JSON route', `/funds/${FUND}`, () => ({})],
    ['a page that is not there', '/f/khong-co-quy', () => ({})],
    ['a path no route has', '/khong/co/duong', () => ({})],
    ['a console page', `/console/f/${FUND}`, () => ({ cookie })],
  ];

  for (const [what, path, headers] of cases) {
    it(`answers ${what} like GET, without the body`, async () => {
      // Act
      const get = await raw('GET', path, headers());
      const head = await raw('HEAD', path, headers());
      // Assess: same status and type, the GET body's length, no body
      expect(head.status, path).toBe(get.status);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['cache-control']).toBe(get.headers['cache-control']);
      expect(Number(head.headers['content-length'])).toBe(get.body.length);
      expect(get.body.length).toBeGreaterThan(0);
      expect(head.body.length).toBe(0);
    });
  }

  it('finds the pages a GET finds: 200 for the fund page and the console, 404 elsewhere', async () => {
    // Act
    const statuses = await Promise.all([
      raw('HEAD', `/f/${FUND}`),
      raw('HEAD', `/funds/${FUND}/ledger`),
      raw('HEAD', `/console/f/${FUND}`, { cookie }),
      raw('HEAD', '/f/khong-co-quy'),
    ]);
    // Assess
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 404]);
  });
});

describe('compression', () => {
  it('sends the fund page in br or gzip as asked, the same page once decompressed', async () => {
    // Act
    const plain = await raw('GET', `/f/${FUND}`);
    const br = await raw('GET', `/f/${FUND}`, { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await raw('GET', `/f/${FUND}`, { 'accept-encoding': 'gzip' });
    // Assess
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    for (const answer of [plain, br, gzip]) {
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(decoded(answer)).toContain('Gia đình số 3');
    }
    expect(decoded(br)).toBe(plain.body.toString('utf8'));
    expect(decoded(gzip)).toBe(plain.body.toString('utf8'));
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('compresses JSON and respects q-values: br when taken, gzip when br is refused, nothing acceptable', async () => {
    // Act
    const path = `/funds/${FUND}/ledger`;
    const browser = await raw('GET', path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const noBr = await raw('GET', path, { 'accept-encoding': 'br;q=0, *;q=0.1' });
    const none = await raw('GET', path, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    // Assess
    expect(browser.headers['content-encoding']).toBe('br');
    expect(noBr.headers['content-encoding']).toBe('gzip');
    expect(none.headers['content-encoding']).toBeUndefined();
    for (const answer of [browser, noBr, none]) {
      expect(JSON.parse(decoded(answer)).entries.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('sends the console in br, which CloudFront passes on as the function sent it', async () => {
    // Act
    const plain = await raw('GET', `/console/f/${FUND}`, { cookie });
    const br = await raw('GET', `/console/f/${FUND}`, { cookie, 'accept-encoding': 'gzip, br' });
    // Assess
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    // Each render carries fresh form keys: compare the page's text, not its bytes.
    expect(decoded(br)).toContain('Gia đình số 3');
    expect(decoded(br).length).toBeGreaterThan(plain.body.length * 0.9);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('leaves tiny answers as they are', async () => {
    // Act: the chain head is a few dozen bytes of JSON
    const head = await raw('GET', `/funds/${FUND}/head`, { 'accept-encoding': 'br, gzip' });
    // Assess
    expect(head.status).toBe(200);
    expect(head.body.length).toBeLessThan(1000);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(head.body.toString('utf8'))).toHaveProperty('seq');
  });
});

describe('what CloudFront may keep', () => {
  it('lets public JSON be kept briefly, and never the console, a pledge page or an error', async () => {
    // Prepare
    const pledged = await pledge(api, FUND, {
      donor: { name: 'Hộ ông Vàng A Sử', kind: 'household', showName: false },
      amount: 300_000,
    });
    const manage = new URL(pledged.manageUrl);
    // Act
    const fund = await raw('GET', `/funds/${FUND}`);
    const funds = await raw('GET', '/funds');
    const badPeriod = await raw('GET', `/f/${FUND}/statement?month=2026-13`);
    const consolePage = await raw('GET', `/console/f/${FUND}`, { cookie });
    const pledgePage = await raw('GET', `${manage.pathname}${manage.search}`);
    // Assess
    expect(fund.headers['cache-control']).toBe('public, max-age=30, s-maxage=30');
    expect(funds.headers['cache-control']).toBe('public, max-age=60, s-maxage=60');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.headers['cache-control']).toBe('no-store');
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers['cache-control']).toBe('no-store');
    expect(pledgePage.status).toBe(200);
    expect(pledgePage.headers['cache-control']).toBe('no-store');
  });
});
