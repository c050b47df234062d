/**
 * The statement reader: rows in, lines out. It finds the header row by its captions, tells the
 * bank by the titles above it, reads each dated row as a line, checks the running balance as it
 * goes and the tie-out at the end. It keeps running totals, never a list of lines, so a
 * 400,000-line statement costs the same memory as a 10-line one.
 */
import {
  MalformedStatementError,
  StatementBalanceError,
  UnrecognisedStatementError,
} from '../errors.ts';
import {
  BANK_CAPTION_SIGNS,
  BANK_MARKERS,
  BANK_SHEET_NAMES,
  type ColumnField,
  captionParts,
  describeSupportedLayouts,
  fieldOfCaption,
  type StatementBank,
  SUPPORTED_LAYOUTS,
} from './layouts.ts';
import { collectMetadata, type StatementMetadata } from './metadata.ts';
import type { SheetRow } from './readers/rows.ts';
import type { StatementFormat } from './source.ts';
import {
  CellProblem,
  type CellValue,
  cellText,
  formatDong,
  isoDay,
  normaliseCaption,
  parseAmount,
  parseDateCell,
  vietnamInstant,
  type WallTime,
} from './text.ts';

/** A line as the reader finds it; the account is added by whoever knows it by then. */
export interface ParsedLine {
  index: number;
  row: number;
  direction: 'in' | 'out';
  amount: number;
  bookedAt: string;
  memo: string;
  refs: string[];
  balanceAfter?: number;
  counterpart?: { name?: string; account?: string; bank?: string };
}

export interface StatementSummary {
  bank: StatementBank;
  format: StatementFormat;
  account: string;
  from: string;
  to: string;
  openingBalance: number;
  closingBalance: number;
  lines: number;
  creditLines: number;
  debitLines: number;
  credits: number;
  debits: number;
}

/** Where a column's value may sit: its caption's cell and the cells up to the next caption. */
interface ColumnSpan {
  caption: string;
  start: number;
  end: number;
}

type Columns = Partial<Record<ColumnField, ColumnSpan>>;

/** A header row must name these; without them no row is a statement's table. */
function isTableHeader(columns: Columns): boolean {
  return (
    (columns.date !== undefined || columns.postingDate !== undefined) &&
    columns.memo !== undefined &&
    ((columns.debit !== undefined && columns.credit !== undefined) || columns.amount !== undefined)
  );
}

/** How many rows of a sheet to look through for a header before deciding it holds none. */
const HEADER_SEARCH_ROWS = 300;

interface LineForCheck {
  row: number;
  date: string;
  signed: number;
  balance: number;
}

export class StatementReader {
  private phase: 'searching' | 'skipping' | 'table' | 'done' = 'searching';
  private sheet: number | undefined;
  private sheetName: string | undefined;
  private rowsSearched = 0;
  private previousCells: CellValue[] | undefined;
  private markerText: string[] = [];
  private metadata: StatementMetadata = {};
  private columns: Columns = {};
  private headerCells: CellValue[] = [];
  /** Right after the header: the next row may be its second line ("Nợ", "Có" under "Số tiền"). */
  private headerMayContinue = false;
  bank: StatementBank | undefined;

  private index = 0;
  private credits = 0;
  private debits = 0;
  private creditLines = 0;
  private debitLines = 0;
  private firstDay: string | undefined;
  private lastDay: string | undefined;
  private firstLine: LineForCheck | undefined;
  private previousLine: LineForCheck | undefined;
  private order: 'ascending' | 'descending' | undefined;

  constructor(readonly format: StatementFormat) {}

  /** True once the table is behind us: the rest of the file can be skipped. */
  get finished(): boolean {
    return this.phase === 'done';
  }

  /** True when a single-table file (HTML, CSV) has shown no header where one would be. */
  get gaveUp(): boolean {
    return this.phase === 'skipping';
  }

  get account(): string | undefined {
    return this.metadata.account;
  }

  /** Reads one row; returns the line it holds, if it is one. */
  push(row: SheetRow): ParsedLine | undefined {
    if (this.phase === 'done') return undefined;
    if (row.sheet !== this.sheet) {
      if (this.phase === 'table') {
        this.phase = 'done';
        return undefined;
      }
      this.startSheet(row);
    }
    if (this.phase === 'skipping') return undefined;
    if (this.phase === 'searching') {
      this.search(row);
      return undefined;
    }
    return this.tableRow(row);
  }

  private startSheet(row: SheetRow) {
    this.sheet = row.sheet;
    this.sheetName = row.sheetName;
    this.phase = 'searching';
    this.rowsSearched = 0;
    this.previousCells = undefined;
    this.markerText = row.sheetName ? [normaliseCaption(row.sheetName)] : [];
    this.metadata = {};
  }

  private search(row: SheetRow) {
    this.rowsSearched += 1;
    if (this.rowsSearched > HEADER_SEARCH_ROWS) {
      this.phase = 'skipping';
      return;
    }
    const header = this.headerOf(row.cells, this.previousCells);
    if (header) {
      this.bank = this.identifyBank(header.captions);
      this.columns = header.columns;
      this.headerCells = row.cells;
      this.headerMayContinue = true;
      this.phase = 'table';
      return;
    }
    collectMetadata(this.metadata, row.cells, row.row);
    const text = row.cells.map(cellText).filter((t) => t !== '');
    if (text.length > 0) this.markerText.push(normaliseCaption(text.join(' ')));
    this.previousCells = row.cells;
  }

  /**
   * The columns a row names, if it is the table's header. A header may take two rows (a group
   * caption "Số tiền" above "Nợ" and "Có"): a cell of this row is read first, else the one above.
   */
  private headerOf(
    cells: CellValue[],
    above: CellValue[] | undefined,
  ): { columns: Columns; captions: string[] } | undefined {
    const single = columnsOf(Array.from(cells, cellText));
    if (isTableHeader(single.columns)) return single;
    if (!above) return undefined;
    const width = Math.max(cells.length, above.length);
    const merged: string[] = [];
    for (let column = 0; column < width; column++) {
      const own = cellText(cells[column]);
      merged.push(own !== '' ? own : cellText(above[column]));
    }
    const double = columnsOf(merged);
    return isTableHeader(double.columns) ? double : undefined;
  }

  private identifyBank(captions: string[]): StatementBank {
    const scores = new Map<StatementBank, number>();
    const padded = this.markerText.map((text) => ` ${text} `);
    for (const [bank, markers] of Object.entries(BANK_MARKERS) as [StatementBank, string[]][]) {
      let score = 0;
      for (const marker of markers) {
        if (padded.some((text) => text.includes(` ${marker} `))) score += marker.length;
      }
      const sheetNames = BANK_SHEET_NAMES[bank] ?? [];
      if (this.sheetName && sheetNames.includes(normaliseCaption(this.sheetName))) score += 1;
      if (score > 0) scores.set(bank, score);
    }
    const best = [...scores].sort((a, b) => b[1] - a[1])[0];
    if (best) return best[0];
    if (this.format === 'csv') return 'csv';
    const parts = new Set(captions.flatMap(captionParts));
    for (const [bank, signs] of Object.entries(BANK_CAPTION_SIGNS) as [StatementBank, string[]][]) {
      if (signs.some((sign) => parts.has(sign))) return bank;
    }
    throw unrecognised(
      'This file has a table of transactions, but nothing in it says which bank it comes from.',
    );
  }

  private value(cells: CellValue[], field: ColumnField): CellValue {
    const span = this.columns[field];
    if (!span) return null;
    const end = Math.min(span.end, cells.length);
    for (let column = span.start; column < end; column++) {
      const value = cells[column];
      if (value !== null && value !== undefined && cellText(value) !== '') return value;
    }
    return null;
  }

  private tableRow(row: SheetRow): ParsedLine | undefined {
    const { cells } = row;
    if (cells.every((cell) => cellText(cell) === '')) return undefined;
    if (this.headerMayContinue) {
      this.headerMayContinue = false;
      const continued = this.headerOf(cells, this.headerCells);
      if (continued && Object.keys(continued.columns).length > Object.keys(this.columns).length) {
        this.columns = continued.columns;
        return undefined;
      }
    }
    const dateField: ColumnField =
      this.columns.date && this.value(cells, 'date') !== null ? 'date' : 'postingDate';
    const time = this.cell(row, dateField, parseDateCell);
    if (!time) {
      // Totals, a repeated header after a page break, the balances below the table.
      collectMetadata(this.metadata, cells, row.row);
      return undefined;
    }
    let signed: number;
    if (this.columns.debit && this.columns.credit) {
      // "(200.000)" or "-200.000" in the debit column is still money out.
      const debit = Math.abs(this.cell(row, 'debit', parseAmount) ?? 0);
      const credit = this.cell(row, 'credit', parseAmount) ?? 0;
      if (debit !== 0 && credit !== 0) {
        throw this.malformed(row, 'debit', 'has both a debit and a credit');
      }
      if (credit < 0) {
        throw this.malformed(row, 'credit', 'has a negative credit');
      }
      signed = credit - debit;
    } else {
      signed = this.cell(row, 'amount', parseAmount) ?? 0;
    }
    if (signed === 0) {
      // A dated row with no money (an opening-balance row inside the table, a note).
      collectMetadata(this.metadata, cells, row.row);
      return undefined;
    }
    const balance = this.columns.balance ? this.cell(row, 'balance', parseAmount) : null;
    const day = isoDay(time);
    this.checkRunningBalance(row, day, signed, balance);

    const direction = signed > 0 ? 'in' : 'out';
    const amount = Math.abs(signed);
    if (direction === 'in') {
      this.credits += amount;
      this.creditLines += 1;
    } else {
      this.debits += amount;
      this.debitLines += 1;
    }
    if (!Number.isSafeInteger(this.credits) || !Number.isSafeInteger(this.debits)) {
      throw this.malformed(row, 'amount', 'takes the totals past what can be counted exactly');
    }
    if (this.firstDay === undefined || day < this.firstDay) this.firstDay = day;
    if (this.lastDay === undefined || day > this.lastDay) this.lastDay = day;

    const ref = cellText(this.value(cells, 'ref'));
    const line: ParsedLine = {
      index: this.index,
      row: row.row,
      direction,
      amount,
      bookedAt: vietnamInstant(time),
      memo: cellText(this.value(cells, 'memo')),
      refs: ref === '' ? [] : [ref],
    };
    this.index += 1;
    if (balance !== null) line.balanceAfter = balance;
    const counterpart = this.counterpart(cells);
    if (counterpart) line.counterpart = counterpart;
    return line;
  }

  private counterpart(cells: CellValue[]): ParsedLine['counterpart'] {
    const counterpart: NonNullable<ParsedLine['counterpart']> = {};
    const combined = cellText(this.value(cells, 'counterpartNameAccount'));
    if (combined !== '') Object.assign(counterpart, splitNameAndAccount(combined));
    const name = cellText(this.value(cells, 'counterpartName'));
    const account = cellText(this.value(cells, 'counterpartAccount'));
    const bank = cellText(this.value(cells, 'counterpartBank'));
    if (name !== '') counterpart.name = name;
    if (account !== '') counterpart.account = account;
    if (bank !== '') counterpart.bank = bank;
    return Object.keys(counterpart).length > 0 ? counterpart : undefined;
  }

  /**
   * Each balance must follow from the one before. Statements newest-first exist, so the order
   * is told by the first two lines; the first line is also checked against the opening balance.
   */
  private checkRunningBalance(row: SheetRow, day: string, signed: number, balance: number | null) {
    if (!this.columns.balance) return;
    if (balance === null) throw this.malformed(row, 'balance', 'has no balance');
    const line: LineForCheck = { row: row.row, date: cellDate(day), signed, balance };
    const previous = this.previousLine;
    this.previousLine = line;
    if (!previous) {
      this.firstLine = line;
      return;
    }
    if (this.order === undefined) {
      const first = previous;
      const ascending = first.balance + signed === balance;
      const descending = balance + first.signed === first.balance;
      const opening = this.metadata.openingBalance;
      if (ascending || !descending) {
        if (opening !== undefined && opening + first.signed !== first.balance) {
          throw balanceBreak(first, opening + first.signed);
        }
      }
      if (ascending) this.order = 'ascending';
      else if (descending) this.order = 'descending';
      else throw balanceBreak(line, first.balance + signed);
      return;
    }
    const expected =
      this.order === 'ascending' ? previous.balance + signed : previous.balance - previous.signed;
    if (expected !== balance) throw balanceBreak(line, expected);
  }

  /** The summary, once every row has been pushed; throws if the file does not add up. */
  finish(): StatementSummary {
    if (this.phase === 'searching' || this.phase === 'skipping' || !this.bank) {
      throw unrecognised('This file holds no table of transactions we recognise.');
    }
    const metadata = this.metadata;
    const account = metadata.account;
    if (!account) {
      throw new MalformedStatementError(
        'The file does not say which account it is for: it needs a "Số tài khoản / Account number" row above the table.',
        { column: 'Account number' },
      );
    }
    let openingBalance = metadata.openingBalance;
    let closingBalance = metadata.closingBalance;
    const first = this.firstLine;
    const last = this.previousLine;
    if (first && last) {
      const order = this.order ?? 'ascending';
      const oldest = order === 'ascending' ? first : last;
      const newest = order === 'ascending' ? last : first;
      if (openingBalance === undefined) openingBalance = oldest.balance - oldest.signed;
      else if (openingBalance + oldest.signed !== oldest.balance) {
        throw balanceBreak(oldest, openingBalance + oldest.signed);
      }
      if (closingBalance === undefined) closingBalance = newest.balance;
    }
    if (openingBalance === undefined || closingBalance === undefined) {
      const missing = openingBalance === undefined ? 'opening' : 'closing';
      throw new MalformedStatementError(
        `The file does not state its ${missing} balance, and has no balance column to tell it: the totals cannot be checked.`,
        { column: missing === 'opening' ? 'Opening balance' : 'Closing balance' },
      );
    }
    const expected = openingBalance + this.credits - this.debits;
    if (expected !== closingBalance) {
      throw new StatementBalanceError(
        `The statement does not add up: opening balance ${formatDong(openingBalance)} + money in ${formatDong(this.credits)} − money out ${formatDong(this.debits)} = ${formatDong(expected)}, but the file says the closing balance is ${formatDong(closingBalance)}.`,
        { expected, found: closingBalance },
      );
    }
    const from = metadata.from ?? this.firstDay;
    const to = metadata.to ?? this.lastDay;
    if (!from || !to) {
      throw new MalformedStatementError(
        'The file states no period and has no lines to tell it: add "From" and "To" dates above the table.',
        { column: 'Period' },
      );
    }
    return {
      bank: this.bank,
      format: this.format,
      account,
      from,
      to,
      openingBalance,
      closingBalance,
      lines: this.index,
      creditLines: this.creditLines,
      debitLines: this.debitLines,
      credits: this.credits,
      debits: this.debits,
    };
  }

  /** Parses one cell, turning a failure into an error that names the row and the column. */
  private cell<T>(row: SheetRow, field: ColumnField, parse: (value: CellValue) => T): T {
    const value = this.value(row.cells, field);
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      throw this.malformed(row, field, error.message, error);
    }
  }

  private malformed(row: SheetRow, field: ColumnField, problem: string, cause?: unknown) {
    const column = this.columns[field]?.caption ?? field;
    return new MalformedStatementError(
      `Row ${row.row}, column "${column}": ${problem}.`,
      { row: row.row, column },
      { cause },
    );
  }
}

/** Maps each named header cell to its column; a column stretches to the next caption. */
function columnsOf(texts: string[]): { columns: Columns; captions: string[] } {
  const columns: Columns = {};
  const named: number[] = [];
  for (let column = 0; column < texts.length; column++) {
    if (texts[column] !== '') named.push(column);
  }
  named.forEach((column, position) => {
    const caption = texts[column] ?? '';
    const field = fieldOfCaption(caption);
    if (!field || columns[field]) return;
    columns[field] = {
      caption: caption.replace(/\s+/g, ' '),
      start: column,
      end: named[position + 1] ?? Number.POSITIVE_INFINITY,
    };
  });
  return { columns, captions: named.map((column) => texts[column] ?? '') };
}

/** ACB writes "NGUYEN VAN A / 0123456789" in one cell: the part that is an account number. */
function splitNameAndAccount(text: string): { name?: string; account?: string } {
  const parts = text
    .split(/\s*(?:\n|\s\/\s|\s-\s)\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const isAccount = (part: string) => /^[0-9][0-9*xX .]{3,}$/.test(part);
  const account = parts.find(isAccount);
  const name = parts.filter((part) => part !== account).join(' ');
  return {
    ...(name !== '' ? { name } : {}),
    ...(account !== undefined ? { account } : {}),
  };
}

function cellDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

function balanceBreak(line: LineForCheck, expected: number): StatementBalanceError {
  return new StatementBalanceError(
    `Row ${line.row} (${line.date}): the balance should be ${formatDong(expected)} after this line, the file says ${formatDong(line.balance)}.`,
    { row: line.row, expected, found: line.balance },
  );
}

export function unrecognised(reason: string, cause?: unknown): UnrecognisedStatementError {
  return new UnrecognisedStatementError(
    `${reason} Statements we read: ${describeSupportedLayouts()}.`,
    { cause, details: { supported: SUPPORTED_LAYOUTS.map((layout) => layout.bank) } },
  );
}

export type { WallTime };
