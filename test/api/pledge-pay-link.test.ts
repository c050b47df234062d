import { hasValidCrc } from '@soquy/vietqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleClient,
  idem,
  journalOf,
  openFund,
  payPledge,
  type TestApi,
} from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The pay link a treasurer copies into Zalo/SMS from the unpaid list: it shows what is owed and
 * how to transfer it, and can do nothing else. Its token is not the donor's manage token, so it
 * neither opens the donor's page nor cancels the pledge.
 */
let api: TestApi;
let web: ReturnType<typeof consoleClient>;
let lan: string;
let cookie: string;
const FUND = 'pay-link';
const EMAIL = 'chi.hoa.paylink@example.vn';
const PHONE = '0987654321';

interface Made {
  pledgeId: string;
  reference: string;
  manageToken: string;
}

async function pledge(amount: number, method: 'transfer' | 'cash', showName = true): Promise<Made> {
  const res = await api.call('POST', `/funds/${FUND}/pledges`, {
    headers: idem(),
    body: {
      donor: { name: 'Tiệm may Chị Hoa', kind: 'business', showName, email: EMAIL, phone: PHONE },
      amount,
      method,
    },
  });
  expect(res.status).toBe(201);
  return res.json as Made;
}

/** The Zalo/SMS text the unpaid list offers for this pledge, as the treasurer copies it. */
async function smsText(pledgeId: string, lang = ''): Promise<string> {
  const res = await web.send('GET', `/console/f/${FUND}/unpaid${lang}`, { cookie });
  expect(res.status).toBe(200);
  const text = new RegExp(`<textarea id="message-${pledgeId}"[^>]*>([^<]*)</textarea>`).exec(
    res.text,
  )?.[1];
  expect(text).toBeDefined();
  return (text as string).replaceAll('&amp;', '&');
}

const payLinkIn = (sms: string) => /https?:\/\/\S+\/pay\?k=[A-Za-z0-9_-]+/.exec(sms)?.[0] ?? '';
const tokenOf = (payLink: string) => new URL(payLink).searchParams.get('k') as string;

const browse = async (path: string, form?: Record<string, string>) => {
  const res = await fetch(path.startsWith('http') ? path : `${api.stack.url}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    ...(form
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }
      : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

beforeAll(async () => {
  api = await startTestApi();
  web = consoleClient(api);
  await openFund(api, FUND);
  lan = await api.token(['treasurer'], 'lan', FUND);
  cookie = await web.signIn(lan);
}, 60_000);
afterAll(() => api.stop());

describe('the pay link in the unpaid list’s Zalo/SMS text', () => {
  it('is a pay link, not the donor’s manage link', async () => {
    // Prepare
    const p = await pledge(1_200_000, 'transfer');
    // Act
    const sms = await smsText(p.pledgeId);
    // Assess
    expect(payLinkIn(sms)).toMatch(new RegExp(`^${api.stack.url}/p/${p.pledgeId}/pay\\?k=`));
    expect(sms).not.toContain('?t=');
    expect(sms).not.toContain(p.manageToken);
    expect(tokenOf(payLinkIn(sms))).not.toBe(p.manageToken);
  });

  it('shows what is outstanding, the VietQR code and the transfer details, and nothing to change', async () => {
    // Prepare: 1.200.000 pledged, 200.000 of it paid
    const p = await pledge(1_200_000, 'transfer');
    await payPledge(api, FUND, lan, {
      pledgeId: p.pledgeId,
      amount: 200_000,
      receivedAt: new Date().toISOString(),
    });
    const link = payLinkIn(await smsText(p.pledgeId));
    // Act
    const page = await browse(link);
    const english = await browse(`${link}&lang=en`);
    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('id="pledge-outstanding">1.000.000');
    expect(page.text).toContain('id="transfer-amount">1.000.000');
    expect(page.text).toContain(`UNG HO ${p.reference}`);
    expect(page.text).toMatch(/<div class="qr" role="img"[^>]*><svg/);
    expect(hasValidCrc(/id="vietqr-payload">([^<]+)</.exec(page.text)?.[1] ?? '')).toBe(true);
    expect(page.text).toContain('Tiệm may Chị Hoa');
    expect(page.text).toContain('không thay đổi được gì');
    // Nothing that changes anything, and none of the donor's private data.
    expect(page.text).not.toContain('<form');
    expect(page.text).not.toContain('/cancel');
    expect(page.text).not.toContain('/card');
    expect(page.text).not.toContain(p.manageToken);
    expect(page.text).not.toContain(EMAIL);
    expect(page.text).not.toContain(PHONE);
    expect(english.status).toBe(200);
    expect(english.text).toContain('nothing can be changed here');
    expect(english.text).toContain('Outstanding');
  });

  it('shows the public name only: "Ẩn danh" for a donor who asked not to be named', async () => {
    // Prepare
    const p = await pledge(500_000, 'transfer', false);
    const link = payLinkIn(await smsText(p.pledgeId));
    // Act
    const page = await browse(link);
    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="donor-name">Ẩn danh');
    expect(page.text).not.toContain('Tiệm may Chị Hoa');
  });

  it('says so once the pledge is paid or cancelled, with no QR code', async () => {
    // Prepare: two pledges' pay links, taken while they were open
    const paid = await pledge(300_000, 'transfer');
    const cancelled = await pledge(400_000, 'cash');
    const paidLink = payLinkIn(await smsText(paid.pledgeId));
    const cancelledLink = payLinkIn(await smsText(cancelled.pledgeId));
    await payPledge(api, FUND, lan, {
      pledgeId: paid.pledgeId,
      amount: 300_000,
      receivedAt: new Date().toISOString(),
    });
    const cancel = await api.call(
      'POST',
      `/pledges/${cancelled.pledgeId}/cancel?t=${cancelled.manageToken}`,
      { headers: idem(), raw: '{}' },
    );
    expect(cancel.status).toBe(200);
    // Act
    const paidPage = await browse(paidLink);
    const cancelledPage = await browse(cancelledLink);
    // Assess
    expect(paidPage.status).toBe(200);
    expect(paidPage.text).toContain('id="pay-closed"');
    expect(paidPage.text).toContain('đã được đóng đủ');
    expect(paidPage.text).not.toContain('id="vietqr-payload"');
    expect(cancelledPage.status).toBe(200);
    expect(cancelledPage.text).toContain('đã được hủy');
    expect(cancelledPage.text).not.toContain('id="vietqr-payload"');
  });
});

describe('a pay token is not a manage token', () => {
  it('opens neither the donor’s page nor its QR image, and cancels nothing; the journal is unchanged', async () => {
    // Prepare
    const p = await pledge(900_000, 'transfer');
    const payToken = tokenOf(payLinkIn(await smsText(p.pledgeId)));
    const before = await journalOf(api, FUND);
    // Act
    const donorPage = await browse(`/p/${p.pledgeId}?t=${payToken}`);
    const qr = await browse(`/p/${p.pledgeId}/qr.png?t=${payToken}`);
    const apiView = await api.call('GET', `/pledges/${p.pledgeId}?t=${payToken}`);
    const ask = await browse(`/p/${p.pledgeId}/cancel?t=${payToken}`);
    const formCancel = await browse(`/p/${p.pledgeId}/cancel`, { t: payToken, confirm: '1' });
    const apiCancel = await api.call('POST', `/pledges/${p.pledgeId}/cancel?t=${payToken}`, {
      headers: idem(),
      raw: '{}',
    });
    const card = await browse(`/p/${p.pledgeId}/card`, { t: payToken });
    // Assess
    expect([donorPage.status, qr.status, apiView.status, ask.status]).toEqual([404, 404, 404, 404]);
    expect([formCancel.status, apiCancel.status, card.status]).toEqual([404, 404, 404]);
    expect(await journalOf(api, FUND)).toEqual(before);
    const still = await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`);
    expect(still.json.status).toBe('pledged');
    expect(still.json.outstanding).toBe(900_000);
  });

  it('and a wrong, missing or manage token on the pay link finds no pledge (a readable 404 page)', async () => {
    // Prepare
    const p = await pledge(250_000, 'transfer');
    const before = await journalOf(api, FUND);
    // Act
    const missing = await browse(`/p/${p.pledgeId}/pay`);
    const wrong = await browse(`/p/${p.pledgeId}/pay?k=${'A'.repeat(43)}`);
    const manage = await browse(`/p/${p.pledgeId}/pay?k=${p.manageToken}`);
    const english = await browse(`/p/${p.pledgeId}/pay?k=x&lang=en`);
    // Assess
    expect([missing.status, wrong.status, manage.status, english.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(wrong.text).not.toContain('250.000');
    expect(manage.text).not.toContain(p.reference);
    expect(await journalOf(api, FUND)).toEqual(before);
  });
});
