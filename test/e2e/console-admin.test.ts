import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * The administrator's day in the console, on a 360-px phone: every fund, a fund's staff, a
 * treasurer and an approver appointed and removed; then the new treasurer signs in as the dev
 * user the admin made. Each page: its title per role, sign-out, no sideways scroll, no axe fault.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const FUND = 'pu-trang';
const OTHER = 'duc-pho';
const FUND_NAME = 'Camera an ninh phường Pú Trạng';
const OTHER_NAME = 'Đèn đường thôn Đức Phổ';

async function phonePage(): Promise<Page> {
  const context = await phoneContext(browser);
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

async function signInWithToken(token: string): Promise<Page> {
  const page = await phonePage();
  await page.goto(`${api.stack.url}/console/sign-in`);
  await page.fill('#token', token);
  await page.click('form:has(#token) button[type=submit]');
  return page;
}

/** The page fits a 360-px phone, axe finds nothing, and it has the sign-out button. */
async function checkPage(page: Page) {
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
  expect(await page.locator('#sign-out').count(), page.url()).toBe(1);
}

const devUsers = () => readFileSync(join(api.dataDir, 'dev-users.json'), 'utf8');

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchChromium();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { token: admin, body: puTrangInput() });
  await api.call('POST', '/funds', {
    token: admin,
    body: puTrangInput({ id: OTHER, name: OTHER_NAME }),
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the administrator console in Chromium, on a phone', () => {
  it('an admin sees every fund, appoints a treasurer and an approver, and removes a role after confirming', async () => {
    // prepare: the dev admin token
    const page = await signInWithToken(await api.token(['admin'], 'admin'));
    // assess: not an empty console — every fund, titled for the administrator
    expect(await page.title()).toBe('Quản trị · soquy');
    expect(await page.textContent('main h1')).toBe('Quản trị');
    expect(await page.locator('#all-funds li').allTextContents()).toEqual([
      expect.stringContaining(FUND_NAME),
      expect.stringContaining(OTHER_NAME),
    ]);
    await checkPage(page);

    // act: open the fund; its staff page
    await page.click(`#all-funds a:has-text("${FUND_NAME}")`);
    expect(new URL(page.url()).pathname).toBe(`/console/f/${FUND}/staff`);
    expect(await page.textContent('#no-staff')).toContain('chưa có thủ quỹ');
    await checkPage(page);

    // act: a mistyped address is refused in Vietnamese, and nobody is added
    await page.fill('#staff-email', 'lan-at-example.vn');
    await page.selectOption('#staff-role', 'treasurer');
    // The browser's own email check is bypassed, as a phone's autofill or an old browser would.
    await page.locator('form:has(#staff-email)').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.click('form:has(#staff-email) button[type=submit]');
    expect(await page.textContent('#staff-email-error')).toContain('Email không hợp lệ');
    expect(await page.inputValue('#staff-email')).toBe('lan-at-example.vn');
    expect(await page.locator('#staff-list').count()).toBe(0);
    await checkPage(page);

    // act: appoint a treasurer and an approver
    await page.fill('#staff-email', 'lan@example.vn');
    await page.selectOption('#staff-role', 'treasurer');
    await page.click('form:has(#staff-email) button[type=submit]');
    expect(await page.textContent('#flash')).toBe('Đã thêm lan@example.vn làm thủ quỹ.');
    await page.fill('#staff-email', 'hoa@example.vn');
    await page.selectOption('#staff-role', 'approver');
    await page.click('form:has(#staff-email) button[type=submit]');
    // assess: both listed; the only approver cannot be removed from the list
    const rows = page.locator('#staff-list li');
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/hoa@example\.vn · người duyệt.*người duyệt duy nhất/),
      expect.stringMatching(/lan@example\.vn · thủ quỹ/),
    ]);
    expect(await rows.nth(0).locator('a').count()).toBe(0);
    await checkPage(page);

    // act: remove the treasurer, through the confirmation page
    await rows.nth(1).locator('a', { hasText: 'Gỡ vai trò' }).click();
    expect(await page.textContent('main h1')).toBe('Gỡ vai trò?');
    expect(await page.textContent('main')).toContain(
      `Gỡ vai trò thủ quỹ của lan@example.vn ở quỹ ${FUND_NAME}?`,
    );
    await checkPage(page);
    await page.click('#confirm-remove');
    // assess
    expect(await page.textContent('#flash')).toMatch(/^Đã gỡ vai trò thủ quỹ/);
    expect(await page.locator('#staff-list li').allTextContents()).toEqual([
      expect.stringContaining('hoa@example.vn'),
    ]);
  }, 180_000);

  it("refuses to remove a fund's last approver, saying what to do, and changes nothing", async () => {
    // prepare: the other fund's only approver, and its confirmation page reached by its address
    const admin = await api.token(['admin'], 'admin');
    const { json: an } = await api.call('POST', `/funds/${OTHER}/staff`, {
      token: admin,
      body: { email: 'an@example.vn', role: 'approver' },
    });
    const page = await signInWithToken(admin);
    await page.goto(
      `${api.stack.url}/console/f/${OTHER}/staff/remove?username=${an.username}&role=approver`,
    );
    const before = devUsers();
    // act
    await page.click('#confirm-remove');
    // assess
    expect(await page.textContent('#flash')).toContain(
      'Không gỡ được: đây là người duyệt duy nhất của quỹ',
    );
    expect(await page.textContent('#flash')).toContain('Hãy thêm người duyệt khác trước');
    expect(devUsers()).toBe(before);
    await checkPage(page);
  }, 60_000);

  it('speaks English with ?lang=en', async () => {
    const page = await signInWithToken(await api.token(['admin'], 'admin'));
    await page.goto(`${api.stack.url}/console/f/${FUND}/staff?lang=en`);
    expect(await page.title()).toBe(`Administration · Staff · ${FUND_NAME} · soquy`);
    expect(await page.textContent('#sign-out')).toBe('Sign out');
    await page.fill('#staff-email', 'minh@example.vn');
    await page.click('form:has(#staff-email) button[type=submit]');
    expect(await page.textContent('#staff-role-error')).toBe(
      'Choose a role: treasurer or approver.',
    );
    await checkPage(page);
  }, 60_000);

  it('the treasurer the admin added signs in as that dev user, sees their title, and signs out', async () => {
    // prepare: appointed by the admin
    const admin = await api.token(['admin'], 'admin');
    await api.call('POST', `/funds/${FUND}/staff`, {
      token: admin,
      body: { email: 'tuan@example.vn', role: 'treasurer' },
    });
    const page = await phonePage();
    await page.goto(`${api.stack.url}/console/sign-in`);
    // act: an address nobody added is refused; the added one signs in
    await page.fill('#dev-user', 'nobody@example.vn');
    await page.click('#dev-user-sign-in button');
    expect(await page.textContent('#sign-in-error')).toContain('Không có người dùng thử này');
    await page.fill('#dev-user', 'tuan@example.vn');
    await page.click('#dev-user-sign-in button');
    // assess: the home lists their fund under the treasurer's title
    expect(await page.title()).toBe('Thủ quỹ · soquy');
    expect(await page.locator('#my-funds li').allTextContents()).toEqual([
      expect.stringContaining(FUND_NAME),
    ]);
    await checkPage(page);
    // … the fund's page is titled for the treasurer of that fund, and has sign-out too
    await page.click(`#my-funds a:has-text("${FUND_NAME}")`);
    expect(await page.textContent('#role-title')).toMatch(/^Thủ quỹ – /);
    expect(await page.title()).toMatch(/^Thủ quỹ – /);
    await checkPage(page);
    // … staff management is not theirs: a readable 403
    const refused = await page.goto(`${api.stack.url}/console/f/${FUND}/staff`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('#refusal')).toContain('Chỉ quản trị viên');
    // act: sign out
    await page.click('#sign-out');
    // assess: back at sign-in, and the console asks to sign in again
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await page.textContent('#signed-out')).toBe('Bạn đã đăng xuất.');
    await page.goto(`${api.stack.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  }, 90_000);

  it('an approver’s pages are titled for the approver of the fund', async () => {
    const page = await signInWithToken(await api.token(['approver'], 'mai', FUND));
    await page.goto(`${api.stack.url}/console/f/${FUND}`);
    expect(await page.textContent('#role-title')).toMatch(/^Người duyệt – /);
    await page.goto(`${api.stack.url}/console/f/${FUND}?lang=en`);
    expect(await page.textContent('#role-title')).toMatch(/^Approver – /);
  });

  it('an unknown fund: a readable 404 page', async () => {
    const page = await signInWithToken(await api.token(['admin'], 'admin'));
    const response = await page.goto(`${api.stack.url}/console/f/no-such-fund/staff`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('#refusal')).toBe(
      'Không có quỹ "no-such-fund". Chọn quỹ trong danh sách tất cả các quỹ.',
    );
  });

  it('an admin opens a new fund from the console; a bad form is refused in Vietnamese and opens nothing', async () => {
    // prepare
    const page = await signInWithToken(await api.token(['admin'], 'admin'));
    await page.click('#open-fund-link');
    expect(await page.textContent('main h1')).toBe('Mở quỹ mới');
    await checkPage(page);
    const fundsBefore = (await api.call('GET', '/funds')).json;
    // act: an id with accents and spaces, a goal in words, no purposes
    await page.fill('#fund-id', 'Quỹ Nghĩa Lộ');
    await page.fill('#fund-name', 'Sửa đường tổ 3 Nghĩa Lộ');
    await page.fill('#fund-owner', 'UBND phường Nghĩa Lộ');
    await page.fill('#fund-goal', 'một trăm triệu');
    await page.fill('#fund-bin', '970436');
    await page.fill('#fund-accountNumber', '0011004455667');
    await page.fill('#fund-accountName', 'UBND PHUONG NGHIA LO');
    await page.fill('#fund-opensAt', '2026-12-01');
    await page.fill('#fund-closesAt', '2027-02-28');
    await page.click('#open-fund');
    // assess: each field says what to enter; nothing opened
    expect(await page.textContent('#fund-id-error')).toContain('chữ thường không dấu');
    expect(await page.textContent('#fund-goal-error')).toBe(
      'Nhập số tiền bằng số, ví dụ 150.000.000.',
    );
    expect(await page.textContent('#fund-categories-error')).toContain('ít nhất một mục đích chi');
    expect(await page.inputValue('#fund-name')).toBe('Sửa đường tổ 3 Nghĩa Lộ');
    expect((await api.call('GET', '/funds')).json).toEqual(fundsBefore);
    await checkPage(page);
    // act: corrected
    await page.fill('#fund-id', 'nghia-lo');
    await page.fill('#fund-goal', '100.000.000');
    await page.fill('#fund-categories', 'Đá, xi măng\nNhân công');
    await page.click('#open-fund');
    // assess: on the new fund's staff page, the fund as typed, its purposes with slug ids
    expect(new URL(page.url()).pathname).toBe('/console/f/nghia-lo/staff');
    expect(await page.textContent('#flash')).toBe(
      'Đã mở quỹ. Bây giờ hãy thêm thủ quỹ và người duyệt.',
    );
    const fund = (await api.call('GET', '/funds/nghia-lo')).json;
    expect(fund).toMatchObject({
      name: 'Sửa đường tổ 3 Nghĩa Lộ',
      goal: 100_000_000,
      createdBy: 'admin',
      opensAt: '2026-11-30T17:00:00.000Z',
      closesAt: '2027-02-28T17:00:00.000Z',
      categories: [
        { id: 'da-xi-mang', name: 'Đá, xi măng' },
        { id: 'nhan-cong', name: 'Nhân công' },
      ],
    });
    // Opening the same id again is refused, saying so.
    await page.goto(`${api.stack.url}/console/funds/new`);
    for (const [field, value] of [
      ['id', 'nghia-lo'],
      ['name', 'Quỹ khác'],
      ['owner', 'Tổ 3'],
      ['goal', '1.000.000'],
      ['bin', '970436'],
      ['accountNumber', '0011004455667'],
      ['accountName', 'TO 3'],
      ['opensAt', '2026-12-01'],
      ['closesAt', '2026-12-31'],
      ['categories', 'Khác'],
    ]) {
      await page.fill(`#fund-${field}`, value as string);
    }
    await page.click('#open-fund');
    expect(await page.textContent('#fund-id-error')).toBe('Đã có quỹ với mã này. Chọn mã khác.');
  }, 120_000);

  it('a treasurer cannot open a fund: a readable 403', async () => {
    const page = await signInWithToken(await api.token(['treasurer'], 'lan', FUND));
    const response = await page.goto(`${api.stack.url}/console/funds/new`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('#refusal')).toContain('Chỉ quản trị viên');
  });
});
