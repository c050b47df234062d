/**
 * The layouts we read, and the captions that tell them apart. Captions are compared normalised
 * (no diacritics, case or punctuation), against the whole header cell and against each of its
 * parts split at "/" or a line break (banks write "Nợ / Debit"), so one list serves every bank.
 */
import type { StatementFormat } from './source.ts';
import { normaliseCaption } from './text.ts';

export type StatementBank =
  | 'vietcombank'
  | 'bidv'
  | 'vietinbank'
  | 'agribank'
  | 'mb'
  | 'acb'
  | 'techcombank'
  | 'csv';

/** One line per supported layout, for error messages and the console ("Vietcombank — .xlsx, .xls"). */
export const SUPPORTED_LAYOUTS: readonly {
  bank: StatementBank;
  name: string;
  formats: StatementFormat[];
}[] = [
  { bank: 'vietcombank', name: 'Vietcombank', formats: ['xlsx', 'xls', 'html'] },
  { bank: 'bidv', name: 'BIDV', formats: ['xlsx', 'xls', 'html'] },
  { bank: 'vietinbank', name: 'VietinBank (eFAST)', formats: ['xlsx', 'xls'] },
  { bank: 'agribank', name: 'Agribank', formats: ['xlsx', 'xls'] },
  { bank: 'mb', name: 'MB (Quân đội)', formats: ['xlsx', 'xls'] },
  { bank: 'acb', name: 'ACB', formats: ['xlsx', 'xls'] },
  { bank: 'techcombank', name: 'Techcombank', formats: ['xlsx', 'xls'] },
  { bank: 'csv', name: 'soquy CSV (see the statement README)', formats: ['csv'] },
];

const FORMAT_NAMES: Record<StatementFormat, string> = {
  xlsx: '.xlsx',
  xls: '.xls',
  html: '.xls saved as a web page',
  csv: '.csv',
};

/** "Vietcombank — .xlsx, .xls, .xls saved as a web page; BIDV — …" */
export function describeSupportedLayouts(): string {
  return SUPPORTED_LAYOUTS.map(
    (layout) => `${layout.name} — ${layout.formats.map((f) => FORMAT_NAMES[f]).join(', ')}`,
  ).join('; ');
}

export type ColumnField =
  | 'date'
  | 'postingDate'
  | 'ref'
  | 'memo'
  | 'debit'
  | 'credit'
  | 'amount'
  | 'balance'
  | 'counterpartName'
  | 'counterpartAccount'
  | 'counterpartBank'
  | 'counterpartNameAccount';

/** Captions per column, in the order a header cell is tried against them. */
const COLUMN_CAPTIONS: [ColumnField, string[]][] = [
  [
    'counterpartNameAccount',
    ['ten so tk doi ung', 'ten so tai khoan doi ung', 'ten tk so tk doi ung'],
  ],
  [
    'postingDate',
    [
      'ngay hach toan',
      'accounting date',
      'posting date',
      'ngay hieu luc',
      'effective date',
      'value date',
      'ngay ghi so',
      'booking date',
    ],
  ],
  [
    'date',
    [
      'ngay giao dich',
      'transaction date',
      'ngay gd',
      'ngay',
      'date',
      'ngay phat sinh',
      'ngay thuc hien',
      'thoi gian giao dich',
      'thoi gian',
      'ngay gio giao dich',
      'date time',
      'datetime',
      'txn date',
    ],
  ],
  [
    'ref',
    [
      'so tham chieu',
      'reference number',
      'reference',
      'reference no',
      'ref',
      'ref no',
      'so ct',
      'so chung tu',
      'so giao dich',
      'transaction number',
      'transaction no',
      'so but toan',
      'ma giao dich',
      'so gd',
      'ma gd',
      'seq no',
    ],
  ],
  [
    'memo',
    [
      'mo ta',
      'description',
      'noi dung',
      'dien giai',
      'details',
      'mo ta giao dich',
      'transaction description',
      'noi dung giao dich',
      'transactions in detail',
      'memo',
      'noi dung chi tiet',
      'remark',
      'remarks',
      'narrative',
      'chi tiet giao dich',
      'transaction details',
    ],
  ],
  [
    'debit',
    [
      'so tien ghi no',
      'debit amount',
      'ghi no',
      'debit',
      'debits',
      'no',
      'phat sinh no',
      'tien rut ra',
      'rut ra',
      'withdrawal',
      'withdrawals',
      'money out',
      'paid out',
    ],
  ],
  [
    'credit',
    [
      'so tien ghi co',
      'credit amount',
      'ghi co',
      'credit',
      'credits',
      'co',
      'phat sinh co',
      'tien gui vao',
      'gui vao',
      'deposit',
      'deposits',
      'money in',
      'paid in',
    ],
  ],
  ['amount', ['so tien', 'amount', 'so tien giao dich', 'transaction amount', 'phat sinh']],
  [
    'balance',
    [
      'so du',
      'balance',
      'so du tk',
      'account balance',
      'so du sau giao dich',
      'running balance',
      'balance after',
    ],
  ],
  [
    'counterpartBank',
    [
      'nh doi tac',
      'remitter bank',
      'ngan hang doi tac',
      'ngan hang doi ung',
      'nh doi ung',
      'counterpart bank',
    ],
  ],
  [
    'counterpartAccount',
    [
      'so tk doi ung',
      'tai khoan doi ung',
      'so tai khoan doi ung',
      'tk doi ung',
      'counterpart account',
      'counter account',
      'remitter account',
    ],
  ],
  [
    'counterpartName',
    [
      'doi tac',
      'remitter',
      'ten doi tac',
      'ten doi ung',
      'ten tk doi ung',
      'ten tai khoan doi ung',
      'counterpart',
      'counterpart name',
      'counter account name',
      'nguoi chuyen',
      'ten nguoi chuyen',
    ],
  ],
];

const CAPTION_FIELDS = new Map<string, ColumnField>();
for (const [field, captions] of COLUMN_CAPTIONS) {
  for (const caption of captions) {
    if (!CAPTION_FIELDS.has(caption)) CAPTION_FIELDS.set(caption, field);
  }
}

/** A header cell's parts: the whole caption, then each part of "Vietnamese / English". */
export function captionParts(text: string): string[] {
  const withoutUnits = text.replace(/\([^)]*\)/g, ' ');
  const whole = stripUnits(normaliseCaption(withoutUnits));
  const parts = withoutUnits
    .split(/[/\n|]+/)
    .map((part) => stripUnits(normaliseCaption(part)))
    .filter((part) => part !== '');
  return [whole, ...parts];
}

function stripUnits(caption: string): string {
  return caption
    .replace(/\b(vnd|vnđ|dong)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Row-number columns: "STT / No." must not be taken for "Nợ" (debit). */
const ROW_NUMBER_CAPTIONS = new Set(['stt', 'so tt', 'so thu tu', 'seq', 'sequence']);

/** The column a header cell names, if any. */
export function fieldOfCaption(text: string): ColumnField | undefined {
  const parts = captionParts(text);
  if (parts.some((part) => ROW_NUMBER_CAPTIONS.has(part))) return undefined;
  for (const part of parts) {
    const field = CAPTION_FIELDS.get(part);
    if (field) return field;
  }
  return undefined;
}

/**
 * What tells the banks apart, found in the rows above the table (titles, the bank's name) or
 * in the captions themselves. Normalised phrases, matched as whole words.
 */
export const BANK_MARKERS: Record<Exclude<StatementBank, 'csv'>, string[]> = {
  vietcombank: [
    'vietcombank',
    'ngan hang tmcp ngoai thuong',
    'joint stock commercial bank for foreign trade',
    'statement of account',
    'vcb',
  ],
  bidv: [
    'bidv',
    'ngan hang tmcp dau tu va phat trien viet nam',
    'bao cao chi tiet so du tai khoan',
    'so tai khoan cu',
  ],
  vietinbank: [
    'vietinbank',
    'ngan hang tmcp cong thuong',
    'ngan hang tmcp cong thuong viet nam',
    'lich su giao dich',
    'transaction history',
  ],
  agribank: ['agribank', 'ngan hang nong nghiep va phat trien nong thon'],
  mb: ['mb', 'mbbank', 'ngan hang tmcp quan doi', 'military commercial joint stock bank'],
  acb: ['acb', 'ngan hang tmcp a chau', 'bang sao ke giao dich'],
  techcombank: [
    'techcombank',
    'ngan hang tmcp ky thuong',
    'so phu kiem phieu bao no co',
    'bank statement',
  ],
};

/** Captions only one bank writes: used when no title names the bank. */
export const BANK_CAPTION_SIGNS: Record<Exclude<StatementBank, 'csv'>, string[]> = {
  vietcombank: ['so tien ghi no', 'so tien ghi co', 'so tham chieu'],
  bidv: ['ngay hieu luc'],
  vietinbank: ['so du tk', 'account balance', 'so giao dich', 'transaction number'],
  agribank: ['so ct'],
  mb: ['phat sinh no', 'phat sinh co'],
  acb: ['tien rut ra', 'tien gui vao', 'ten so tk doi ung'],
  techcombank: ['so but toan', 'nh doi tac', 'remitter bank'],
};

/** Sheet names that hint at a bank (ACB names its sheet "Statement"). */
export const BANK_SHEET_NAMES: Partial<Record<StatementBank, string[]>> = {
  acb: ['statement'],
};
