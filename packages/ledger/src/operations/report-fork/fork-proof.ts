import { fromBase64, type TreeHash, toBase64, verifyConsistency } from '../../primitives/merkle.ts';
import {
  type Checkpoint,
  logKeyOf,
  openSignedCheckpoint,
  originNamesFund,
  sameVerifierKey,
} from '../../primitives/signed-note.ts';

/**
 * What a witness writes when a log misbehaves (docs/ledger-format.md, "Witnesses"): the
 * checkpoint it had accepted, what the log served instead, and what the log answered when asked
 * for its own signed checkpoint of the same size. Only two notes signed by the log for one size
 * with two roots prove anything to a third party (`npm run verify -- --fork FILE`): a checkpoint
 * carries no time and the log rightly signs smaller, older sizes too (export chunks), and a
 * consistency proof is unsigned, so a rollback or a failing proof is evidence of what the
 * witness saw, not a proof.
 */
export const FORK_PROOF_FORMAT = 'soquy-fork-proof/1';

export interface ServedConsistency {
  from: number;
  to: number;
  proof: string[];
  fromCheckpoint?: string;
  toCheckpoint?: string;
}

/**
 * - `fork`: two notes of one size with different roots (proven);
 * - `rollback`: the log served a smaller size, or none (404), after a bigger one (observed);
 * - `inconsistent`: a bigger size whose consistency proof fails (observed).
 */
export type MisbehaviourKind = 'fork' | 'rollback' | 'inconsistent';

export interface ForkProof {
  format: typeof FORK_PROOF_FORMAT;
  kind: MisbehaviourKind;
  fundId: string;
  /** The log key (vkey) every note must be signed by. */
  logKey: string;
  /** The checkpoint the witness had accepted before. */
  accepted: string;
  /** The checkpoint the log served next; absent when it served none (404). */
  served?: string;
  /** A note the log signed, of the size of `accepted` or `served`, with another root. */
  conflicting?: string;
  /** The consistency proof the log served, as it answered. */
  consistency?: ServedConsistency;
  explanation: string;
  detectedAt: string;
  witness: string;
  url: string;
}

export interface ForkVerdict {
  /** True only when two notes signed by the log key have one size and two roots. */
  proven: boolean;
  kind?: 'fork';
  /** A proven fork: the size and the two roots (base64, sorted) the log signed for it. */
  fork?: { size: number; roots: [string, string] };
  /**
   * True when the file is a witness's well-formed record of misbehaviour that signatures alone
   * cannot prove (a rollback, a failing or missing proof).
   */
  observed?: boolean;
  /**
   * True when every note verified under the log key and names the fund, yet the file shows
   * nothing wrong (one root per size, or a proof that the bigger tree extends the smaller).
   */
  signed?: boolean;
  /** What was checked, in order, and what it showed. */
  lines: string[];
  problem?: string;
}

type Members = Record<string, unknown>;
const isMembers = (value: unknown): value is Members =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const b64 = (hash: TreeHash) => toBase64(hash);

/** Two checkpoints of one log and one size that are two different trees. */
export const conflictingCheckpoints = (a: Checkpoint, b: Checkpoint) =>
  a.origin === b.origin && a.size === b.size && b64(a.root) !== b64(b.root);

/**
 * Checks a fork proof: `accepted`, and `served` and `conflicting` when present, each carry a
 * valid signature of the log key (the file's, which must be `logKey` when given) and have the
 * origin of the fund. It is PROVEN only when two of the notes in the file (those, and the
 * checkpoints in the log's consistency answer that verify) have the same size and different
 * roots. Anything else is, at most, misbehaviour observed and not provable from signatures.
 */
export function checkForkProof(value: unknown, options: { logKey?: string } = {}): ForkVerdict {
  const lines: string[] = [];
  let signed = false;
  const no = (problem: string, observed = false): ForkVerdict => ({
    proven: false,
    ...(observed ? { observed } : {}),
    ...(signed && !observed ? { signed } : {}),
    lines,
    problem,
  });
  if (!isMembers(value) || value.format !== FORK_PROOF_FORMAT) {
    return no(`not a fork proof (format "${FORK_PROOF_FORMAT}")`);
  }
  const { fundId, logKey, accepted, served, conflicting, consistency } = value;
  if (
    typeof fundId !== 'string' ||
    typeof accepted !== 'string' ||
    (served !== undefined && typeof served !== 'string') ||
    (conflicting !== undefined && typeof conflicting !== 'string')
  ) {
    return no('a fork proof has fundId and accepted (and served, conflicting if any) as text');
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

  // The notes the witness wrote down must all be the log's, of this fund.
  const notes: { field: string; checkpoint: Checkpoint }[] = [];
  for (const [field, note] of [
    ['accepted', accepted],
    ['served', served],
    ['conflicting', conflicting],
  ] as const) {
    if (note === undefined) continue;
    const opened = openSignedCheckpoint(note, key);
    if (!opened.ok) return no(`the ${field} checkpoint: ${opened.problem}`);
    const { checkpoint } = opened;
    if (!originNamesFund(checkpoint.origin, fundId)) {
      return no(`the ${field} checkpoint is of "${checkpoint.origin}", not of fund ${fundId}`);
    }
    if (notes.length > 0 && checkpoint.origin !== notes[0]?.checkpoint.origin) {
      return no(
        `the ${field} checkpoint is of "${checkpoint.origin}", the accepted one of "${notes[0]?.checkpoint.origin}"`,
      );
    }
    notes.push({ field, checkpoint });
    lines.push(
      `${field}: signed by ${key.name}, size ${checkpoint.size} root ${b64(checkpoint.root)}`,
    );
  }
  const origin = (notes[0] as { checkpoint: Checkpoint }).checkpoint.origin;
  signed = true;
  lines.push(`all of the log "${origin}"`);
  // The log's own checkpoints in its consistency answer count when they verify.
  if (isMembers(consistency)) {
    for (const field of ['fromCheckpoint', 'toCheckpoint'] as const) {
      const note = consistency[field];
      if (typeof note !== 'string') continue;
      const opened = openSignedCheckpoint(note, key);
      if (!opened.ok || opened.checkpoint.origin !== origin) {
        lines.push(`consistency.${field}: not a checkpoint of this log signed by ${key.name}`);
        continue;
      }
      notes.push({ field: `consistency.${field}`, checkpoint: opened.checkpoint });
      lines.push(
        `consistency.${field}: signed by ${key.name}, size ${opened.checkpoint.size} root ${b64(opened.checkpoint.root)}`,
      );
    }
  }

  for (const [i, a] of notes.entries()) {
    const b = notes
      .slice(i + 1)
      .find((other) => conflictingCheckpoints(a.checkpoint, other.checkpoint));
    if (b) {
      lines.push(
        `FORK: the log signed two different trees of size ${a.checkpoint.size}: root ${b64(a.checkpoint.root)} (${a.field}) and ${b64(b.checkpoint.root)} (${b.field})`,
      );
      const roots = [b64(a.checkpoint.root), b64(b.checkpoint.root)].sort() as [string, string];
      return { proven: true, kind: 'fork', lines, fork: { size: a.checkpoint.size, roots } };
    }
  }

  const ca = (notes[0] as { checkpoint: Checkpoint }).checkpoint;
  const cb = served === undefined ? undefined : notes.find((n) => n.field === 'served')?.checkpoint;
  const unprovable = 'misbehaviour observed, not provable from signatures alone';
  if (cb === undefined) {
    return no(
      `the log served no checkpoint after size ${ca.size}: ${unprovable} (the witness's word, not the log's signature)`,
      true,
    );
  }
  if (ca.size === cb.size) return no('same size and same root: no fork');
  if (cb.size < ca.size) {
    return no(
      `size ${cb.size} served after size ${ca.size}: ${unprovable} (a checkpoint carries no time, and the log rightly signs smaller, older sizes for export chunks)`,
      true,
    );
  }
  if (!isMembers(consistency)) {
    return no(`size ${cb.size} follows ${ca.size}, and no consistency proof is given`);
  }
  const proof = Array.isArray(consistency.proof)
    ? consistency.proof.map((p) => (typeof p === 'string' ? fromBase64(p) : undefined))
    : [undefined];
  if (
    consistency.from === ca.size &&
    consistency.to === cb.size &&
    proof.every((p) => p !== undefined) &&
    verifyConsistency(ca.size, cb.size, proof as TreeHash[], ca.root, cb.root)
  ) {
    return no(`the consistency proof shows size ${cb.size} extends size ${ca.size}: no fork`);
  }
  return no(
    `the consistency proof in the file does not show that size ${cb.size} extends size ${ca.size}, but a consistency proof is not signed: ${unprovable} (ask the log: GET /funds/${fundId}/proofs/consistency?from=${ca.size}&to=${cb.size}; its fromCheckpoint with another root than the accepted one would prove a fork)`,
    true,
  );
}
