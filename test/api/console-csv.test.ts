import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvDownload } from '../../functions/console/csv.ts';
import {
  consoleClient,
  gift,
  openFund,
  recordSpending,
  spendApproved,
  type TestApi,
} from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * CSV downloads of the console's lists: the money received, the spending, the requests waiting
 * for approval and the bank review queue. Files Excel opens with Vietnamese intact (UTF-8 BOM),
 * quoted as RFC 4180 says, and safe from formula injection.
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

let api: TestApi;
let web: ReturnType<typeof consoleClient>;
const FUND = 'xuat-csv';
let lanToken: string;
let cookie: string;

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
  }, 60_000);
  afterAll(() => api.stop());

  it('links each list from the fund’s console as a download', async () => {
    const page = await web.send('GET', `/console/f/${FUND}`, { cookie });
    for (const list of ['receipts', 'spending', 'pending', 'queue'])
      expect(page.text).toContain(
        `href="/console/f/${FUND}/${list}.csv" download="${FUND}-${list}.csv"`,
      );
  });

  it('gives the money received with Vietnamese headers, Vietnam dates and whole đồng', async () => {
    const res = await download(`/console/f/${FUND}/receipts.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="xuat-csv-receipts\.csv"/,
    );
    expect(res.startsWithBom).toBe(true);
    expect(res.rows[0]?.slice(0, 5)).toEqual([
      'Số thứ tự (seq)',
      'Ngày nhận',
      'Loại',
      'Số tiền (đồng)',
      'Người nộp',
    ]);
    expect(res.rows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[6]])).toEqual([
      ['19/11/2026', 'Ủng hộ', '3000000', 'Hiệu vàng Kim Tín', 'Ngân hàng'],
    ]);
  });

  it('gives the approved spending and the requests still waiting, in English with ?lang=en', async () => {
    const spending = await download(`/console/f/${FUND}/spending.csv`);
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
