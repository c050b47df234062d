import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleClient,
  disbursementIds,
  gift,
  journalOf,
  openFund,
  pledge,
  recordSpending,
  type TestApi,
} from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The console's refusals, through the real console over HTTP: in Vietnamese (English with
 * ?lang=en), saying what to do, chosen by the refusal's code; each refused form writes nothing.
 * Also the receipt form's explicit public-name choice and the treasurer's own waiting requests.
 */

let api: TestApi;
let web: ReturnType<typeof consoleClient>;
const FUND = 'loi-nhan';
let lanToken: string;
let maiToken: string;

/** The text of the paragraph with this id in a page (tags dropped, entities decoded). */
function textOf(page: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(page);
  return match?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

async function signedIn(token: string) {
  const cookie = await web.signIn(token);
  return { cookie, csrf: await web.csrfOn(cookie, `/console/f/${FUND}`) };
}

const receipt = (csrf: string, extra: Record<string, string> = {}) => ({
  csrf,
  key: randomUUID(),
  reference: '',
  donorName: 'Tạp hóa Thu Hà',
  donorKind: 'business',
  amount: '250.000',
  method: 'transfer',
  receivedAt: '2026-11-20',
  receiptNo: '',
  bankRef: '',
  ...extra,
});

beforeAll(async () => {
  api = await startTestApi();
  web = consoleClient(api);
  await openFund(api, FUND);
  lanToken = await api.token(['treasurer'], 'lan', FUND);
  maiToken = await api.token(['approver'], 'mai', FUND);
  await gift(api, FUND, lanToken, {
    donor: { name: 'Quán phở Lan', kind: 'business', showName: true },
    amount: 1_000_000,
    receivedAt: '2026-11-19T03:00:00Z',
  });
}, 60_000);
afterAll(() => api.stop());

describe('reversing a pledge entry from the console', () => {
  it('says in Vietnamese that a pledge is cancelled, not reversed (no false "already"), writing nothing', async () => {
    // Prepare: a pledge's entry in the journal
    await pledge(api, FUND, {
      donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
      amount: 3_000_000,
    });
    const seq = (await journalOf(api, FUND)).find((e) => e.kind === 'pledge').seq;
    const { cookie, csrf } = await signedIn(lanToken);
    const before = await api.snapshot();
    // Act
    const vi = await web.send('POST', `/console/f/${FUND}/reversals`, {
      cookie,
      form: { csrf, seq: String(seq), reason: 'Ghi nhầm' },
    });
    const en = await web.send('POST', `/console/f/${FUND}/reversals?lang=en`, {
      cookie,
      form: { csrf, seq: String(seq), reason: 'Ghi nhầm' },
    });
    // Assess
    expect(vi.status).toBe(409);
    expect(textOf(vi.text, 'reversal-seq-error')).toBe(
      `Bút toán số ${seq} là một cam kết (lời hứa, chưa phải tiền) nên không đảo được. Muốn bỏ cam kết, hãy hủy cam kết ở trang của nó; muốn sửa khoản tiền đã nhận, hãy đảo bút toán ghi tiền đó.`,
    );
    expect(en.status).toBe(409);
    expect(textOf(en.text, 'reversal-seq-error')).toContain(
      `Entry ${seq} records a pledge (a promise, not money), so it is not reversed.`,
    );
    for (const page of [vi.text, en.text]) expect(page).not.toMatch(/already|outstanding/);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('an approval the money does not cover, in the console', () => {
  it('names the account, its balance and the amount asked on the request, writing nothing', async () => {
    // Prepare: 1,000,000 in the bank; a request for 5,000,000
    const recorded = await recordSpending(api, FUND, lanToken, {
      amount: 5_000_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
      purpose: 'Bộ đầu ghi 16 kênh',
      paidAt: '2026-11-20T03:00:00Z',
    });
    const id = recorded.json.id as string;
    const { cookie, csrf } = await signedIn(maiToken);
    const before = await api.snapshot();
    // Act
    const vi = await web.send('POST', `/console/disbursements/${id}/approve`, {
      cookie,
      form: { csrf },
    });
    const en = await web.send('POST', `/console/disbursements/${id}/approve?lang=en`, {
      cookie,
      form: { csrf },
    });
    // Assess: said on the request itself, where the approver is (they have no spending form)
    expect(vi.status).toBe(409);
    expect(textOf(vi.text, `error-${id}`)).toBe(
      'Không đủ tiền trong tài khoản ngân hàng của quỹ: số dư còn 1.000.000\u00a0₫, khoản này cần 5.000.000\u00a0₫. Hãy ghi các khoản tiền đã nhận (hoặc nộp/rút tiền mặt) trước, rồi duyệt lại.',
    );
    expect(vi.text).toContain('id="item-alert"');
    expect(en.status).toBe(409);
    expect(textOf(en.text, `error-${id}`)).toContain(
      "Not enough money in the fund's bank account: its balance is 1.000.000\u00a0₫, and 5.000.000\u00a0₫ is asked.",
    );
    expect(await api.snapshot()).toEqual(before);
    expect(await disbursementIds(api, FUND, lanToken, 'pending_approval')).toContain(id);
  });
});

describe('form fields refused by the schema', () => {
  it('says what to enter, in Vietnamese, then in English with ?lang=en, writing nothing', async () => {
    // Prepare
    const { cookie, csrf } = await signedIn(lanToken);
    const before = await api.snapshot();
    // Act
    const vi = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: receipt(csrf, { amount: 'hai trăm nghìn', showName: '1' }),
    });
    const en = await web.send('POST', `/console/f/${FUND}/payments?lang=en`, {
      cookie,
      form: receipt(csrf, { amount: 'hai trăm nghìn', showName: '1' }),
    });
    // Assess
    expect(vi.status).toBe(400);
    expect(textOf(vi.text, 'payment-amount-error')).toBe(
      'Nhập số tiền là số nguyên đồng lớn hơn 0, ví dụ 500000 hoặc 500.000.',
    );
    expect(en.status).toBe(400);
    expect(textOf(en.text, 'payment-amount-error')).toBe(
      'Enter a whole number of đồng greater than 0, e.g. 500000 or 500.000.',
    );
    expect(vi.text).not.toMatch(/must be|Expected/);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('money dated in the future', () => {
  it('is refused in Vietnamese next to the date, saying what to pick, writing nothing', async () => {
    // Prepare
    const { cookie, csrf } = await signedIn(lanToken);
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: receipt(csrf, { receivedAt: '2099-06-01', showName: '1' }),
    });
    // Assess
    expect(res.status).toBe(400);
    expect(textOf(res.text, 'payment-receivedAt-error')).toMatch(
      /^Ngày này ở tương lai: chỉ ghi khoản tiền đã thực sự nhận hoặc chi\. Chọn đúng ngày tiền đã chuyển \(muộn nhất \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/,
    );
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('the receipt form asks whether to show the donor’s name', () => {
  it('offers two radio buttons and neither is chosen beforehand', async () => {
    // Prepare
    const cookie = await web.signIn(lanToken);
    // Act
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    // Assess
    const radios = page.text.match(/<input type="radio" name="showName"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(2);
    expect(radios.map((r) => /value="(\d)"/.exec(r)?.[1])).toEqual(['1', '0']);
    for (const radio of radios) expect(radio).not.toContain('checked');
    expect(page.text).not.toContain('type="checkbox" name="showName"');
  });

  it('refuses a gift without the choice (it used to be anonymous silently), writing nothing', async () => {
    // Prepare
    const { cookie, csrf } = await signedIn(lanToken);
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: receipt(csrf),
    });
    // Assess
    expect(res.status).toBe(400);
    expect(textOf(res.text, 'payment-showName-error')).toBe(
      'Chọn có công khai tên người nộp hay giữ ẩn danh.',
    );
    expect(res.text).toContain('value="Tạp hóa Thu Hà"');
    expect(await api.snapshot()).toEqual(before);
  });

  it('records the name shown, or anonymous, as chosen', async () => {
    // Prepare
    const { cookie, csrf } = await signedIn(lanToken);
    // Act
    const shown = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: receipt(csrf, { donorName: 'Nhà sách Minh Khai', showName: '1' }),
    });
    const hidden = await web.send('POST', `/console/f/${FUND}/payments`, {
      cookie,
      form: receipt(csrf, { donorName: 'Cô Ba bán bánh', showName: '0', amount: '90.000' }),
    });
    // Assess
    expect([shown.status, hidden.status]).toEqual([303, 303]);
    const [named, anonymous] = (await journalOf(api, FUND)).slice(-2);
    expect(named).toMatchObject({ kind: 'donation', donor: { displayName: 'Nhà sách Minh Khai' } });
    expect(anonymous.kind).toBe('donation');
    expect(anonymous.donor.displayName).not.toContain('Cô Ba');
    expect(anonymous.postings[0].amount).toBe(90_000);
  });
});

describe('"chờ duyệt của tôi": a treasurer’s own waiting requests', () => {
  const spend = (purpose: string, amount = 100_000) =>
    recordSpending(api, FUND, lanToken, {
      amount,
      category: 'cameras',
      payee: { name: 'Cửa hàng điện Hòa', kind: 'business' },
      purpose,
      paidAt: '2026-11-20T03:00:00Z',
    });

  it('lists them with a withdraw button, and withdrawing writes no journal entry', async () => {
    // Prepare
    const id = (await spend('Dây cáp mạng')).json.id as string;
    const cookie = await web.signIn(lanToken);
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] as string;
    const journalBefore = await journalOf(api, FUND);
    // Act
    const res = await web.send('POST', `/console/disbursements/${id}/withdraw`, {
      cookie,
      form: { csrf },
    });
    const after = await web.send('GET', res.location as string, { cookie });
    // Assess
    expect(page.text).toContain('Chờ duyệt của tôi');
    expect(page.text).toContain(`id="mine-${id}"`);
    expect(page.text).toContain(`action="/console/disbursements/${id}/withdraw"`);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/f/${FUND}?done=withdrawn`);
    expect(after.text).toContain('Đã rút lại yêu cầu chi.');
    expect(after.text).not.toContain(`id="mine-${id}"`);
    expect(await disbursementIds(api, FUND, lanToken, 'pending_approval')).not.toContain(id);
    expect(await journalOf(api, FUND)).toEqual(journalBefore);
  });

  it('does not list another treasurer’s requests, and refuses their withdrawal, writing nothing', async () => {
    // Prepare
    const id = (await spend('Ổ cứng 2TB')).json.id as string;
    const tuan = await signedIn(await api.token(['treasurer'], 'tuan', FUND));
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie: tuan.cookie });
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/disbursements/${id}/withdraw`, {
      cookie: tuan.cookie,
      form: { csrf: tuan.csrf },
    });
    // Assess
    expect(page.text).not.toContain(`id="mine-${id}"`);
    expect(res.status).toBe(403);
    expect(textOf(res.text, 'item-alert')).toMatch(/^Tài khoản của bạn không được làm việc này/);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses once approved, with 409 and what to do instead, writing nothing', async () => {
    // Prepare
    const id = (await spend('Nguồn 12V', 50_000)).json.id as string;
    const approved = await api.call('POST', `/disbursements/${id}/approve`, { token: maiToken });
    expect(approved.status).toBe(201);
    const { cookie, csrf } = await signedIn(lanToken);
    const before = await api.snapshot();
    // Act
    const res = await web.send('POST', `/console/disbursements/${id}/withdraw`, {
      cookie,
      form: { csrf },
    });
    // Assess
    expect(res.status).toBe(409);
    expect(textOf(res.text, 'item-alert')).toBe(
      `Khoản chi này đã được duyệt (bút toán số ${approved.json.entry.seq}) nên không rút lại được nữa. Muốn sửa, hãy đảo bút toán đó và ghi lý do.`,
    );
    expect(await api.snapshot()).toEqual(before);
  });
});
