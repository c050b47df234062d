import { parseArgs } from 'node:util';
import { type SavedHash, type VerifyReason, verifyJournal } from '@soquy/ledger';
import { JournalReadError, loadJournal, type PublishedJournal } from '../published.ts';

const DEFAULT_URL = 'http://127.0.0.1:3000';
const usage =
  'usage: npm run verify -- --fund FUND_ID [--url BASE_URL] [--file PART.json]... [--anchor SEQ:HASH]...';
const help = `${usage}

Replays a soquy fund's journal from seq 1 and checks every rule of docs/ledger-format.md:
the hash chain, each entry, reversals, balances, and the head the journal must end at.

  --fund FUND_ID      the fund to check (required)
  --url BASE_URL      read the live head and the entries from the public API
                      (default ${DEFAULT_URL} when no --file is given)
  --file PART.json    an export file; give it once per part of a chunked export, in any order.
                      Alone, the journal must end at the head of the last part. With --url, the
                      files, then the entries the server published after them, must end at the
                      server's live head.
  --anchor SEQ:HASH   a hash saved earlier (a receipt): the entry at SEQ must have HASH.
                      Give it as often as you like.
  -h, --help          this text

Exit status: 0 the journal is intact; 1 it is not (the first bad seq is named);
2 nothing could be checked (bad arguments, unreadable file or server).`;

/** Reasons whose seq is a hash a third party pinned: the change is there or before it. */
const PINNED: readonly VerifyReason[] = ['anchor', 'head_mismatch'];

function usageError(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: {
  fund?: string | undefined;
  url?: string | undefined;
  file?: string[] | undefined;
  anchor?: string[] | undefined;
  help?: boolean | undefined;
};
try {
  ({ values } = parseArgs({
    options: {
      fund: { type: 'string' },
      url: { type: 'string' },
      file: { type: 'string', multiple: true },
      anchor: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  console.log(help);
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

const report = verifyJournal(fundId, published.entries, published.head, {
  anchors,
  partHeads: published.partHeads,
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
