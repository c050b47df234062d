/**
 * Reading cells: captions compared without diacritics, case or punctuation; amounts parsed with
 * integer arithmetic (never floats: money); dates in the banks' Vietnam wall time.
 */

export type CellValue = string | number | boolean | Date | null;

/** "Số tiền ghi nợ/ Debit amount" → "so tien ghi no debit amount". */
export function normaliseCaption(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Strips Vietnamese diacritics (đ included), keeping everything else. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** A cell as text, as a person reading the sheet would see it (trimmed). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

export function isEmptyCell(value: CellValue | undefined): boolean {
  return cellText(value) === '';
}

/** Thrown by the parsers below; the statement reader adds row and column. */
export class CellProblem extends Error {}

const CURRENCY_SUFFIX = /(vnd|vnđ|đồng|dong|đ)\.?$/i;
const CURRENCY_PREFIX = /^(vnd|vnđ)/i;

/**
 * A whole number of đồng from a number cell or text: "1.500.000", "1,500,000", "1.000.000 VND",
 * "1,500,000.00", "1.500.000,00", "-1.500.000", "(1.500.000)". Empty, "-" → null.
 */
export function parseAmount(value: CellValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CellProblem(`"${value}" is not an amount`);
    if (!Number.isInteger(value)) {
      throw new CellProblem(`${value} has a fraction of a đồng`);
    }
    if (!Number.isSafeInteger(value)) throw new CellProblem(`${value} is too large`);
    return value;
  }
  if (typeof value !== 'string') throw new CellProblem(`"${cellText(value)}" is not an amount`);
  let text = value.replace(/[\s\u00a0]+/g, '');
  if (text === '' || text === '-' || text === '--') return null;
  text = text.replace(CURRENCY_SUFFIX, '').replace(CURRENCY_PREFIX, '');
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  const digits = wholeDigits(text, value);
  const amount = Number(digits);
  if (!Number.isSafeInteger(amount)) throw new CellProblem(`"${value}" is too large`);
  return negative && amount !== 0 ? -amount : amount;
}

/** The integer part's digits, checking thousands groups and that any fraction is zero. */
function wholeDigits(text: string, original: string): string {
  if (!/^[0-9][0-9.,]*$/.test(text) || /[.,]$/.test(text)) {
    throw new CellProblem(`"${original}" is not an amount`);
  }
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both appear: the later one separates decimals ("1,500,000.00", "1.500.000,00").
    decimalAt = Math.max(lastDot, lastComma);
  } else {
    const separator = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    if (separator !== '') {
      const count = text.split(separator).length - 1;
      const after = text.length - text.lastIndexOf(separator) - 1;
      // One separator not followed by exactly three digits is a decimal point ("1500.00").
      if (count === 1 && after !== 3) decimalAt = text.lastIndexOf(separator);
    }
  }
  const integerPart = decimalAt >= 0 ? text.slice(0, decimalAt) : text;
  const fraction = decimalAt >= 0 ? text.slice(decimalAt + 1) : '';
  if (!/^[0-9]*$/.test(fraction)) throw new CellProblem(`"${original}" is not an amount`);
  if (/[1-9]/.test(fraction)) throw new CellProblem(`"${original}" has a fraction of a đồng`);
  const groups = integerPart.split(/[.,]/);
  if (groups.length > 1) {
    const separators = new Set(integerPart.replace(/[0-9]/g, ''));
    const [first, ...rest] = groups;
    if (
      separators.size !== 1 ||
      !first ||
      first.length > 3 ||
      rest.some((group) => group.length !== 3)
    ) {
      throw new CellProblem(`"${original}" is not an amount`);
    }
  }
  const digits = groups.join('');
  if (digits === '') throw new CellProblem(`"${original}" is not an amount`);
  return digits;
}

/** A wall-clock time in Vietnam. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YEAR_FIRST = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Text that a person meant as a date, even if it is not a valid one. */
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/;

/** Serials from 1950 to 2100: a number in a date column outside that is no date. */
const MIN_SERIAL = 18264;
const MAX_SERIAL = 73051;

/**
 * A date cell: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy with optional HH:mm[:ss]; yyyy-mm-dd[ HH:mm:ss];
 * an Excel serial; or a Date whose UTC fields are the wall time (as exceljs and SheetJS give
 * them). Returns null for a cell that is no date at all (a caption, a totals row); throws for a
 * date that cannot be (31/02/2024).
 */
export function parseDateCell(value: CellValue | undefined): WallTime | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return wallFromEpoch(Math.round(value.getTime() / 1000) * 1000);
  }
  if (typeof value === 'number') {
    if (value < MIN_SERIAL || value > MAX_SERIAL) return null;
    return fromExcelSerial(value);
  }
  const text = value.trim().replace(/\s+/g, ' ');
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) {
    const [, d, m, y, hh, mm, ss] = dayFirst.map(Number);
    return checkedWallTime(text, y ?? 0, m ?? 0, d ?? 0, hh || 0, mm || 0, ss || 0);
  }
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) {
    const [, y, m, d, hh, mm, ss] = yearFirst.map(Number);
    return checkedWallTime(text, y ?? 0, m ?? 0, d ?? 0, hh || 0, mm || 0, ss || 0);
  }
  if (DATE_LIKE.test(text)) throw new CellProblem(`"${text}" is not a date`);
  return null;
}

/** Excel's 1900 date system: day 25569 is 1970-01-01; the fraction is the time of day. */
export function fromExcelSerial(serial: number): WallTime {
  const milliseconds = Math.round((serial - 25569) * 86400) * 1000;
  return wallFromEpoch(milliseconds);
}

export function toExcelSerial(time: WallTime): number {
  const seconds =
    Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) / 1000;
  return seconds / 86400 + 25569;
}

function wallFromEpoch(milliseconds: number): WallTime {
  const date = new Date(milliseconds);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function checkedWallTime(
  text: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): WallTime {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new CellProblem(`"${text}" is not a date`);
  }
  return { year, month, day, hour, minute, second };
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** The instant of a Vietnam wall time (UTC+7), as Date.toISOString writes it. */
export function vietnamInstant(time: WallTime): string {
  const utc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  return new Date(utc - VIETNAM_OFFSET_MS).toISOString();
}

/** YYYY-MM-DD of a wall time. */
export function isoDay(time: WallTime): string {
  return `${time.year}-${pad(time.month)}-${pad(time.day)}`;
}

/** A Vietnam wall time of an ISO instant (for the writers). */
export function vietnamWallTime(instant: string): WallTime {
  return wallFromEpoch(Date.parse(instant) + VIETNAM_OFFSET_MS);
}

export function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** 1250000 → "1.250.000" (the way a Vietnamese treasurer writes amounts). */
export function formatDong(amount: number): string {
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return amount < 0 ? `-${digits}` : digits;
}
