import { InvalidAmountError } from '../errors.ts';
import { ACCOUNTS, NON_NEGATIVE_ACCOUNTS } from './accounts.ts';
import { canonicalJson } from './canonical.ts';
import { type Entry, GENESIS_HASH, hashEntry, isSha256Hex, sealedEntryProblems } from './entry.ts';
import {
  entryLeafHash,
  extendFrontier,
  rootOfFrontier,
  type TreeHash,
  toBase64,
} from './merkle.ts';
import { addMoney } from './money.ts';
import { logKeyOf, openSignedCheckpoint, originNamesFund, sameVerifierKey } from './signed-note.ts';
import { type Balances, type FundTotals, totalsFromBalances } from './totals.ts';

/**
 * Why a journal fails, in the order the checks run at one seq (docs/ledger-format.md,
 * "Verifying"). The first seq where any check fails is the one reported.
 */
export type VerifyReason =
  | 'gap'
  | 'wrong_fund'
  | 'prev_hash'
  | 'invalid_entry'
  | 'duplicate_id'
  | 'reversal'
  | 'balance'
  | 'hash'
  | 'anchor'
  | 'head_mismatch'
  | 'checkpoint';

export interface VerifyProblem {
  /**
   * The first seq that is not what an untouched journal would have there. For `anchor` and
   * `head_mismatch` it is the seq the saved or published hash pins: the change is at that seq
   * or before it. 0 only for an empty journal whose published head is not the genesis head.
   */
  seq: number;
  reason: VerifyReason;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  fundId: string;
  /** How many entries passed every check of their own seq before the first problem. */
  checked: number;
  head: { seq: number; hash: string };
  /** Balances recomputed from the entries checked. */
  balances: Balances;
  totals: FundTotals;
  /**
   * The Merkle root (base64) of the entries checked, when a checkpoint asked for it; with the
   * signed checkpoints checked (each names its size), in the order they were met.
   */
  root?: string;
  checkpoints: CheckedCheckpoint[];
  problem?: VerifyProblem;
}

/** A signed checkpoint the walk checked and found to match the journal. */
export interface CheckedCheckpoint {
  size: number;
  root: string;
  origin: string;
  /** The key it was checked with (vkey). */
  logKey: string;
  label: string;
}

/** The signed checkpoint an export carries for its head: the note, and the key the export names. */
export interface HeadCheckpoint {
  note: string;
  logKey: string;
}

export interface ExpectedHead {
  seq: number;
  hash: string;
  totals?: FundTotals;
  /**
   * The signed checkpoint of exactly this head (a `soquy-journal/2` export): its size must be
   * `seq`, its root the Merkle root of entries 1–seq, its totals line `totals`, its origin the
   * fund, and its signature the log key's.
   */
  checkpoint?: HeadCheckpoint;
}

/** A hash saved earlier, e.g. from a donor's receipt: the entry at `seq` must have it. */
export interface SavedHash {
  seq: number;
  hash: string;
}

/**
 * A head that must hold part-way through the journal: the head of one part of a chunked export,
 * which is the chain state after that part's last entry (`entries[after]`).
 */
export interface PartHead {
  after: number;
  head: ExpectedHead;
  /** Names the part in messages, e.g. its file name. */
  label: string;
}

export interface VerifyOptions {
  anchors?: readonly SavedHash[];
  partHeads?: readonly PartHead[];
  /**
   * The log key (vkey) a person pinned: every checkpoint must be signed by it. Without it each
   * checkpoint is checked with the key its export names.
   */
  logKey?: string;
}

/**
 * Accounts no entry may leave below zero. Stripe may go below zero: Stripe keeps its fee when it
 * refunds a payment and takes the difference from later payouts.
 */
export const NEVER_NEGATIVE_ACCOUNTS: readonly string[] = [
  ...new Set([...NON_NEGATIVE_ACCOUNTS, ACCOUNTS.bank, ACCOUNTS.cash, ACCOUNTS.pledges]),
];

const TOTAL_KEYS: readonly (keyof FundTotals)[] = [
  'pledged',
  'received',
  'spent',
  'balance',
  'outstanding',
];

const same = (a: unknown, b: unknown) =>
  a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);

/** Where the walk is: the last entry checked and the balances after it. */
interface Walk {
  fundId: string;
  seq: number;
  hash: string;
  balances: Balances;
  /** The Merkle tree's right edge after `seq`, kept only when a checkpoint is to be checked. */
  frontier?: TreeHash[];
}

/** The balances after `entry`, or undefined when one of them or a total leaves the safe integers. */
function balancesAfter(balances: Balances, entry: Entry): Balances | undefined {
  const next = { ...balances };
  try {
    for (const { account, amount } of entry.postings) {
      next[account] = addMoney(next[account] ?? 0, amount);
    }
    totalsFromBalances(next);
    return next;
  } catch (error) {
    if (error instanceof InvalidAmountError) return undefined;
    throw error;
  }
}

/** What is left to reverse of each posting of an original, by its seq. */
type Reversed = Map<number, number>;

function reversalProblem(entry: Entry, entries: readonly unknown[], reversed: Reversed) {
  const target = entry.refs.reverses as number;
  if (target >= entry.seq) return `refs.reverses ${target} is not an earlier seq`;
  const original = entries[target - 1] as Entry;
  if (original.kind === 'reversal') return `seq ${target} is itself a reversal`;
  const [o1, o2] = original.postings as [Entry['postings'][0], Entry['postings'][0]];
  const [p1, p2] = entry.postings as [Entry['postings'][0], Entry['postings'][0]];
  if (p1.account !== o1.account || p2.account !== o2.account) {
    return `a reversal posts to the accounts of seq ${target}, in the same order (${o1.account}, ${o2.account})`;
  }
  if (Math.sign(p1.amount) !== -Math.sign(o1.amount)) {
    return `a reversal moves each account of seq ${target} the opposite way`;
  }
  const amount = Math.abs(p1.amount);
  const before = reversed.get(target) ?? 0;
  if (addMoney(before, amount) > Math.abs(o1.amount)) {
    return `seq ${target} moved ${Math.abs(o1.amount)}, ${before} of it already reversed: ${amount} more is too much`;
  }
  const { reverses: _, ...refs } = entry.refs;
  if (!same(refs, original.refs)) return `a reversal keeps the refs of seq ${target}`;
  if (!same(entry.donor, original.donor)) return `a reversal keeps the donor of seq ${target}`;
  if (!same(entry.payee, original.payee)) return `a reversal keeps the payee of seq ${target}`;
  reversed.set(target, addMoney(before, amount));
  return undefined;
}

function totalsDiffer(expected: FundTotals, actual: FundTotals): string | undefined {
  const differing = TOTAL_KEYS.filter((key) => expected[key] !== actual[key]);
  if (differing.length === 0) return undefined;
  return differing
    .map((key) => `${key} (published ${expected[key]}, journal ${actual[key]})`)
    .join(', ');
}

/**
 * Replays a fund's journal from genesis (docs/ledger-format.md, "Verifying"): seq 1, 2, 3 …
 * with no gap, each prevHash the previous hash, each entry well formed and consistent with
 * those before it, each hash recomputed. Stops at the first problem. `entries` may hold anything
 * read from a file or a server. With `expected` (the head a server or an export published), the
 * journal must end there with those totals; `anchors` pin saved hashes and `partHeads` the heads
 * of the parts of a chunked export.
 */
export function verifyJournal(
  fundId: string,
  entries: readonly unknown[],
  expected?: ExpectedHead,
  options: VerifyOptions = {},
): VerifyReport {
  const withTree =
    expected?.checkpoint !== undefined ||
    (options.partHeads ?? []).some((part) => part.head.checkpoint !== undefined);
  let head: Walk = {
    fundId,
    seq: 0,
    hash: GENESIS_HASH,
    balances: {},
    ...(withTree ? { frontier: [] } : {}),
  };
  const checked: CheckedCheckpoint[] = [];
  const fail = (problem: VerifyProblem): VerifyReport => report(head, checked, problem);
  const headProblem = (at: Walk, published: ExpectedHead, label: string) =>
    chainHeadProblem(at, published, label) ??
    checkpointProblem(at, published, label, options.logKey, checked);
  const ids = new Set<string>();
  const reversed: Reversed = new Map();
  const anchors = [...(options.anchors ?? [])].sort((a, b) => a.seq - b.seq);
  const partHeads = new Map((options.partHeads ?? []).map((part) => [part.after, part]));
  let nextAnchor = 0;

  for (const [index, value] of entries.entries()) {
    const seq = head.seq + 1;
    if (expected && seq > expected.seq) {
      return fail({
        seq,
        reason: 'head_mismatch',
        message: `the journal goes on past the published head (seq ${expected.seq})`,
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail({ seq, reason: 'invalid_entry', message: 'an entry must be a JSON object' });
    }
    const record = value as Partial<Entry>;
    if (record.seq !== seq) {
      return fail({
        seq,
        reason: 'gap',
        message: `expected seq ${seq}, found ${record.seq === undefined ? 'no seq' : `seq ${JSON.stringify(record.seq)}`}`,
      });
    }
    if (record.fundId !== fundId) {
      return fail({
        seq,
        reason: 'wrong_fund',
        message: `entry belongs to fund ${JSON.stringify(record.fundId)}, not "${fundId}"`,
      });
    }
    if (record.prevHash !== head.hash) {
      return fail({
        seq,
        reason: 'prev_hash',
        message: `prevHash ${JSON.stringify(record.prevHash)} is not the hash of seq ${head.seq} (${head.hash}): seq ${head.seq} was rewritten with a new hash, or this prevHash was changed`,
      });
    }
    const problems = sealedEntryProblems(value);
    if (problems.length > 0) {
      return fail({ seq, reason: 'invalid_entry', message: problems.join('; ') });
    }
    const entry = value as Entry;
    if (ids.has(entry.id)) {
      return fail({
        seq,
        reason: 'duplicate_id',
        message: `id ${JSON.stringify(entry.id)} was already used by an earlier entry`,
      });
    }
    if (entry.kind === 'reversal') {
      const message = reversalProblem(entry, entries, reversed);
      if (message) return fail({ seq, reason: 'reversal', message });
    }
    const balances = balancesAfter(head.balances, entry);
    if (!balances) {
      return fail({
        seq,
        reason: 'balance',
        message: `a balance or a total would leave the exact integers (±${Number.MAX_SAFE_INTEGER})`,
      });
    }
    const below = NEVER_NEGATIVE_ACCOUNTS.filter((account) => (balances[account] ?? 0) < 0);
    if (below.length > 0) {
      return fail({
        seq,
        reason: 'balance',
        message: below.map((a) => `${a} would be ${balances[a]}`).join(', '),
      });
    }
    const { hash, ...unhashed } = entry;
    const recomputed = hashEntry(unhashed);
    if (hash !== recomputed) {
      return fail({
        seq,
        reason: 'hash',
        message: `stored hash ${hash} but the entry hashes to ${recomputed}: it was changed after it was written`,
      });
    }
    ids.add(entry.id);
    head = {
      fundId,
      seq,
      hash,
      balances,
      ...(head.frontier
        ? { frontier: extendFrontier(head.frontier, head.seq, [entryLeafHash(entry)]) }
        : {}),
    };
    for (; nextAnchor < anchors.length && (anchors[nextAnchor]?.seq ?? 0) <= seq; nextAnchor++) {
      const anchor = anchors[nextAnchor] as SavedHash;
      if (anchor.seq === seq && anchor.hash !== hash) {
        return fail({
          seq,
          reason: 'anchor',
          message: `the saved hash of seq ${seq} is ${anchor.hash}, the journal has ${hash}: seq ${seq} or an entry before it was rewritten and the chain re-hashed`,
        });
      }
    }
    const part = partHeads.get(index);
    const problem =
      (part && headProblem(head, part.head, part.label)) ||
      (expected && seq === expected.seq && headProblem(head, expected, 'the published head'));
    if (problem) return fail(problem);
  }

  if (expected) {
    if (head.seq < expected.seq) {
      return fail({
        seq: head.seq + 1,
        reason: 'head_mismatch',
        message: `the journal ends at seq ${head.seq}, the published head is at seq ${expected.seq}: entries ${head.seq + 1}–${expected.seq} are missing`,
      });
    }
    const problem = head.seq === 0 && headProblem(head, expected, 'the published head');
    if (problem) return fail(problem);
  }
  const beyond = anchors[nextAnchor];
  if (beyond) {
    return fail({
      seq: beyond.seq,
      reason: 'anchor',
      message: `a hash was saved for seq ${beyond.seq}, but the journal ends at seq ${head.seq}`,
    });
  }
  return report(head, checked);
}

/** A head that must equal the chain state `head` reached. */
function chainHeadProblem(
  head: Walk,
  expected: ExpectedHead,
  label: string,
): VerifyProblem | undefined {
  if (expected.seq !== head.seq) {
    return {
      seq: head.seq,
      reason: 'head_mismatch',
      message: `${label} is at seq ${expected.seq}, but its entries end at seq ${head.seq}`,
    };
  }
  if (!isSha256Hex(expected.hash) || expected.hash !== head.hash) {
    return {
      seq: head.seq,
      reason: 'head_mismatch',
      message:
        head.seq === 0
          ? `${label} of an empty journal must have the genesis hash, not ${expected.hash}`
          : `${label} has hash ${expected.hash} for seq ${head.seq}, the journal has ${head.hash}: seq ${head.seq} or an entry before it was rewritten and the chain re-hashed (saved hashes, --anchor SEQ:HASH, narrow it down)`,
    };
  }
  if (expected.totals) {
    const differing = totalsDiffer(expected.totals, totalsFromBalances(head.balances));
    if (differing) {
      return {
        seq: head.seq,
        reason: 'head_mismatch',
        message: `${label}'s totals differ from the journal's for: ${differing}`,
      };
    }
  }
  return undefined;
}

/**
 * The signed checkpoint of a head that matched the chain (docs/ledger-format.md, "The export's
 * checkpoint"): signed by the log key, of exactly the head's size, naming the fund, with the
 * head's totals, and with the root of entries 1–seq. Records it in `checked` when it holds.
 */
function checkpointProblem(
  head: Walk,
  expected: ExpectedHead,
  label: string,
  pinnedKey: string | undefined,
  checked: CheckedCheckpoint[],
): VerifyProblem | undefined {
  const signed = expected.checkpoint;
  if (!signed) return undefined;
  const problem = (message: string): VerifyProblem => ({
    seq: head.seq,
    reason: 'checkpoint',
    message: `the checkpoint of ${label}: ${message}`,
  });
  const named = logKeyOf(signed.logKey);
  const pinned = pinnedKey === undefined ? undefined : logKeyOf(pinnedKey);
  if (typeof pinned === 'string') return problem(`the key given cannot be read: ${pinned}`);
  if (typeof named === 'string' && !pinned) return problem(`its log key cannot be read: ${named}`);
  const key = pinned ?? (named as Exclude<typeof named, string>);
  if (pinned && typeof named !== 'string' && !sameVerifierKey(pinned, named)) {
    return problem(
      `the export names the log key ${signed.logKey}, not the key given (${pinnedKey})`,
    );
  }
  const opened = openSignedCheckpoint(signed.note, key);
  if (!opened.ok) return problem(opened.problem);
  const { checkpoint } = opened;
  if (checkpoint.size !== head.seq) {
    return problem(
      checkpoint.size > head.seq
        ? `it signs a tree of ${checkpoint.size} entries, but the entries end at seq ${head.seq}: entries ${head.seq + 1}–${checkpoint.size} were cut off`
        : `it signs a tree of ${checkpoint.size} entries, not of ${head.seq}`,
    );
  }
  if (!originNamesFund(checkpoint.origin, head.fundId)) {
    return problem(`its origin "${checkpoint.origin}" does not name fund "${head.fundId}"`);
  }
  if (!opened.totals) return problem('it has no soquy-totals line');
  const differing = totalsDiffer(opened.totals, totalsFromBalances(head.balances));
  if (differing) return problem(`its totals differ from the journal's for: ${differing}`);
  const root = toBase64(rootOfFrontier(head.frontier ?? []));
  if (toBase64(checkpoint.root) !== root) {
    return problem(
      `it signs the root ${toBase64(checkpoint.root)}, but entries 1–${head.seq} have the root ${root}: the signed log holds other entries than these`,
    );
  }
  checked.push({
    size: checkpoint.size,
    root,
    origin: checkpoint.origin,
    logKey: pinnedKey ?? signed.logKey,
    label,
  });
  return undefined;
}

function report(head: Walk, checked: CheckedCheckpoint[], problem?: VerifyProblem): VerifyReport {
  return {
    ok: problem === undefined,
    fundId: head.fundId,
    checked: head.seq,
    head: { seq: head.seq, hash: head.seq === 0 ? GENESIS_HASH : head.hash },
    balances: head.balances,
    totals: totalsFromBalances(head.balances),
    ...(head.frontier ? { root: toBase64(rootOfFrontier(head.frontier)) } : {}),
    checkpoints: checked,
    ...(problem ? { problem } : {}),
  };
}
