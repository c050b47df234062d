import { readFile } from 'node:fs/promises';
import type { Entry, ExpectedHead } from '@soquy/ledger';

/** A fund's public journal as the export and the verifier read it. */
export interface PublishedJournal {
  fundId: string;
  head: ExpectedHead;
  entries: Entry[];
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Reads the head first, then every entry up to it, page by page, through the public API. */
export async function fetchPublishedJournal(
  baseUrl: string,
  fundId: string,
): Promise<PublishedJournal> {
  const base = baseUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(fundId);
  const head = await getJson<ExpectedHead>(`${base}/funds/${id}/head`);
  const entries: Entry[] = [];
  let after = 0;
  while (after < head.seq) {
    const page = await getJson<{ entries: Entry[]; next: number | null }>(
      `${base}/funds/${id}/ledger?after=${after}&limit=1000`,
    );
    const wanted = page.entries.filter((e) => e.seq <= head.seq);
    entries.push(...wanted);
    if (page.next === null || wanted.length === 0) break;
    after = page.next;
  }
  return { fundId, head: { seq: head.seq, hash: head.hash, totals: head.totals }, entries };
}

export async function readPublishedJournal(file: string): Promise<PublishedJournal> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as PublishedJournal;
  if (!parsed || !Array.isArray(parsed.entries) || !parsed.head) {
    throw new Error(`${file} is not a soquy journal export ({fundId, head, entries}).`);
  }
  return parsed;
}
