import { EntryNotFoundError, SeqBeyondTreeError } from '../../errors.ts';
import type { LogDeps } from '../../ports/transparency-log.ts';
import type { Entry } from '../../primitives/entry.ts';
import { tileReader } from '../../primitives/tlog-tiles.ts';
import { requireFund } from '../common/read.ts';
import { tilesOf } from './log-files.ts';
import { inclusionAnswer, readEntry } from './prove.ts';
import { logVerifierKey } from './status.ts';

export const RECEIPT_FORMAT = 'soquy-receipt/1';

/**
 * A receipt that proves itself offline: the entry, its inclusion proof in a signed checkpoint
 * and the log's key. Anyone holding it can check the entry is in the log the fund published.
 */
export interface Receipt {
  format: typeof RECEIPT_FORMAT;
  fundId: string;
  seq: number;
  entry: Entry;
  leafIndex: number;
  treeSize: number;
  /** RFC 9162 inclusion proof, base64. */
  proof: string[];
  /** The signed checkpoint of `treeSize`. */
  checkpoint: string;
  /** The log's note verifier key. */
  logKey: string;
}

/**
 * The receipt of entry `seq` under the latest checkpoint; undefined while no checkpoint covers
 * it yet (it is signed within seconds of the write). An entry the journal does not have is an
 * EntryNotFoundError.
 */
export async function receiptFor(
  deps: LogDeps,
  fundId: string,
  seq: number,
): Promise<Receipt | undefined> {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new SeqBeyondTreeError(seq, 0);
  const [{ head }, latest] = await Promise.all([
    requireFund(deps, fundId),
    deps.store.log.latestCheckpoint(fundId),
  ]);
  if (!latest || seq > latest.size) {
    if (seq > head.seq) throw new EntryNotFoundError(fundId, seq);
    return undefined;
  }
  const [entry, logKey] = await Promise.all([
    readEntry(deps, fundId, seq),
    logVerifierKey(deps.signer),
  ]);
  const reader = tileReader(latest.size, tilesOf(deps.logFiles, fundId));
  const answer = await inclusionAnswer(fundId, latest, reader, entry, seq);
  return {
    format: RECEIPT_FORMAT,
    fundId,
    seq,
    entry: entry as Entry,
    leafIndex: answer.leafIndex,
    treeSize: answer.treeSize,
    proof: answer.proof,
    checkpoint: answer.checkpoint,
    logKey,
  };
}
