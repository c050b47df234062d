/**
 * CSV through csv-parse's streaming parser: UTF-8 with or without a BOM, "," or ";" (or tab)
 * as the statement reader decides from the header row.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SheetRow } from './rows.ts';

export async function* readCsvRows(
  bytes: AsyncIterable<Uint8Array>,
  delimiter: string,
): AsyncGenerator<SheetRow> {
  const input = Readable.from(bytes, { objectMode: false });
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter,
      // Files edited by hand mix Windows and Unix line ends.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { sheet: 1, row, cells: record.map((value) => (value === '' ? null : value)) };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
