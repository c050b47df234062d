import type { NoteSigner } from '../primitives/signed-note.ts';
import type { LedgerDeps } from './ledger-store.ts';

export type {
  Cosignature,
  ForkReport,
  LogRepository,
  SignedCheckpoint,
  Witness,
} from './log-repository.ts';

/** Where tiles and checkpoints are published: S3 behind CloudFront in AWS, files locally. */
export interface LogFiles {
  /** `path` is relative to `/funds/{fundId}/log/`: `checkpoint`, `tile/0/000.p/7`… */
  read(fundId: string, path: string): Promise<Uint8Array | undefined>;
  write(
    fundId: string,
    path: string,
    body: Uint8Array,
    options: { immutable: boolean; contentType: string },
  ): Promise<void>;
}

/** The adapters of operations that publish or prove the log. */
export interface LogDeps extends LedgerDeps {
  logFiles: LogFiles;
  signer: NoteSigner;
  /** The deployment's name in checkpoint origins, e.g. `soquy.local`. */
  deployment: string;
}
