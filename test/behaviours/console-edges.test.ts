import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { issueDevToken } from '@soquy/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { consoleClient, gift, openFund, type TestApi } from './helpers.ts';

/**
 * The console's edges (issue 10): sign-in only from the console's own pages and only with a
 * token for this app client; dates that name no day; a refused spending form leaves no file; no
 * odd input gets a 5xx. Every refusal answers a readable page and writes nothing.
 */
const FUND = 'bien-console';
let api: TestApi;
let web: ReturnType<typeof consoleClient>;
let lanToken: string;

beforeAll(async () => {
  api = await startTestApi();
  web = consoleClient(api);
  await openFund(api, FUND);
  lanToken = await api.token(['treasurer'], 'lan', FUND);
  await gift(api, FUND, lanToken, {
    donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
    amount: 5_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
});
afterAll(() => api.stop());

/** A console request with the headers a browser adds; no redirects followed. */
async function post(
  path: string,
  options: {
    cookie?: string;
    headers?: Record<string, string>;
    body: URLSearchParams | FormData | string;
  },
) {
  const response = await fetch(`${api.stack.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    body: options.body,
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function signedIn(token = lanToken) {
  const cookie = await web.signIn(token);
  return { cookie, csrf: await web.csrfOn(cookie, `/console/f/${FUND}`) };
}

const paymentForm = (csrf: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    csrf,
    key: randomUUID(),
    reference: '',
    donorName: 'Tạp hóa Thu Hà',
    donorKind: 'business',
    showName: '1',
    amount: '250.000',
    method: 'cash',
    receivedAt: '2026-11-20',
    receiptNo: '',
    bankRef: '',
    ...extra,
  });

/** A small PDF, as a treasurer would scan an invoice. */
const invoice = Buffer.from(
  `%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n${randomUUID()}\n`,
);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function spendingForm(
  csrf: string,
  extra: Record<string, string> = {},
  files: { bytes: Buffer; type: string; name: string }[] = [
    { bytes: invoice, type: 'application/pdf', name: 'hoa-don.pdf' },
  ],
) {
  const form = new FormData();
  const fields: Record<string, string> = {
    csrf,
    key: randomUUID(),
    amount: '300.000',
    category: 'cameras',
    payee: 'Cửa hàng điện Hòa',
    payeeKind: 'business',
    purpose: 'Dây cáp camera',
    paidAt: '2026-11-20',
    method: 'cash',
    visibility: 'public',
    ...extra,
  };
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const file of files) {
    form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  }
  return form;
}

describe('console sign-in only from the console itself (login CSRF)', () => {
  const ownOrigin = () => new URL(api.stack.url).origin;

  it('refuses a sign-in posted from another site, with a page saying why, and sets no cookie', async () => {
    // Prepare: the attacker's own valid token, posted from the attacker's page
    const attackerToken = await api.token(['treasurer'], 'ke-gian', FUND);
    const browserHeaders: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.evil.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of browserHeaders) {
      // Act
      const res = await post('/console/sign-in', {
        headers,
        body: new URLSearchParams({ token: attackerToken }),
      });
      // Assess
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.setCookies).toEqual([]);
      expect(res.contentType).toMatch(/^text\/html/);
      expect(res.text).toContain('không được gửi từ trang soquy');
    }
  });

  it('says so in English with ?lang=en', async () => {
    const res = await post('/console/sign-in?lang=en', {
      headers: { origin: 'https://evil.example' },
      body: new URLSearchParams({ token: lanToken }),
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form was not sent from a soquy page');
  });

  it('signs in from the console’s own page (same origin) as a browser sends it', async () => {
    const sameOrigin: Record<string, string>[] = [
      { origin: ownOrigin(), 'sec-fetch-site': 'same-origin' },
      { origin: ownOrigin() },
      { 'sec-fetch-site': 'same-origin' },
      // what Chromium sends from our page, whose Referrer-Policy is no-referrer
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of sameOrigin) {
      const res = await post('/console/sign-in', {
        headers,
        body: new URLSearchParams({ token: lanToken }),
      });
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(res.setCookies.some((c) => c.startsWith('soquy_session='))).toBe(true);
    }
  });

  it('refuses a signed-in form posted from another site even with the right csrf, writing nothing', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    const res = await post(`/console/f/${FUND}/payments`, {
      cookie,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: paymentForm(csrf),
    });
    expect(res.status).toBe(403);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('console sign-in checks the token’s app client, as the API does', () => {
  it('refuses a token issued for another app client, at sign-in and on the API alike', async () => {
    // Prepare: signed with the local key, but for another client
    const foreign = await issueDevToken(api.stack.signingKey, {
      user: 'lan',
      roles: ['treasurer'],
      fund: FUND,
      clientId: 'another-app',
    });
    // Act
    const signIn = await post('/console/sign-in', {
      body: new URLSearchParams({ token: foreign }),
    });
    const viaApi = await api.call('GET', `/funds/${FUND}/disbursements?status=pending_approval`, {
      token: foreign,
    });
    // Assess
    expect(signIn.status).toBe(401);
    expect(signIn.setCookies).toEqual([]);
    expect(signIn.text).toContain('Mã đăng nhập không hợp lệ hoặc đã hết hạn.');
    expect(viaApi.status).toBe(401);
    // …and the same token for this client is taken by both
    expect(
      (await post('/console/sign-in', { body: new URLSearchParams({ token: lanToken }) })).status,
    ).toBe(303);
  });

  it('refuses a session cookie holding another client’s token', async () => {
    const foreign = await issueDevToken(api.stack.signingKey, {
      user: 'lan',
      roles: ['treasurer'],
      fund: FUND,
      clientId: 'another-app',
    });
    const res = await web.send('GET', `/console/f/${FUND}`, { cookie: `soquy_session=${foreign}` });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/sign-in');
  });
});

describe('console group names are matched exactly', () => {
  it('does not make a member of "viewers,treasurer:<fund>" a treasurer', async () => {
    const token = await issueDevToken(api.stack.signingKey, {
      user: 'khach',
      roles: [],
      groups: [`viewers,treasurer:${FUND}`],
    });
    const cookie = await web.signIn(token);
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console');
  });
});

describe('console dates that name no day', () => {
  for (const date of ['2026-02-30', 'abc', '99999-01-01', '2026-13-01', '2026-11-31']) {
    it(`re-renders the payment form for "${date}" with a date error, writing nothing`, async () => {
      const { cookie, csrf } = await signedIn();
      const before = await api.snapshot();
      const res = await post(`/console/f/${FUND}/payments`, {
        cookie,
        body: paymentForm(csrf, { receivedAt: date }),
      });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(
        /<p class="error" id="payment-receivedAt-error">Ngày không có thật\. Chọn ngày/,
      );
      expect(res.text).toContain(`value="${date}"`);
      expect(await api.snapshot()).toEqual(before);
    });
  }

  it('says it in English with ?lang=en', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    const res = await post(`/console/f/${FUND}/payments?lang=en`, {
      cookie,
      body: paymentForm(csrf, { receivedAt: '2026-02-30' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is no such day.');
    expect(await api.snapshot()).toEqual(before);
  });

  it('re-renders the spending form for a day that does not exist, storing no file', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    const res = await post(`/console/f/${FUND}/disbursements`, {
      cookie,
      body: spendingForm(csrf, { paidAt: '2026-02-30' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<p class="error" id="spending-paidAt-error">Ngày không có thật/);
    expect(await api.snapshot()).toEqual(before);
    expect(existsSync(join(api.dataDir, 'evidence', FUND, sha(invoice)))).toBe(false);
  });

  it('still records a real day (the refusals were about the date)', async () => {
    const { cookie, csrf } = await signedIn();
    const res = await post(`/console/f/${FUND}/payments`, {
      cookie,
      body: paymentForm(csrf, { receivedAt: '2026-11-20' }),
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/f/${FUND}?done=1`);
  });
});

describe('a refused spending form leaves nothing behind', () => {
  const evidenceFile = (bytes: Buffer) => join(api.dataDir, 'evidence', FUND, sha(bytes));

  it('refuses a category the fund does not have: no evidence record, no file', async () => {
    // Prepare
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    // Act
    const res = await post(`/console/f/${FUND}/disbursements`, {
      cookie,
      body: spendingForm(csrf, { category: 'khong-co-muc-nay' }),
    });
    // Assess
    expect(res.status).toBe(400);
    // In the page's language, by the refusal's code (it used to be the core's English sentence).
    expect(res.text).toContain('Chọn mục đích chi trong danh sách của quỹ.');
    expect(res.text).not.toContain('is not a spending category');
    expect(await api.snapshot()).toEqual(before);
    expect(existsSync(evidenceFile(invoice))).toBe(false);
  });

  it('refuses a form whose second file is not a photo or PDF, keeping neither file', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    const exe = Buffer.from(`MZ${randomUUID()}`);
    const res = await post(`/console/f/${FUND}/disbursements`, {
      cookie,
      body: spendingForm(csrf, {}, [
        { bytes: invoice, type: 'application/pdf', name: 'hoa-don.pdf' },
        { bytes: exe, type: 'application/x-msdownload', name: 'setup.exe' },
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="spending-files-error"/);
    expect(await api.snapshot()).toEqual(before);
    expect(existsSync(evidenceFile(invoice))).toBe(false);
    expect(existsSync(evidenceFile(exe))).toBe(false);
  });

  it('refuses a bad amount before storing the file', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    const res = await post(`/console/f/${FUND}/disbursements`, {
      cookie,
      body: spendingForm(csrf, { amount: 'hai triệu' }),
    });
    expect(res.status).toBe(400);
    expect(await api.snapshot()).toEqual(before);
    expect(existsSync(evidenceFile(invoice))).toBe(false);
  });

  it('stores the file and the spending when the form is good', async () => {
    const { cookie, csrf } = await signedIn();
    const res = await post(`/console/f/${FUND}/disbursements`, {
      cookie,
      body: spendingForm(csrf),
    });
    expect(res.status).toBe(303);
    expect(existsSync(evidenceFile(invoice))).toBe(true);
    const pending = await api.call('GET', `/funds/${FUND}/disbursements?status=pending_approval`, {
      token: lanToken,
    });
    expect(pending.json.disbursements.map((d: any) => d.evidence)).toContainEqual([sha(invoice)]);
  });
});

describe('no odd console input gets a 5xx', () => {
  it('refuses an idempotency key the page never made, writing nothing', async () => {
    const { cookie, csrf } = await signedIn();
    const before = await api.snapshot();
    for (const key of ['x'.repeat(2000), 'k'.repeat(201), 'short', 'có dấu và khoảng trắng']) {
      const payment = await post(`/console/f/${FUND}/payments`, {
        cookie,
        body: paymentForm(csrf, { key }),
      });
      expect(payment.status, key).toBe(400);
      expect(payment.text).toContain('Biểu mẫu đã cũ hoặc bị sửa.');
      const spending = await post(`/console/f/${FUND}/disbursements`, {
        cookie,
        body: spendingForm(csrf, { key }),
      });
      expect(spending.status, key).toBe(400);
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers bad cookies, long ids, unknown records and broken bodies with 3xx/4xx', async () => {
    const { cookie, csrf } = await signedIn();
    const admin = await web.signIn(await api.token(['admin'], 'admin'));
    const longFund = await issueDevToken(api.stack.signingKey, {
      user: 'dai',
      roles: ['treasurer'],
      fund: 'a'.repeat(3000),
    });
    const before = await api.snapshot();
    const answers = [
      await web.send('GET', '/console', { cookie: 'soquy_session=%%%;;==' }),
      await web.send('GET', '/console', { cookie: `soquy_session=${'x'.repeat(6000)}` }),
      await web.send('GET', `/console/f/${'a'.repeat(3000)}`, { cookie: admin }),
      await web.send('GET', `/console/f/${'a'.repeat(3000)}`, {
        cookie: await web.signIn(longFund),
      }),
      await web.send('POST', `/console/disbursements/db_${'0'.repeat(3000)}/approve`, {
        cookie,
        form: { csrf },
      }),
      await web.send('POST', '/console/disbursements/db_khongcogica/approve', {
        cookie,
        form: { csrf },
      }),
      await web.send('POST', `/console/f/${FUND}/reversals`, {
        cookie,
        form: { csrf, seq: '1e400', reason: 'x' },
      }),
      await post(`/console/f/${FUND}/disbursements`, {
        cookie,
        headers: { 'content-type': 'multipart/form-data' },
        body: `csrf=${csrf}`,
      }),
      await post(`/console/f/${FUND}/disbursements`, {
        cookie,
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: `--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}`,
      }),
      await post(`/console/f/${FUND}/payments`, {
        cookie,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ csrf }),
      }),
    ];
    for (const [i, res] of answers.entries()) {
      expect(res.status, `answer ${i}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(300);
      expect(res.status, `answer ${i}`).toBeLessThan(500);
    }
    expect(await api.snapshot()).toEqual(before);
  });
});
