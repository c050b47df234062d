import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MalformedStatementError,
  StatementBalanceError,
  UnrecognisedStatementError,
} from '../src/errors.ts';
import { type SampleLine, writeLargeXlsx } from '../src/samples/index.ts';
import {
  type OpenStatement,
  readStatementLines,
  type StatementBank,
  type StatementFormat,
  type StatementLine,
  SUPPORTED_LAYOUTS,
  scanStatement,
} from '../src/statements/index.ts';
import { parseAmount, parseDateCell } from '../src/statements/text.ts';
import { FIXTURE_STATEMENT } from './fixtures/statement-data.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const openFixture =
  (name: string): OpenStatement =>
  () =>
    createReadStream(join(fixtures, name));
const openBytes =
  (bytes: Uint8Array | string): OpenStatement =>
  () =>
    (async function* () {
      yield typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    })();

async function allLines(open: OpenStatement, options?: { from?: number; chunkSize?: number }) {
  const chunks: StatementLine[][] = [];
  for await (const chunk of readStatementLines(open, options)) chunks.push(chunk);
  return { chunks, lines: chunks.flat() };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string; details: any };
  }
  throw new Error('expected the statement to be refused');
}

const FIXTURE_SUMMARY = {
  account: '4300201009999',
  from: '2024-09-09',
  to: '2024-09-10',
  openingBalance: 12_500_000,
  closingBalance: 17_289_000,
  lines: 8,
  creditLines: 6,
  debitLines: 2,
  credits: 7_150_000,
  debits: 2_361_000,
};

/** How precisely each layout writes the time, and which columns it has. */
interface LayoutTraits {
  file: string;
  bank: StatementBank;
  format: StatementFormat;
  time: 'day' | 'minute' | 'second';
  balance: boolean;
  counterpart: ('name' | 'account' | 'bank')[];
  firstRow: number;
}

const LAYOUTS: LayoutTraits[] = [
  {
    file: 'vietcombank.xlsx',
    bank: 'vietcombank',
    format: 'xlsx',
    time: 'day',
    balance: false,
    counterpart: [],
    firstRow: 11,
  },
  {
    file: 'vietcombank-html.xls',
    bank: 'vietcombank',
    format: 'html',
    time: 'day',
    balance: false,
    counterpart: [],
    firstRow: 11,
  },
  {
    file: 'bidv.xlsx',
    bank: 'bidv',
    format: 'xlsx',
    time: 'second',
    balance: true,
    counterpart: [],
    firstRow: 9,
  },
  {
    file: 'bidv-html.xls',
    bank: 'bidv',
    format: 'html',
    time: 'second',
    balance: true,
    counterpart: [],
    firstRow: 9,
  },
  {
    file: 'vietinbank.xlsx',
    bank: 'vietinbank',
    format: 'xlsx',
    time: 'second',
    balance: true,
    counterpart: ['name', 'account'],
    firstRow: 8,
  },
  {
    file: 'agribank.xlsx',
    bank: 'agribank',
    format: 'xlsx',
    time: 'second',
    balance: true,
    counterpart: [],
    firstRow: 8,
  },
  {
    file: 'agribank.xls',
    bank: 'agribank',
    format: 'xls',
    time: 'second',
    balance: true,
    counterpart: [],
    firstRow: 8,
  },
  {
    file: 'mb.xlsx',
    bank: 'mb',
    format: 'xlsx',
    time: 'minute',
    balance: true,
    counterpart: [],
    firstRow: 9,
  },
  {
    file: 'mb.xls',
    bank: 'mb',
    format: 'xls',
    time: 'minute',
    balance: true,
    counterpart: [],
    firstRow: 9,
  },
  {
    file: 'acb.xlsx',
    bank: 'acb',
    format: 'xlsx',
    time: 'second',
    balance: true,
    counterpart: ['name', 'account'],
    firstRow: 9,
  },
  {
    file: 'techcombank.xlsx',
    bank: 'techcombank',
    format: 'xlsx',
    time: 'day',
    balance: true,
    counterpart: ['name', 'bank'],
    firstRow: 12,
  },
  {
    file: 'soquy.csv',
    bank: 'csv',
    format: 'csv',
    time: 'second',
    balance: true,
    counterpart: ['name', 'account'],
    firstRow: 8,
  },
  {
    file: 'soquy-bom.csv',
    bank: 'csv',
    format: 'csv',
    time: 'second',
    balance: true,
    counterpart: ['name', 'account'],
    firstRow: 8,
  },
];

/** What a line of FIXTURE_STATEMENT must read as, in a layout with these traits. */
function expectedLines(traits: LayoutTraits): StatementLine[] {
  let balance = FIXTURE_STATEMENT.openingBalance;
  return FIXTURE_STATEMENT.lines.map((line: SampleLine, index) => {
    balance += line.direction === 'in' ? line.amount : -line.amount;
    const vietnam = new Date(Date.parse(line.bookedAt) + 7 * 3600_000);
    if (traits.time === 'day') vietnam.setUTCHours(0, 0, 0, 0);
    if (traits.time === 'minute') vietnam.setUTCSeconds(0, 0);
    const expected: StatementLine = {
      channel: 'statement',
      accountNumber: '4300201009999',
      index,
      row: traits.firstRow + index,
      direction: line.direction,
      amount: line.amount,
      bookedAt: new Date(vietnam.getTime() - 7 * 3600_000).toISOString(),
      memo: line.memo,
      refs: line.ref ? [line.ref] : [],
    };
    if (traits.balance) expected.balanceAfter = balance;
    const counterpart = Object.fromEntries(
      traits.counterpart
        .map((field) => [field, line.counterpart?.[field]] as const)
        .filter(([, value]) => value !== undefined),
    );
    if (Object.keys(counterpart).length > 0) expected.counterpart = counterpart;
    return expected;
  });
}

describe.each(LAYOUTS)('$file', (traits) => {
  it('sums the statement up', async () => {
    expect(await scanStatement(openFixture(traits.file))).toEqual({
      bank: traits.bank,
      format: traits.format,
      ...FIXTURE_SUMMARY,
    });
  });

  it('reads every line exactly', async () => {
    const { lines } = await allLines(openFixture(traits.file));
    expect(lines).toEqual(expectedLines(traits));
  });
});

describe('lines spelled out', () => {
  it('Vietcombank: a date without time is midnight in Vietnam, the reference kept', async () => {
    const { lines } = await allLines(openFixture('vietcombank.xlsx'));
    expect(lines[0]).toEqual({
      channel: 'statement',
      accountNumber: '4300201009999',
      index: 0,
      row: 11,
      direction: 'in',
      amount: 500_000,
      bookedAt: '2024-09-08T17:00:00.000Z',
      memo: 'MBVCB.3278614421.UNG HO QUY AN NINH SQ7K2QXA.CT tu 0123456789 NGUYEN VAN A toi 4300201009999',
      refs: ['5213.45946'],
    });
    expect(lines[7]).toMatchObject({ refs: [], amount: 150_000, row: 18 });
  });

  it('BIDV: 23:55:31 Vietnam time on 9 September is 16:55:31 UTC', async () => {
    const { lines } = await allLines(openFixture('bidv.xlsx'));
    expect(lines[4]).toMatchObject({
      row: 13,
      direction: 'in',
      amount: 300_000,
      bookedAt: '2024-09-09T16:55:31.000Z',
      memo: '0123456789 PHAM THI D UNG HO QUY AN NINH; thoi gian GD:09092024 23:55:31',
      refs: ['FT24254000000123'],
      balanceAfter: 12_150_000,
    });
  });

  it('ACB: money out comes before money in, counterpart split from "Tên/Số TK đối ứng"', async () => {
    const { lines } = await allLines(openFixture('acb.xlsx'));
    expect(lines[1]).toMatchObject({
      direction: 'in',
      amount: 1_000_000,
      counterpart: { name: 'TRAN THI B', account: '109882673***' },
      balanceAfter: 14_000_000,
    });
    expect(lines[2]).toMatchObject({
      direction: 'out',
      amount: 2_350_000,
      balanceAfter: 11_650_000,
    });
  });

  it('Techcombank: values found in any cell of a merged group; two-row header', async () => {
    const { lines } = await allLines(openFixture('techcombank.xlsx'));
    expect(lines[1]).toMatchObject({
      memo: '970422.090924.094011.SOQUY PT7K2Q ung ho ba con vung lu',
      counterpart: { name: 'TRAN THI B', bank: 'MB' },
      refs: ['FT24253401234567'],
      amount: 1_000_000,
      direction: 'in',
    });
  });

  it('VietinBank: masked counterpart accounts kept as given', async () => {
    const { lines } = await allLines(openFixture('vietinbank.xlsx'));
    expect(lines[1]?.counterpart).toEqual({ name: 'TRAN THI B', account: '109882673***' });
  });
});

describe('hand-written files (not made by our writers)', () => {
  it('an HTML table saved as .xls, with entities, <br> and colspan', async () => {
    const open = openFixture('handwritten-vietcombank.xls');
    expect(await scanStatement(open)).toEqual({
      bank: 'vietcombank',
      format: 'html',
      account: '0071000123456',
      from: '2024-09-01',
      to: '2024-09-02',
      openingBalance: 2_000_000,
      closingBalance: 3_350_000,
      lines: 3,
      creditLines: 2,
      debitLines: 1,
      credits: 1_550_000,
      debits: 200_000,
    });
    const { lines } = await allLines(open);
    expect(lines).toEqual([
      {
        channel: 'statement',
        accountNumber: '0071000123456',
        index: 0,
        row: 10,
        direction: 'in',
        amount: 1_500_000,
        bookedAt: '2024-09-01T00:05:12.000Z',
        memo: 'MBVCB.3278614421.UNG HO QUY AN NINH SQ7K2QXA.CT tu 0123456789 NGUYEN VAN A toi 0071000123456',
        refs: ['5213.45946'],
        balanceAfter: 3_500_000,
      },
      {
        channel: 'statement',
        accountNumber: '0071000123456',
        index: 1,
        row: 11,
        direction: 'out',
        amount: 200_000,
        bookedAt: '2024-09-01T05:30:00.000Z',
        memo: 'Chi bồi dưỡng tuần tra & canh gác <tháng 9>',
        refs: ['5213.46001'],
        balanceAfter: 3_300_000,
      },
      {
        channel: 'statement',
        accountNumber: '0071000123456',
        index: 2,
        row: 12,
        direction: 'in',
        amount: 50_000,
        bookedAt: '2024-09-01T17:00:00.000Z',
        memo: 'Ung ho ủng hộ quy',
        refs: [],
        balanceAfter: 3_350_000,
      },
    ]);
  });

  it('a ";" CSV with a BOM, Vietnamese captions and one signed amount column', async () => {
    const open = openFixture('handwritten-soquy-bom.csv');
    expect(await scanStatement(open)).toEqual({
      bank: 'csv',
      format: 'csv',
      account: '970422901234',
      from: '2024-09-03',
      to: '2024-09-05',
      openingBalance: 1_000_000,
      closingBalance: 1_305_000,
      lines: 4,
      creditLines: 2,
      debitLines: 2,
      credits: 550_000,
      debits: 245_000,
    });
    const { lines } = await allLines(open);
    expect(
      lines.map((line) => [line.row, line.direction, line.amount, line.memo, line.refs]),
    ).toEqual([
      [6, 'in', 500_000, 'Ung ho quy; dot 1', ['FT24247000000001']],
      [7, 'out', 120_000, 'Mua nuoc uong cho doi tuan tra', []],
      [8, 'out', 125_000, 'SOQUY PT7K2Q "ung ho"', ['FT24248050867737']],
      [9, 'in', 50_000, 'UNG HO QUY AN NINH', ['FT24249000000002']],
    ]);
    expect(lines[0]).toMatchObject({
      bookedAt: '2024-09-03T01:00:00.000Z',
      counterpart: { name: 'NGUYEN VAN E' },
    });
    expect(lines[0]).not.toHaveProperty('balanceAfter');
    expect(lines[1]).not.toHaveProperty('counterpart');
  });

  it('a newest-first statement is checked in its own order', async () => {
    const csv = [
      'Account,0123456789',
      'Date,Description,Amount,Balance',
      '2024-09-10 10:00:00,third,-30000,170000',
      '2024-09-10 09:00:00,second,100000,200000',
      '2024-09-09 08:00:00,first,50000,100000',
    ].join('\n');
    expect(await scanStatement(openBytes(csv))).toMatchObject({
      openingBalance: 50_000,
      closingBalance: 170_000,
      from: '2024-09-09',
      to: '2024-09-10',
      lines: 3,
    });
  });
});

describe('readStatementLines', () => {
  it('starts at `from` and hands chunks of `chunkSize`', async () => {
    const all = (await allLines(openFixture('bidv.xlsx'))).lines;
    const { chunks, lines } = await allLines(openFixture('bidv.xlsx'), { from: 3, chunkSize: 2 });
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 2, 1]);
    expect(lines).toEqual(all.slice(3));
    expect(lines.map((line) => line.index)).toEqual([3, 4, 5, 6, 7]);
  });

  it('gives one chunk of 500 by default, and nothing past the end', async () => {
    expect((await allLines(openFixture('soquy.csv'))).chunks.map((c) => c.length)).toEqual([8]);
    expect((await allLines(openFixture('soquy.csv'), { from: 8 })).chunks).toEqual([]);
  });
});

describe('refusals', () => {
  it('a price list is not a statement: the message lists what we read', async () => {
    const error = await refusal(scanStatement(openFixture('price-list.xlsx')));
    expect(error).toBeInstanceOf(UnrecognisedStatementError);
    expect(error.code).toBe('statement_unrecognised');
    for (const layout of SUPPORTED_LAYOUTS) expect(error.message).toContain(layout.name);
    expect(error.message).toContain('Vietcombank — .xlsx');
  });

  it('a letter in a text file is not a statement', async () => {
    const error = await refusal(scanStatement(openFixture('random.txt')));
    expect(error).toBeInstanceOf(UnrecognisedStatementError);
    expect(error.message).toContain('Techcombank');
  });

  it('a PDF is refused with advice', async () => {
    const error = await refusal(scanStatement(openBytes('%PDF-1.7\n%âãÏÓ\n1 0 obj')));
    expect(error.code).toBe('statement_unrecognised');
    expect(error.message).toMatch(/PDF/);
  });

  it('a running balance that breaks names the first row where it does', async () => {
    const error = await refusal(scanStatement(openFixture('broken-running-balance.xlsx')));
    expect(error).toBeInstanceOf(StatementBalanceError);
    expect(error.code).toBe('statement_unbalanced');
    expect(error.details).toEqual({ row: 12, expected: 11_850_000, found: 11_550_000 });
    expect(error.message).toBe(
      'Row 12 (09/09/2024): the balance should be 11.850.000 after this line, the file says 11.550.000.',
    );
  });

  it('opening + credits − debits must make the closing balance', async () => {
    const error = await refusal(scanStatement(openFixture('broken-closing-balance.xlsx')));
    expect(error).toBeInstanceOf(StatementBalanceError);
    expect(error.details).toEqual({ expected: 17_289_000, found: 17_389_000 });
    expect(error.message).toContain('17.389.000');
  });

  it('a fraction of a đồng is malformed, naming row and column', async () => {
    const error = await refusal(scanStatement(openFixture('fractional-amount.xlsx')));
    expect(error).toBeInstanceOf(MalformedStatementError);
    expect(error.code).toBe('statement_malformed');
    expect(error.details).toEqual({ row: 11, column: 'Phát sinh nợ/Debit' });
    expect(error.message).toContain('Row 11');
  });

  it('the lines pass refuses the same file too', async () => {
    const error = await refusal(allLines(openFixture('broken-running-balance.xlsx')));
    expect(error.code).toBe('statement_unbalanced');
  });

  it('a date that cannot be is malformed', async () => {
    const csv =
      'Account,0123456789\nOpening balance,0\nDate,Memo,Credit,Debit\n31/02/2024,x,1000,\n';
    const error = await refusal(scanStatement(openBytes(csv)));
    expect(error).toMatchObject({
      code: 'statement_malformed',
      details: { row: 4, column: 'Date' },
    });
  });

  it('a file without any balance to check against is malformed', async () => {
    const csv = 'Account,0123456789\nDate,Memo,Credit,Debit\n01/02/2024,x,1000,\n';
    const error = await refusal(scanStatement(openBytes(csv)));
    expect(error.code).toBe('statement_malformed');
  });
});

describe('amounts and dates', () => {
  it('reads the notations banks write, in whole đồng', () => {
    expect(parseAmount('1.500.000')).toBe(1_500_000);
    expect(parseAmount('1,500,000')).toBe(1_500_000);
    expect(parseAmount('1.000.000 VND')).toBe(1_000_000);
    expect(parseAmount('1,500,000.00')).toBe(1_500_000);
    expect(parseAmount('1.500.000,00')).toBe(1_500_000);
    expect(parseAmount('-1.500.000')).toBe(-1_500_000);
    expect(parseAmount('(1.500.000)')).toBe(-1_500_000);
    expect(parseAmount('1500000')).toBe(1_500_000);
    expect(parseAmount(2_000)).toBe(2_000);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('-')).toBeNull();
    expect(parseAmount('0')).toBe(0);
    expect(() => parseAmount('1.500.000,50')).toThrow(/fraction/);
    expect(() => parseAmount(1500.5)).toThrow(/fraction/);
    expect(() => parseAmount('1.50.000')).toThrow(/not an amount/);
    expect(() => parseAmount('abc')).toThrow(/not an amount/);
  });

  it('reads dates day first, year first, as serials', () => {
    expect(parseDateCell('09/09/2024 23:55:31')).toEqual({
      year: 2024,
      month: 9,
      day: 9,
      hour: 23,
      minute: 55,
      second: 31,
    });
    expect(parseDateCell('9/9/2024')).toMatchObject({ year: 2024, month: 9, day: 9, hour: 0 });
    expect(parseDateCell('09-09-2024 08:15')).toMatchObject({ hour: 8, minute: 15 });
    expect(parseDateCell('2024-09-09 08:15:02')).toMatchObject({ day: 9, second: 2 });
    expect(parseDateCell(45544.5)).toMatchObject({ year: 2024, month: 9, day: 9, hour: 12 });
    expect(parseDateCell(new Date(Date.UTC(2024, 8, 9, 8)))).toMatchObject({ day: 9, hour: 8 });
    expect(parseDateCell('Tổng số')).toBeNull();
    expect(() => parseDateCell('31/02/2024')).toThrow(/not a date/);
  });
});

describe('streaming', () => {
  let directory: string | undefined;
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('scans a 50,000-line xlsx written as a stream', async () => {
    directory = await mkdtemp(join(tmpdir(), 'soquy-bank-'));
    const path = join(directory, 'large.xlsx');
    const count = 50_000;
    function* lines(): Generator<SampleLine> {
      for (let index = 0; index < count; index++) {
        yield {
          bookedAt: new Date(Date.UTC(2024, 8, 9, 17) + index * 1000).toISOString(),
          direction: index % 10 === 9 ? 'out' : 'in',
          amount: 10_000 + (index % 7) * 1_000,
          memo: `MBVCB.${3278614421 + index}.UNG HO QUY AN NINH SQ${index}.CT tu 0123456789`,
          ref: `5213.${40000 + index}`,
        };
      }
    }
    let credits = 0;
    let debits = 0;
    for (const line of lines()) {
      if (line.direction === 'in') credits += line.amount;
      else debits += line.amount;
    }
    await writeLargeXlsx(path, 'acb', lines(), {
      account: '4300201009999',
      from: '2024-09-10',
      to: '2024-09-10',
      openingBalance: 1_000_000_000,
    });
    expect((await stat(path)).size).toBeGreaterThan(100_000);
    const summary = await scanStatement(() => createReadStream(path));
    expect(summary).toEqual({
      bank: 'acb',
      format: 'xlsx',
      account: '4300201009999',
      from: '2024-09-10',
      to: '2024-09-10',
      openingBalance: 1_000_000_000,
      closingBalance: 1_000_000_000 + credits - debits,
      lines: count,
      creditLines: 45_000,
      debitLines: 5_000,
      credits,
      debits,
    });
  }, 60_000);
});
