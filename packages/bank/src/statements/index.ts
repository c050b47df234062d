/**
 * Bank statement files (.xlsx, legacy .xls, HTML saved as .xls, CSV) read as streams into the
 * core's IncomingBankLine. Two passes over the same file: scanStatement checks everything and
 * sums it up; readStatementLines hands the lines over in chunks, resuming where a job left off.
 */
import type { IncomingBankLine } from '@soquy/ledger';
import { fieldOfCaption } from './layouts.ts';
import { readCsvRows } from './readers/csv.ts';
import { readHtmlRows } from './readers/html.ts';
import type { SheetRow } from './readers/rows.ts';
import { readXlsRows } from './readers/xls.ts';
import { readXlsxRows } from './readers/xlsx.ts';
import { decodeHead, type OpenStatement, type SniffedStatement, sniffStatement } from './source.ts';
import { StatementReader, type StatementSummary, unrecognised } from './statement-reader.ts';

export type { StatementBank } from './layouts.ts';
export { describeSupportedLayouts, SUPPORTED_LAYOUTS } from './layouts.ts';
export type { OpenStatement, StatementFormat } from './source.ts';
export type { StatementSummary } from './statement-reader.ts';

export interface StatementLine extends IncomingBankLine {
  channel: 'statement';
  /** 0-based position in the table, in file order. */
  index: number;
  /** 1-based row number in the sheet or file, for error messages. */
  row: number;
}

/** One streaming pass: recognises format and layout, checks every row and the tie-out; holds no list of lines. */
export async function scanStatement(open: OpenStatement): Promise<StatementSummary> {
  const sniffed = await sniffStatement(open);
  const reader = new StatementReader(sniffed.format);
  try {
    for await (const row of rowsOf(sniffed)) {
      reader.push(row);
      if (reader.finished || reader.gaveUp) break;
    }
  } finally {
    await sniffed.close();
  }
  return reader.finish();
}

/** Second pass: the lines in file order, in chunks of `chunkSize` (default 500), starting at line index `from` (default 0). */
export async function* readStatementLines(
  open: OpenStatement,
  options: { from?: number; chunkSize?: number } = {},
): AsyncGenerator<StatementLine[]> {
  const from = Math.max(0, options.from ?? 0);
  const chunkSize = Math.max(1, options.chunkSize ?? 500);
  const sniffed = await sniffStatement(open);
  const reader = new StatementReader(sniffed.format);
  let account: string | undefined;
  let chunk: StatementLine[] = [];
  try {
    for await (const row of rowsOf(sniffed)) {
      const line = reader.push(row);
      if (reader.finished || reader.gaveUp) break;
      if (!line || line.index < from) continue;
      // Nearly always stated above the table; if only below it, a scan finds it first.
      account ??= reader.account ?? (await scanStatement(open)).account;
      chunk.push({ channel: 'statement', accountNumber: account, ...line });
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  } finally {
    await sniffed.close();
  }
  // The tie-out is checked again: a file that changed since its scan is not half-imported.
  reader.finish();
  if (chunk.length > 0) yield chunk;
}

function rowsOf(sniffed: SniffedStatement): AsyncIterable<SheetRow> {
  switch (sniffed.format) {
    case 'xlsx':
      return readXlsxRows(sniffed.bytes);
    case 'xls':
      return readXlsRows(sniffed.bytes);
    case 'html':
      return readHtmlRows(sniffed.bytes, sniffed.head);
    case 'csv':
      return readCsvRows(sniffed.bytes, csvDelimiter(sniffed.head));
  }
}

const DELIMITERS = [',', ';', '\t'];

/** The delimiter that makes a header row of the first lines; "," when none does. */
function csvDelimiter(head: Uint8Array): string {
  const text = decodeHead(head);
  if (text === undefined) throw unrecognised('This file is not text.');
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(0, 60);
  let best = { delimiter: ',', named: 0 };
  for (const line of lines) {
    for (const delimiter of DELIMITERS) {
      const captions = line.split(delimiter).map((cell) => cell.replace(/^"|"$/g, ''));
      if (captions.length < 3) continue;
      const named = new Set(captions.map(fieldOfCaption).filter(Boolean)).size;
      if (named > best.named) best = { delimiter, named };
    }
  }
  return best.delimiter;
}
