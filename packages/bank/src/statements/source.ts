/**
 * Opening a statement file: the format is told by its first bytes, never by its name (banks send
 * HTML tables named .xls), and the bytes are then read as a stream from the start again.
 */
import { UnrecognisedStatementError } from '../errors.ts';

export type StatementFormat = 'xlsx' | 'xls' | 'html' | 'csv';

/** Opens the file afresh each call (the file is read twice: scan, then lines). */
export type OpenStatement = () => NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

export interface SniffedStatement {
  format: StatementFormat;
  /** The first bytes (at least a KB when the file has them), for the readers that need a look. */
  head: Uint8Array;
  /** Every byte of the file, from the first. */
  bytes: AsyncIterable<Uint8Array>;
  /** Stops reading early (a refused file, a consumer that has enough lines). */
  close(): Promise<void>;
}

const HEAD_SIZE = 4096;

export async function sniffStatement(open: OpenStatement): Promise<SniffedStatement> {
  const source = open() as AsyncIterable<Uint8Array | string>;
  const iterator = source[Symbol.asyncIterator]();
  const headChunks: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_SIZE) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBytes(next.value);
    headChunks.push(chunk);
    headLength += chunk.length;
  }
  const head = Buffer.concat(headChunks);
  const close = async () => {
    await iterator.return?.();
  };
  async function* bytes(): AsyncGenerator<Uint8Array> {
    try {
      yield* headChunks;
      if (ended) return;
      while (true) {
        const next = await iterator.next();
        if (next.done) return;
        yield toBytes(next.value);
      }
    } finally {
      await close();
    }
  }
  const format = formatOf(head);
  if (format === undefined) {
    await close();
    throw new UnrecognisedStatementError(
      head.subarray(0, 5).toString('latin1') === '%PDF-'
        ? 'This is a PDF. PDF statements cannot be read reliably: download the statement from the bank as Excel (.xlsx or .xls) or CSV instead.'
        : 'This file is not a spreadsheet, an HTML table or a CSV file.',
    );
  }
  return { format, head, bytes: bytes(), close };
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function formatOf(head: Buffer): StatementFormat | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return undefined;
  const text = decodeHead(head);
  if (text === undefined) return undefined;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<') || /<table/i.test(text.slice(0, 1024))) return 'html';
  return 'csv';
}

/** The head as text, or undefined for binary (NUL bytes in what should be UTF-8). */
export function decodeHead(head: Uint8Array): string | undefined {
  const encoding = textEncodingOf(head);
  const text = new TextDecoder(encoding).decode(head);
  if (encoding === 'utf-8' && text.includes('\u0000')) return undefined;
  return text;
}

/** UTF-16 when a BOM says so (Excel's "Unicode text"), else UTF-8. */
export function textEncodingOf(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
