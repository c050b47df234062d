import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  checkForkProof,
  logKeyOf,
  type SavedHash,
  type VerifyReason,
  verifyJournal,
  verifyReceipt,
} from '@soquy/ledger';
import {
  JournalReadError,
  loadJournal,
  type PublishedJournal,
  parseJournalJson,
} from '../published.ts';
import { readArguments, type UsageError } from './arguments.ts';

const DEFAULT_URL = 'http://127.0.0.1:3000';
const usage =
  'usage: npm run verify -- --fund FUND_ID [--url BASE_URL] [--file PART.json]... [--anchor SEQ:HASH]... [--key VKEY]\n' +
  '       npm run verify -- --receipt FILE [--key VKEY | --url BASE_URL]\n' +
  '       npm run verify -- --fork FILE [--key VKEY]';
const help = `${usage}

Replays a soquy fund's journal from seq 1 and checks every rule of docs/ledger-format.md:
the hash chain, each entry, reversals, balances, and the head the journal must end at; and, for
an export that carries one (soquy-journal/2), the signed checkpoint of its head.

  --fund FUND_ID      the fund to check (required)
  --url BASE_URL      read the live head and the entries from the public API
                      (default ${DEFAULT_URL} when no --file is given)
  --file PART.json    an export file; give it once per part of a chunked export, in any order.
                      Alone, the journal must end at the head of the last part. With --url, the
                      files, then the entries the server published after them, must end at the
                      server's live head.
  --anchor SEQ:HASH   a hash saved earlier (a receipt): the entry at SEQ must have HASH.
                      Give it as often as you like.
  --key VKEY          the log's public key (as on the fund page): every checkpoint must be
                      signed by it, and every export file must carry one (soquy-journal/2; a
                      soquy-journal/1 file is refused then, as with --url). Without it, the key comes from BASE_URL/.well-known/soquy/
                      checkpoint-key with --url, else from the export itself (and is printed,
                      so you can compare it with the one the fund publishes).
  --receipt FILE      check a saved receipt (soquy-receipt/1) offline: the entry, its inclusion
                      proof and the signed checkpoint it leads to.
  --fork FILE         check a fork proof a witness wrote: PROVEN only by two checkpoints signed
                      by the log key with the same size and different roots.
  -h, --help          this text

Exit status: 0 the journal (receipt) is intact, or the fork proof holds; 1 it is not (the first
bad seq is named), or the fork is not proven (a rollback or a failing proof a witness saw is not
provable from signatures alone); 2 nothing could be checked (bad arguments,
unreadable file or server).`;

/** Reasons whose seq is a hash a third party pinned: the change is there or before it. */
const PINNED: readonly VerifyReason[] = ['anchor', 'head_mismatch'];

const cli = readArguments(
  {
    options: {
      fund: { type: 'string' },
      url: { type: 'string' },
      file: { type: 'string', multiple: true },
      anchor: { type: 'string', multiple: true },
      key: { type: 'string' },
      receipt: { type: 'string' },
      fork: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  { usage, help },
);
const { values } = cli;
// Annotated, so a call narrows like a function declared to return never.
const usageError: UsageError = cli.usageError;
if (values.key !== undefined) {
  const key = logKeyOf(values.key);
  if (typeof key === 'string') usageError(`--key: ${key}.`);
}

/** A file read as JSON the way journals are (UTF-8, I-JSON); exit 2 when it cannot be. */
async function readJsonFile(file: string, what: string): Promise<unknown> {
  try {
    return parseJournalJson(await readFile(file), basename(file));
  } catch (error) {
    const message =
      error instanceof JournalReadError
        ? error.message
        : `Cannot read ${file}: ${(error as Error).message}`;
    console.error(`Could not read the ${what}: ${message}`);
    process.exit(2);
  }
}

/** The log key served by the deployment at BASE_URL; exit 2 when it cannot be read. */
async function servedLogKey(url: string): Promise<string> {
  const at = `${url.replace(/\/+$/, '')}/.well-known/soquy/checkpoint-key`;
  try {
    const response = await fetch(at);
    const text = (await response.text()).trim();
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const key = logKeyOf(text);
    if (typeof key === 'string') throw new Error(key);
    return text;
  } catch (error) {
    console.error(`Could not read the log key: GET ${at}: ${(error as Error).message}`);
    process.exit(2);
  }
}

if (values.receipt !== undefined) {
  const receipt = await readJsonFile(values.receipt, 'receipt');
  const pinned =
    values.key ?? (values.url !== undefined ? await servedLogKey(values.url) : undefined);
  const verdict = verifyReceipt(receipt, pinned === undefined ? {} : { logKey: pinned });
  const marks = { passed: '✓', failed: '✗', unpinned: '?' } as const;
  for (const check of verdict.checks) {
    console.log(`${marks[check.status]} ${check.what.vi}`);
    console.log(`  ${check.what.en}`);
    if (check.problem) {
      console.log(`  → ${check.problem.vi}`);
      console.log(`  → ${check.problem.en}`);
    }
  }
  if (!verdict.ok) {
    console.error(
      'KHÔNG HỢP LỆ: biên nhận này không chứng minh được bút toán nằm trong sổ.\nINVALID: this receipt does not prove its entry is in the log.',
    );
    process.exit(1);
  }
  console.log(
    `HỢP LỆ: bút toán seq ${verdict.seq} của quỹ ${verdict.fundId} (mã băm ${verdict.entryHash}) nằm trong sổ ${verdict.treeSize} bút toán có gốc ${verdict.root}, được ký bằng khóa ${verdict.logKey}.`,
  );
  console.log(
    `VALID: entry seq ${verdict.seq} of fund ${verdict.fundId} (hash ${verdict.entryHash}) is in the log of ${verdict.treeSize} entries with root ${verdict.root}, signed by ${verdict.logKey}.`,
  );
  if (!verdict.keyPinned) {
    console.log(
      `Khoá chưa được đối chiếu: khoá ${verdict.logKey} lấy từ chính biên nhận; hãy so với khoá quỹ công bố (trang quỹ, /.well-known/soquy/checkpoint-key), hoặc dùng --key.\n` +
        `Key not pinned: the key ${verdict.logKey} came from the receipt itself: compare it with the one the fund publishes (fund page, /.well-known/soquy/checkpoint-key), or give --key.`,
    );
  }
  process.exit(0);
}

if (values.fork !== undefined) {
  const proof = await readJsonFile(values.fork, 'fork proof');
  const verdict = checkForkProof(proof, values.key === undefined ? {} : { logKey: values.key });
  for (const line of verdict.lines) console.log(line);
  if (!verdict.proven) {
    console.error(
      verdict.observed
        ? `NOT PROVEN: ${verdict.problem}\nThe witness recorded what it saw; only two checkpoints the log signed for one size with different roots prove a fork to anyone else. / CHƯA CHỨNG MINH: người chứng kiến đã ghi lại điều họ thấy, nhưng chữ ký của sổ không đủ để chứng minh.`
        : `NOT PROVEN: not a fork proof: ${verdict.problem}`,
    );
    process.exit(1);
  }
  console.log(
    'PROVEN: the log signed two different trees of one size: two histories that cannot both be true. / ĐÃ CHỨNG MINH: sổ đã ký hai cây khác nhau cùng kích thước: hai lịch sử không thể cùng đúng.',
  );
  if (values.key === undefined) {
    console.log(
      'The key came from the proof file: compare it with the one the fund publishes, or give --key.',
    );
  }
  process.exit(0);
}

if (!values.fund) usageError('Give --fund.');
const fundId = values.fund;

const anchors: SavedHash[] = (values.anchor ?? []).map((text) => {
  const match = /^([1-9]\d*):([0-9a-fA-F]{64})$/.exec(text);
  if (!match || !Number.isSafeInteger(Number(match[1]))) {
    usageError(`--anchor ${text}: give SEQ:HASH, a seq from 1 and 64 hex digits.`);
  }
  return { seq: Number(match[1]), hash: (match[2] as string).toLowerCase() };
});

const files = values.file ?? [];
let published: PublishedJournal;
try {
  published = await loadJournal({
    fundId,
    files,
    ...(values.url !== undefined || files.length === 0 ? { url: values.url ?? DEFAULT_URL } : {}),
  });
} catch (error) {
  if (!(error instanceof JournalReadError)) throw error;
  console.error(`Could not read the journal: ${error.message}`);
  process.exit(2);
}

/**
 * With a key to trust (--key, or the deployment's via --url), an export's end must be signed: a
 * soquy-journal/1 file could be one cut short with its head recomputed, downgraded from /2.
 */
if (values.key !== undefined || values.url !== undefined) {
  const fileHeads =
    values.url !== undefined
      ? published.partHeads
      : [
          ...published.partHeads,
          {
            head: published.head,
            label: `the head of ${files.length === 1 ? basename(files[0] as string) : 'the last part'}`,
          },
        ];
  const unsigned = fileHeads.find((part) => part.head.checkpoint === undefined);
  if (files.length > 0 && unsigned) {
    console.error(
      `FAILED: fund ${fundId}, first bad seq ${unsigned.head.seq} (checkpoint): the export's end is not protected by a signed checkpoint (${unsigned.label} is soquy-journal/1, with no checkpoint): entries cut off at its end would go unnoticed, so with --key or --url it is refused. Older exports can be checked without --key (and --url).`,
    );
    console.error(
      'Phần cuối của bản xuất không có điểm kiểm tra đã ký (soquy-journal/1); bản xuất cũ chỉ kiểm tra được khi không dùng --key.',
    );
    process.exit(1);
  }
}

const signedHeads = [published.head, ...published.partHeads.map((p) => p.head)].filter(
  (head) => head.checkpoint !== undefined,
);
const pinnedKey =
  values.key ??
  (values.url !== undefined && signedHeads.length > 0 ? await servedLogKey(values.url) : undefined);
const report = verifyJournal(fundId, published.entries, published.head, {
  anchors,
  partHeads: published.partHeads,
  ...(pinnedKey !== undefined ? { logKey: pinnedKey } : {}),
});
if (!report.ok && report.problem) {
  const { seq, reason, message } = report.problem;
  console.error(`FAILED: fund ${fundId}, first bad seq ${seq} (${reason}): ${message}`);
  console.error(
    PINNED.includes(reason)
      ? `Entries before it pass their own checks; the journal differs from the hash pinned at seq ${seq}.`
      : `${report.checked} entries before it are intact.`,
  );
  process.exit(1);
}
const t = report.totals;
const sources = [
  published.fromFiles > 0 || files.length > 0
    ? `${published.fromFiles} from ${files.length} file(s)`
    : '',
  published.fromServer > 0 ? `${published.fromServer} from ${values.url ?? DEFAULT_URL}` : '',
].filter(Boolean);
console.log(
  `OK: fund ${fundId}, ${report.checked} entries${sources.length > 1 ? ` (${sources.join(', ')})` : ''}, chain intact up to seq ${report.head.seq} ${report.head.hash}`,
);
if (anchors.length > 0) console.log(`${anchors.length} saved hash(es) match.`);
console.log(
  `totals recomputed from the journal match the ${values.url !== undefined || files.length === 0 ? 'live' : 'published'} head: pledged ${t.pledged}, received ${t.received}, spent ${t.spent}, balance ${t.balance}, outstanding ${t.outstanding} (VND)`,
);
for (const checkpoint of report.checkpoints) {
  console.log(
    `signed checkpoint of ${checkpoint.label} matches: size ${checkpoint.size}, root ${checkpoint.root}, origin ${checkpoint.origin}`,
  );
}
const keysUsed = [...new Set(report.checkpoints.map((c) => c.logKey))];
if (keysUsed.length > 0) {
  console.log(
    pinnedKey !== undefined
      ? `checkpoints signed by the log key ${pinnedKey}`
      : `checkpoints checked with the key the export names: ${keysUsed.join(', ')}\n` +
          'Compare it with the key the fund publishes (fund page, /.well-known/soquy/checkpoint-key), or pin it with --key.',
  );
}
if (values.url === undefined && published.head.checkpoint === undefined) {
  console.log(
    'NOTE: the end of this journal is not protected by a signed checkpoint (a soquy-journal/1 export): entries cut off at its end would go unnoticed.\n' +
      'Lưu ý: phần cuối của sổ này không có điểm kiểm tra đã ký: nếu bị cắt bớt bút toán cuối thì không phát hiện được.',
  );
}
