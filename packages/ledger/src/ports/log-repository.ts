/**
 * What the transparency log keeps in the State table. Apart from transparency-log.ts so that
 * LedgerStore (ledger-store.ts) can hold a LogRepository without an import cycle.
 */

/** A checkpoint the deployment signed; every one is kept. */
export interface SignedCheckpoint {
  fundId: string;
  size: number;
  /** The tree's root hash, base64. */
  root: string;
  /** The whole signed note, as served at `/funds/{fundId}/log/checkpoint`. */
  note: string;
  signedAt: string;
}

/** A witness whose cosignatures the deployment accepts. */
export interface Witness {
  /** The witness's vkey (`name+keyid+base64(0x04 ‖ key)`). */
  vkey: string;
  name: string;
  /** Who runs it, as shown on fund pages (a newspaper, the ward People's Council…). */
  label: string;
  addedAt: string;
  addedBy: string;
}

/** A witness's cosignature of one checkpoint. */
export interface Cosignature {
  fundId: string;
  size: number;
  root: string;
  witness: string;
  label: string;
  /** The cosignature's own timestamp (seconds since the epoch). */
  timestamp: number;
  /** The signature line, `— <name> <base64>`. */
  line: string;
  receivedAt: string;
}

/** What the log keeps in the State table: checkpoints, witnesses and their cosignatures. */
export interface LogRepository {
  /** Keeps a signed checkpoint; false when one of that size is already kept (it is not replaced). */
  saveCheckpoint(checkpoint: SignedCheckpoint): Promise<boolean>;
  getCheckpoint(fundId: string, size: number): Promise<SignedCheckpoint | undefined>;
  latestCheckpoint(fundId: string): Promise<SignedCheckpoint | undefined>;
  /** Newest first. */
  listCheckpoints(fundId: string, limit: number): Promise<SignedCheckpoint[]>;
  listWitnesses(): Promise<Witness[]>;
  /** Adds or replaces a witness (by name). */
  saveWitness(witness: Witness): Promise<void>;
  /**
   * Keeps witnesses' cosignatures, all or none (one transaction). Each replaces its witness's
   * earlier one for the fund only when it is newer (a later timestamp); false, and nothing
   * written, when any one is not.
   */
  saveCosignatures(cosignatures: readonly Cosignature[]): Promise<boolean>;
  /** The latest cosignature of each witness for the fund. */
  listCosignatures(fundId: string): Promise<Cosignature[]>;
}
