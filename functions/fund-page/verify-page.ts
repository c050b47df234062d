import { HttpError, publicBaseUrl } from '@soquy/http';
import {
  type Entry,
  entryLeafHash,
  fromBase64,
  fundPath,
  getFund,
  hashEntry,
  LedgerError,
  logKeyOf,
  logVerifierKey,
  openSignedCheckpoint,
  originNamesFund,
  proveInclusion,
  readEntry,
  receiptFor,
  type TreeHash,
  toBase64,
  verifyInclusion,
} from '@soquy/ledger';
import {
  type ClaimedReceipt,
  htmlPage,
  layout,
  type ProofOfEntry,
  pageLang,
  pathOf,
  t,
  type VerifyCheck,
  verifyPage,
  verifyPageCsp,
} from '@soquy/web';
import { log, page, runtime } from './runtime.ts';

const HEX64 = /^[0-9a-f]{64}$/;
const COUNT = /^[1-9]\d{0,15}$/;

/**
 * A root as a receipt's link may carry it: standard base64 or base64url, padded or not, a `+`
 * turned into a space by a form decoder. Returned in standard base64, or undefined.
 */
export function normaliseRoot(text: string): string | undefined {
  let b64 = text.trim().replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  while (b64.length % 4 !== 0) b64 += '=';
  const hash = fromBase64(b64);
  return hash ? toBase64(hash) : undefined;
}

/** The receipt a link names: `seq` and `hash` always, `size` and `root` once it was checkpointed. */
function claimedOf(
  query: Record<string, string | undefined>,
  lang: 'vi' | 'en',
): { seq: number } & ClaimedReceipt {
  const bad = () => new HttpError(400, 'invalid_receipt_link', t(lang, 'verifyBadLink'));
  const seq = query.seq ?? '';
  const hash = (query.hash ?? '').toLowerCase();
  if (!COUNT.test(seq) || !Number.isSafeInteger(Number(seq)) || !HEX64.test(hash)) throw bad();
  const claimed: { seq: number } & ClaimedReceipt = { seq: Number(seq), hash };
  if (query.size !== undefined && query.size !== '') {
    if (!COUNT.test(query.size) || !Number.isSafeInteger(Number(query.size))) throw bad();
    claimed.size = Number(query.size);
  }
  if (query.root !== undefined && query.root !== '') {
    const root = normaliseRoot(query.root);
    if (!root) throw bad();
    claimed.root = root;
  }
  return claimed;
}

/**
 * The entry's proof under the checkpoint the receipt printed; when the receipt printed none, or
 * a size this log never signed, under the latest checkpoint (the comparison then says so).
 */
async function proofFor(
  fundId: string,
  claimed: { seq: number } & ClaimedReceipt,
): Promise<{ entry: Entry; proof?: ProofOfEntry }> {
  if (claimed.size !== undefined && claimed.seq <= claimed.size) {
    try {
      const [answer, entry, logKey] = await Promise.all([
        proveInclusion(log, fundId, { seq: claimed.seq, treeSize: claimed.size }),
        readEntry(log, fundId, claimed.seq),
        logVerifierKey(log.signer),
      ]);
      if (entry) {
        return {
          entry,
          proof: {
            leafIndex: answer.leafIndex,
            treeSize: answer.treeSize,
            proof: answer.proof,
            checkpoint: answer.checkpoint,
            logKey,
            root: rootOfNote(answer.checkpoint, logKey) ?? '',
          },
        };
      }
    } catch (error) {
      // A size never signed here: fall back to the latest checkpoint, and check 4 fails.
      if (!(error instanceof LedgerError && error.code === 'checkpoint_not_found')) throw error;
    }
  }
  const receipt = await receiptFor(log, fundId, claimed.seq);
  if (!receipt) {
    const entry = await readEntry(log, fundId, claimed.seq);
    if (!entry) throw new HttpError(404, 'entry_not_found', `No entry ${claimed.seq}.`);
    return { entry };
  }
  return {
    entry: receipt.entry,
    proof: {
      leafIndex: receipt.leafIndex,
      treeSize: receipt.treeSize,
      proof: receipt.proof,
      checkpoint: receipt.checkpoint,
      logKey: receipt.logKey,
      root: rootOfNote(receipt.checkpoint, receipt.logKey) ?? '',
    },
  };
}

function rootOfNote(note: string, logKey: string): string | undefined {
  const key = logKeyOf(logKey);
  if (typeof key === 'string') return undefined;
  const opened = openSignedCheckpoint(note, key);
  return opened.ok ? toBase64(opened.checkpoint.root) : undefined;
}

/**
 * The four checks the page explains, done by the server for a reader without JavaScript; the
 * page's script redoes them in the browser with WebCrypto.
 */
export function serverChecks(
  fundId: string,
  entry: Entry,
  claimed: ClaimedReceipt,
  proof: ProofOfEntry,
): VerifyCheck[] {
  const { hash, ...unhashed } = entry;
  const computed = hashEntry(unhashed);
  const checks: VerifyCheck[] = [
    {
      name: 'hash',
      state: computed === hash && hash === claimed.hash ? 'ok' : 'fail',
      values: { computed, receipt: claimed.hash },
    },
  ];
  const key = logKeyOf(proof.logKey);
  const opened = typeof key === 'string' ? undefined : openSignedCheckpoint(proof.checkpoint, key);
  // The checkpoint's lines, read whether or not the signature holds, to show what it says.
  const lines = proof.checkpoint.slice(0, proof.checkpoint.lastIndexOf('\n\n') + 1).split('\n');
  const size = Number(lines[1]);
  const rootText = lines[2] ?? '';
  const root = fromBase64(rootText);
  const hashes = proof.proof.map(fromBase64);
  const included =
    root !== undefined &&
    proof.leafIndex === entry.seq - 1 &&
    hashes.every((h) => h !== undefined) &&
    verifyInclusion(entryLeafHash(entry), proof.leafIndex, size, hashes as TreeHash[], root);
  checks.push({
    name: 'inclusion',
    state: included ? 'ok' : 'fail',
    values: { size, root: rootText },
  });
  checks.push({
    name: 'signature',
    state: opened?.ok ? 'ok' : 'fail',
    values: { key: typeof key === 'string' ? proof.logKey : key.name },
  });
  const ofFund = lines[0] !== undefined && originNamesFund(lines[0], fundId);
  const values = {
    size,
    root: rootText,
    claimedSize: claimed.size ?? '–',
    claimedRoot: claimed.root ?? '–',
  };
  if (claimed.size === undefined && claimed.root === undefined) {
    checks.push({ name: 'checkpoint', state: ofFund ? 'none' : 'fail', values });
  } else {
    const same = ofFund && claimed.size === size && claimed.root === rootText;
    checks.push({ name: 'checkpoint', state: same ? 'ok' : 'fail', values });
  }
  return checks;
}

/**
 * GET /funds/{fundId}/verify?seq=&hash=&size=&root=: where a receipt's QR code leads. The page
 * works without JavaScript (the server's results, every hash shown); its one inline script,
 * allowed by its hash in the CSP, checks the same in the browser.
 */
export const handler = page({ name: 'verify-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const fundId = path.success ? path.data.fundId : '-';
  const claimed = claimedOf(event.queryStringParameters ?? {}, lang);
  const fund = await getFund(runtime.deps, fundId);
  const { entry, proof } = await proofFor(fundId, claimed);
  const { seq, ...printed } = claimed;
  return htmlPage(
    200,
    layout({
      lang,
      title: `${t(lang, 'verifyTitle')} · ${fund.name}`,
      path: pathOf(event),
      body: verifyPage(lang, {
        fundId,
        fundName: fund.name,
        seq,
        claimed: printed,
        entry,
        ...(proof ? { proof, checks: serverChecks(fundId, entry, printed, proof) } : {}),
        receiptUrl: `${publicBaseUrl(event)}/funds/${fundId}/receipts/${seq}`,
      }),
    }),
    {
      'content-security-policy': verifyPageCsp(runtime.config.CHECKOUT_ORIGIN),
      // A receipt link names a fixed entry and checkpoint; a pending one changes within seconds.
      'cache-control': proof ? 'public, max-age=60' : 'no-store',
    },
  );
});
