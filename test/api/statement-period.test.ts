import { getStatement, type PeriodQuery } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { figuresOf, threeMonthsFund } from '../support/three-months.ts';

/**
 * The statement of any period: the opening balance, the period's receipts and spending and the
 * closing balance at the period's end, in Vietnam days; figures that tie, month after month.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let seqs: Awaited<ReturnType<typeof threeMonthsFund>>;
const FUND = 'ba-thang';

const statementOf = async (query: string) => {
  const res = await api.call('GET', `/f/${FUND}/statement?${query}`);
  expect(res.status, query).toBe(200);
  return res;
};

beforeAll(async () => {
  api = await startTestApi();
  seqs = await threeMonthsFund(api, FUND);
}, 120_000);
afterAll(() => api.stop());

describe('statement of a period', () => {
  it('shows opening, receipts, spending and closing that tie, for three months at once', async () => {
    // Act
    const res = await statementOf('from=2026-09-01&to=2026-11-30');
    // Assess: gifts 1M + 2M (card) + 3M + 0.4M + 2M pledge payment − 3M reversed; card fee and cameras
    const f = figuresOf(res.text);
    expect(f).toEqual({
      opening: 0,
      received: 5_400_000,
      spent: 1_560_000,
      closing: 3_840_000,
      pledged: 5_000_000,
    });
    expect(f.opening + f.received - f.spent).toBe(f.closing);
    expect(res.text).toContain('Asia/Ho_Chi_Minh');
  });

  it('carries each month’s closing balance into the next month’s opening', async () => {
    // Act
    const [sep, oct, nov] = await Promise.all(
      ['2026-09', '2026-10', '2026-11'].map(async (m) =>
        figuresOf((await statementOf(`month=${m}`)).text),
      ),
    );
    // Assess
    expect(sep).toMatchObject({ opening: 0, received: 1_000_000, spent: 0, closing: 1_000_000 });
    expect(oct).toMatchObject({
      opening: 1_000_000,
      received: 5_000_000,
      spent: 60_000,
      closing: 5_940_000,
    });
    expect(nov).toMatchObject({
      opening: 5_940_000,
      received: -600_000,
      spent: 1_500_000,
      closing: 3_840_000,
    });
    for (const f of [sep, oct, nov])
      expect((f?.opening ?? 0) + (f?.received ?? 0) - (f?.spent ?? 0)).toBe(f?.closing);
  });

  it('cuts periods at Vietnam midnight, also inside a month', async () => {
    // Act: 31 October 18:00 UTC is already 1 November in Vietnam
    const oct31 = figuresOf((await statementOf('from=2026-10-31&to=2026-10-31')).text);
    const nov1 = await statementOf('from=2026-11-01&to=2026-11-01');
    const cut = figuresOf((await statementOf('from=2026-10-12&to=2026-11-01')).text);
    // Assess
    expect(oct31).toMatchObject({ opening: 5_940_000, received: 0, closing: 5_940_000 });
    expect(figuresOf(nov1.text)).toMatchObject({
      opening: 5_940_000,
      received: 400_000,
      closing: 6_340_000,
    });
    expect(nov1.text).toContain(`id="entry-${seqs.lateOctober}"`);
    expect(cut).toEqual({
      opening: 2_940_000,
      received: 3_400_000,
      spent: 0,
      closing: 6_340_000,
      pledged: 0,
    });
  });

  it('reads only its period: the head, the months it cuts, never the whole journal', async () => {
    // Prepare: a store that counts what each statement reads
    const calls: Record<string, number> = {};
    const store = new Proxy(api.stack.deps.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls[String(name)] = (calls[String(name)] ?? 0) + 1;
          return value.apply(target, args);
        };
      },
    });
    const read = async (query: PeriodQuery) => {
      for (const k of Object.keys(calls)) delete calls[k];
      const s = await getStatement({ store }, FUND, { query, today: '2026-11-23', limit: 40 });
      return { ...calls, rows: s.entries.length };
    };
    // Act
    const month = await read({ month: '2026-10' });
    const cut = await read({ from: '2026-10-12', to: '2026-11-01' });
    const quarter = await read({ from: '2026-09-01', to: '2026-11-30' });
    // Assess: a whole month is one month-index page; a cut period reads its two edge months once
    expect(month).toMatchObject({ getFund: 1, readMonth: 1, rows: 3 });
    expect(cut).toMatchObject({ getFund: 1, readMonth: 2, rows: 2 });
    expect(quarter).toMatchObject({ getFund: 1, readMonth: 3, rows: 9 });
    for (const r of [month, cut, quarter]) expect(r).not.toHaveProperty('readEntries');
  });

  it('gives the same figures as JSON from the report route', async () => {
    // Act
    const res = await api.call('GET', `/funds/${FUND}/report?from=2026-10-12&to=2026-11-01`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.json.period).toEqual({
      from: '2026-10-12',
      to: '2026-11-01',
      kind: 'days',
      opening: 2_940_000,
      received: 3_400_000,
      spent: 0,
      pledged: 0,
      closing: 6_340_000,
    });
  });

  it('lists pledges with their amounts', async () => {
    // Act
    const res = await statementOf('month=2026-11');
    // Assess
    const row =
      new RegExp(`<tr id="entry-${seqs.pledge}">[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(row).toContain('Cửa hàng Minh Phát');
    expect(row).toMatch(/class="num pledged">5\.000\.000\u00a0₫/);
  });

  it('marks a reversed entry "đã điều chỉnh" with a link to its reversal, which names it', async () => {
    // Act: both on one page, then October alone (the reversal is in November)
    const both = await statementOf('from=2026-09-01&to=2026-11-30');
    const october = await statementOf('month=2026-10');
    const november = await statementOf('month=2026-11');
    // Assess
    const rowOf = (text: string, seq: number) =>
      new RegExp(`<tr id="entry-${seq}">[\\s\\S]*?</tr>`).exec(text)?.[0] ?? '';
    expect(rowOf(both.text, seqs.transfer)).toContain('đã điều chỉnh');
    expect(rowOf(both.text, seqs.transfer)).toContain(`href="#entry-${seqs.reversal}"`);
    expect(rowOf(october.text, seqs.transfer)).toContain(
      `href="/f/${FUND}?before=${seqs.reversal + 1}#entry-${seqs.reversal}"`,
    );
    expect(rowOf(november.text, seqs.reversal)).toMatch(
      new RegExp(
        `Đảo bút toán <a href="/f/${FUND}\\?before=${seqs.transfer + 1}#entry-${seqs.transfer}">#${seqs.transfer}</a>`,
      ),
    );
    expect(rowOf(both.text, seqs.card)).not.toContain('đã điều chỉnh');
  });

  it('translates what the system wrote with ?lang=en, and leaves people’s words as written', async () => {
    // Act
    const vi = await statementOf('from=2026-09-01&to=2026-11-30');
    const en = await statementOf('from=2026-09-01&to=2026-11-30&lang=en');
    // Assess
    expect(vi.text).toContain('Phí thanh toán thẻ (Stripe)');
    expect(en.text).toContain('Card payment fee (Stripe)');
    expect(en.text).not.toContain('Phí thanh toán thẻ (Stripe)');
    expect(en.text).toContain('Ghi nhầm: khoản này của quỹ khác');
    expect(en.text).toContain('adjusted');
    expect(en.text).toContain('Opening balance');
  });

  it('answers 400 with what to write for a period it cannot read, and writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    const bad = [
      ['from=2026-11-30&to=2026-11-01', 'from_after_to', 'đổi chỗ'],
      ['from=2026-02-30&to=2026-03-01', 'impossible_date', 'không có trên lịch'],
      ['from=1999-12-01&to=2026-01-01', 'out_of_range', 'từ năm 2000'],
      ['from=2026-01-01&to=2099-01-01', 'out_of_range', 'từ năm 2000'],
      ['from=01/11/2026', 'malformed', 'NĂM-THÁNG-NGÀY'],
      ['month=2026-13', 'impossible_date', 'không có trên lịch'],
      ['month=2026-11&from=2026-11-01', 'ambiguous', 'Chỉ ghi một cách'],
      ['from=2026-10-01&to=2026-11-30&after=x', 'malformed', 'không đọc được'],
    ] as const;
    for (const [query, problem, words] of bad) {
      // Act
      const page = await api.call('GET', `/f/${FUND}/statement?${query}`);
      const json = await api.call(
        'GET',
        `/funds/${FUND}/report?${query.replace('&after=x', '&month=x')}`,
      );
      // Assess
      expect(page.status, query).toBe(400);
      expect(page.text, query).toContain(`data-problem="${problem}"`);
      expect(page.text, query).toContain(words);
      expect(page.headers.get('content-type'), query).toContain('text/html');
      expect(json.status, query).toBe(400);
      expect(json.json.code, query).toBe('invalid_period');
      expect(json.json.message, query).toMatch(/\S/);
    }
    const en = await api.call('GET', `/f/${FUND}/statement?from=2026-02-30&lang=en`);
    expect(en.text).toContain('is not in the calendar');
    expect(await api.snapshot()).toEqual(before);
  });

  it('pages a period that spans months, 40 rows a sheet, figures the same on every page', async () => {
    // Prepare: 45 more gifts in December
    const { recordPayment, staff } = await import('@soquy/ledger');
    const lan = staff({ userId: 'lan', username: 'lan', groups: [`treasurer:${FUND}`] });
    const deps = { ...api.stack.deps, clock: () => new Date('2026-12-20T00:00:00.000Z') };
    for (let i = 0; i < 45; i++) {
      await recordPayment(
        deps,
        FUND,
        {
          method: 'cash',
          amount: 1_000,
          receivedAt: '2026-12-02T03:00:00.000Z',
          donor: { name: `Hộ số ${i}`, kind: 'household', showName: true },
        },
        lan,
        `dec-${i}`,
      );
    }
    // Act
    const first = await statementOf('from=2026-11-15&to=2026-12-31');
    const next = /rel="next" href="([^"]+)"/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    const second = await api.call('GET', next ?? '/missing');
    // Assess: 3 entries of 15–30 Nov + 45 of December = 48 rows over two pages
    const rows = (text: string) => (text.match(/<tr id="entry-/g) ?? []).length;
    expect(next).toMatch(/from=2026-11-15&to=2026-12-31&after=2026-12\.\d+/);
    expect(rows(first.text)).toBe(40);
    expect(second.status).toBe(200);
    expect(rows(second.text)).toBe(8);
    expect(second.text).not.toContain('rel="next"');
    expect(figuresOf(second.text)).toEqual(figuresOf(first.text));
    expect(figuresOf(first.text).received).toBe(2_000_000 - 3_000_000 + 45_000);
  });
});
