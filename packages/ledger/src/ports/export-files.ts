import type { LedgerDeps } from './ledger-store.ts';

export interface ExportFile {
  /** A file name under the fund's export folder, e.g. `journal-000000001-000001000.csv`. */
  name: string;
  body: string;
  contentType: string;
  /** Written once and never changed: readers and caches may keep it forever. */
  immutable: boolean;
}

/** Where a fund's published exports live: S3 in AWS, files on disk locally. */
export interface ExportFiles {
  read(fundId: string, name: string): Promise<string | undefined>;
  write(fundId: string, file: ExportFile): Promise<void>;
  /** Where a reader downloads the file from (a short-lived S3 link; a local path). */
  linkTo(fundId: string, name: string): Promise<string>;
}

export interface ExportDeps extends Pick<LedgerDeps, 'store'> {
  exports: ExportFiles;
}
