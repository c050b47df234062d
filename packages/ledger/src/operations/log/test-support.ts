import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { LedgerStore } from '../../ports/ledger-store.ts';
import { randomIds } from '../../ports/random-ids.ts';
import type { LogDeps, LogFiles } from '../../ports/transparency-log.ts';
import { canonicalJson, fingerprint } from '../../primitives/canonical.ts';
import { donationDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import {
  COSIGNATURE_V1,
  cosignatureLine,
  cosignatureMessage,
  encodeVerifierKey,
  type NoteSigner,
  parseNote,
} from '../../primitives/signed-note.ts';

/**
 * Small test doubles for the log's outside parts, shared by the tests of the log's operations,
 * its HTTP edge, the witness and the pages: an Ed25519 key in memory and log files in a Map.
 */

/** The raw 32-byte public key of a Node Ed25519 key. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
}

/** A log signer holding a fresh Ed25519 key, as the local stack's key file would. */
export function testSigner(name = 'soquy.test'): NoteSigner & {
  privateKey: KeyObject;
  publicKeyBytes: Uint8Array;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyBytes = rawPublicKey(publicKey);
  return {
    name,
    privateKey,
    publicKeyBytes,
    publicKey: async () => publicKeyBytes,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** A witness key pair and its cosignature/v1 vkey; `cosign` appends its line to a note. */
export function testWitness(name = 'witness.example') {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyBytes = rawPublicKey(publicKey);
  return {
    name,
    privateKey,
    publicKeyBytes,
    vkey: encodeVerifierKey(name, COSIGNATURE_V1, publicKeyBytes),
    /** The note with this witness's cosignature at `timestamp` (seconds) appended. */
    cosign(note: string, timestamp: number): string {
      const { text } = parseNote(note);
      const signature = new Uint8Array(sign(null, cosignatureMessage(text, timestamp), privateKey));
      return `${note}${cosignatureLine(name, publicKeyBytes, timestamp, signature)}`;
    },
  };
}

export interface StoredLogFile {
  body: Uint8Array;
  immutable: boolean;
  contentType: string;
}

/** Log files in memory, by `<fundId>/<path>`, with every write in order. */
export function memoryLogFiles(): LogFiles & {
  files: Map<string, StoredLogFile>;
  writes: string[];
} {
  const files = new Map<string, StoredLogFile>();
  const writes: string[] = [];
  return {
    files,
    writes,
    read: async (fundId, path) => files.get(`${fundId}/${path}`)?.body,
    write: async (fundId, path, body, options) => {
      writes.push(`${fundId}/${path}`);
      files.set(`${fundId}/${path}`, { body: new Uint8Array(body), ...options });
    },
  };
}

/** Log deps over a store, with a test signer, memory files and a clock tests may move. */
export function testLogDeps(
  store: LedgerStore,
  options: { deployment?: string; now?: Date } = {},
): LogDeps & {
  logFiles: ReturnType<typeof memoryLogFiles>;
  signer: ReturnType<typeof testSigner>;
  setNow(now: Date): void;
} {
  let now = options.now;
  const deployment = options.deployment ?? 'soquy.test';
  return {
    store,
    ids: randomIds,
    clock: () => now ?? new Date(),
    logFiles: memoryLogFiles(),
    signer: testSigner(deployment),
    deployment,
    setNow: (next) => {
      now = next;
    },
  };
}

/**
 * Appends `count` gifts of 1,000 đồng (cash) through the store's own write path, in
 * transactions of at most `batch` entries. Answers the entries written.
 */
export async function appendGifts(
  store: LedgerStore,
  fundId: string,
  count: number,
  options: { batch?: number; prefix?: string } = {},
): Promise<Entry[]> {
  const batch = options.batch ?? 40;
  const prefix = options.prefix ?? `g${Date.now().toString(36)}`;
  const at = '2026-11-20T03:00:00.000Z';
  const written: Entry[] = [];
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const key = `${prefix}-${done}`;
    const { entries } = await store.append(fundId, {
      idempotencyKey: key,
      requestHash: fingerprint({ key, n }),
      prepare: () => ({
        drafts: Array.from({ length: n }, (_, i) =>
          donationDraft(
            { id: `${key}-${i}`, occurredAt: at, recordedAt: at, recordedBy: 'thuquy' },
            {
              donor: { id: 'd-ba', displayName: 'Hộ ông Ba', kind: 'household' },
              amount: 1_000,
              method: 'cash',
            },
          ),
        ),
      }),
    });
    written.push(...entries);
  }
  return written;
}

/*
 * A second, deliberately naive RFC 9162 implementation for tests: straight from the RFC's
 * recursive definitions (§2.1.1, §2.1.3.1, §2.1.4.1), sharing no code with merkle.ts, so a test
 * can check what the log built with something the log did not build.
 */
const sha = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const largestPowerBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/** SHA-256(0x00 ‖ UTF-8 of the entry's JCS form). */
export const referenceLeafHash = (entry: Entry) =>
  sha(new Uint8Array([0]), new TextEncoder().encode(canonicalJson(entry)));

/** MTH(D[n]) by the RFC's recursion. */
export function referenceRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return sha();
  if (leafHashes.length === 1) return leafHashes[0] as Uint8Array;
  const k = largestPowerBelow(leafHashes.length);
  return sha(
    new Uint8Array([1]),
    referenceRoot(leafHashes.slice(0, k)),
    referenceRoot(leafHashes.slice(k)),
  );
}

/**
 * The root an inclusion proof leads to: PATH(m, D[n]) ends with the sibling at the top, so it is
 * read from its end downwards. Undefined when the proof has the wrong length.
 */
export function referenceRootFromPath(
  m: number,
  n: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined {
  if (n === 1) return path.length === 0 ? leaf : undefined;
  const top = path.at(-1);
  if (!top) return undefined;
  const k = largestPowerBelow(n);
  const rest = path.slice(0, -1);
  if (m < k) {
    const left = referenceRootFromPath(m, k, leaf, rest);
    return left && sha(new Uint8Array([1]), left, top);
  }
  const right = referenceRootFromPath(m - k, n - k, leaf, rest);
  return right && sha(new Uint8Array([1]), top, right);
}

/**
 * The old and new roots a consistency proof SUBPROOF(m, D[n], true) leads to, given the old root
 * (which the proof leaves out when the old tree is a complete subtree). Undefined when the proof
 * has the wrong length.
 */
export function referenceRootsFromConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
): { oldRoot: Uint8Array; newRoot: Uint8Array } | undefined {
  const rest = [...proof];
  const walk = (
    size: number,
    total: number,
    whole: boolean,
  ): [Uint8Array, Uint8Array] | undefined => {
    if (size === total) {
      if (whole) return [oldRoot, oldRoot];
      const hash = rest.pop();
      return hash && [hash, hash];
    }
    const sibling = rest.pop();
    if (!sibling) return undefined;
    const k = largestPowerBelow(total);
    if (size <= k) {
      const inner = walk(size, k, whole);
      return inner && [inner[0], sha(new Uint8Array([1]), inner[1], sibling)];
    }
    const inner = walk(size - k, total - k, false);
    return (
      inner && [
        sha(new Uint8Array([1]), sibling, inner[0]),
        sha(new Uint8Array([1]), sibling, inner[1]),
      ]
    );
  };
  const roots = walk(m, n, true);
  if (!roots || rest.length > 0) return undefined;
  return { oldRoot: roots[0], newRoot: roots[1] };
}
