import { createHash, randomUUID } from 'node:crypto';
import { type SampleLine, writeStatement } from '@soquy/bank/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { idem, openFund, type TestApi } from './helpers.ts';

/**
 * The public fund page tells anyone whether the bank and the journal agree: "khớp đến" the
 * statement's last day, or the difference and the lines behind it, and money out that nothing
 * explains. It never shows what is private in a bank line: the memo, the sender's name and
 * account number, the bank's reference.
 */
const ACCOUNT = '1234567890';
const TIED = 'doi-soat-khop';
const OFF = 'doi-soat-lech';
const NONE = 'doi-soat-chua';
/** Private details, distinctive and free of characters HTML would escape. */
const MEMO = `CHUYEN KHOAN RIENG ${randomUUID().slice(0, 8).toUpperCase()}`;
const OUT_MEMO = `THANH TOAN KHAC ${randomUUID().slice(0, 8).toUpperCase()}`;
const NAME = 'TRAN THI BI MAT';
const COUNTERPART_ACCOUNT = '0071000987654';
const REF_IN = 'FT26324123456789';
const REF_OUT = 'FT26325987654321';

let api: TestApi;

const daysAgo = (days: number) => {
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCHours(3, 0, 0, 0);
  return at.toISOString();
};
const dayOf = (instant: string) =>
  new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
const ddmmyyyy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** Uploads a statement the way the API does (declare, PUT), and waits for its import. */
async function importStatement(fundId: string, lines: SampleLine[]) {
  const treasurer = await api.token(['treasurer'], 'lan', fundId);
  const bytes = await writeStatement('acb', 'xlsx', {
    account: ACCOUNT,
    from: dayOf(lines[0]?.bookedAt as string),
    to: dayOf(lines.at(-1)?.bookedAt as string),
    openingBalance: 0,
    lines,
  });
  const declared = await api.call('POST', `/funds/${fundId}/statements`, {
    token: treasurer,
    body: {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      fileName: 'saoke.xlsx',
    },
  });
  expect(declared.status).toBe(201);
  const put = await fetch(declared.json.upload.url, {
    method: 'PUT',
    headers: declared.json.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  await api.stack.importsIdle();
  const done = await api.call('GET', `/statements/${declared.json.statementId}`, {
    token: treasurer,
  });
  expect(done.json.status).toBe('done');
  return done.json;
}

const page = async (fundId: string, query = '') => {
  const res = await fetch(`${api.stack.url}/f/${fundId}${query}`);
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  api = await startTestApi();
  for (const id of [TIED, OFF, NONE]) await openFund(api, id);
  // The tied fund: one transfer paying a pledge by its reference, booked by the import.
  const pledge = await api.call('POST', `/funds/${TIED}/pledges`, {
    headers: idem(),
    body: {
      donor: { name: 'Hộ bà Vàng Thị Dua', kind: 'household', showName: true },
      amount: 500_000,
      method: 'transfer',
    },
  });
  expect(pledge.status).toBe(201);
  await importStatement(TIED, [
    {
      bookedAt: daysAgo(2),
      direction: 'in',
      amount: 500_000,
      memo: `UNG HO ${pledge.json.reference}`,
      ref: 'FT26320111111111',
    },
  ]);
  // The other: a gift no pledge names, and money out no spending explains; both wait.
  await importStatement(OFF, [
    {
      bookedAt: daysAgo(3),
      direction: 'in',
      amount: 700_000,
      memo: MEMO,
      ref: REF_IN,
      counterpart: { name: NAME, account: COUNTERPART_ACCOUNT },
    },
    {
      bookedAt: daysAgo(2),
      direction: 'out',
      amount: 250_000,
      memo: OUT_MEMO,
      ref: REF_OUT,
      counterpart: { name: NAME, account: COUNTERPART_ACCOUNT },
    },
  ]);
});
afterAll(async () => {
  await api?.stop();
});

describe('the public page shows the bank reconciliation', () => {
  it('says "khớp đến" the statement’s last day when the bank and the journal agree', async () => {
    const html = await page(TIED);
    expect(html).toContain('id="bank"');
    expect(html).toContain(`Đối soát ngân hàng: khớp đến ${ddmmyyyy(dayOf(daysAgo(2)))}`);
    expect(html).not.toContain('Chênh lệch');
    expect(html).not.toContain('đang chờ xử lý');
    expect(await page(TIED, '?lang=en')).toContain(
      `Bank reconciliation: matches up to ${ddmmyyyy(dayOf(daysAgo(2)))}`,
    );
  });

  it('shows the difference, the lines waiting behind it and the unexplained money out', async () => {
    const html = await page(OFF);
    // The bank holds 450.000 ₫ the journal has not booked.
    expect(html).toContain(
      `Chênh lệch 450.000\u00a0₫ so với sao kê đến ${ddmmyyyy(dayOf(daysAgo(2)))}`,
    );
    expect(html).toMatch(/2 giao dịch đang chờ xử lý, lâu nhất từ \d{2}\/\d{2}\/\d{4}/);
    const waiting = html.slice(html.indexOf('id="bank-waiting-lines"'));
    expect(waiting).toContain('700.000\u00a0₫');
    expect(waiting).toContain('Nội dung không có mã cam kết');
    expect(waiting).toContain(`${ddmmyyyy(dayOf(daysAgo(3)))} · vào`);
    const unexplained = html.slice(html.indexOf('id="bank-unexplained"'));
    expect(html).toContain('Tiền ra chưa giải trình');
    expect(unexplained).toContain('250.000\u00a0₫');
    expect(unexplained).toContain(`${ddmmyyyy(dayOf(daysAgo(2)))} · ra`);
  });

  it('never shows a memo, a counterpart’s name or account, nor a bank reference', async () => {
    for (const html of [await page(OFF), await page(OFF, '?lang=en')]) {
      for (const secret of [MEMO, OUT_MEMO, NAME, COUNTERPART_ACCOUNT, REF_IN, REF_OUT]) {
        expect(html).not.toContain(secret);
      }
    }
  });

  it('has no bank section for a fund with no statement and nothing waiting', async () => {
    const html = await page(NONE);
    expect(html).not.toContain('id="bank"');
    expect(html).not.toContain('Đối soát ngân hàng');
  });
});
