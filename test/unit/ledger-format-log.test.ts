import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ed from '@noble/ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  type Entry,
  entryLeaf,
  findCosignature,
  fromBase64,
  openSignedCheckpoint,
  parseNote,
  parseVerifierKey,
  type TreeHash,
  verifyConsistency,
  verifyInclusion,
  verifyJournal,
} from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { fixedWitness } from '../fixtures/log/keys.ts';
import { COSIGNED_AT, journal8, logVectors } from '../fixtures/log/vectors.ts';
import { repoRoot } from '../support/run.ts';

const doc = readFileSync(join(repoRoot, 'docs/ledger-format.md'), 'utf8');

/** The page's fenced ```text blocks. */
function textBlocks(): string[] {
  const found: string[] = [];
  let open: string[] | undefined;
  for (const line of doc.split('\n')) {
    if (!open && line === '```text') open = [];
    else if (open && line === '```') {
      found.push(open.join('\n'));
      open = undefined;
    } else open?.push(line);
  }
  return found;
}

// A second tree implementation, straight from RFC 9162 §2.1.1 with @noble/hashes: the page's
// roots must not merely agree with the code that printed them.
const bytes = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array());
  if (leaves.length === 1) return sha256(bytes(new Uint8Array([0]), leaves[0] as Uint8Array));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(bytes(new Uint8Array([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k))));
}
const b64 = (hash: Uint8Array) => Buffer.from(hash).toString('base64');
const hashesOf = (block: string, label: string) =>
  [...block.matchAll(new RegExp(`${label}\\[\\d+\\] = (\\S+)`, 'g'))].map(
    (m) => fromBase64(m[1] as string) as TreeHash,
  );
const hashAfter = (block: string, label: string) =>
  fromBase64(new RegExp(`${label}\\s*= (\\S+)`).exec(block)?.[1] ?? '') as TreeHash;

describe('docs/ledger-format.md, the transparency log', () => {
  it('shows every vector exactly as recomputed from test/fixtures/log/journal-8.json', async () => {
    const { blocks } = await logVectors();
    const onPage = textBlocks();
    for (const [name, block] of Object.entries(blocks)) {
      expect(onPage, `the ${name} block`).toContain(block);
    }
  });

  it('uses a fixture journal that verifies, whose roots a second implementation agrees with', () => {
    const { fundId, entries } = journal8();
    expect(entries).toHaveLength(8);
    expect(verifyJournal(fundId, entries).ok).toBe(true);
    const leaves = entries.map((e: Entry) => entryLeaf(e));
    for (const n of [1, 2, 3, 7, 8]) {
      expect(doc).toContain(`root(${n}) = ${b64(mth(leaves.slice(0, n)))}`);
    }
  });

  it('prints an inclusion and a consistency proof that verify against the printed roots', () => {
    const [inclusion] = textBlocks().filter((b) => b.startsWith('inclusion of seq 3'));
    const [consistency] = textBlocks().filter((b) => b.startsWith('consistency of the tree'));
    expect(inclusion).toBeDefined();
    expect(consistency).toBeDefined();
    const root7 = hashAfter(inclusion as string, 'root\\(7\\)');
    expect(
      verifyInclusion(
        hashAfter(inclusion as string, 'leaf hash'),
        2,
        7,
        hashesOf(inclusion as string, 'proof'),
        root7,
      ),
    ).toBe(true);
    expect(
      verifyConsistency(
        3,
        7,
        hashesOf(consistency as string, 'proof'),
        hashAfter(consistency as string, 'root\\(3\\)'),
        root7,
      ),
    ).toBe(true);
  });

  it('prints a checkpoint and a cosignature whose signatures @noble/ed25519 accepts', async () => {
    const { note, cosignedNote } = await logVectors();
    const vkey = /vkey {7}= (\S+)/.exec(doc)?.[1] as string;
    const key = parseVerifierKey(vkey);
    const opened = openSignedCheckpoint(note, key);
    if (!opened.ok) throw new Error(opened.problem);
    expect(opened.checkpoint.size).toBe(8);
    const parsed = parseNote(note);
    const [line] = parsed.signatures;
    expect(
      await ed.verifyAsync(
        line?.signature as Uint8Array,
        new TextEncoder().encode(parsed.text),
        key.publicKey,
      ),
    ).toBe(true);
    const witness = parseVerifierKey(fixedWitness().vkey);
    const cosigned = findCosignature(parseNote(cosignedNote), witness);
    expect(cosigned).toMatchObject({ timestamp: COSIGNED_AT, valid: true });
  });
});
