import { writeStatement } from '@soquy/bank/samples';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idem, payPledge, pledge, spendApproved } from '../behaviours/helpers.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestApi } from '../support/local-api.ts';
import {
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  phoneContext,
} from '../support/page-checks.ts';

/**
 * Every page soquy serves, on a 360x740 phone in Chromium: none may scroll sideways and axe must
 * find nothing. The fund is filled with the long things real people type (a 200-character fund
 * name, a 19-digit account number, a shared Facebook link, a company name without spaces), which
 * is what pushed pages wider than the screen.
 *
 * To check a new page, append a row to PAGES: a name, a path (or a function of the data made in
 * beforeAll), and who looks at it ('public' or a console role, signed in through the console).
 */
type Viewer = 'public' | 'admin' | 'treasurer' | 'approver';
interface Made {
  fund: string;
  transferPledge: { pledgeId: string; manageToken: string; reference: string };
  cardWaiting: { pledgeId: string; manageToken: string };
  paidPledgeUrl: string;
  verifyUrl: string;
  statementId: string;
}
interface PageRow {
  name: string;
  /** Path and query on the local stack; a function when it depends on what beforeAll made. */
  path: string | ((made: Made) => string);
  as: Viewer;
  /** Pages that are the answer to a form (pledge results): how to get there from a fresh tab. */
  reach?: (page: Page, made: Made) => Promise<void>;
  /** A selector that is on the page once it is complete (the verify page checks in the browser). */
  ready?: string;
  /** The HTTP status the page answers with; 200 unless said. */
  status?: number;
}

const FUND = 'ho-tro-dong-bao-lu-lut-xa-pho-thanh-thi-xa-duc-pho-quang-ngai';
const LONG_FUND_NAME =
  'Quỹ hỗ trợ đồng bào bị thiệt hại do lũ lụt tháng 11/2026 tại xã Phổ Thạnh, thị xã Đức Phổ, tỉnh Quảng Ngãi (QuỹTừThiệnPhổThạnhĐứcPhổQuảngNgãi)';
const ACCOUNT_19_DIGITS = '9704361234567890123';
const LONG_URL =
  'https://www.facebook.com/groups/quyhotrodongbaolulutxaphothanh/posts/chia-se-thong-tin-ung-ho-cua-cong-ty-thuy-san-sa-huynh?utm_source=zalo&utm_medium=share&utm_campaign=lu-lut-thang-11';
const NO_SPACES_NAME =
  'CôngTyTNHHMộtThànhViênThươngMạiDịchVụXuấtNhậpKhẩuThủySảnSaHuỳnhPhổThạnhĐứcPhổQuảngNgãi';
const LONG_EMAIL = 'ke-toan.cong-ty-thuy-san-sa-huynh-pho-thanh@example-company-domain.com.vn';
const LONG_MEMO = `Ủng hộ bà con vùng lũ. Xem thêm: ${LONG_URL} ${'Chuyểnkhoảnủnghộđồngbàovùnglũ'.repeat(4)}`;

/** Fills and sends the public pledge form; the answer is the pledge result page. */
async function submitPledge(page: Page, made: Made, method: 'transfer' | 'cash' | 'card') {
  await page.goto(`/f/${made.fund}/pledge`);
  await page.fill('#name', NO_SPACES_NAME);
  await page.selectOption('#kind', 'business');
  await page.fill('#amount', '12.500.000');
  await page.check(`input[name=method][value=${method}]`);
  await page.fill('#email', LONG_EMAIL);
  await page.fill('#message', LONG_MEMO);
  await page.click('form button[type=submit]');
}

const PAGES: PageRow[] = [
  { name: 'home', path: '/', as: 'public' },
  { name: 'API description', path: '/docs/api', as: 'public' },
  { name: 'fund page', path: (m) => `/f/${m.fund}`, as: 'public' },
  { name: 'fund page (English)', path: (m) => `/f/${m.fund}?lang=en`, as: 'public' },
  { name: 'demo fund page (Đức Phổ)', path: '/f/duc-pho', as: 'public' },
  { name: 'statement', path: (m) => `/f/${m.fund}/statement`, as: 'public' },
  {
    name: 'statement (whole campaign)',
    path: (m) => `/f/${m.fund}/statement?month=all`,
    as: 'public',
  },
  {
    name: 'verify page',
    path: (m) => m.verifyUrl,
    as: 'public',
    ready: '#verify-summary[data-by="browser"]',
  },
  { name: 'pledge form', path: (m) => `/f/${m.fund}/pledge`, as: 'public' },
  {
    name: 'pledge form with mistakes',
    path: (m) => `/f/${m.fund}/pledge?lang=en`,
    as: 'public',
    ready: '#amount-error',
    reach: async (page, m) => {
      await page.goto(`/f/${m.fund}/pledge?lang=en`);
      await page.fill('#name', NO_SPACES_NAME);
      await page.fill('#amount', 'mười hai triệu năm trăm nghìn đồng chẵn');
      await page.fill('#email', `${NO_SPACES_NAME}@`);
      await page.click('form button[type=submit]');
    },
  },
  {
    name: 'pledge result: transfer',
    path: '',
    as: 'public',
    ready: '#account-number',
    reach: (page, m) => submitPledge(page, m, 'transfer'),
  },
  {
    name: 'pledge result: cash',
    path: '',
    as: 'public',
    ready: '#reference',
    reach: (page, m) => submitPledge(page, m, 'cash'),
  },
  {
    name: 'pledge status: card, waiting',
    path: (m) => `/p/${m.cardWaiting.pledgeId}?t=${encodeURIComponent(m.cardWaiting.manageToken)}`,
    as: 'public',
  },
  { name: 'pledge status: card, paid', path: (m) => m.paidPledgeUrl, as: 'public' },
  {
    name: 'pledge status: transfer with receipts',
    path: (m) =>
      `/p/${m.transferPledge.pledgeId}?t=${encodeURIComponent(m.transferPledge.manageToken)}`,
    as: 'public',
  },
  {
    name: 'pledge status (English)',
    path: (m) =>
      `/p/${m.transferPledge.pledgeId}?t=${encodeURIComponent(m.transferPledge.manageToken)}&lang=en`,
    as: 'public',
  },
  {
    name: 'pledge status: back from card checkout',
    path: (m) =>
      `/p/${m.cardWaiting.pledgeId}?t=${encodeURIComponent(m.cardWaiting.manageToken)}&checkout=cancelled`,
    as: 'public',
  },
  {
    name: 'cancel confirmation',
    path: (m) =>
      `/p/${m.cardWaiting.pledgeId}/cancel?t=${encodeURIComponent(m.cardWaiting.manageToken)}`,
    as: 'public',
  },
  { name: 'disclosure report', path: (m) => `/f/${m.fund}/disclosure`, as: 'public' },
  { name: 'not found', path: '/f/khong-co-quy-nay', as: 'public', status: 404 },
  {
    name: 'error page (bad period)',
    path: (m) =>
      `/f/${m.fund}/statement?month=${'thang-muoi-mot-nam-hai-nghin-khong-tram-hai-muoi-sau'}`,
    as: 'public',
    status: 400,
  },
  { name: 'console sign-in', path: '/console/sign-in', as: 'public' },
  { name: 'console home: admin', path: '/console', as: 'admin' },
  { name: 'console home: treasurer', path: '/console', as: 'treasurer' },
  { name: 'console home: approver', path: '/console', as: 'approver' },
  { name: 'console fund page: treasurer', path: (m) => `/console/f/${m.fund}`, as: 'treasurer' },
  {
    name: 'console fund page: treasurer (English)',
    path: (m) => `/console/f/${m.fund}?lang=en`,
    as: 'treasurer',
  },
  { name: 'console fund page: approver', path: (m) => `/console/f/${m.fund}`, as: 'approver' },
  { name: 'console fund page: admin', path: (m) => `/console/f/${m.fund}`, as: 'admin' },
  {
    name: 'console spending form with mistakes',
    path: '',
    as: 'treasurer',
    ready: '#spending-amount-error',
    reach: async (page, m) => {
      await page.goto(`/console/f/${m.fund}`);
      await page.fill('#spending-amount', 'bảy triệu ba trăm năm mươi nghìn đồng');
      await page.fill('#spending-payee', NO_SPACES_NAME);
      await page.fill('#spending-purpose', LONG_MEMO);
      await page.click('#spending ~ form button[type=submit]');
    },
  },
  { name: 'fund staff', path: (m) => `/console/f/${m.fund}/staff`, as: 'admin' },
  {
    name: 'fund staff: no such member',
    path: (m) => `/console/f/${m.fund}/staff/remove?username=${NO_SPACES_NAME}&role=approver`,
    as: 'admin',
    status: 404,
  },
  { name: 'open a fund (admin)', path: '/console/funds/new', as: 'admin' },
  { name: 'fund settings', path: (m) => `/console/f/${m.fund}/settings`, as: 'treasurer' },
  { name: 'unpaid pledges', path: (m) => `/console/f/${m.fund}/unpaid`, as: 'treasurer' },
  {
    // The read-only pay link, as the treasurer copies it from the unpaid list's Zalo/SMS text.
    name: 'pay link (from the unpaid list)',
    path: '',
    as: 'treasurer',
    ready: '#pay-read-only',
    reach: async (page, m) => {
      await page.goto(`/console/f/${m.fund}/unpaid`);
      const sms = await page.locator(`#message-${m.cardWaiting.pledgeId}`).inputValue();
      const payUrl = /https?:\/\/\S+\/pay\?k=[\w-]+/.exec(sms)?.[0];
      expect(payUrl).toBeDefined();
      expect((await page.goto(payUrl as string))?.status()).toBe(200);
    },
  },
  { name: 'bank statements', path: (m) => `/console/f/${m.fund}/bank`, as: 'treasurer' },
  {
    name: 'bank statement progress',
    path: (m) => `/console/statements/${m.statementId}`,
    as: 'treasurer',
  },
  { name: 'bank review queue', path: (m) => `/console/f/${m.fund}/queue`, as: 'treasurer' },
  { name: 'bank unrouted lines', path: '/console/bank/unrouted', as: 'admin' },
  { name: 'witnesses', path: '/console/witnesses', as: 'admin' },
];

let api: Awaited<ReturnType<typeof startTestApi>>;
let browser: Browser;
const contexts = new Map<Viewer, BrowserContext>();
let made: Made;

/** A phone-sized context signed in to the console with a dev token (or none, for the public). */
async function contextFor(viewer: Viewer): Promise<BrowserContext> {
  const existing = contexts.get(viewer);
  if (existing) return existing;
  const context = await phoneContext(browser);
  context.setDefaultTimeout(30_000);
  if (viewer !== 'public') {
    const token =
      viewer === 'admin'
        ? await api.token(['admin'], 'admin')
        : await api.token([viewer], viewer === 'treasurer' ? 'lan' : 'mai', FUND);
    const page = await context.newPage();
    await page.goto(`${api.stack.url}/console/sign-in`);
    await page.fill('#token', token);
    await page.click('form:has(#token) button[type=submit]');
    expect(page.url(), `${viewer} signed in`).not.toMatch(/\/console\/sign-in/);
    // The sign-in page stays open (the context closes with the run): closing it while the
    // redirect to /console finishes stalled headless Chromium for a minute now and then.
  }
  contexts.set(viewer, context);
  return context;
}

/** Opens the context's pages at the stack's address, so rows can give bare paths. */
async function newPage(viewer: Viewer): Promise<Page> {
  const page = await (await contextFor(viewer)).newPage();
  const base = api.stack.url;
  const goto = page.goto.bind(page);
  page.goto = (url, options) => goto(url.startsWith('/') ? `${base}${url}` : url, options);
  return page;
}

beforeAll(async () => {
  api = await startTestApi({ demo: true });
  browser = await launchChromium();
  const admin = await api.token(['admin'], 'admin');
  const opened = await api.call('POST', '/funds', {
    token: admin,
    body: {
      id: FUND,
      name: LONG_FUND_NAME,
      description: `Mọi khoản thu chi được công khai hằng ngày. Bài đăng kêu gọi: ${LONG_URL}\nLiên hệ: ${LONG_EMAIL}`,
      owner: 'Ủy ban Mặt trận Tổ quốc Việt Nam xã Phổ Thạnh, thị xã Đức Phổ, tỉnh Quảng Ngãi',
      currency: 'VND',
      goal: 2_000_000_000,
      bankAccount: {
        bin: '970436',
        accountNumber: ACCOUNT_19_DIGITS,
        accountName: 'UY BAN MAT TRAN TO QUOC VIET NAM XA PHO THANH THI XA DUC PHO TINH QUANG NGAI',
      },
      categories: [
        {
          id: 'sua-chua-nha-o-cho-cac-ho-bi-sap-nha-toc-mai-do-lu-lut',
          name: 'Sửa chữa nhà ở cho các hộ bị sập nhà, tốc mái do lũ lụt tháng 11/2026 (SửaChữaNhàỞ)',
        },
        { id: 'luong-thuc', name: 'Lương thực, nước uống' },
      ],
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: '2027-12-31T17:00:00.000Z',
    },
  });
  expect(opened.status, opened.text).toBe(201);
  const lan = await api.token(['treasurer'], 'lan', FUND);
  const mai = await api.token(['approver'], 'mai', FUND);
  // Where to bring cash, as a treasurer types it: the cash pledge's result shows it.
  const settings = await api.call('POST', `/funds/${FUND}/settings`, {
    token: lan,
    body: {
      cashContact: {
        name: 'Bà Nguyễn Thị Thanh Hương (thủ quỹ, Ủy ban Mặt trận Tổ quốc xã Phổ Thạnh)',
        phone: '0255 3861 234',
        place: `Nhà văn hóa thôn Thạch Bi 1, xã Phổ Thạnh (đối diện chợ Thạch Bi), bản đồ: ${LONG_URL}`,
        hours: 'Thứ Hai–Thứ Bảy, 7:30–11:00 và 13:30–17:00; Chủ nhật nghỉ (gọi trước khi đến)',
      },
      reminders: { onDueDate: true, everyDays: 7 },
    },
  });
  expect(settings.status, settings.text).toBeLessThan(300);
  const donor = { name: NO_SPACES_NAME, kind: 'business', showName: true };
  const now = new Date().toISOString();

  // A transfer pledge, paid in part (the status page then has a receipt with its proof).
  const transferPledge = await pledge(api, FUND, { donor, amount: 50_000_000, message: LONG_MEMO });
  await payPledge(api, FUND, lan, {
    pledgeId: transferPledge.pledgeId,
    amount: 20_000_000,
    receivedAt: now,
  });
  // Spending with a long payee and purpose, approved; and one waiting for the approver.
  const spending = {
    amount: 7_350_000,
    category: 'sua-chua-nha-o-cho-cac-ho-bi-sap-nha-toc-mai-do-lu-lut',
    payee: { name: NO_SPACES_NAME, kind: 'business' as const },
    purpose: LONG_MEMO,
    paidAt: now,
  };
  await spendApproved(api, FUND, lan, mai, spending);
  const waiting = await api.call('POST', `/funds/${FUND}/disbursements`, {
    token: lan,
    headers: idem(),
    body: { method: 'transfer', evidence: [], ...spending, amount: 1_250_000 },
  });
  expect(waiting.status, waiting.text).toBe(201);
  // A card pledge whose checkout was never finished.
  const cardWaiting = await pledge(api, FUND, { donor, amount: 3_000_000, method: 'card' });

  // A card pledge paid through the simulated checkout, as a donor does.
  const donorContext = await phoneContext(browser);
  const card = await donorContext.newPage();
  await card.goto(`${api.stack.url}/f/${FUND}/pledge`);
  await card.fill('#name', NO_SPACES_NAME);
  await card.fill('#amount', '1.500.000');
  await card.check('input[name=method][value=card]');
  await card.click('form button[type=submit]');
  await card.waitForURL(/\/checkout\/cs_test_/);
  await card.click('button[type=submit]');
  await card.waitForURL(/\/p\/pl_/);
  const paidPledgeUrl = card.url();

  // A bank statement uploaded through the console, with a line nobody can match.
  const treasurerPage = await (await contextFor('treasurer')).newPage();
  const day = now.slice(0, 10);
  const bytes = await writeStatement('acb', 'xlsx', {
    account: ACCOUNT_19_DIGITS,
    from: day,
    to: day,
    openingBalance: 0,
    lines: [
      {
        bookedAt: now,
        direction: 'in' as const,
        amount: 300_000,
        memo: `${'CHUYENKHOANUNGHODONGBAOLULUTXAPHOTHANH'.repeat(3)} ${LONG_URL}`,
        ref: 'FT26327000000101',
        counterpart: {
          name: 'NGUYEN THI THANH HUONG CONG TY TNHH THUONG MAI',
          account: '0011002233445566778',
        },
      },
    ],
  });
  await treasurerPage.goto(`${api.stack.url}/console/f/${FUND}/bank`);
  await treasurerPage.setInputFiles('#statement-file', {
    name: 'sao-ke-tai-khoan-thang-11-nam-2026-ngan-hang-a-chau.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
  await treasurerPage.click('#statement-form button[type=submit]');
  await treasurerPage.waitForURL(/\/console\/statements\/st_[0-9a-f]{24}$/);
  const statementId = treasurerPage.url().split('/').at(-1) as string;
  await treasurerPage.waitForSelector('#statement-status[data-status="done"]', { timeout: 30_000 });
  await treasurerPage.close();

  // The verify link printed on the receipt.
  await api.stack.flushExports();
  const status = await donorContext.newPage();
  await status.goto(
    `${api.stack.url}/p/${transferPledge.pledgeId}?t=${encodeURIComponent(transferPledge.manageToken)}`,
  );
  const verifyUrl = (await status
    .locator('.receipt a.verify-link')
    .first()
    .getAttribute('href')) as string;
  await donorContext.close();

  made = { fund: FUND, transferPledge, cardWaiting, paidPledgeUrl, verifyUrl, statementId };
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('every page on a 360x740 phone', () => {
  it.each(PAGES.map((row) => [row.name, row] as const))(
    '%s: no sideways scroll, no axe violations',
    async (_name, row) => {
      // Prepare
      const page = await newPage(row.as);
      // Act
      if (row.reach) await row.reach(page, made);
      else {
        const response = await page.goto(
          typeof row.path === 'function' ? row.path(made) : row.path,
        );
        expect(response?.status(), page.url()).toBe(row.status ?? 200);
      }
      if (row.ready) await page.waitForSelector(row.ready);
      // Assess: a real page (not a sign-in bounce), that fits and that axe finds no fault with
      if (row.as !== 'public') expect(page.url()).not.toMatch(/\/console\/sign-in/);
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      // PHONE_SHOTS=dir keeps each page as screen-high pictures, to see what a reader sees.
      if (process.env.PHONE_SHOTS) {
        const file = row.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
        for (let y = 0, n = 1; y < height; y += 740, n++) {
          const clip = { x: 0, y, width: 360, height: Math.min(740, height - y) };
          await page.screenshot({
            path: `${process.env.PHONE_SHOTS}/${file}-${n}.png`,
            clip,
            fullPage: true,
          });
        }
      }
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await page.close();
    },
    60_000,
  );
});

describe('the phone checks themselves', () => {
  it('name the element that pushes a page sideways and each axe violation', async () => {
    // Prepare: a page with an unbreakable link and an unlabelled field, as pages had before
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html lang="vi"><head><title>thử</title></head><body><main><h1>Thử</h1><p><a id="long" href="/">${LONG_URL}</a></p><input type="text"></main></body></html>`,
    );
    // Act + Assess: both checks fail, saying what to fix
    await expect(expectNoSidewaysScroll(page)).rejects.toThrow(/scrolls sideways[\s\S]*a#long/);
    await expect(expectNoAxeViolations(page)).rejects.toThrow(/label \(critical\)/);
    await context.close();
  });
});
