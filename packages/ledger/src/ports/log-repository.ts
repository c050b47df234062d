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

/**
 * A witness's report of misbehaviour, kept once per proof (docs/ledger-format.md, "Witnesses").
 * `proven`: two notes signed by the log key for one size with different roots; the operator is
 * paged. `observed`: a rollback or a failing consistency proof, the witness's word: listed, not
 * paged.
 */
export interface ForkReport {
  fundId: string;
  /** SHA-256 (hex) of the proof's evidence: its notes and the log's answer, canonical JSON. */
  id: string;
  status: 'proven' | 'observed';
  /** What the witness called it: fork, rollback or inconsistent. */
  kind: string;
  /** What the check found: the fork's size and roots, or why it is not provable. */
  finding: string;
  witness: string;
  detectedAt: string;
  receivedAt: string;
  /** The proof as posted, for anyone to check again (`npm run verify -- --fork`). */
  proof: Record<string, unknown>;
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
  /** Keeps a fork report; false, and nothing written, when one of that id is already kept. */
  saveForkReport(report: ForkReport): Promise<boolean>;
  getForkReport(fundId: string, id: string): Promise<ForkReport | undefined>;
  /** The fund's fork reports, in no particular order. */
  listForkReports(fundId: string): Promise<ForkReport[]>;
}
