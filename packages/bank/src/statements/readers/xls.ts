/**
 * Legacy .xls (BIFF8) through SheetJS. Such a file holds at most 65,536 rows a sheet, so reading
 * it whole is bounded; we still refuse anything absurdly large before buffering it.
 */
import * as XLSX from '@e965/xlsx';
import { UnrecognisedStatementError } from '../../errors.ts';
import type { CellValue } from '../text.ts';
import type { SheetRow } from './rows.ts';

const MAX_XLS_BYTES = 64 * 1024 * 1024;

export async function* readXlsRows(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<SheetRow> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > MAX_XLS_BYTES) {
      throw new UnrecognisedStatementError(
        'This .xls file is larger than any legacy Excel statement can be. Export the statement as .xlsx or CSV instead.',
      );
    }
    chunks.push(chunk);
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(Buffer.concat(chunks), { type: 'buffer', cellDates: false, dense: true });
  } catch (error) {
    throw new UnrecognisedStatementError(
      'This .xls file could not be opened as an Excel workbook.',
      { cause: error },
    );
  }
  let sheet = 0;
  for (const sheetName of workbook.SheetNames) {
    sheet += 1;
    const worksheet = workbook.Sheets[sheetName];
    const data = (worksheet as { '!data'?: (XLSX.CellObject | undefined)[][] } | undefined)?.[
      '!data'
    ];
    if (!data) continue;
    for (let index = 0; index < data.length; index++) {
      const cells: CellValue[] = Array.from(data[index] ?? [], plainValue);
      yield { sheet, sheetName, row: index + 1, cells };
    }
  }
}

function plainValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
    case 's':
    case 'b':
      return cell.v as number | string | boolean;
    case 'd':
      return cell.v instanceof Date ? cell.v : String(cell.v);
    default:
      return null;
  }
}
