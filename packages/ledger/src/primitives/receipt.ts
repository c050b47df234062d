import { type Entry, hashEntry, sealedEntryProblems } from './entry.ts';
import { entryLeafHash, fromBase64, type TreeHash, toBase64, verifyInclusion } from './merkle.ts';
import { logKeyOf, openSignedCheckpoint, originNamesFund, sameVerifierKey } from './signed-note.ts';
import type { FundTotals } from './totals.ts';

/**
 * A receipt that proves itself (docs/ledger-format.md, "Receipts"): one entry, its inclusion
 * proof, and the signed checkpoint the proof leads to. Checking one needs nothing but the
 * receipt and the log's public key: no server, no journal.
 */
export const RECEIPT_FORMAT_V1 = 'soquy-receipt/1';

/** Something said twice: in Vietnamese for residents, in English for everyone else. */
export interface Bilingual {
  vi: string;
  en: string;
}

/**
 * How a check came out. `unpinned`: the log key was not compared with one the reader trusts
 * (none was given), so the receipt proves only that the key it names signed it.
 */
export type ReceiptCheckStatus = 'passed' | 'failed' | 'unpinned';

/** One check a verifier ran, in plain words, and how it came out. */
export interface ReceiptProofCheck {
  name:
    | 'shape'
    | 'entry'
    | 'leaf'
    | 'log_key'
    | 'signature'
    | 'checkpoint'
    | 'origin'
    | 'inclusion';
  status: ReceiptCheckStatus;
  what: Bilingual;
  /** Why it failed, when it did. */
  problem?: Bilingual;
}

export interface ReceiptVerdict {
  /** No check failed (the log key may still be unpinned: see `keyPinned`). */
  ok: boolean;
  /** Every check that ran, in order; checking stops at the first that fails. */
  checks: ReceiptProofCheck[];
  fundId?: string;
  seq?: number;
  entryHash?: string;
  treeSize?: number;
  /** The checkpoint's root hash, base64. */
  root?: string;
  origin?: string;
  /** The key the checkpoint was checked with (vkey). */
  logKey?: string;
  /** Whether that key was compared with one the reader gave (`options.logKey`). */
  keyPinned?: boolean;
  /** The fund's totals the checkpoint signed, when it carries them. */
  totals?: FundTotals;
}

type Members = Record<string, unknown>;
const isMembers = (value: unknown): value is Members =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RECEIPT_MEMBERS = [
  'format',
  'fundId',
  'seq',
  'entry',
  'leafIndex',
  'treeSize',
  'proof',
  'checkpoint',
  'logKey',
] as const;

const WHAT: Record<ReceiptProofCheck['name'], Bilingual> = {
  shape: {
    vi: 'Biên nhận có đủ các phần (định dạng soquy-receipt/1)',
    en: 'The receipt has every part (format soquy-receipt/1)',
  },
  entry: {
    vi: 'Bút toán hợp lệ và mã băm của nó khớp với nội dung',
    en: 'The entry obeys the rules and its hash matches its content',
  },
  leaf: {
    vi: 'Vị trí lá trong cây là seq − 1',
    en: 'The leaf index is seq − 1',
  },
  log_key: {
    vi: 'Khóa công khai của sổ là khóa bạn tin cậy',
    en: 'The log key is the one you trust',
  },
  signature: {
    vi: 'Điểm kiểm tra (checkpoint) được ký bằng khóa của sổ',
    en: 'The checkpoint is signed by the log key',
  },
  checkpoint: {
    vi: 'Điểm kiểm tra có đúng kích thước cây của bằng chứng',
    en: 'The checkpoint is of the tree size the proof is for',
  },
  origin: {
    vi: 'Điểm kiểm tra thuộc về đúng quỹ này',
    en: 'The checkpoint names this fund',
  },
  inclusion: {
    vi: 'Bằng chứng Merkle dẫn từ bút toán đến gốc cây đã ký',
    en: 'The Merkle proof leads from the entry to the signed root',
  },
};

/** The log_key check when no trusted key was given: nothing was compared. */
export const UNPINNED_LOG_KEY: Bilingual = {
  vi: 'Khoá chưa được đối chiếu: hãy so khoá của sổ với khoá quỹ công bố',
  en: 'Key not pinned: compare it with the published one',
};

/**
 * Checks a receipt offline: its shape, the entry's own rules and hash, the leaf index, the log
 * key (the receipt's own, which must be `options.logKey` when that is given), the checkpoint's
 * signature, its size and origin, and the inclusion proof from the entry's leaf to its root.
 */
export function verifyReceipt(receipt: unknown, options: { logKey?: string } = {}): ReceiptVerdict {
  const checks: ReceiptProofCheck[] = [];
  const verdict: ReceiptVerdict = { ok: false, checks };
  const pass = (name: ReceiptProofCheck['name']) => {
    checks.push({ name, status: 'passed', what: WHAT[name] });
  };
  const fail = (name: ReceiptProofCheck['name'], vi: string, en: string): ReceiptVerdict => {
    checks.push({ name, status: 'failed', what: WHAT[name], problem: { vi, en } });
    return verdict;
  };

  // The shape: every member, of the right type, and nothing else.
  if (!isMembers(receipt)) {
    return fail(
      'shape',
      'Biên nhận không phải là một đối tượng JSON.',
      'The receipt is not a JSON object.',
    );
  }
  const extra = Object.keys(receipt).filter(
    (k) => !(RECEIPT_MEMBERS as readonly string[]).includes(k),
  );
  const missing = RECEIPT_MEMBERS.filter((k) => !(k in receipt));
  if (extra.length > 0 || missing.length > 0) {
    const list = [
      ...(missing.length ? [`missing: ${missing.join(', ')}`] : []),
      ...(extra.length ? [`unknown: ${extra.join(', ')}`] : []),
    ].join('; ');
    return fail(
      'shape',
      `Biên nhận thiếu hoặc thừa trường (${list}).`,
      `The receipt's members are wrong (${list}).`,
    );
  }
  const { format, fundId, seq, entry, leafIndex, treeSize, proof, checkpoint, logKey } = receipt;
  if (format !== RECEIPT_FORMAT_V1) {
    return fail(
      'shape',
      `Định dạng ${JSON.stringify(format)} không phải "${RECEIPT_FORMAT_V1}".`,
      `The format is ${JSON.stringify(format)}, not "${RECEIPT_FORMAT_V1}".`,
    );
  }
  const proofHashes = Array.isArray(proof)
    ? proof.map((p) => (typeof p === 'string' ? fromBase64(p) : undefined))
    : [undefined];
  if (
    typeof fundId !== 'string' ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1 ||
    !Number.isSafeInteger(leafIndex) ||
    !Number.isSafeInteger(treeSize) ||
    (treeSize as number) < 1 ||
    proofHashes.some((h) => h === undefined) ||
    typeof checkpoint !== 'string' ||
    typeof logKey !== 'string'
  ) {
    return fail(
      'shape',
      'Một trường của biên nhận có kiểu sai (seq, leafIndex, treeSize là số nguyên; proof là các mã băm base64 32 byte; checkpoint và logKey là văn bản).',
      'A member has the wrong type (seq, leafIndex, treeSize integers; proof 32-byte base64 hashes; checkpoint and logKey text).',
    );
  }
  verdict.fundId = fundId;
  verdict.seq = seq as number;
  verdict.treeSize = treeSize as number;
  pass('shape');

  // The entry, on its own: the rules of "An entry", its fund and seq, its hash.
  const problems = sealedEntryProblems(entry);
  if (problems.length > 0) {
    return fail(
      'entry',
      `Bút toán không hợp lệ: ${problems.join('; ')}.`,
      `The entry is not valid: ${problems.join('; ')}.`,
    );
  }
  const sealed = entry as Entry;
  if (sealed.fundId !== fundId || sealed.seq !== seq) {
    return fail(
      'entry',
      `Bút toán là seq ${sealed.seq} của quỹ "${sealed.fundId}", không phải seq ${seq} của quỹ "${fundId}".`,
      `The entry is seq ${sealed.seq} of fund "${sealed.fundId}", not seq ${seq} of fund "${fundId}".`,
    );
  }
  const { hash, ...unhashed } = sealed;
  const recomputed = hashEntry(unhashed);
  if (recomputed !== hash) {
    return fail(
      'entry',
      `Mã băm ghi là ${hash} nhưng nội dung bút toán băm ra ${recomputed}: bút toán đã bị sửa.`,
      `The entry says hash ${hash} but hashes to ${recomputed}: it was changed.`,
    );
  }
  verdict.entryHash = hash;
  pass('entry');

  if (leafIndex !== (seq as number) - 1 || (seq as number) > (treeSize as number)) {
    return fail(
      'leaf',
      `Lá ${leafIndex} trong cây ${treeSize} lá không phải vị trí của seq ${seq} (phải là ${(seq as number) - 1}, và seq ≤ kích thước cây).`,
      `Leaf ${leafIndex} of a tree of ${treeSize} is not where seq ${seq} goes (it must be ${(seq as number) - 1}, and seq ≤ the tree size).`,
    );
  }
  pass('leaf');

  // The key: the receipt names one; a key the reader trusts, if given, must be that one.
  const key = logKeyOf(logKey);
  if (typeof key === 'string') {
    return fail(
      'log_key',
      `Khóa của sổ không đọc được: ${key}.`,
      `The log key cannot be read: ${key}.`,
    );
  }
  if (options.logKey !== undefined) {
    const trusted = logKeyOf(options.logKey);
    if (typeof trusted === 'string') {
      return fail(
        'log_key',
        `Khóa bạn đưa không đọc được: ${trusted}.`,
        `The key you gave cannot be read: ${trusted}.`,
      );
    }
    if (!sameVerifierKey(key, trusted)) {
      return fail(
        'log_key',
        `Biên nhận dùng khóa ${logKey}, không phải khóa bạn tin cậy ${options.logKey}.`,
        `The receipt names key ${logKey}, not the key you trust, ${options.logKey}.`,
      );
    }
  }
  verdict.logKey = logKey;
  verdict.keyPinned = options.logKey !== undefined;
  // Without a trusted key, nothing was compared: the key is the receipt's own word.
  if (verdict.keyPinned) pass('log_key');
  else checks.push({ name: 'log_key', status: 'unpinned', what: UNPINNED_LOG_KEY });

  const opened = openSignedCheckpoint(checkpoint, key);
  if (!opened.ok) {
    return fail(
      opened.step,
      opened.step === 'signature'
        ? `Chữ ký của điểm kiểm tra không hợp lệ với khóa ${key.name}: ${opened.problem}.`
        : `Điểm kiểm tra không đọc được: ${opened.problem}.`,
      `${opened.step === 'signature' ? 'The checkpoint signature does not verify' : 'The checkpoint cannot be read'}: ${opened.problem}.`,
    );
  }
  pass('signature');
  const signed = opened.checkpoint;
  verdict.root = toBase64(signed.root);
  verdict.origin = signed.origin;
  if (opened.totals) verdict.totals = opened.totals;
  if (signed.size !== treeSize) {
    return fail(
      'checkpoint',
      `Điểm kiểm tra ký cây ${signed.size} lá, bằng chứng là cho cây ${treeSize} lá.`,
      `The checkpoint signs a tree of ${signed.size} leaves; the proof is for ${treeSize}.`,
    );
  }
  pass('checkpoint');
  if (!originNamesFund(signed.origin, fundId)) {
    return fail(
      'origin',
      `Điểm kiểm tra thuộc về "${signed.origin}", không phải quỹ "${fundId}".`,
      `The checkpoint is of "${signed.origin}", not of fund "${fundId}".`,
    );
  }
  pass('origin');

  const leaf = entryLeafHash(sealed);
  if (
    !verifyInclusion(
      leaf,
      leafIndex as number,
      treeSize as number,
      proofHashes as TreeHash[],
      signed.root,
    )
  ) {
    return fail(
      'inclusion',
      `Bằng chứng không dẫn từ bút toán seq ${seq} đến gốc ${verdict.root} của cây ${treeSize} lá.`,
      `The proof does not lead from entry seq ${seq} to the root ${verdict.root} of the tree of ${treeSize}.`,
    );
  }
  pass('inclusion');
  verdict.ok = true;
  return verdict;
}
