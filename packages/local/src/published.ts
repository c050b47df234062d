import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ExpectedHead, FundTotals, PartHead } from '@soquy/ledger';

/** The envelope of a journal export file, or of each part of a chunked export. */
export const JOURNAL_EXPORT_FORMAT = 'soquy-journal/1';
/** The same envelope with the signed checkpoint of its head (docs/ledger-format.md). */
export const SIGNED_JOURNAL_EXPORT_FORMAT = 'soquy-journal/2';

/** A journal part, the file's envelope as docs/ledger-format.md describes it. */
export interface JournalPart {
  source: string;
  fundId: string;
  head: ExpectedHead & { totals: FundTotals };
  /** As read: the verifier checks what they are. */
  entries: unknown[];
}

/** What `npm run verify` checks: the entries in seq order and the heads they must reach. */
export interface PublishedJournal {
  fundId: string;
  entries: unknown[];
  /** The head the journal must end at: the live one with --url, else the last part's. */
  head: ExpectedHead;
  /** The heads of the parts read from files that the journal must pass through. */
  partHeads: PartHead[];
  /** How many entries came from files, and how many from the server. */
  fromFiles: number;
  fromServer: number;
}

/** The journal could not be read at all: nothing to verify (exit 2), unlike a failed check. */
export class JournalReadError extends Error {
  override name = 'JournalReadError';
}

const TOTAL_KEYS = ['pledged', 'received', 'spent', 'balance', 'outstanding'] as const;
const HEX64 = /^[0-9a-f]{64}$/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Members = Record<string, unknown>;
const isMembers = (value: unknown): value is Members =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The first member name that an object of `text` (valid JSON) repeats, decoded. RFC 8785 is
 * defined over I-JSON (RFC 7493), which has no repeated names: parsers disagree on which value
 * of a repeated name counts, so a file with one would show different readers different entries.
 */
export function repeatedMemberName(text: string): string | undefined {
  const objects: (Set<string> | undefined)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      for (let code = text.charCodeAt(end); code !== QUOTE; code = text.charCodeAt(end)) {
        end += code === BACKSLASH ? 2 : 1;
      }
      const names = objects.at(-1);
      if (expectName && names) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === '{') {
      objects.push(new Set());
      expectName = true;
    } else if (c === '[') {
      objects.push(undefined);
      expectName = false;
    } else if (c === '}' || c === ']') {
      objects.pop();
      expectName = false;
    } else if (c === ',') {
      expectName = objects.at(-1) !== undefined;
    }
  }
  return undefined;
}

/**
 * UTF-8 bytes as JSON, the way every verifier must read them (docs/ledger-format.md, "Reading a
 * journal"): valid UTF-8, one optional byte order mark ignored, valid JSON, no object repeating
 * a member name. Numbers are read by value, so `9.0` is the integer 9.
 */
export function parseJournalJson(bytes: Uint8Array, source: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new JournalReadError(`${source} is not valid UTF-8.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JournalReadError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const repeated = repeatedMemberName(text);
  if (repeated !== undefined) {
    throw new JournalReadError(
      `${source} repeats the member name ${JSON.stringify(repeated)} in one object: not I-JSON.`,
    );
  }
  return value;
}

function exactMembers(value: unknown, names: readonly string[], what: string): Members {
  if (!isMembers(value)) throw new JournalReadError(`${what} must be a JSON object.`);
  const extra = Object.keys(value).filter((key) => !names.includes(key));
  const missing = names.filter((key) => !(key in value));
  if (extra.length > 0 || missing.length > 0) {
    throw new JournalReadError(
      `${what} must have exactly the fields ${names.join(', ')}${extra.length ? `; unknown: ${extra.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}.`,
    );
  }
  return value;
}

/** `{seq, hash, totals}` (and `fundId` for the API's head). */
function headOf(value: unknown, what: string, withFundId = false): JournalPart['head'] {
  const names = withFundId ? ['fundId', 'seq', 'hash', 'totals'] : ['seq', 'hash', 'totals'];
  const head = exactMembers(value, names, what);
  if (!Number.isSafeInteger(head.seq) || (head.seq as number) < 0) {
    throw new JournalReadError(`${what}.seq must be an integer, 0 or more.`);
  }
  if (typeof head.hash !== 'string' || !HEX64.test(head.hash)) {
    throw new JournalReadError(`${what}.hash must be 64 lowercase hex digits.`);
  }
  const totals = exactMembers(head.totals, TOTAL_KEYS, `${what}.totals`);
  for (const key of TOTAL_KEYS) {
    if (!Number.isSafeInteger(totals[key])) {
      throw new JournalReadError(`${what}.totals.${key} must be an integer.`);
    }
  }
  return { seq: head.seq as number, hash: head.hash, totals: totals as unknown as FundTotals };
}

/**
 * One export file (or one part of a chunked export): `{format, fundId, head, entries}`, or
 * `soquy-journal/2` with `checkpoint: {note, logKey}` as well.
 */
export function journalPartOf(value: unknown, source: string, fundId: string): JournalPart {
  const signed = isMembers(value) && value.format === SIGNED_JOURNAL_EXPORT_FORMAT;
  const envelope = exactMembers(
    value,
    signed
      ? ['format', 'fundId', 'head', 'checkpoint', 'entries']
      : ['format', 'fundId', 'head', 'entries'],
    source,
  );
  if (envelope.format !== JOURNAL_EXPORT_FORMAT && !signed) {
    throw new JournalReadError(
      `${source} has format ${JSON.stringify(envelope.format)}, not "${JOURNAL_EXPORT_FORMAT}" or "${SIGNED_JOURNAL_EXPORT_FORMAT}".`,
    );
  }
  if (envelope.fundId !== fundId) {
    throw new JournalReadError(
      `${source} is the journal of fund ${JSON.stringify(envelope.fundId)}, not "${fundId}".`,
    );
  }
  if (!Array.isArray(envelope.entries)) {
    throw new JournalReadError(`${source}: entries must be an array.`);
  }
  const head = headOf(envelope.head, `${source}: head`);
  if (signed) {
    const checkpoint = exactMembers(
      envelope.checkpoint,
      ['note', 'logKey'],
      `${source}: checkpoint`,
    );
    if (typeof checkpoint.note !== 'string' || typeof checkpoint.logKey !== 'string') {
      throw new JournalReadError(`${source}: checkpoint.note and checkpoint.logKey must be text.`);
    }
    head.checkpoint = { note: checkpoint.note, logKey: checkpoint.logKey };
  }
  return { source, fundId, head, entries: envelope.entries };
}

export async function readJournalPart(file: string, fundId: string): Promise<JournalPart> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new JournalReadError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return journalPartOf(parseJournalJson(bytes, basename(file)), basename(file), fundId);
}

const seqOf = (entry: unknown): number =>
  isMembers(entry) && typeof entry.seq === 'number' ? entry.seq : Number.NaN;

/** Where a part starts: its first entry's seq (parts that start with nonsense go last). */
const startOf = (part: JournalPart) => {
  const first = seqOf(part.entries[0]);
  return Number.isNaN(first) ? Number.MAX_SAFE_INTEGER : first;
};

/**
 * Parts of one journal, put in seq order (by their first entry, whatever order the files were
 * given in) and concatenated. Each part's head is where the journal must be after its last
 * entry. A part without entries is only a journal on its own: an empty fund.
 */
export function joinParts(parts: readonly JournalPart[]): {
  entries: unknown[];
  partHeads: PartHead[];
} {
  if (parts.length > 1 && parts.some((part) => part.entries.length === 0)) {
    const empty = parts.find((part) => part.entries.length === 0);
    throw new JournalReadError(
      `${empty?.source} has no entries: only an empty fund's export, on its own, has none.`,
    );
  }
  const ordered = [...parts].sort((a, b) => startOf(a) - startOf(b));
  const entries: unknown[] = [];
  const partHeads: PartHead[] = [];
  for (const part of ordered) {
    entries.push(...part.entries);
    if (part.entries.length > 0) {
      partHeads.push({
        after: entries.length - 1,
        head: part.head,
        label: `the head of ${part.source}`,
      });
    }
  }
  return { entries, partHeads };
}

async function getJson(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new JournalReadError(`GET ${url} failed: ${(error as Error).message}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    throw new JournalReadError(
      `GET ${url} answered ${response.status}: ${new TextDecoder().decode(bytes).slice(0, 500)}`,
    );
  }
  return parseJournalJson(bytes, `GET ${url}`);
}

const apiBase = (baseUrl: string, fundId: string) =>
  `${baseUrl.replace(/\/+$/, '')}/funds/${encodeURIComponent(fundId)}`;

/** `GET /funds/{fundId}/head`: `{fundId, seq, hash, totals}`. */
export async function fetchHead(baseUrl: string, fundId: string): Promise<JournalPart['head']> {
  const url = `${apiBase(baseUrl, fundId)}/head`;
  const value = await getJson(url);
  const head = headOf(value, `GET ${url}`, true);
  const published = (value as Members).fundId;
  if (published !== fundId) {
    throw new JournalReadError(`GET ${url} is the head of fund ${JSON.stringify(published)}.`);
  }
  return head;
}

/** Entries with `after < seq ≤ upTo` through `GET /funds/{fundId}/ledger`, page by page. */
export async function fetchEntries(
  baseUrl: string,
  fundId: string,
  after: number,
  upTo: number,
): Promise<unknown[]> {
  const entries: unknown[] = [];
  let cursor = after;
  while (cursor < upTo) {
    const url = `${apiBase(baseUrl, fundId)}/ledger?after=${cursor}&limit=1000`;
    const page = exactMembers(await getJson(url), ['fundId', 'entries', 'next'], `GET ${url}`);
    if (!Array.isArray(page.entries)) throw new JournalReadError(`GET ${url}: no entries array.`);
    // Entries written after the head was read are not part of what is checked.
    const wanted = page.entries.filter((entry) => !(seqOf(entry) > upTo));
    entries.push(...wanted);
    const next = page.next;
    if (next === null || wanted.length === 0) break;
    if (typeof next !== 'number' || !(next > cursor)) {
      throw new JournalReadError(`GET ${url}: next must be a seq after ${cursor}, or null.`);
    }
    cursor = next;
  }
  return entries;
}

/**
 * What to verify: the parts read from `files` (in seq order), or the server's journal, or both:
 * the files, then what the server published after them, checked against the server's live head.
 */
export async function loadJournal(options: {
  fundId: string;
  files: readonly string[];
  url?: string;
}): Promise<PublishedJournal> {
  const { fundId, files, url } = options;
  const parts = await Promise.all(files.map((file) => readJournalPart(file, fundId)));
  const { entries, partHeads } = joinParts(parts);
  if (url === undefined) {
    const last = [...parts].sort((a, b) => startOf(a) - startOf(b)).at(-1);
    if (!last) throw new JournalReadError('Give --file or --url.');
    // The last part's head is the journal's end; it is not also checked as a part head.
    return {
      fundId,
      entries,
      head: last.head,
      partHeads: partHeads.slice(0, -1),
      fromFiles: entries.length,
      fromServer: 0,
    };
  }
  const live = await fetchHead(url, fundId);
  const lastSeq = entries.length === 0 ? 0 : seqOf(entries.at(-1));
  const tail =
    Number.isSafeInteger(lastSeq) && lastSeq < live.seq
      ? await fetchEntries(url, fundId, lastSeq, live.seq)
      : [];
  return {
    fundId,
    entries: [...entries, ...tail],
    head: live,
    partHeads,
    fromFiles: entries.length,
    fromServer: tail.length,
  };
}
