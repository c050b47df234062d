/**
 * .xlsx through exceljs's streaming reader: rows arrive one at a time from the zip, so a
 * 400,000-line statement never sits in memory. Styles are not read (faster): a date cell then
 * arrives as its Excel serial number, which the statement reader turns into a date.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from '../text.ts';
import type { SheetRow } from './rows.ts';

export async function* readXlsxRows(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<SheetRow> {
  const input = Readable.from(bytes, { objectMode: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let sheet = 0;
  try {
    for await (const worksheet of workbook) {
      sheet += 1;
      const sheetName = (worksheet as unknown as { name?: string }).name;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        for (let column = 1; column < values.length; column++) {
          cells.push(plainValue(values[column]));
        }
        yield { sheet, sheetName, row: row.number, cells };
      }
    }
  } finally {
    input.destroy();
  }
}

/** exceljs's cell values (rich text, formulas, hyperlinks) as plain values. */
function plainValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return value;
  }
  if (typeof value === 'object') {
    const object = value as {
      richText?: { text?: string }[];
      result?: unknown;
      formula?: string;
      text?: unknown;
      error?: string;
    };
    if (Array.isArray(object.richText))
      return object.richText.map((run) => run.text ?? '').join('');
    if ('formula' in object || 'sharedFormula' in object) return plainValue(object.result);
    if ('text' in object) return plainValue(object.text);
    if ('error' in object) return null;
  }
  return String(value);
}
