import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { threeMonthsFund } from '../support/three-months.ts';

/**
 * The yearly public disclosure report (Decree 93/2021/NĐ-CP): money received by type of source
 * and how it came, spending by purpose and by beneficiary, the balance carried forward, and the
 * title, date and signature blocks such reports have; printable, Vietnamese, English on request.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
const FUND = 'cong-khai';

const money = (text: string) => Number(text.replace(/[^\d-]/g, ''));
/** The amount in a row (found by its data attribute) and a column (data-method). */
function cell(page: string, row: string, method: string): number {
  const tr = new RegExp(`<tr[^>]*data-kind="${row}"[^>]*>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
  const td = new RegExp(`data-method="${method}">([^<]*)<`).exec(tr)?.[1];
  if (td === undefined) throw new Error(`no cell ${row}/${method}`);
  return money(td);
}
const byId = (page: string, id: string) => {
  const m = new RegExp(`id="${id}">([^<]*)<`).exec(page);
  if (!m?.[1]) throw new Error(`no #${id}`);
  return money(m[1]);
};

beforeAll(async () => {
  api = await startTestApi();
  await threeMonthsFund(api, FUND);
}, 120_000);
afterAll(() => api.stop());

describe('GET /f/{fundId}/disclosure', () => {
  it('shows a year: income by source and method, spending by purpose and beneficiary, balance', async () => {
    // Act
    const res = await api.call('GET', `/f/${FUND}/disclosure?year=2026`);
    const page = res.text;
    // Assess: the layout such reports use
    expect(res.status).toBe(200);
    expect(page).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(page).toContain('BÁO CÁO CÔNG KHAI');
    expect(page).toContain('93/2021/NĐ-CP');
    expect(page).toContain('Công an phường Pú Trạng');
    expect(page).toMatch(/id="period"[^>]*>2026</);
    expect(page).toContain('NGƯỜI LẬP BIỂU');
    expect(page).toContain('TRƯỞNG BAN VẬN ĐỘNG');
    expect(page).toMatch(/id="date-place">……………, ngày \d\d tháng \d\d năm \d{4}/);
    // I. income: the business's pledge payment, the household's and the organisation's cash, the
    // anonymous card gift, and the individual's transfer reversed to nothing
    expect(cell(page, 'business', 'transfer')).toBe(2_000_000);
    expect(cell(page, 'household', 'cash')).toBe(1_000_000);
    expect(cell(page, 'organisation', 'cash')).toBe(400_000);
    expect(cell(page, 'individual', 'total')).toBe(0);
    expect(cell(page, 'unknown', 'card')).toBe(2_000_000);
    expect(cell(page, 'total', 'card')).toBe(2_000_000);
    expect(cell(page, 'total', 'transfer')).toBe(2_000_000);
    expect(cell(page, 'total', 'cash')).toBe(1_400_000);
    expect(cell(page, 'total', 'total')).toBe(5_400_000);
    // II. spending by purpose (the card fee included) and by beneficiary
    expect(page).toMatch(/data-category="cameras">[\s\S]*?1\.500\.000/);
    expect(page).toMatch(/data-category="fees">[\s\S]*?60\.000/);
    expect(byId(page, 'by-purpose-total')).toBe(1_560_000);
    expect(page).toMatch(
      /Công ty An Ninh Tây Bắc<\/td><td>Doanh nghiệp<\/td><td class="num">1<\/td><td class="num">1\.500\.000/,
    );
    expect(page).toMatch(/id="without-payee">[\s\S]*?60\.000/);
    // III. balance carried forward ties
    const [opening, received, spent, closing] = ['opening', 'received', 'spent', 'closing'].map(
      (id) => byId(page, id),
    );
    expect([opening, received, spent, closing]).toEqual([0, 5_400_000, 1_560_000, 3_840_000]);
    expect((opening ?? 0) + (received ?? 0) - (spent ?? 0)).toBe(closing);
  });

  it('reports any period, carrying in what came before it', async () => {
    // Act
    const res = await api.call('GET', `/f/${FUND}/disclosure?from=2026-10-01&to=2026-10-31`);
    // Assess: October: the card gift, its fee, the transfer not yet reversed
    expect(res.status).toBe(200);
    expect(byId(res.text, 'opening')).toBe(1_000_000);
    expect(cell(res.text, 'individual', 'transfer')).toBe(3_000_000);
    expect(cell(res.text, 'total', 'total')).toBe(5_000_000);
    expect(byId(res.text, 'spent')).toBe(60_000);
    expect(byId(res.text, 'closing')).toBe(5_940_000);
    expect(res.text).not.toContain('Công ty An Ninh Tây Bắc');
  });

  it('covers last calendar year by default, or the fund’s life when it began this year', async () => {
    // Act
    const res = await api.call('GET', `/f/${FUND}/disclosure`);
    // Assess: the fund opened on 1 January 2026
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/id="period" data-from="2026-01-01"/);
    expect(byId(res.text, 'closing')).toBe(3_840_000);
  });

  it('speaks English with ?lang=en', async () => {
    // Act
    const res = await api.call('GET', `/f/${FUND}/disclosure?year=2026&lang=en`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.text).toContain('PUBLIC DISCLOSURE REPORT');
    expect(res.text).toContain('Businesses');
    expect(res.text).toContain('Balance carried forward');
    expect(res.text).toContain('HEAD OF THE CAMPAIGN COMMITTEE');
  });

  it('answers 400 with what to write for a period it cannot read, and writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    for (const [query, problem] of [
      ['year=1999', 'out_of_range'],
      ['year=26', 'malformed'],
      ['from=2026-12-01&to=2026-01-01', 'from_after_to'],
      ['from=2026-04-31', 'impossible_date'],
    ] as const) {
      // Act
      const res = await api.call('GET', `/f/${FUND}/disclosure?${query}`);
      // Assess
      expect(res.status, query).toBe(400);
      expect(res.text, query).toContain(`data-problem="${problem}"`);
      expect(res.text, query).toContain('Ví dụ');
    }
    expect(await api.snapshot()).toEqual(before);
  });
});
