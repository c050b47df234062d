import type { ExportDeps, ExportFile } from '../../ports/export-files.ts';
import type { SignedCheckpoint } from '../../ports/transparency-log.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import { applyChange, changeOf, genesisHead, type Head } from '../../primitives/head.ts';
import { type Balances, type FundTotals, totalsFromBalances } from '../../primitives/totals.ts';
import { requireFund } from '../common/read.ts';
import { type ExportCheckpoint, journalCsv, journalExport, journalHledger } from './exports.ts';

/**
 * Exports are published as consecutive chunks of this many entries. A full chunk never changes
 * again, so it is written once and cached forever; only the last, open chunk is rewritten, and
 * it is never longer than this. Reading or writing an export therefore costs the same at 20
 * entries as at 200,000.
 */
export const EXPORT_CHUNK_ENTRIES = 1000;
export const EXPORT_INDEX = 'index.json';
export const EXPORT_INDEX_FORMAT = 'soquy-exports/1';

export const EXPORT_FORMATS = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  journal: 'text/plain; charset=utf-8',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export interface ExportChunk {
  first: number;
  last: number;
  /** The chain after the chunk's last entry: a reader can check the next chunk links to it. */
  hash: string;
  totals: FundTotals;
  /** False for the open chunk at the end, which grows until it is full. */
  closed: boolean;
  /** File name per format, e.g. `{ csv: "journal-000000001-000001000.csv" }`. */
  files: Record<ExportFormat, string>;
}

/** `index.json`: what has been published, in seq order. Small whatever the journal's length. */
export interface ExportIndex {
  format: typeof EXPORT_INDEX_FORMAT;
  fundId: string;
  chunkEntries: number;
  /** The head the files reach (it trails the live head by the time publishing takes). */
  published: { seq: number; hash: string; totals: FundTotals };
  chunks: ExportChunk[];
  /** Balances after the last closed chunk: where the next chunk's totals start from. */
  closedBalances: Balances;
}

const pad = (n: number) => String(n).padStart(9, '0');

/** File names of a chunk. A closed chunk's names say its range; the open one is `journal-open`. */
export function chunkFiles(first: number, last: number, closed: boolean) {
  const stem = closed ? `journal-${pad(first)}-${pad(last)}` : 'journal-open';
  return {
    json: `${stem}.json`,
    csv: `${stem}.csv`,
    journal: `${stem}.journal`,
  } satisfies Record<ExportFormat, string>;
}

/** The public path of a published file; GET there redirects to the file itself. */
export const exportPath = (fundId: string, name: string) => `/funds/${fundId}/exports/${name}`;

/** A chunk's files as public paths, per format. */
export function exportPaths(fundId: string, chunk: Pick<ExportChunk, 'files'>) {
  const { json, csv, journal } = chunk.files;
  return {
    json: exportPath(fundId, json),
    csv: exportPath(fundId, csv),
    journal: exportPath(fundId, journal),
  } satisfies Record<ExportFormat, string>;
}

/** Names a reader may ask for: closed chunks by range, the open chunk, the index. */
export const EXPORT_FILE_NAME =
  /^(?:index\.json|journal-(?:open|\d{9}-\d{9})\.(?:json|csv|journal))$/;

function emptyIndex(fundId: string): ExportIndex {
  const head = genesisHead(fundId);
  return {
    format: EXPORT_INDEX_FORMAT,
    fundId,
    chunkEntries: EXPORT_CHUNK_ENTRIES,
    published: { seq: 0, hash: head.hash, totals: totalsFromBalances({}) },
    chunks: [],
    closedBalances: {},
  };
}

export async function readExportIndex(deps: ExportDeps, fundId: string): Promise<ExportIndex> {
  const text = await deps.exports.read(fundId, EXPORT_INDEX);
  return text ? (JSON.parse(text) as ExportIndex) : emptyIndex(fundId);
}

function chunkFilesOf(
  fund: Fund,
  entries: Entry[],
  head: Head,
  closed: boolean,
  checkpoint?: ExportCheckpoint,
): ExportFile[] {
  const first = entries[0]?.seq ?? 1;
  const names = chunkFiles(first, head.seq, closed);
  const json = JSON.stringify(journalExport(head, entries, checkpoint));
  return [
    { name: names.json, body: json, format: 'json' },
    { name: names.csv, body: journalCsv(entries), format: 'csv' },
    { name: names.journal, body: journalHledger(fund, entries), format: 'journal' },
  ].map(({ name, body, format }) => ({
    name,
    body,
    contentType: EXPORT_FORMATS[format as ExportFormat],
    immutable: closed,
  }));
}

export interface PublishExportsOptions {
  /**
   * Publish no further than this seq: the size the log just checkpointed, so that the open
   * chunk's checkpoint is the one served at `/funds/{fundId}/log/checkpoint`.
   */
  upTo?: number;
  /**
   * The signed checkpoint of exactly `size` (kept, or signed now from the published tiles for a
   * closed chunk's end). With it, each JSON part is a `soquy-journal/2` export that carries the
   * checkpoint of its last seq; without it, parts stay `soquy-journal/1`.
   */
  checkpointAt?: (size: number, totals: FundTotals) => Promise<SignedCheckpoint>;
  /** The log's verifier key (vkey) written beside each checkpoint; required with checkpointAt. */
  logKey?: string;
}

/**
 * Brings a fund's published exports up to its head (or `options.upTo`): writes every chunk that
 * filled up since the last run (once, immutable), rewrites the open chunk, then the index. Safe
 * to run again at any time; run one at a time per fund (the stack gives it a concurrency of one).
 */
export async function publishExports(
  deps: ExportDeps,
  fundId: string,
  options: PublishExportsOptions = {},
): Promise<ExportIndex> {
  const { checkpointAt, logKey } = options;
  if (checkpointAt && !logKey) {
    throw new RangeError('Exports with checkpoints need the log key beside them.');
  }
  const { fund, head: current } = await requireFund(deps, fundId);
  const live = { seq: Math.min(current.seq, options.upTo ?? current.seq) };
  const index = await readExportIndex(deps, fundId);
  if (index.published.seq >= live.seq) return index;
  const closedChunks = index.chunks.filter((c) => c.closed);
  const lastClosed = closedChunks.at(-1);
  let head: Head = {
    ...genesisHead(fundId),
    seq: lastClosed?.last ?? 0,
    hash: lastClosed?.hash ?? genesisHead(fundId).hash,
    balances: index.closedBalances,
  };
  const chunks = [...closedChunks];
  while (head.seq < live.seq) {
    const limit = Math.min(EXPORT_CHUNK_ENTRIES, live.seq - head.seq);
    const entries = await deps.store.readEntries(fundId, { after: head.seq, limit });
    if (entries.length === 0) break;
    const first = head.seq + 1;
    // Exports carry money and the chain, not the Merkle tree: a head rebuilt at a closed chunk
    // has no frontier, so fold this chunk's money and tip onto an empty tree.
    head = applyChange({ ...head, seq: 0, frontier: [] }, changeOf(entries));
    const closed = entries.length === EXPORT_CHUNK_ENTRIES;
    const checkpoint =
      checkpointAt && logKey
        ? { note: (await checkpointAt(head.seq, totalsFromBalances(head.balances))).note, logKey }
        : undefined;
    for (const file of chunkFilesOf(fund, entries, head, closed, checkpoint)) {
      await deps.exports.write(fundId, file);
    }
    chunks.push({
      first,
      last: head.seq,
      hash: head.hash,
      totals: totalsFromBalances(head.balances),
      closed,
      files: chunkFiles(first, head.seq, closed),
    });
    if (closed) index.closedBalances = head.balances;
    else break;
  }
  const published: ExportIndex = {
    ...index,
    published: { seq: head.seq, hash: head.hash, totals: totalsFromBalances(head.balances) },
    chunks,
  };
  await deps.exports.write(fundId, {
    name: EXPORT_INDEX,
    body: JSON.stringify(published),
    contentType: EXPORT_FORMATS.json,
    immutable: false,
  });
  return published;
}
