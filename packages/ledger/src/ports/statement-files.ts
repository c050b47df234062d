import type { IncomingBankLine } from '../primitives/bank-lines.ts';
import type { EvidenceUpload } from './evidence-files.ts';
import type { LedgerDeps } from './ledger-store.ts';

/** Opens the file afresh on each call: an import reads it twice (check, then lines). */
export type OpenStatementFile = () => AsyncIterable<Uint8Array>;

/** What a statement file says about itself, read in one pass that keeps no list of lines. */
export interface StatementFileSummary {
  bank: string;
  format: string;
  account: string;
  from: string;
  to: string;
  openingBalance: number;
  closingBalance: number;
  lines: number;
  credits: number;
  debits: number;
}

export interface StatementFileLine extends IncomingBankLine {
  index: number;
  row: number;
}

/** Reads the banks' statement files (packages/bank). Throws LedgerErrors a treasurer can read. */
export interface StatementParser {
  scan(open: OpenStatementFile): Promise<StatementFileSummary>;
  lines(
    open: OpenStatementFile,
    options: { from: number; chunkSize: number },
  ): AsyncIterable<StatementFileLine[]>;
}

/** Where statement files live: content-addressed like evidence (S3 in AWS, disk locally). */
export interface StatementFiles {
  /** Somewhere to PUT exactly these bytes; anything whose SHA-256 differs is refused. */
  createUpload(fundId: string, sha256: string, size: number): Promise<EvidenceUpload>;
  /** Stores bytes directly (the console's form upload); returns their SHA-256. */
  put(fundId: string, bytes: Uint8Array): Promise<string>;
  has(fundId: string, sha256: string): Promise<boolean>;
  open(fundId: string, sha256: string): AsyncIterable<Uint8Array>;
}

/** What storing and declaring statements needs: no parser (the import job alone reads files). */
export interface StatementFileDeps extends LedgerDeps {
  statementFiles: StatementFiles;
}

export interface StatementDeps extends StatementFileDeps {
  statementParser: StatementParser;
}
