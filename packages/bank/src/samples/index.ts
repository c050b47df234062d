/**
 * Writers of statement files in each bank's layout, for test fixtures, the benchmark and demo
 * data. They mimic what the banks send: a header block above the table, bilingual captions, a
 * totals row where the bank has one, merged cells (Techcombank), ACB's "Statement" sheet, and
 * amounts written in several notations.
 */
import { createWriteStream } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import type { StatementBank, StatementFormat } from '../statements/index.ts';
import { pad, toExcelSerial, vietnamWallTime, type WallTime } from '../statements/text.ts';

export interface SampleLine {
  /** ISO instant; written in Vietnam time. */
  bookedAt: string;
  direction: 'in' | 'out';
  amount: number;
  memo: string;
  ref?: string;
  counterpart?: { name?: string; account?: string; bank?: string };
}

export interface SampleStatement {
  account: string;
  /** YYYY-MM-DD */
  from: string;
  to: string;
  openingBalance: number;
  lines: SampleLine[];
}

export interface SampleHeader {
  account: string;
  from: string;
  to: string;
  openingBalance: number;
  /** When known up front it goes where the bank puts it; else below the table. */
  closingBalance?: number;
}

/** Which formats each bank's writer produces (what that bank really gives). */
export const SAMPLE_FORMATS: Record<StatementBank, StatementFormat[]> = {
  vietcombank: ['xlsx', 'html'],
  bidv: ['xlsx', 'html'],
  vietinbank: ['xlsx'],
  agribank: ['xlsx', 'xls'],
  mb: ['xlsx', 'xls'],
  acb: ['xlsx'],
  techcombank: ['xlsx'],
  csv: ['csv'],
};

/** A date cell written as an Excel date (a serial with a date format), not as text. */
interface DateCell {
  serial: number;
  format: string;
}
type Cell = string | number | DateCell | null;

/** A merged range within a row or block, 0-based and inclusive. */
interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface Block {
  rows: Cell[][];
  merges: Merge[];
}

interface Totals {
  credits: number;
  debits: number;
  closingBalance: number;
}

interface BankWriter {
  sheetName: string;
  top(header: SampleHeader, totals?: Totals): Block;
  line(line: SampleLine, balance: number, index: number): { cells: Cell[]; merges?: Merge[] };
  bottom(header: SampleHeader, totals: Totals, closingAbove: boolean): Cell[][];
}

// Amount notations the banks use.
const dots = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const commas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const vnd = (n: number) => `${dots(n)} VND`;
const commasWithCents = (n: number) => `${commas(n)}.00`;
const dotsWithCents = (n: number) => `${dots(n)},00`;

const dayText = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const wallDate = (w: WallTime) => `${pad(w.day)}/${pad(w.month)}/${w.year}`;
const wallDateTime = (w: WallTime) =>
  `${wallDate(w)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
const wall = (line: SampleLine) => vietnamWallTime(line.bookedAt);
const dateCell = (w: WallTime, format = 'dd/mm/yyyy hh:mm:ss'): DateCell => ({
  serial: toExcelSerial(w),
  format,
});
const debitOf = (line: SampleLine) => (line.direction === 'out' ? line.amount : 0);
const creditOf = (line: SampleLine) => (line.direction === 'in' ? line.amount : 0);
const block = (rows: Cell[][], merges: Merge[] = []): Block => ({ rows, merges });

const WRITERS: Record<StatementBank, BankWriter> = {
  vietcombank: {
    sheetName: 'Sheet1',
    top: (h, t) =>
      block([
        ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM'],
        ['SAO KÊ TÀI KHOẢN / STATEMENT OF ACCOUNT'],
        [],
        ['Số tài khoản/ Account number:', h.account],
        ['Loại tiền/ Currency:', 'VND'],
        [`Từ ngày/ From: ${dayText(h.from)} Đến ngày/ To: ${dayText(h.to)}`],
        ['Số dư đầu kỳ/ Opening balance:', commas(h.openingBalance)],
        ...(t ? [['Số dư cuối kỳ/ Closing balance:', commas(t.closingBalance)]] : []),
        [],
        [
          'Ngày giao dịch/ Transaction date',
          'Số tham chiếu/ Reference number',
          'Số tiền ghi nợ/ Debit',
          'Số tiền ghi có/ Credit',
          'Mô tả/ Transactions in detail',
        ],
      ]),
    // This template has no balance column: the tie-out rests on the opening and closing rows.
    line: (line) => ({
      cells: [
        wallDate(wall(line)),
        line.ref ?? '',
        line.direction === 'out' ? commas(line.amount) : '',
        line.direction === 'in' ? commas(line.amount) : '',
        line.memo,
      ],
    }),
    bottom: (_h, t, closingAbove) => [
      ['Tổng số/ Total', '', commas(t.debits), commas(t.credits), ''],
      ...(closingAbove ? [] : [['Số dư cuối kỳ/ Closing balance:', commas(t.closingBalance)]]),
    ],
  },
  bidv: {
    sheetName: 'Sheet1',
    top: (h, t) =>
      block([
        ['NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM'],
        ['BÁO CÁO CHI TIẾT SỐ DƯ TÀI KHOẢN'],
        ['Số tài khoản cũ:', '12010000987654'],
        ['Số tài khoản:', h.account],
        ['Từ ngày:', dayText(h.from), 'Đến ngày:', dayText(h.to)],
        ['Dư đầu:', h.openingBalance, ...(t ? ['Dư cuối:', t.closingBalance] : [])],
        [],
        ['STT', 'Ngày hiệu lực', 'Ngày giao dịch', 'Số CT', 'Ghi nợ', 'Ghi có', 'Số dư', 'Mô tả'],
      ]),
    line: (line, balance, index) => {
      const w = wall(line);
      return {
        cells: [
          index + 1,
          wallDate(w),
          `${pad(w.day)}-${pad(w.month)}-${w.year} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
          line.ref ?? '',
          debitOf(line),
          creditOf(line),
          balance,
          line.memo,
        ],
      };
    },
    bottom: (_h, t, closingAbove) => [
      ['', 'Cộng', '', '', t.debits, t.credits, '', ''],
      ...(closingAbove ? [] : [['Dư cuối:', t.closingBalance]]),
    ],
  },
  vietinbank: {
    sheetName: 'Lich su giao dich',
    top: (h, t) =>
      block([
        ['NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM'],
        ['LỊCH SỬ GIAO DỊCH - TRANSACTION HISTORY'],
        ['Số tài khoản / Account number:', h.account],
        ['Từ ngày / From date:', dayText(h.from), 'Đến ngày / To date:', dayText(h.to)],
        ['Số dư đầu kỳ / Opening balance:', dots(h.openingBalance)],
        ...(t ? [['Số dư cuối kỳ / Closing balance:', dots(t.closingBalance)]] : []),
        [
          'STT / No.',
          'Ngày hạch toán / Accounting date',
          'Ngày phát sinh / Transaction date',
          'Mô tả giao dịch / Transaction description',
          'Nợ / Debit',
          'Có / Credit',
          'Số dư TK / Account balance',
          'Số giao dịch / Transaction number',
          'Tài khoản đối ứng / Corresponding account',
          'Tên tài khoản đối ứng / Corresponding account name',
        ],
      ]),
    line: (line, balance, index) => {
      const w = wall(line);
      // The eFAST export mixes notations: "1.500.000" here, "1,500,000.00" there, "-" when unused.
      const amount = index % 2 === 0 ? dots(line.amount) : commasWithCents(line.amount);
      return {
        cells: [
          index + 1,
          wallDate(w),
          wallDateTime(w),
          line.memo,
          line.direction === 'out' ? amount : '-',
          line.direction === 'in' ? amount : '-',
          dots(balance),
          line.ref ?? '',
          line.counterpart?.account ?? '',
          line.counterpart?.name ?? '',
        ],
      };
    },
    bottom: (_h, t, closingAbove) =>
      closingAbove ? [] : [['Số dư cuối kỳ / Closing balance:', dots(t.closingBalance)]],
  },
  agribank: {
    sheetName: 'SaoKe',
    top: (h) =>
      block([
        ['NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM'],
        ['SAO KÊ TÀI KHOẢN TIỀN GỬI'],
        [`Số tài khoản: ${h.account}`],
        [`Kỳ sao kê: ${dayText(h.from)} - ${dayText(h.to)}`],
        ['Số dư đầu kỳ:', vnd(h.openingBalance)],
        [],
        ['Ngày GD', 'Số CT', 'Phát sinh nợ', 'Phát sinh có', 'Số dư', 'Diễn giải'],
      ]),
    line: (line, balance, index) => ({
      cells: [
        dateCell(wall(line)),
        line.ref ?? '',
        line.direction === 'out' ? (index % 2 ? vnd(line.amount) : line.amount) : null,
        line.direction === 'in' ? (index % 2 ? vnd(line.amount) : line.amount) : null,
        balance,
        line.memo,
      ],
    }),
    bottom: (_h, t) => [
      ['Cộng phát sinh', '', t.debits, t.credits, '', ''],
      ['Số dư cuối kỳ:', vnd(t.closingBalance)],
    ],
  },
  mb: {
    sheetName: 'Sheet1',
    top: (h, t) =>
      block([
        ['NGÂN HÀNG TMCP QUÂN ĐỘI'],
        ['SAO KÊ CHI TIẾT TÀI KHOẢN / ACCOUNT STATEMENT'],
        ['Tài khoản/Account No:', h.account],
        ['Từ ngày/From:', dayText(h.from), 'Đến ngày/To:', dayText(h.to)],
        ['Số dư đầu kỳ/Opening balance:', h.openingBalance],
        ...(t ? [['Số dư cuối kỳ/Closing balance:', t.closingBalance]] : []),
        [],
        [
          'Ngày hạch toán/Posting date',
          'Ngày giao dịch/Transaction date',
          'Số tham chiếu/Reference No',
          'Phát sinh nợ/Debit',
          'Phát sinh có/Credit',
          'Số dư/Balance',
          'Nội dung/Description',
        ],
      ]),
    line: (line, balance) => {
      const w = wall(line);
      return {
        cells: [
          wallDate(w),
          `${wallDate(w)} ${pad(w.hour)}:${pad(w.minute)}`,
          line.ref ?? '',
          debitOf(line),
          creditOf(line),
          balance,
          line.memo,
        ],
      };
    },
    bottom: (_h, t, closingAbove) => [
      ['', '', 'Tổng cộng/Total', t.debits, t.credits, '', ''],
      ...(closingAbove ? [] : [['Số dư cuối kỳ/Closing balance:', t.closingBalance]]),
    ],
  },
  acb: {
    sheetName: 'Statement',
    top: (h, t) =>
      block([
        ['NGÂN HÀNG TMCP Á CHÂU'],
        ['BẢNG SAO KÊ GIAO DỊCH'],
        ['Số tài khoản:', h.account, '', 'Loại tiền:', 'VND'],
        ['Từ ngày:', dayText(h.from), 'Đến ngày:', dayText(h.to)],
        ['Số dư đầu:', dotsWithCents(h.openingBalance)],
        ...(t ? [['Số dư cuối:', dotsWithCents(t.closingBalance)]] : []),
        [],
        [
          'STT',
          'Ngày giao dịch',
          'Số GD',
          'Nội dung',
          'Tiền rút ra',
          'Tiền gửi vào',
          'Số dư',
          'Tên/Số TK đối ứng',
        ],
      ]),
    // ACB puts money out before money in.
    line: (line, balance, index) => ({
      cells: [
        index + 1,
        dateCell(wall(line)),
        line.ref ?? '',
        line.memo,
        debitOf(line),
        creditOf(line),
        balance,
        [line.counterpart?.name, line.counterpart?.account].filter(Boolean).join(' / '),
      ],
    }),
    bottom: (_h, t, closingAbove) =>
      closingAbove ? [] : [['Số dư cuối:', dotsWithCents(t.closingBalance)]],
  },
  techcombank: {
    sheetName: 'Statement',
    top: (h, t) => {
      const rows: Cell[][] = [
        ['NGÂN HÀNG TMCP KỸ THƯƠNG VIỆT NAM'],
        ['SỐ PHỤ KIÊM PHIẾU BÁO NỢ/CÓ / BANK STATEMENT'],
        ['Tên khách hàng/ Customer name:', 'QUY AN NINH TRAT TU PHUONG 7'],
        ['Số tài khoản/ Account no:', h.account],
        ['Từ ngày/ From date:', dayText(h.from), 'Đến ngày/ To date:', dayText(h.to)],
        ['Số dư đầu kỳ/ Opening balance', h.openingBalance],
        ...(t ? [['Cộng doanh số/ Total volume', t.debits, t.credits]] : []),
        ...(t ? [['Số dư cuối kỳ/ Ending balance', t.closingBalance]] : []),
        [],
      ];
      const first = rows.length;
      const upper: Cell[] = [];
      const lower: Cell[] = [];
      const merges: Merge[] = [
        { top: 0, left: 0, bottom: 0, right: 16 },
        { top: 1, left: 0, bottom: 1, right: 16 },
      ];
      for (const [caption, left, right] of TECHCOMBANK_GROUPS) {
        if (caption === 'Nợ/ Debit' || caption === 'Có/ Credit') {
          lower[left] = caption;
          merges.push({ top: first + 1, left, bottom: first + 1, right });
        } else {
          upper[left] = caption;
          merges.push({ top: first, left, bottom: first + 1, right });
        }
      }
      upper[11] = 'Số tiền/ Amount';
      merges.push({ top: first, left: 11, bottom: first, right: 14 });
      rows.push(upper, lower);
      return block(rows, merges);
    },
    line: (line, balance, index) => {
      const values = [
        wallDate(wall(line)),
        line.counterpart?.name ?? '',
        line.counterpart?.bank ?? '',
        line.memo,
        line.ref ?? '',
        line.direction === 'out' ? line.amount : '',
        line.direction === 'in' ? line.amount : '',
        balance,
      ];
      const cells: Cell[] = [];
      const merges: Merge[] = [];
      TECHCOMBANK_GROUPS.forEach(([, left, right], group) => {
        // Now and then the value sits in the second cell of an unmerged group, as exports do.
        if (group === 3 && index % 3 === 1) {
          cells[left + 1] = values[group] ?? null;
          return;
        }
        cells[left] = values[group] ?? null;
        merges.push({ top: 0, left, bottom: 0, right });
      });
      return { cells, merges };
    },
    bottom: (_h, t, closingAbove) =>
      closingAbove
        ? []
        : [
            ['Cộng doanh số/ Total volume', t.debits, t.credits],
            ['Số dư cuối kỳ/ Ending balance', t.closingBalance],
          ],
  },
  csv: {
    sheetName: 'Sheet1',
    top: (h, t) =>
      block([
        ['Account', h.account],
        ['From', h.from],
        ['To', h.to],
        ['Opening balance', h.openingBalance],
        ...(t ? [['Closing balance', t.closingBalance]] : []),
        [],
        [
          'Date',
          'Description',
          'Reference',
          'Debit',
          'Credit',
          'Balance',
          'Counterpart name',
          'Counterpart account',
        ],
      ]),
    line: (line, balance) => {
      const w = wall(line);
      return {
        cells: [
          `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
          line.memo,
          line.ref ?? '',
          line.direction === 'out' ? line.amount : '',
          line.direction === 'in' ? line.amount : '',
          balance,
          line.counterpart?.name ?? '',
          line.counterpart?.account ?? '',
        ],
      };
    },
    bottom: (_h, t, closingAbove) => (closingAbove ? [] : [['Closing balance', t.closingBalance]]),
  },
};

/** Techcombank's columns, each spread over merged cells: caption, first and last column. */
const TECHCOMBANK_GROUPS: [string, number, number][] = [
  ['Ngày giao dịch/ Transaction Date', 0, 1],
  ['Đối tác/ Remitter', 2, 3],
  ['NH Đối tác/ Remitter Bank', 4, 5],
  ['Diễn giải/ Details', 6, 8],
  ['Số bút toán/ Transaction No', 9, 10],
  ['Nợ/ Debit', 11, 12],
  ['Có/ Credit', 13, 14],
  ['Số dư/ Balance', 15, 16],
];

function totalsOf(statement: SampleStatement): Totals {
  let credits = 0;
  let debits = 0;
  for (const line of statement.lines) {
    if (line.direction === 'in') credits += line.amount;
    else debits += line.amount;
  }
  return { credits, debits, closingBalance: statement.openingBalance + credits - debits };
}

/** The whole sheet of a statement in a bank's layout. */
function sheetOf(bank: StatementBank, statement: SampleStatement): Block & { name: string } {
  const writer = WRITERS[bank];
  const totals = totalsOf(statement);
  const header: SampleHeader = { ...statement, closingBalance: totals.closingBalance };
  const top = writer.top(header, totals);
  const rows = [...top.rows];
  const merges = [...top.merges];
  let balance = statement.openingBalance;
  statement.lines.forEach((line, index) => {
    balance += line.direction === 'in' ? line.amount : -line.amount;
    const written = writer.line(line, balance, index);
    for (const merge of written.merges ?? []) {
      merges.push({ ...merge, top: rows.length, bottom: rows.length });
    }
    rows.push(written.cells);
  });
  rows.push(...writer.bottom(header, totals, top.rows.length > 0 && closingAbove(bank)));
  return { name: writer.sheetName, rows, merges };
}

/** Banks whose writer states the closing balance above the table when it is known. */
function closingAbove(bank: StatementBank): boolean {
  return bank !== 'agribank';
}

/** A statement file in that bank's layout and format. */
export async function writeStatement(
  bank: StatementBank,
  format: StatementFormat,
  statement: SampleStatement,
  options: { bom?: boolean } = {},
): Promise<Buffer> {
  if (!SAMPLE_FORMATS[bank].includes(format)) {
    throw new Error(`${bank} statements do not come as ${format}.`);
  }
  const sheet = sheetOf(bank, statement);
  switch (format) {
    case 'xlsx':
      return xlsxOf(sheet);
    case 'xls':
      return xlsOf(sheet);
    case 'html':
      return Buffer.from(htmlOf(sheet), 'utf8');
    case 'csv':
      return Buffer.from(`${options.bom ? '\uFEFF' : ''}${csvOf(sheet.rows)}`, 'utf8');
  }
}

function setCell(cell: ExcelJS.Cell, value: Cell) {
  if (value === null || value === '') return;
  if (typeof value === 'object') {
    cell.value = excelDate(value.serial);
    cell.numFmt = value.format;
  } else {
    cell.value = value;
  }
}

/** exceljs writes a Date's UTC fields as the sheet's wall time. */
function excelDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400) * 1000);
}

async function xlsxOf(sheet: Block & { name: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet.name);
  sheet.rows.forEach((cells, index) => {
    const row = worksheet.getRow(index + 1);
    cells.forEach((value, column) => {
      if (value !== undefined) setCell(row.getCell(column + 1), value);
    });
  });
  for (const merge of sheet.merges) {
    worksheet.mergeCells(merge.top + 1, merge.left + 1, merge.bottom + 1, merge.right + 1);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function xlsOf(sheet: Block & { name: string }): Buffer {
  const worksheet: XLSX.WorkSheet = {};
  let width = 0;
  sheet.rows.forEach((cells, r) => {
    cells.forEach((value, c) => {
      if (value === null || value === undefined || value === '') return;
      const address = XLSX.utils.encode_cell({ r, c });
      worksheet[address] =
        typeof value === 'object'
          ? { t: 'n', v: value.serial, z: value.format }
          : typeof value === 'number'
            ? { t: 'n', v: value }
            : { t: 's', v: value };
      width = Math.max(width, c + 1);
    });
  });
  worksheet['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(0, sheet.rows.length - 1), c: Math.max(0, width - 1) },
  });
  worksheet['!merges'] = sheet.merges.map((m) => ({
    s: { r: m.top, c: m.left },
    e: { r: m.bottom, c: m.right },
  }));
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, worksheet, sheet.name);
  return XLSX.write(workbook, { bookType: 'biff8', type: 'buffer' }) as Buffer;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The "Excel" download of Vietcombank and BIDV: an HTML table, numbers as "1,500,000". */
function htmlOf(sheet: Block): string {
  const width = Math.max(...sheet.rows.map((row) => row.length));
  const body = sheet.rows.map((cells) => {
    if (cells.length <= 1) {
      return `<tr><td colspan="${width}"><b>${escapeHtml(String(cells[0] ?? ''))}</b></td></tr>`;
    }
    const tds = Array.from(cells, (value) => {
      const text =
        value === null || value === undefined
          ? ''
          : typeof value === 'object'
            ? String(value.serial)
            : typeof value === 'number'
              ? commas(value)
              : value;
      return `<td>${escapeHtml(text) || '&nbsp;'}</td>`;
    });
    return `<tr>\n  ${tds.join('\n  ')}\n</tr>`;
  });
  return `<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body>
<table border="1">
${body.join('\n')}
</table>
</body>
</html>
`;
}

function csvOf(rows: Cell[][]): string {
  return rows
    .map((cells) =>
      Array.from(cells, (value) => {
        const text = value === null || value === undefined ? '' : String(value);
        return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      }).join(','),
    )
    .join('\r\n')
    .concat('\r\n');
}

/**
 * A large .xlsx statement written as a stream (exceljs's WorkbookWriter), row by row: the
 * benchmark's 400,000 lines never sit in memory. Only the header cells are merged.
 */
export async function writeLargeXlsx(
  path: string,
  bank: StatementBank,
  lines: Iterable<SampleLine>,
  header: SampleHeader,
): Promise<void> {
  const writer = WRITERS[bank];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: createWriteStream(path),
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(writer.sheetName);
  const known =
    header.closingBalance === undefined
      ? undefined
      : { credits: 0, debits: 0, closingBalance: header.closingBalance };
  const top = writer.top(header, known && bank !== 'techcombank' ? known : undefined);
  const addRow = (cells: Cell[]) => {
    const row = worksheet.addRow([]);
    cells.forEach((value, column) => {
      if (value !== undefined) setCell(row.getCell(column + 1), value);
    });
    row.commit();
  };
  for (const merge of top.merges) {
    worksheet.mergeCells(merge.top + 1, merge.left + 1, merge.bottom + 1, merge.right + 1);
  }
  for (const cells of top.rows) addRow(cells);
  let balance = header.openingBalance;
  let credits = 0;
  let debits = 0;
  let index = 0;
  for (const line of lines) {
    if (line.direction === 'in') credits += line.amount;
    else debits += line.amount;
    balance += line.direction === 'in' ? line.amount : -line.amount;
    addRow(writer.line(line, balance, index).cells);
    index += 1;
  }
  const totals = { credits, debits, closingBalance: balance };
  const closingWritten = known !== undefined && bank !== 'techcombank' && closingAbove(bank);
  for (const cells of writer.bottom(header, totals, closingWritten)) addRow(cells);
  worksheet.commit();
  await workbook.commit();
}
