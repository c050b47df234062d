import type { SessionEvent } from '@soquy/http';
import { staff, vietnamDate } from '@soquy/ledger';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedInContext } from '../../functions/console/context.ts';
import { csvDownload, csvText } from '../../functions/console/csv.ts';
import { CSV_LIMITS, receiptsCsvPage } from '../../functions/console/pages/csv-exports.ts';
import {
  consoleClient,
  gift,
  openFund,
  recordSpending,
  spendApproved,
  type TestApi,
} from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';
import { threeMonthsFund } from '../support/three-months.ts';

/**
 * CSV downloads of the console's lists: the money received, the spending, the requests waiting
 * for approval and the bank review queue. Files Excel opens with Vietnamese intact (UTF-8 BOM),
 * quoted as RFC 4180 says, and safe from formula injection. The money received and the spending
 * come one period at a time (this year unless asked), bounded in size, never the whole journal.
 */

const BOM = '\uFEFF';

describe('csvDownload', () => {
  it('starts with a BOM, quotes what needs it, ends lines with CRLF and saves as a file', () => {
    // Act
    const res = csvDownload(
      'pu-trang-receipts.csv',
      ['Người nộp', 'Số tiền (đồng)'],
      [
        ['Hiệu vàng "Kim Tín", chợ Mường Lay', 1_500_000],
        ['Dòng một\ndòng hai', 0],
      ],
    );
    // Assess
    const body = res.body as string;
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers?.['content-disposition']).toMatch(
      /^attachment; filename="pu-trang-receipts\.csv"/,
    );
    expect(body.startsWith(BOM)).toBe(true);
    expect(body.slice(1)).toBe(
      'Người nộp,Số tiền (đồng)\r\n"Hiệu vàng ""Kim Tín"", chợ Mường Lay",1500000\r\n"Dòng một\ndòng hai",0\r\n',
    );
    expect(parse(body.slice(1))).toEqual([
      ['Người nộp', 'Số tiền (đồng)'],
      ['Hiệu vàng "Kim Tín", chợ Mường Lay', '1500000'],
      ['Dòng một\ndòng hai', '0'],
    ]);
  });

  it('neutralises cells a spreadsheet would run as formulas, but keeps negative amounts numbers', () => {
    // Act
    const res = csvDownload(
      'x.csv',
      ['a'],
      [['=HYPERLINK("http://evil","bấm")'], ['+1+1'], ['-2+3'], ['@SUM(A1)'], [-250_000]],
    );
    // Assess
    const rows = parse((res.body as string).slice(1)) as string[][];
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil","bấm")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      '-250000',
    ]);
  });

  it('names a file with non-ASCII characters both ways browsers read it', () => {
    const res = csvDownload('sổ quỹ.csv', ['a'], []);
    expect(res.headers?.['content-disposition']).toBe(
      `attachment; filename="s__qu_.csv"; filename*=UTF-8''s%E1%BB%95%20qu%E1%BB%B9.csv`,
    );
  });
});

describe('how much one download may hold', () => {
  it('fits 15,000 typical receipt rows in the 6 MB a Lambda may answer', () => {
    // prepare: a row as a fund's receipts file holds it (a 36-character Cognito user name)
    const row = [
      123_456,
      '19/11/2026',
      'Trả cam kết',
      3_000_000,
      'Hiệu vàng Kim Tín, chợ Mường Lay',
      'PT-7K3Q',
      'Ngân hàng',
      'BL-2026-00123',
      'FT26101500001',
      'Chuyển khoản ủng hộ camera an ninh đầu ngõ xóm 3',
      'a1b2c3d4-e5f6-7890-abcd-ef0123456789',
      '',
      'f'.repeat(64),
    ];
    // act
    const body = csvText(
      ['h'],
      Array.from({ length: CSV_LIMITS.maxRows }, () => row),
    );
    const sent = Buffer.byteLength(JSON.stringify(body));
    // assess: under the page's bound, and the bound under Lambda's 6 MB with room for headers
    expect(CSV_LIMITS.maxRows).toBe(15_000);
    expect(sent).toBeLessThan(CSV_LIMITS.maxBytes);
    expect(CSV_LIMITS.maxBytes + 64 * 1024).toBeLessThan(6 * 1024 * 1024);
  });
});

let api: TestApi;
let web: ReturnType<typeof consoleClient>;
const FUND = 'xuat-csv';
const MONTHS = 'csv-ba-thang';
let seqs: Awaited<ReturnType<typeof threeMonthsFund>>;
/** This year and last, Vietnam time: what the console offers without a period. */
const YEAR = Number(vietnamDate(new Date().toISOString()).slice(0, 4));
let lanToken: string;
let cookie: string;
let monthsCookie: string;

async function download(path: string, session = cookie) {
  const response = await fetch(`${api.stack.url}${path}`, {
    headers: { cookie: session },
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return {
    status: response.status,
    headers: response.headers,
    // The bytes as saved: fetch's text() would drop the BOM Excel needs.
    startsWithBom: bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
    text,
    rows: response.status === 200 ? (parse(text.replace(/^\uFEFF/, '')) as string[][]) : [],
  };
}

describe('the console lists as CSV files', () => {
  beforeAll(async () => {
    api = await startTestApi();
    web = consoleClient(api);
    await openFund(api, FUND);
    lanToken = await api.token(['treasurer'], 'lan', FUND);
    const mai = await api.token(['approver'], 'mai', FUND);
    await gift(api, FUND, lanToken, {
      donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true },
      amount: 3_000_000,
      receivedAt: '2026-11-19T03:00:00Z',
    });
    await spendApproved(api, FUND, lanToken, mai, {
      amount: 1_200_000,
      category: 'cameras',
      payee: { name: 'Công ty TNHH An Ninh Tây Bắc', kind: 'business' },
      purpose: 'Camera ngã ba chợ',
      paidAt: '2026-11-20T03:00:00Z',
    });
    await recordSpending(api, FUND, lanToken, {
      amount: 450_000,
      category: 'installation',
      payee: { name: 'Anh Sơn thợ điện', kind: 'individual' },
      purpose: 'Công lắp đặt',
      paidAt: '2026-11-21T03:00:00Z',
    });
    cookie = await web.signIn(lanToken);
    seqs = await threeMonthsFund(api, MONTHS);
    monthsCookie = await web.signIn(await api.token(['treasurer'], 'lan', MONTHS));
  }, 60_000);
  afterAll(() => api.stop());

  it('links each list from the fund’s console: this year’s and last year’s files, any period by a form', async () => {
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    for (const list of ['receipts', 'spending']) {
      expect(page.text).toContain(
        `href="/console/f/${FUND}/${list}.csv" download="${FUND}-${list}-${YEAR}-01-01-${YEAR}-12-31.csv"`,
      );
      expect(page.text).toContain(
        `href="/console/f/${FUND}/${list}.csv?year=${YEAR - 1}" download="${FUND}-${list}-${YEAR - 1}-01-01-${YEAR - 1}-12-31.csv"`,
      );
    }
    for (const list of ['pending', 'queue'])
      expect(page.text).toContain(
        `href="/console/f/${FUND}/${list}.csv" download="${FUND}-${list}.csv"`,
      );
    expect(page.text).toContain(`<form method="get" action="/console/f/${FUND}/receipts.csv"`);
    expect(page.text).toContain(`formaction="/console/f/${FUND}/spending.csv"`);
    expect(page.text).toMatch(/<input id="csv-from" name="from" type="date"/);
  });

  it('gives this year’s money received with Vietnamese headers, Vietnam dates and whole đồng', async () => {
    const res = await download(`/console/f/${FUND}/receipts.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="xuat-csv-receipts-${YEAR}-01-01-${YEAR}-12-31\\.csv"`),
    );
    expect(res.startsWithBom).toBe(true);
    expect(res.rows[0]?.slice(0, 5)).toEqual([
      'Số thứ tự (seq)',
      'Ngày nhận',
      'Loại',
      'Số tiền (đồng)',
      'Người nộp',
    ]);
    // Without a period the file is this year's (Vietnam time): the same as asking for it.
    expect(res.rows).toEqual((await download(`/console/f/${FUND}/receipts.csv?year=${YEAR}`)).rows);
    const year2026 = await download(`/console/f/${FUND}/receipts.csv?year=2026`);
    expect(year2026.rows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[6]])).toEqual([
      ['19/11/2026', 'Ủng hộ', '3000000', 'Hiệu vàng Kim Tín', 'Ngân hàng'],
    ]);
  });

  it('gives the approved spending and the requests still waiting, in English with ?lang=en', async () => {
    const spending = await download(`/console/f/${FUND}/spending.csv?year=2026`);
    const pending = await download(`/console/f/${FUND}/pending.csv?lang=en`);
    expect(spending.rows.slice(1).map((r) => [r[1], r[2], r[4], r[5]])).toEqual([
      ['20/11/2026', '1200000', 'Công ty TNHH An Ninh Tây Bắc', 'Camera ngã ba chợ'],
    ]);
    expect(pending.rows[0]?.slice(0, 3)).toEqual(['Disbursement id', 'Sent', 'Amount (đồng)']);
    expect(pending.rows.slice(1).map((r) => [r[2], r[4], r[5], r[6], r[9]])).toEqual([
      ['450000', 'Anh Sơn thợ điện', 'Công lắp đặt', '21/11/2026', 'lan'],
    ]);
  });

  it('gives the bank review queue (its header, even when empty)', async () => {
    const res = await download(`/console/f/${FUND}/queue.csv`);
    expect(res.status).toBe(200);
    expect(res.rows).toEqual([
      [
        'Mã giao dịch',
        'Ngân hàng ghi lúc',
        'Chiều',
        'Số tiền (đồng)',
        'Người chuyển / nhận',
        'Tài khoản đối ứng',
        'Nội dung',
        'Lý do chờ',
        'Chờ từ',
      ],
    ]);
  });

  it('gives exactly a period’s rows, each entry on its day in Vietnam time', async () => {
    // act: October by days, November by month, one day of spending
    const october = await download(
      `/console/f/${MONTHS}/receipts.csv?from=2026-10-01&to=2026-10-31`,
      monthsCookie,
    );
    const november = await download(
      `/console/f/${MONTHS}/receipts.csv?month=2026-11`,
      monthsCookie,
    );
    const spending = await download(
      `/console/f/${MONTHS}/spending.csv?from=2026-11-05&to=2026-11-05&lang=en`,
      monthsCookie,
    );
    const september = await download(
      `/console/f/${MONTHS}/spending.csv?month=2026-09`,
      monthsCookie,
    );
    // assess: 31/10 18:00 UTC is 01/11 in Vietnam, so that gift is November's, not October's
    expect(october.status).toBe(200);
    expect(october.headers.get('content-disposition')).toMatch(
      /filename="csv-ba-thang-receipts-2026-10-01-2026-10-31\.csv"/,
    );
    expect(october.rows.slice(1).map((r) => [Number(r[0]), r[1], r[3], r[11]])).toEqual([
      [seqs.card, '10/10/2026', '2000000', ''],
      // reversed on 20/11, outside the period: the file still says by which entry
      [seqs.transfer, '15/10/2026', '3000000', String(seqs.reversal)],
    ]);
    expect(november.rows.slice(1).map((r) => [Number(r[0]), r[1], r[3]])).toEqual([
      [seqs.lateOctober, '01/11/2026', '400000'],
      [seqs.pledgePayment, '20/11/2026', '2000000'],
    ]);
    expect(spending.headers.get('content-disposition')).toMatch(
      /filename="csv-ba-thang-spending-2026-11-05-2026-11-05\.csv"/,
    );
    expect(spending.rows.slice(1).map((r) => [Number(r[0]), r[1], r[2], r[4]])).toEqual([
      [seqs.spending, '05/11/2026', '1500000', 'Công ty An Ninh Tây Bắc'],
    ]);
    expect(september.rows).toHaveLength(1);
  });

  it('answers a period it cannot read with a readable 400 page, in Vietnamese or English', async () => {
    // act
    const impossible = await download(
      `/console/f/${MONTHS}/receipts.csv?from=2026-02-30`,
      monthsCookie,
    );
    const twoWays = await download(
      `/console/f/${MONTHS}/spending.csv?month=2026-11&year=2026&lang=en`,
      monthsCookie,
    );
    // assess: a page saying what is wrong and what to write, with the form to try again
    expect(impossible.status).toBe(400);
    expect(impossible.headers.get('content-type')).toMatch(/^text\/html/);
    expect(impossible.text).toContain('Khoảng thời gian không hợp lệ');
    expect(impossible.text).toContain('2026-02-30 không có trên lịch');
    expect(impossible.text).toContain(
      `<form method="get" action="/console/f/${MONTHS}/receipts.csv"`,
    );
    expect(twoWays.status).toBe(400);
    expect(twoWays.text).toContain('Invalid period');
    expect(twoWays.text).toContain('Choose the period one way only');
    expect(twoWays.text).not.toContain('Anh Sáu');
  });

  it('refuses a period too large for one file with a readable 413 page suggesting a shorter one', async () => {
    // prepare: the page as the console serves it, with bounds small enough for this fund, on
    // the local stack's real store
    const context = (query: Record<string, string>, lang: 'vi' | 'en' = 'vi') =>
      ({
        event: {
          actor: staff({ userId: 'lan', username: 'lan', groups: [`treasurer:${MONTHS}`] }),
          rawPath: `/console/f/${MONTHS}/receipts.csv`,
          queryStringParameters: query,
        } as unknown as SessionEvent,
        lang,
        deps: api.stack.deps,
        params: [MONTHS],
      }) as unknown as SignedInContext;
    const rows = receiptsCsvPage({ ...CSV_LIMITS, maxRows: 1 });
    const reads = receiptsCsvPage({ ...CSV_LIMITS, maxRead: 2 });
    const bytes = receiptsCsvPage({ ...CSV_LIMITS, maxBytes: 300 });
    // act: October holds two receipts (and a card fee: three entries read)
    const tooManyRows = await rows(context({ month: '2026-10' }));
    const tooManyReads = await reads(context({ month: '2026-10' }, 'en'));
    const tooManyBytes = await bytes(context({ month: '2026-10' }));
    const oneDay = await rows(context({ from: '2026-10-10', to: '2026-10-10' }));
    // assess
    expect(tooManyRows.statusCode).toBe(413);
    expect(tooManyRows.headers?.['content-type']).toMatch(/^text\/html/);
    expect(tooManyRows.body).toContain(
      'Từ 01/10/2026 đến 31/10/2026 có hơn 1 dòng, quá nhiều cho một tệp. Hãy chọn khoảng ngắn hơn',
    );
    // the form suggests a shorter period: the month's first ten days
    expect(tooManyRows.body).toContain('id="csv-from" name="from" type="date" value="2026-10-01"');
    expect(tooManyRows.body).toContain('id="csv-to" name="to" type="date" value="2026-10-10"');
    expect(tooManyReads.statusCode).toBe(413);
    expect(tooManyReads.body).toContain('holds more than 2 journal entries to read');
    expect(tooManyBytes.statusCode).toBe(413);
    expect(tooManyBytes.body).toContain('data-what="bytes"');
    expect(oneDay.statusCode).toBe(200);
    expect(oneDay.body).toContain('2000000');
  });

  it('gives nothing to staff of another fund, nor to anyone signed out', async () => {
    const other = await web.signIn(await api.token(['treasurer'], 'hung', 'quy-khac'));
    for (const list of ['receipts', 'spending', 'pending', 'queue']) {
      const theirs = await download(`/console/f/${FUND}/${list}.csv`, other);
      const nobody = await download(`/console/f/${FUND}/${list}.csv`, '');
      expect([theirs.status, nobody.status]).toEqual([303, 303]);
      expect(theirs.text).not.toContain('Kim Tín');
      expect(nobody.text).not.toContain('Kim Tín');
    }
  });
});
