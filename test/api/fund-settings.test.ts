import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from '../behaviours/helpers.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * Item 11: a fund's cash contact (and reminder schedule) is set by its treasurer, through the
 * API or the console's settings page, and a cash pledge's result then says whom to pay, where
 * and when. Bad settings are refused with nothing saved.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let treasurer: string;
const FUND = 'tien-mat';

const contact = {
  name: 'Chị Lò Thị Lan (thủ quỹ)',
  phone: '0912 345 678',
  place: 'Nhà văn hóa bản Pú Trạng, xã Pú Trạng',
  hours: 'Thứ Bảy và Chủ Nhật, 8:00 – 11:00',
};
const donor = { name: 'Bác Tòng Văn Minh', kind: 'individual', showName: true };

const cashPledgeForm = async () => {
  const res = await fetch(`${api.stack.url}/f/${FUND}/pledge`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      key: randomUUID(),
      name: donor.name,
      kind: 'individual',
      showName: '1',
      amount: '300.000',
      method: 'cash',
    }).toString(),
  });
  return { status: res.status, text: await res.text() };
};
const saveSettings = (body: unknown, token = treasurer) =>
  api.call('POST', `/funds/${FUND}/settings`, { body, token });

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput({ id: FUND }), token: admin });
  await api.call('POST', '/funds', { body: puTrangInput({ id: 'quy-khac' }), token: admin });
  treasurer = await api.token(['treasurer'], 'lan', FUND);
});
afterAll(() => api.stop());

describe('POST /funds/{fundId}/settings', () => {
  it('starts with the default reminders and no cash contact; a cash result says so', async () => {
    // Act
    const settings = await api.call('GET', `/funds/${FUND}/settings`, { token: treasurer });
    const page = await cashPledgeForm();
    // Assess
    expect(settings.status).toBe(200);
    expect(settings.json).toEqual({ reminders: { onDueDate: true, everyDays: 7 } });
    expect(page.status).toBe(201);
    expect(page.text).toContain('id="cash-contact"');
    expect(page.text).toContain('Quỹ chưa ghi thông tin nơi nhận tiền mặt');
  });

  it('saves the treasurer’s contact, which the cash pledge result and pledge page then show', async () => {
    // Act
    const saved = await saveSettings({
      cashContact: contact,
      reminders: { onDueDate: false, everyDays: 3 },
    });
    const page = await cashPledgeForm();
    const api201 = await api.call('POST', `/funds/${FUND}/pledges`, {
      headers: { 'idempotency-key': randomUUID() },
      body: { donor, amount: 500_000, method: 'cash' },
    });
    const manage = await fetch(api201.json.manageUrl);
    const manageText = await manage.text();
    // Assess
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({
      cashContact: { ...contact, phone: '0912345678' },
      reminders: { onDueDate: false, everyDays: 3 },
    });
    expect((await api.call('GET', `/funds/${FUND}/settings`, { token: treasurer })).json).toEqual(
      saved.json,
    );
    expect(page.status).toBe(201);
    expect(page.text).toContain('<dd id="cash-name">Chị Lò Thị Lan (thủ quỹ)</dd>');
    expect(page.text).toContain('href="tel:0912345678"');
    expect(page.text).toContain('Nhà văn hóa bản Pú Trạng, xã Pú Trạng');
    expect(page.text).toContain('Thứ Bảy và Chủ Nhật, 8:00 – 11:00');
    expect(api201.json.cashContact).toEqual({ ...contact, phone: '0912345678' });
    expect(manage.status).toBe(200);
    expect(manageText).toContain('<dd id="cash-name">Chị Lò Thị Lan (thủ quỹ)</dd>');
    expect(manageText).toContain(api201.json.reference);
  });

  it('refuses an empty phone and a 2000-character place with a 400 naming them, saving nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    // Act
    const emptyPhone = await saveSettings({ cashContact: { ...contact, phone: '' } });
    const longPlace = await saveSettings({ cashContact: { ...contact, place: 'x'.repeat(2000) } });
    const badDays = await saveSettings({ reminders: { onDueDate: true, everyDays: -1 } });
    // Assess
    for (const res of [emptyPhone, longPlace, badDays]) {
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid_request');
    }
    expect(emptyPhone.json.message).toContain('cashContact.phone');
    expect(longPlace.json.message).toContain('cashContact.place: must be at most 300 characters');
    expect(badDays.json.message).toContain('reminders.everyDays');
    expect(await api.snapshot()).toEqual(before);
  });

  it('is for the fund’s treasurers and administrators only', async () => {
    // Prepare
    const other = await api.token(['treasurer'], 'hoa', 'quy-khac');
    const approver = await api.token(['approver'], 'mai', FUND);
    const admin = await api.token(['admin'], 'admin');
    const before = await api.snapshot();
    // Act
    const byOther = await saveSettings({ cashContact: null }, other);
    const byApprover = await saveSettings({ cashContact: null }, approver);
    const anonymous = await api.call('POST', `/funds/${FUND}/settings`, { body: {} });
    const afterRefusals = await api.snapshot();
    const byAdmin = await saveSettings({ cashContact: contact }, admin);
    // Assess
    expect(byOther.status).toBe(403);
    expect(byApprover.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(afterRefusals).toEqual(before);
    expect(byAdmin.status).toBe(200);
  });
});

describe('the console settings page /console/f/{fundId}/settings', () => {
  it('lets the treasurer save the contact and reminders with a CSRF-protected form', async () => {
    // Prepare
    const browser = consoleClient(api);
    const cookie = await browser.signIn(treasurer);
    const csrf = await browser.csrfOn(cookie, `/console/f/${FUND}/settings`);
    const form = {
      csrf,
      name: 'Anh Hà Văn Sơn',
      phone: '0987.654.321',
      place: 'Trụ sở UBND xã Pú Trạng',
      hours: 'Sáng thứ Hai, 7:30 – 11:00',
      everyDays: '14',
    };
    // Act
    const noCsrf = await browser.send('POST', `/console/f/${FUND}/settings`, {
      cookie,
      form: { ...form, csrf: 'wrong' },
    });
    const saved = await browser.send('POST', `/console/f/${FUND}/settings`, { cookie, form });
    const shown = await browser.send('GET', `/console/f/${FUND}/settings?done=1`, { cookie });
    const page = await cashPledgeForm();
    // Assess
    expect(noCsrf.status).toBe(403);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/console/f/${FUND}/settings?done=1`);
    expect(shown.text).toContain('Đã lưu cài đặt.');
    expect(shown.text).toContain('value="Anh Hà Văn Sơn"');
    expect(shown.text).toMatch(/name="onDueDate" value="1"\s+>/);
    const settings = await api.call('GET', `/funds/${FUND}/settings`, { token: treasurer });
    expect(settings.json).toEqual({
      cashContact: {
        name: 'Anh Hà Văn Sơn',
        phone: '0987654321',
        place: 'Trụ sở UBND xã Pú Trạng',
        hours: 'Sáng thứ Hai, 7:30 – 11:00',
      },
      reminders: { onDueDate: false, everyDays: 14 },
    });
    expect(page.text).toContain('<dd id="cash-name">Anh Hà Văn Sơn</dd>');
  });

  it('shows a refused form again in Vietnamese (English with ?lang=en), saving nothing', async () => {
    // Prepare
    const browser = consoleClient(api);
    const cookie = await browser.signIn(treasurer);
    const csrf = await browser.csrfOn(cookie, `/console/f/${FUND}/settings`);
    const before = await api.snapshot();
    const bad = { csrf, ...contact, phone: '', place: 'x'.repeat(2000), everyDays: '7' };
    // Act
    const vi = await browser.send('POST', `/console/f/${FUND}/settings`, { cookie, form: bad });
    const en = await browser.send('POST', `/console/f/${FUND}/settings?lang=en`, {
      cookie,
      form: bad,
    });
    // Assess
    expect(vi.status).toBe(400);
    expect(vi.text).toContain('Vui lòng sửa các ô được đánh dấu; chưa có gì được lưu.');
    expect(vi.text).toContain('Số điện thoại Việt Nam, ví dụ 0912 345 678.');
    expect(vi.text).toContain('Quá dài: tối đa 300 ký tự.');
    expect(en.status).toBe(400);
    expect(en.text).toContain('A Vietnamese phone number, e.g. 0912 345 678.');
    expect(en.text).toContain('Too long: at most 300 characters.');
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses an approver of the fund', async () => {
    // Prepare
    const browser = consoleClient(api);
    const cookie = await browser.signIn(await api.token(['approver'], 'mai', FUND));
    // Act
    const res = await browser.send('GET', `/console/f/${FUND}/settings`, { cookie });
    // Assess
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('name="phone"');
  });
});
