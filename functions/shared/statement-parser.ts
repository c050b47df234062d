import type { StatementParser } from '@soquy/ledger';

/**
 * The banks' statement layouts (packages/bank), as the import operation's port. Loaded on the
 * first file, not at start: the readers (exceljs, SheetJS, csv-parse) are most of the bundle.
 */
const readers = () => import('@soquy/bank');

export const bankStatementParser: StatementParser = {
  scan: async (open) => (await readers()).scanStatement(open),
  lines: (open, options) => ({
    async *[Symbol.asyncIterator]() {
      yield* (await readers()).readStatementLines(open, options);
    },
  }),
};
