import { readStatementLines, scanStatement } from '@soquy/bank';
import type { StatementParser } from '@soquy/ledger';

/** The banks' statement layouts (packages/bank), as the import operation's port. */
export const bankStatementParser: StatementParser = {
  scan: (open) => scanStatement(open),
  lines: (open, options) => readStatementLines(open, options),
};
