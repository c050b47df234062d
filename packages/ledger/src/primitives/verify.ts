import { type Entry, entryProblems, GENESIS_HASH, hashEntry, isSha256Hex } from './entry.ts';
import { advanceHead, genesisHead, type Head } from './head.ts';
import { type Balances, type FundTotals, totalsFromBalances } from './totals.ts';

export type VerifyReason =
  | 'gap'
  | 'wrong_fund'
  | 'prev_hash'
  | 'hash'
  | 'invalid_entry'
  | 'head_mismatch';

export interface VerifyProblem {
  /** The first seq that is not what an untouched journal would have there. */
  seq: number;
  reason: VerifyReason;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  fundId: string;
  /** How many entries were checked before the first problem (all of them when ok). */
  checked: number;
  head: { seq: number; hash: string };
  /** Balances recomputed from the entries checked. */
  balances: Balances;
  totals: FundTotals;
  problem?: VerifyProblem;
}

export interface ExpectedHead {
  seq: number;
  hash: string;
  totals?: FundTotals;
}

/**
 * Replays a fund's journal from genesis: seq 1, 2, 3 … with no gap, each prevHash equal to
 * the previous hash, each hash recomputed, each entry balanced. Stops at the first problem.
 * With `expected` (the head a server published) it also checks the journal ends there and
 * that the published totals equal the recomputed ones.
 */
export function verifyJournal(
  fundId: string,
  entries: readonly Entry[],
  expected?: ExpectedHead,
): VerifyReport {
  let head: Head = genesisHead(fundId);
  const fail = (problem: VerifyProblem): VerifyReport => report(head, problem);

  for (const entry of entries) {
    const seq = head.seq + 1;
    if (entry.seq !== seq) {
      return fail({ seq, reason: 'gap', message: `expected seq ${seq}, found seq ${entry.seq}` });
    }
    if (entry.fundId !== fundId) {
      return fail({
        seq,
        reason: 'wrong_fund',
        message: `entry belongs to fund "${entry.fundId}"`,
      });
    }
    if (entry.prevHash !== head.hash) {
      return fail({
        seq,
        reason: 'prev_hash',
        message: `prevHash ${entry.prevHash} does not match the hash of seq ${head.seq} (${head.hash})`,
      });
    }
    const problems = entryProblems(entry);
    if (problems.length > 0) {
      return fail({ seq, reason: 'invalid_entry', message: problems.join('; ') });
    }
    const { hash, ...unhashed } = entry;
    const recomputed = hashEntry(unhashed);
    if (!isSha256Hex(hash) || hash !== recomputed) {
      return fail({
        seq,
        reason: 'hash',
        message: `stored hash ${hash} but the entry hashes to ${recomputed}: it was changed after it was written`,
      });
    }
    head = advanceHead(head, entry);
  }

  if (expected) {
    if (expected.seq !== head.seq || expected.hash !== head.hash) {
      return fail({
        seq: Math.min(expected.seq, head.seq) + 1,
        reason: 'head_mismatch',
        message: `the published head is seq ${expected.seq} ${expected.hash}, the journal ends at seq ${head.seq} ${head.hash}`,
      });
    }
    const totals = totalsFromBalances(head.balances);
    if (expected.totals) {
      const differing = (Object.keys(totals) as (keyof FundTotals)[]).filter(
        (key) => expected.totals?.[key] !== totals[key],
      );
      if (differing.length > 0) {
        return fail({
          seq: head.seq,
          reason: 'head_mismatch',
          message: `published totals differ from the journal for: ${differing
            .map((key) => `${key} (published ${expected.totals?.[key]}, journal ${totals[key]})`)
            .join(', ')}`,
        });
      }
    }
  }
  return report(head);
}

function report(head: Head, problem?: VerifyProblem): VerifyReport {
  return {
    ok: problem === undefined,
    fundId: head.fundId,
    checked: head.seq,
    head: { seq: head.seq, hash: head.seq === 0 ? GENESIS_HASH : head.hash },
    balances: head.balances,
    totals: totalsFromBalances(head.balances),
    ...(problem ? { problem } : {}),
  };
}
