import {
  CheckpointNotFoundError,
  LogIntegrityError,
  SeqBeyondTreeError,
  TreeSizesOutOfOrderError,
} from '../../errors.ts';
import type { LogDeps, SignedCheckpoint } from '../../ports/transparency-log.ts';
import type { Entry } from '../../primitives/entry.ts';
import {
  consistencyProof,
  entryLeafHash,
  fromBase64,
  inclusionProof,
  type SubtreeReader,
  type TreeHash,
  toBase64,
  verifyConsistency,
  verifyInclusion,
} from '../../primitives/merkle.ts';
import { tileReader } from '../../primitives/tlog-tiles.ts';
import { requireFund } from '../common/read.ts';
import { tilesOf } from './log-files.ts';

/** GET /funds/{fundId}/proofs/inclusion: entry `seq` is leaf `seq - 1` of the tree of `treeSize`. */
export interface InclusionProofAnswer {
  fundId: string;
  seq: number;
  leafIndex: number;
  treeSize: number;
  /** The entry's chain hash, hex. */
  entryHash: string;
  /** The entry's leaf hash, base64. */
  leafHash: string;
  /** RFC 9162 §2.1.3.1 order, base64. */
  proof: string[];
  /** The signed checkpoint of `treeSize`. */
  checkpoint: string;
}

/** GET /funds/{fundId}/proofs/consistency: the tree of `from` is a prefix of that of `to`. */
export interface ConsistencyProofAnswer {
  fundId: string;
  from: number;
  to: number;
  /** RFC 9162 §2.1.4.1 order, base64; empty when from = to. */
  proof: string[];
  fromCheckpoint: string;
  toCheckpoint: string;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 1;

/** A kept checkpoint, or the 404 a client understands. */
async function keptCheckpoint(deps: LogDeps, fundId: string, size: number) {
  const checkpoint = await deps.store.log.getCheckpoint(fundId, size);
  if (!checkpoint) throw new CheckpointNotFoundError(fundId, size);
  return checkpoint;
}

/**
 * Proofs read hash tiles published up to the latest checkpoint, which holds every earlier tree:
 * O(log n) tile reads whatever the size.
 */
async function publishedReader(deps: LogDeps, fundId: string): Promise<SubtreeReader> {
  const latest = await deps.store.log.latestCheckpoint(fundId);
  if (!latest) throw new CheckpointNotFoundError(fundId, 1);
  return tileReader(latest.size, tilesOf(deps.logFiles, fundId));
}

const rootOf = (checkpoint: SignedCheckpoint): TreeHash => fromBase64(checkpoint.root) as TreeHash;

/** The entry of `seq`, read alone. */
export async function readEntry(
  deps: LogDeps,
  fundId: string,
  seq: number,
): Promise<Entry | undefined> {
  const [entry] = await deps.store.readEntries(fundId, { after: seq - 1, limit: 1 });
  return entry?.seq === seq ? entry : undefined;
}

/** The inclusion proof of entry `seq` in the checkpointed tree of `treeSize` entries. */
export async function proveInclusion(
  deps: LogDeps,
  fundId: string,
  q: { seq: number; treeSize: number },
): Promise<InclusionProofAnswer> {
  const { seq, treeSize } = q;
  if (!isCount(seq) || !isCount(treeSize) || seq > treeSize) {
    throw new SeqBeyondTreeError(seq, treeSize);
  }
  const [, checkpoint, reader, entry] = await Promise.all([
    requireFund(deps, fundId),
    keptCheckpoint(deps, fundId, treeSize),
    publishedReader(deps, fundId),
    readEntry(deps, fundId, seq),
  ]);
  return inclusionAnswer(fundId, checkpoint, reader, entry, seq);
}

/** Builds and checks an inclusion proof: what is served always verifies against the checkpoint. */
export async function inclusionAnswer(
  fundId: string,
  checkpoint: SignedCheckpoint,
  reader: SubtreeReader,
  entry: Entry | undefined,
  seq: number,
): Promise<InclusionProofAnswer> {
  const treeSize = checkpoint.size;
  if (!entry) {
    throw new LogIntegrityError(fundId, treeSize, { reason: `entry ${seq} is missing` });
  }
  const leaf = entryLeafHash(entry);
  const proof = await inclusionProof(seq - 1, treeSize, reader).catch(integrity(fundId, treeSize));
  if (!verifyInclusion(leaf, seq - 1, treeSize, proof, rootOf(checkpoint))) {
    throw new LogIntegrityError(fundId, treeSize, {
      reason: `entry ${seq} is not the leaf the checkpoint of size ${treeSize} holds`,
    });
  }
  return {
    fundId,
    seq,
    leafIndex: seq - 1,
    treeSize,
    entryHash: entry.hash,
    leafHash: toBase64(leaf),
    proof: proof.map(toBase64),
    checkpoint: checkpoint.note,
  };
}

/** The consistency proof between two checkpointed sizes. */
export async function proveConsistency(
  deps: LogDeps,
  fundId: string,
  q: { from: number; to: number },
): Promise<ConsistencyProofAnswer> {
  const { from, to } = q;
  if (!isCount(from) || !isCount(to) || from > to) throw new TreeSizesOutOfOrderError(from, to);
  const [, older, newer] = await Promise.all([
    requireFund(deps, fundId),
    keptCheckpoint(deps, fundId, from),
    keptCheckpoint(deps, fundId, to),
  ]);
  const proof =
    from === to
      ? []
      : await consistencyProof(from, to, await publishedReader(deps, fundId)).catch(
          integrity(fundId, to),
        );
  if (!verifyConsistency(from, to, proof, rootOf(older), rootOf(newer))) {
    throw new LogIntegrityError(fundId, to, {
      reason: `the checkpoints of sizes ${from} and ${to} are not consistent`,
    });
  }
  return {
    fundId,
    from,
    to,
    proof: proof.map(toBase64),
    fromCheckpoint: older.note,
    toCheckpoint: newer.note,
  };
}

/** A tile missing or of the wrong size is the log's fault, not the caller's. */
const integrity = (fundId: string, size: number) => (error: unknown) => {
  throw new LogIntegrityError(fundId, size, { reason: String(error) });
};
