import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The fund page of a big fund (issue 13, items 14, 8 and 16): every entry reachable by paging,
 * search by reference, name or amount, filters by kind and month, reversals linked both ways,
 * system memos in English with ?lang=en, and bad values refused with a readable 400.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let lan: string;
const FUND = 'pu-trang';
const GIFTS = 45;
const SECRET_NAME = 'Trần Văn Kín Đáo';
let reversedSeq: number;
let reversalSeq: number;
let secretSeq: number;

const idem = () => ({ 'idempotency-key': randomUUID() });
const journal = async () =>
  (await api.call('GET', `/funds/${FUND}/ledger?limit=1000`)).json.entries as any[];
const page = async (query: string) => api.call('GET', `/f/${FUND}${query}`);
/** The seqs the journal section lists, in page order. */
const seqsOn = (text: string) =>
  [...text.slice(text.indexOf('id="journal"')).matchAll(/<li id="entry-(\d+)"/g)].map((m) =>
    Number(m[1]),
  );
/** The journal section's links, by rel (prev/next), decoded. */
const linkOf = (text: string, rel: string) => {
  const m = new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(text);
  return m ? (m[1] as string).replaceAll('&amp;', '&').replace(/#.*$/, '') : undefined;
};

async function gift(i: number, receivedAt: string, name = `Hộ kinh doanh số ${i}`) {
  const res = await api.call('POST', `/funds/${FUND}/payments`, {
    token: lan,
    headers: idem(),
    body: {
      donor: { name, kind: 'household', showName: name !== SECRET_NAME },
      amount: 100_000 + i * 1_000,
      method: 'cash',
      receivedAt,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
  lan = await api.token(['treasurer'], 'lan', FUND);
  for (let i = 1; i <= GIFTS; i++) {
    const day = String((i % 20) + 1).padStart(2, '0');
    await gift(i, i <= 20 ? `2026-10-${day}T03:00:00Z` : `2026-11-${day}T03:00:00Z`);
  }
  await gift(99, '2026-11-02T03:00:00Z', SECRET_NAME);
  const transfer = await api.call('POST', `/funds/${FUND}/transfers`, {
    token: lan,
    headers: idem(),
    body: { direction: 'cash-to-bank', amount: 1_000_000, occurredAt: '2026-11-03T03:00:00Z' },
  });
  expect(transfer.status).toBe(201);
  const entries = await journal();
  secretSeq = entries.find((e) => e.donor?.displayName === 'Ẩn danh')?.seq;
  // The reversal lands more than a page after the gift it reverses.
  reversedSeq = entries.find((e) => e.donor?.displayName === 'Hộ kinh doanh số 3')?.seq;
  const reversal = await api.call('POST', `/funds/${FUND}/reversals`, {
    token: lan,
    body: { seq: reversedSeq, reason: 'Ghi trùng với phiếu thu khác' },
  });
  expect(reversal.status).toBe(201);
  reversalSeq = reversal.json.entry.seq;
}, 120_000);
afterAll(() => api.stop());

describe('paging through every entry', () => {
  it('reaches every entry once, newest first, by following the "older" links', async () => {
    // Prepare
    const all = (await journal()).map((e) => e.seq);
    // Act
    const seen: number[] = [];
    let next: string | undefined = '';
    let pages = 0;
    while (next !== undefined && pages < 10) {
      const res = await page(next);
      expect(res.status).toBe(200);
      seen.push(...seqsOn(res.text));
      next = linkOf(res.text, 'next')?.replace(`/f/${FUND}`, '');
      pages++;
    }
    // Assess
    expect(all.length).toBeGreaterThan(40);
    expect(pages).toBe(Math.ceil(all.length / 20));
    expect(seen).toEqual([...all].reverse());
  });

  it('opens page 2 by number and links back to the newer page', async () => {
    // Act
    const res = await page('?page=2');
    // Assess
    const head = (await journal()).length;
    expect(seqsOn(res.text)).toEqual(Array.from({ length: 20 }, (_, i) => head - 20 - i));
    expect(linkOf(res.text, 'prev')).toBe(`/f/${FUND}?before=${head + 1}`);
  });
});

describe('search and filters', () => {
  it('finds an entry by its amount however it is typed', async () => {
    // Prepare
    const target = (await journal()).find((e) => e.donor?.displayName === 'Hộ kinh doanh số 7');
    for (const typed of ['107.000', '107000', '107 000', '107.000 đ']) {
      // Act
      const res = await page(`?q=${encodeURIComponent(typed)}`);
      // Assess
      expect(seqsOn(res.text)).toEqual([target.seq]);
    }
  });

  it('finds a donor by part of the public name, without accents or case', async () => {
    // Act
    const res = await page(`?q=${encodeURIComponent('ho kinh doanh so 4')}`);
    // Assess: "số 4" and "số 40"–"số 45", newest first
    const names = [...res.text.matchAll(/<p class="who">([^<]+)<\/p>/g)].map((m) => m[1]);
    expect(names).toEqual([
      'Hộ kinh doanh số 45',
      'Hộ kinh doanh số 44',
      'Hộ kinh doanh số 43',
      'Hộ kinh doanh số 42',
      'Hộ kinh doanh số 41',
      'Hộ kinh doanh số 40',
      'Hộ kinh doanh số 4',
    ]);
  });

  it('never finds an anonymous donor by the real name, nor shows it', async () => {
    // Act
    const byName = await page(`?q=${encodeURIComponent('Kín Đáo')}`);
    const byAmount = await page('?q=199000');
    // Assess
    expect(byName.text).toContain('id="not-found"');
    expect(byName.text).not.toContain('Trần Văn');
    expect(seqsOn(byAmount.text)).toEqual([secretSeq]);
    expect(byAmount.text).not.toContain('Kín Đáo');
  });

  it('filters by kind, and by month in journal order', async () => {
    // Act
    const transfers = await page('?kind=transfer');
    const october = await page('?month=2026-10&kind=payment');
    const octoberGifts = await page('?month=2026-10&kind=donation');
    // Assess
    const entries = await journal();
    const transferSeqs = entries.filter((e) => e.kind === 'transfer').map((e) => e.seq);
    expect(seqsOn(transfers.text)).toEqual(transferSeqs.reverse());
    expect(october.text).toContain('id="not-found"');
    // Twenty October gifts fill the page exactly.
    const inOctober = entries.filter((e) => e.kind === 'donation' && e.seq <= 20).map((e) => e.seq);
    expect(seqsOn(octoberGifts.text)).toEqual(inOctober);
    expect(octoberGifts.text).toContain('Tháng 10/2026, theo thứ tự ghi sổ.');
  });

  it('gives the API the same view as JSON', async () => {
    // Act
    const res = await api.call('GET', `/funds/${FUND}/ledger?kind=transfer`);
    const byAmount = await api.call('GET', `/funds/${FUND}/ledger?q=1.007.000`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.json.entries.map((e: any) => e.kind)).toEqual(['transfer']);
    expect(byAmount.json.entries).toHaveLength(0);
    expect(res.json.scanned).toBeLessThanOrEqual(2000);
  });
});

describe('reversals', () => {
  it('links the original and its reversal both ways, across pages', async () => {
    // Act
    const original = await page(`?before=${reversedSeq + 1}`);
    const reversal = await page(`?before=${reversalSeq + 1}`);
    // Assess
    const item = (text: string, seq: number) =>
      text.slice(
        text.indexOf(`<li id="entry-${seq}"`),
        text.indexOf('</li>', text.indexOf(`<li id="entry-${seq}"`)),
      );
    const originalItem = item(original.text, reversedSeq);
    expect(originalItem).toContain('đã điều chỉnh');
    expect(originalItem).toContain(
      `href="/f/${FUND}?before=${reversalSeq + 1}#entry-${reversalSeq}"`,
    );
    const reversalItem = item(reversal.text, reversalSeq);
    expect(reversalItem).toContain(
      `Đảo bút toán <a href="/f/${FUND}?before=${reversedSeq + 1}#entry-${reversedSeq}">#${reversedSeq}</a>`,
    );
    const json = await api.call('GET', `/funds/${FUND}/ledger?before=${reversedSeq + 1}`);
    expect(json.json.reversedBy[reversedSeq]).toEqual([reversalSeq]);
  });
});

describe('?lang=en', () => {
  it('translates what the system wrote and keeps what people wrote', async () => {
    // Act
    const en = await page('?lang=en&kind=transfer');
    const vi = await page('?kind=transfer');
    const reversal = await page(`?lang=en&kind=reversal`);
    // Assess
    expect(en.text).toContain('Cash paid into the bank account');
    expect(en.text).not.toContain('Nộp tiền mặt vào tài khoản');
    expect(vi.text).toContain('Nộp tiền mặt vào tài khoản');
    expect(reversal.text).toContain('Ghi trùng với phiếu thu khác');
    expect(reversal.text).toContain(
      `Reverses entry <a href="/f/${FUND}?before=${reversedSeq + 1}&amp;lang=en#entry-${reversedSeq}">`,
    );
  });
});

describe('bad values', () => {
  it.each([
    ['?page=-1', 'invalid_page', 'không hợp lệ. Dùng một số nguyên từ 1 trở lên'],
    ['?page=abc', 'invalid_page', 'không hợp lệ. Dùng một số nguyên từ 1 trở lên'],
    ['?month=2026-13', 'invalid_month', 'Viết tháng dạng NNNN-TT'],
    ['?kind=foo', 'invalid_kind', 'Chọn một loại trong danh sách'],
    [`?q=${'a'.repeat(500)}`, 'query_too_long', 'quá dài (500 ký tự)'],
    ['?before=0', 'invalid_cursor', 'Dùng các liên kết trang của sổ quỹ'],
    ['?month=2026-10&before=5', 'invalid_cursor', 'Không thể vừa chọn tháng'],
  ])('%s is a readable 400 page and a JSON 400, writing nothing', async (query, code, text) => {
    // Prepare
    const before = await api.snapshot();
    // Act
    const html = await page(query);
    const english = await page(`${query}&lang=en`);
    const json = await api.call('GET', `/funds/${FUND}/ledger${query}`);
    // Assess
    expect(html.status).toBe(400);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain(text);
    expect(english.status).toBe(400);
    expect(english.text).toMatch(/is not valid|There is no kind|too long|cannot be combined/);
    expect(json.status).toBe(400);
    expect(json.json).toMatchObject({ code });
    expect(json.json.message).toContain(text);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('reversals in the exports', () => {
  it('names the reversal in the CSV and hledger files, and marks the original adjusted', async () => {
    // Act
    const csv = await api.exportOf(FUND, 'csv');
    const hledger = await api.exportOf(FUND, 'journal');
    // Assess
    const rows = csv.parts.flatMap((p) =>
      p.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    );
    const header = (rows[0] as string).split(',');
    const cell = (seq: number, column: string) => {
      const row = rows.find((r) => r.startsWith(`${seq},`)) as string;
      // The last three columns hold no commas: read them from the end.
      const cells = row.split(',');
      return cells[cells.length - (header.length - header.indexOf(column))];
    };
    expect(header.slice(-3)).toEqual(['reverses', 'reversed_by', 'status']);
    expect(cell(reversedSeq, 'status')).toBe('adjusted');
    expect(cell(reversedSeq, 'reversed_by')).toBe(String(reversalSeq));
    expect(cell(reversalSeq, 'reverses')).toBe(String(reversedSeq));
    expect(cell(reversalSeq, 'status')).toBe('reversal');
    const text = hledger.parts.map((p) => p.text).join('\n');
    expect(text).toContain(`đã điều chỉnh bởi #${reversalSeq}`);
    expect(text).toContain(`reversed_by:${reversalSeq}, status:adjusted`);
    expect(text).toContain(`đảo bút toán #${reversedSeq}`);
    expect(text).toContain(`reverses:${reversedSeq}`);
  });
});
