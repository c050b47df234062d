import {
  fromBase64,
  logKeyOf,
  openSignedCheckpoint,
  originNamesFund,
  sameVerifierKey,
  type TreeHash,
  toBase64,
  verifyConsistency,
} from '@soquy/ledger';

/**
 * What a witness writes when a log forks or rolls back (docs/ledger-format.md, "Witnesses"): two
 * checkpoint notes the log signed that cannot both be honest, with the consistency proof the log
 * served, if any. Anyone holding the log's key can check it: `npm run verify -- --fork FILE`.
 */
export const FORK_PROOF_FORMAT = 'soquy-fork-proof/1';

export interface ServedConsistency {
  from: number;
  to: number;
  proof: string[];
  fromCheckpoint?: string;
  toCheckpoint?: string;
}

export interface ForkProof {
  format: typeof FORK_PROOF_FORMAT;
  kind: 'fork' | 'rollback';
  fundId: string;
  /** The log key (vkey) both notes must be signed by. */
  logKey: string;
  /** The checkpoint the witness had accepted before. */
  accepted: string;
  /** The checkpoint the log served next. */
  served: string;
  /** The consistency proof the log served between them, as it answered. */
  consistency?: ServedConsistency;
  explanation: string;
  detectedAt: string;
  witness: string;
  url: string;
}

export interface ForkVerdict {
  /** True when the file proves the log misbehaved. */
  proven: boolean;
  kind?: 'fork' | 'rollback';
  /** What was checked, in order, and what it showed. */
  lines: string[];
  problem?: string;
}

type Members = Record<string, unknown>;
const isMembers = (value: unknown): value is Members =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const b64 = (hash: TreeHash) => toBase64(hash);

/**
 * Checks a fork proof: both notes signed by the log key (the file's, which must be `logKey` when
 * given), of the same origin naming the fund, and then one of: the same size with different
 * roots; a smaller size served after a bigger one; a bigger size that the log's own checkpoints
 * or consistency proof show is not an extension of the smaller.
 */
export function checkForkProof(value: unknown, options: { logKey?: string } = {}): ForkVerdict {
  const lines: string[] = [];
  const no = (problem: string): ForkVerdict => ({ proven: false, lines, problem });
  if (!isMembers(value) || value.format !== FORK_PROOF_FORMAT) {
    return no(`not a fork proof (format "${FORK_PROOF_FORMAT}")`);
  }
  const { fundId, logKey, accepted, served, consistency } = value;
  if (typeof fundId !== 'string' || typeof accepted !== 'string' || typeof served !== 'string') {
    return no('a fork proof has fundId, accepted and served as text');
  }
  const key = logKeyOf(logKey);
  if (typeof key === 'string') return no(`its log key cannot be read: ${key}`);
  if (options.logKey !== undefined) {
    const pinned = logKeyOf(options.logKey);
    if (typeof pinned === 'string') return no(`the key given cannot be read: ${pinned}`);
    if (!sameVerifierKey(pinned, key)) {
      return no(`it is about the log key ${String(logKey)}, not the key given (${options.logKey})`);
    }
  }
  lines.push(`log key: ${String(logKey)}`);
  const a = openSignedCheckpoint(accepted, key);
  const b = openSignedCheckpoint(served, key);
  if (!a.ok) return no(`the accepted checkpoint: ${a.problem}`);
  if (!b.ok) return no(`the served checkpoint: ${b.problem}`);
  const [ca, cb] = [a.checkpoint, b.checkpoint];
  lines.push(
    `both checkpoints are signed by ${key.name}: size ${ca.size} root ${b64(ca.root)}, size ${cb.size} root ${b64(cb.root)}`,
  );
  if (ca.origin !== cb.origin || !originNamesFund(ca.origin, fundId)) {
    return no(
      `the checkpoints' origins ("${ca.origin}", "${cb.origin}") are not both fund ${fundId}`,
    );
  }
  lines.push(`both are of the log "${ca.origin}"`);

  if (ca.size === cb.size) {
    if (b64(ca.root) === b64(cb.root)) return no('same size and same root: no fork');
    lines.push(`FORK: the log signed two different trees of size ${ca.size}`);
    return { proven: true, kind: 'fork', lines };
  }
  if (cb.size < ca.size) {
    lines.push(
      `ROLLBACK: after size ${ca.size}, the log served size ${cb.size} as its latest checkpoint`,
    );
    return { proven: true, kind: 'rollback', lines };
  }
  if (!isMembers(consistency)) {
    return no(`size ${cb.size} follows ${ca.size}, and no consistency proof is given`);
  }
  // The log's own checkpoints in its answer: another tree of either size is a fork by itself.
  for (const [field, size, root] of [
    ['fromCheckpoint', ca.size, ca.root],
    ['toCheckpoint', cb.size, cb.root],
  ] as const) {
    const note = consistency[field];
    if (typeof note !== 'string') continue;
    const other = openSignedCheckpoint(note, key);
    if (
      other.ok &&
      other.checkpoint.origin === ca.origin &&
      other.checkpoint.size === size &&
      b64(other.checkpoint.root) !== b64(root)
    ) {
      lines.push(
        `FORK: with its consistency proof the log served another signed tree of size ${size}: root ${b64(other.checkpoint.root)}, not ${b64(root)}`,
      );
      return { proven: true, kind: 'fork', lines };
    }
  }
  const proof = Array.isArray(consistency.proof)
    ? consistency.proof.map((p) => (typeof p === 'string' ? fromBase64(p) : undefined))
    : [undefined];
  if (
    consistency.from !== ca.size ||
    consistency.to !== cb.size ||
    proof.some((p) => p === undefined)
  ) {
    return no(`the consistency proof given is not one from ${ca.size} to ${cb.size}`);
  }
  if (verifyConsistency(ca.size, cb.size, proof as TreeHash[], ca.root, cb.root)) {
    return no(`the consistency proof shows size ${cb.size} extends size ${ca.size}: no fork`);
  }
  lines.push(
    `FORK: the consistency proof the log served does not show that size ${cb.size} extends size ${ca.size} (ask the log for its own: GET /funds/${fundId}/proofs/consistency?from=${ca.size}&to=${cb.size}; an honest log always has one that passes)`,
  );
  return { proven: true, kind: 'fork', lines };
}
