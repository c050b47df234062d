import { randomUUID } from 'node:crypto';
import { hasValidCrc } from '@soquy/vietqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Items 2, 10 and 19 (second bullet) on the donor's side, over HTTP as a browser without
 * JavaScript would do it: a card donor who backs out of Checkout can try the card again or
 * transfer instead; cancelling asks first; the transfer QR can be saved as a PNG image.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
const FUND = 'pu-trang';
const donor = { name: 'Nhà nghỉ Bình An', kind: 'business', showName: true };

const pledge = async (method: 'card' | 'transfer' | 'cash', amount: number) => {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    body: { donor, amount, method },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(res.status).toBe(201);
  return res.json;
};
/** A browser's request: no redirect followed, a form body when given. */
const browse = async (url: string, form?: Record<string, string>) => {
  const res = await fetch(url.startsWith('http') ? url : `${api.stack.url}${url}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    ...(form
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }
      : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    location: res.headers.get('location'),
    bytes,
    text: bytes.toString('utf8'),
  };
};
const statusOf = async (p: { pledgeId: string; manageToken: string }) =>
  (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
const unescapeHref = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&#38;', '&');

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
});
afterAll(() => api.stop());

describe('a card donor who backs out of Stripe Checkout (item 2)', () => {
  it('lands on their pledge page with "try the card again" and the transfer QR', async () => {
    // Prepare
    const p = await pledge('card', 750_000);
    const checkout = await browse(p.checkoutUrl);
    const back = unescapeHref(/<a id="cancel" href="([^"]+)"/.exec(checkout.text)?.[1] ?? '');
    // Act: "Hủy, quay lại" on the checkout page
    const page = await browse(back);
    // Assess
    expect(back).toBe(`${p.manageUrl}&checkout=cancelled`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="checkout-cancelled"');
    expect(page.text).toContain('chưa có khoản tiền nào bị trừ');
    expect(page.text).toContain(`action="/p/${p.pledgeId}/card"`);
    expect(page.text).toContain('Thử lại thanh toán thẻ');
    expect(page.text).toContain('Hoặc chuyển khoản thay vì trả bằng thẻ');
    expect(page.text).toContain(`UNG HO ${p.reference}`);
    const payload = /id="vietqr-payload">([^<]+)</.exec(page.text)?.[1] ?? '';
    expect(hasValidCrc(payload)).toBe(true);
    expect(page.text).toMatch(/<div class="qr" role="img"[^>]*><svg/);
    expect(page.text).toContain('id="pledge-outstanding">750.000');
  });

  it('"try the card again" opens the same checkout session, which then pays the pledge', async () => {
    // Prepare
    const p = await pledge('card', 420_000);
    const sessions = api.stack.stripe?.sessions.size;
    // Act
    const retry = await browse(`/p/${p.pledgeId}/card`, { t: p.manageToken });
    const pay = await browse(retry.location as string, {});
    const after = await statusOf(p);
    // Assess: one session per pledge, so the donor can never pay twice
    expect(retry.status).toBe(303);
    expect(retry.location).toBe(p.checkoutUrl);
    expect(api.stack.stripe?.sessions.size).toBe(sessions);
    expect(pay.status).toBe(303);
    expect(after).toMatchObject({ status: 'paid', paid: 420_000, outstanding: 0 });
    // Paid: no card retry and no transfer QR any more
    const page = await browse(p.manageUrl);
    expect(page.text).not.toContain(`/p/${p.pledgeId}/card`);
    expect(page.text).not.toContain('id="vietqr-payload"');
  });

  it('while a card payment is being confirmed offers neither a retry nor a transfer', async () => {
    // Prepare: back from Checkout with ?paid=1, before Stripe's webhook arrived
    const p = await pledge('card', 300_000);
    // Act
    const page = await browse(`${p.manageUrl}&paid=1`);
    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đang chờ Stripe xác nhận thanh toán thẻ');
    expect(page.text).not.toContain('id="card-retry"');
    expect(page.text).not.toContain('id="vietqr-payload"');
  });

  it('the local Stripe refuses a reused idempotency key with other parameters, as Stripe does', async () => {
    // Prepare
    const create = (amount: number) =>
      fetch(`${api.stack.stripe?.url}/v1/checkout/sessions`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_soquy_simulator',
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': 'soquy-checkout-same-key',
        },
        body: `mode=payment&currency=vnd&line_items[0][quantity]=1&line_items[0][price_data][currency]=vnd&line_items[0][price_data][unit_amount]=${amount}`,
      });
    // Act
    const first = await create(100_000);
    const same = await create(100_000);
    const other = await create(200_000);
    // Assess
    expect(first.status).toBe(200);
    const session = async (res: Response) => (await res.json()) as { id: string };
    expect((await session(same)).id).toBe((await session(first)).id);
    expect(other.status).toBe(400);
    const refusal = (await other.json()) as { error: { type: string } };
    expect(refusal.error.type).toBe('idempotency_error');
  });

  it('refuses the retry without the manage token, starting no checkout', async () => {
    // Prepare
    const p = await pledge('card', 100_000);
    const sessions = api.stack.stripe?.sessions.size;
    // Act
    const res = await browse(`/p/${p.pledgeId}/card`, { t: 'x'.repeat(43) });
    // Assess
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(api.stack.stripe?.sessions.size).toBe(sessions);
  });
});

describe('cancelling from the donor page asks first (item 10)', () => {
  it('the cancel link leads to a confirmation; only its POST cancels', async () => {
    // Prepare
    const p = await pledge('transfer', 1_200_000);
    const page = await browse(p.manageUrl);
    const cancelHref = unescapeHref(
      /<a id="cancel-link" href="([^"]+)"/.exec(page.text)?.[1] ?? '',
    );
    const before = await api.snapshot();
    // Act 1: the first click
    const question = await browse(cancelHref);
    const stray = await browse(`/p/${p.pledgeId}/cancel`, { t: p.manageToken });
    // Assess 1: a question, nothing written
    expect(question.status).toBe(200);
    expect(question.text).toContain('Hủy cam kết này?');
    expect(question.text).toContain('Phần chưa trả (1.200.000');
    expect(question.text).toContain('name="confirm" value="1"');
    expect(question.text).toContain('id="keep-pledge"');
    expect(stray.status).toBe(200);
    expect(stray.text).toContain('Hủy cam kết này?');
    expect(await api.snapshot()).toEqual(before);
    expect(await statusOf(p)).toMatchObject({ status: 'pledged', outstanding: 1_200_000 });
    // Act 2: the confirmation
    const confirmed = await browse(`/p/${p.pledgeId}/cancel`, {
      t: p.manageToken,
      confirm: '1',
    });
    // Assess 2
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/p/${p.pledgeId}?t=${encodeURIComponent(p.manageToken)}`);
    expect(await statusOf(p)).toMatchObject({
      status: 'cancelled',
      cancelled: 1_200_000,
      outstanding: 0,
    });
  });

  it('asks in English with ?lang=en, and "keep my pledge" goes back to the page', async () => {
    // Prepare
    const p = await pledge('transfer', 50_000);
    // Act
    const question = await browse(`/p/${p.pledgeId}/cancel?t=${p.manageToken}&lang=en`);
    // Assess
    expect(question.text).toContain('Cancel this pledge?');
    expect(question.text).toContain(`action="/p/${p.pledgeId}/cancel?lang=en"`);
    const back = unescapeHref(
      /<a class="button" id="keep-pledge" href="([^"]+)"/.exec(question.text)?.[1] ?? '',
    );
    expect(back).toBe(`/p/${p.pledgeId}?t=${encodeURIComponent(p.manageToken)}&lang=en`);
    expect(await statusOf(p)).toMatchObject({ status: 'pledged' });
  });
});

describe('dates on the pledge page are in Vietnam time (item 7)', () => {
  it('shows a payment received at 17:30 UTC as 00:30 the next day', async () => {
    // Prepare
    const p = await pledge('transfer', 600_000);
    const treasurer = await api.token(['treasurer'], 'lan', FUND);
    const paid = await api.call('POST', `/funds/${FUND}/payments`, {
      token: treasurer,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        pledgeId: p.pledgeId,
        amount: 600_000,
        method: 'transfer',
        receivedAt: '2026-11-20T17:30:00Z',
      },
    });
    // Act
    const page = await browse(p.manageUrl);
    const en = await browse(`${p.manageUrl}&lang=en`);
    // Assess
    expect(paid.status).toBe(201);
    expect(page.text).toContain('<dd>21/11/2026 00:30</dd>');
    expect(en.text).toContain('<dd>21/11/2026 00:30 (UTC+7)</dd>');
  });
});

describe('"save QR image" (item 19)', () => {
  it('downloads the VietQR code of what is outstanding as a PNG', async () => {
    // Prepare
    const p = await pledge('transfer', 2_500_000);
    const result = await browse(`/f/${FUND}/pledge`, {
      key: randomUUID(),
      name: donor.name,
      kind: 'business',
      showName: '1',
      amount: '2.500.000',
      method: 'transfer',
    });
    // Act
    const png = await browse(p.transfer.qrPngUrl);
    // Assess
    expect(result.status).toBe(201);
    expect(result.text).toMatch(
      /<a class="button" id="save-qr" href="\/p\/pl_[a-z0-9]+\/qr\.png\?t=[^"]+" download="vietqr-UNG-HO-[A-Z0-9]+\.png">Lưu ảnh mã QR<\/a>/,
    );
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe(
      `attachment; filename="vietqr-${p.reference}.png"`,
    );
    // A PNG: its signature, then an IHDR chunk 600 pixels wide and square.
    expect(png.bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.bytes.readUInt32BE(16)).toBe(600);
    expect(png.bytes.readUInt32BE(20)).toBe(600);
    expect(png.bytes.length).toBeGreaterThan(1000);
  });

  it('is refused without the manage token', async () => {
    // Prepare
    const p = await pledge('transfer', 80_000);
    // Act
    const res = await browse(`/p/${p.pledgeId}/qr.png?t=${'z'.repeat(43)}`);
    // Assess
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).not.toBe('image/png');
  });
});
