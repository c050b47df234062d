/**
 * What a statement says about itself in the rows around its table: account number, period,
 * opening and closing balances. Captions vary ("Số dư đầu kỳ/ Opening balance:", "Dư đầu",
 * "Account,0123"), so a label is matched by its parts and its value is the rest of the cell
 * after ":" or the next non-empty cell to its right.
 */
import { MalformedStatementError } from '../errors.ts';
import { captionParts } from './layouts.ts';
import {
  CellProblem,
  type CellValue,
  cellText,
  foldDiacritics,
  isoDay,
  parseAmount,
  parseDateCell,
} from './text.ts';

export interface StatementMetadata {
  account?: string;
  from?: string;
  to?: string;
  openingBalance?: number;
  closingBalance?: number;
}

type Key = 'account' | 'opening' | 'closing';

const KEY_CAPTIONS: [Key, string[], 'exact' | 'prefix'][] = [
  [
    'account',
    [
      'so tai khoan',
      'account number',
      'account no',
      'tai khoan',
      'account',
      'so tk',
      'stk',
      'tai khoan so',
    ],
    'exact',
  ],
  [
    'opening',
    [
      'so du dau ky',
      'so du dau',
      'du dau',
      'du dau ky',
      'opening balance',
      'beginning balance',
      'so du dau ngay',
      'so du dau ky opening balance',
    ],
    'prefix',
  ],
  [
    'closing',
    [
      'so du cuoi ky',
      'so du cuoi',
      'du cuoi',
      'du cuoi ky',
      'closing balance',
      'ending balance',
      'so du cuoi ngay',
    ],
    'prefix',
  ],
];

function keyOf(label: string): Key | undefined {
  const parts = captionParts(label);
  for (const [key, captions, match] of KEY_CAPTIONS) {
    for (const part of parts) {
      for (const caption of captions) {
        if (part === caption || (match === 'prefix' && part.startsWith(`${caption} `))) return key;
      }
    }
  }
  return undefined;
}

/** Reads a row for account and balances (first found wins) and for the period. */
export function collectMetadata(
  metadata: StatementMetadata,
  cells: CellValue[],
  row: number,
): void {
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (typeof cell !== 'string') continue;
    const text = cell.trim();
    if (text === '') continue;
    const colon = text.indexOf(':');
    const label = colon >= 0 ? text.slice(0, colon) : text;
    const key = keyOf(label);
    if (!key) continue;
    const inline = colon >= 0 ? text.slice(colon + 1).trim() : '';
    const value: CellValue = inline !== '' ? inline : nextValue(cells, index);
    if (value === null) continue;
    if (key === 'account') {
      if (metadata.account === undefined) {
        const digits = accountDigitsIn(value);
        if (digits) metadata.account = digits;
      }
      continue;
    }
    const field = key === 'opening' ? 'openingBalance' : 'closingBalance';
    if (metadata[field] !== undefined) continue;
    try {
      const amount = parseAmount(typeof value === 'string' ? leadingAmount(value) : value);
      if (amount !== null) metadata[field] = amount;
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      throw new MalformedStatementError(
        `Row ${row}: the ${key} balance "${cellText(value)}" is not an amount.`,
        { row, column: label.trim() },
        { cause: error },
      );
    }
  }
  collectPeriod(metadata, cells);
}

function nextValue(cells: CellValue[], index: number): CellValue {
  for (let next = index + 1; next < cells.length; next++) {
    if (cellText(cells[next]) !== '') return cells[next] ?? null;
  }
  return null;
}

/** "0071 000 123456 - VND" → "0071000123456": the first run of at least six digits. */
function accountDigitsIn(value: CellValue): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  const match = /[0-9][0-9 .-]*[0-9]/.exec(cellText(value));
  const digits = match?.[0].replace(/[^0-9]/g, '');
  return digits && digits.length >= 6 ? digits : undefined;
}

/** "1.000.000 VND (Một triệu đồng)" → "1.000.000 VND". */
function leadingAmount(text: string): string {
  return text.replace(/\(.*$/, '').trim();
}

const PERIOD_TOKENS =
  /\b(tu ngay|from date|from|den ngay|to date|to|ky sao ke|statement period|period|thoi gian|ky bao cao)\b|(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})/g;

/** "Từ ngày/ From: 01/09/2024 Đến ngày/ To: 10/09/2024", "Kỳ sao kê: 01/09/2024 - 10/09/2024". */
function collectPeriod(metadata: StatementMetadata, cells: CellValue[]): void {
  if (metadata.from !== undefined && metadata.to !== undefined) return;
  let expecting: ('from' | 'to')[] = [];
  const found: { from?: string; to?: string } = {};
  const take = (day: string) => {
    const which = expecting.shift();
    if (which && found[which] === undefined) found[which] = day;
  };
  for (const cell of cells) {
    if (cell === null) continue;
    if (typeof cell !== 'string') {
      if (expecting.length > 0) {
        const date = safeDate(cell);
        if (date) take(date);
      }
      continue;
    }
    const text = foldDiacritics(cell).toLowerCase();
    for (const match of text.matchAll(PERIOD_TOKENS)) {
      const label = match[1];
      if (label) {
        if (label === 'tu ngay' || label === 'from date' || label === 'from') expecting = ['from'];
        else if (label === 'den ngay' || label === 'to date' || label === 'to') expecting = ['to'];
        else expecting = ['from', 'to'];
      } else if (expecting.length > 0) {
        const date = safeDate(match[2] ?? '');
        if (date) take(date);
      }
    }
  }
  if (metadata.from === undefined && found.from) metadata.from = found.from;
  if (metadata.to === undefined && found.to) metadata.to = found.to;
}

function safeDate(value: CellValue): string | undefined {
  try {
    const time = parseDateCell(value);
    return time ? isoDay(time) : undefined;
  } catch {
    return undefined;
  }
}
