import { createHash, createPublicKey, verify } from 'node:crypto';
import { fromBase64, type TreeHash, toBase64 } from './merkle.ts';
import type { FundTotals } from './totals.ts';

/**
 * C2SP signed notes (https://c2sp.org/signed-note), checkpoints (https://c2sp.org/tlog-checkpoint)
 * and cosignatures (https://c2sp.org/tlog-cosignature), Ed25519 only. Verification uses Node's
 * crypto; signing goes through a signer the deployment holds (KMS in AWS, a local key file).
 */

/** Signature types: an Ed25519 note signature, and an Ed25519 cosignature/v1. */
export const NOTE_ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

const SIGNATURE_PREFIX = '\u2014 ';
const enc = new TextEncoder();

export interface VerifierKey {
  name: string;
  /** 0x01 (log key) or 0x04 (witness cosignature key). */
  type: number;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

/** A key name: non-empty, no Unicode white space, no `+`. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !/[\s+\p{Cc}]/u.test(name);
}

/** SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4]. */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  const hash = createHash('sha256')
    .update(enc.encode(`${name}\n`))
    .update(new Uint8Array([type]))
    .update(publicKey)
    .digest();
  return new Uint8Array(hash.subarray(0, 4));
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The vkey form: `<name>+<key id, 8 hex digits>+<base64(type ‖ public key)>`. */
export function encodeVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  const body = new Uint8Array([type, ...publicKey]);
  return `${name}+${hex(keyIdOf(name, type, publicKey))}+${Buffer.from(body).toString('base64')}`;
}

export class NoteFormatError extends Error {}

export function parseVerifierKey(vkey: string): VerifierKey {
  // The base64 key may itself hold '+': split at the first two only.
  const match = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/s.exec(vkey.trim());
  const [, name = '', id = '', key = ''] = match ?? [];
  if (!match || !isKeyName(name)) {
    throw new NoteFormatError('A verifier key is <name>+<8 hex digits>+<base64 key>.');
  }
  const body = new Uint8Array(Buffer.from(key, 'base64'));
  const type = body[0] as number;
  const publicKey = body.slice(1);
  if (
    Buffer.from(body).toString('base64') !== key ||
    (type !== NOTE_ED25519 && type !== COSIGNATURE_V1) ||
    publicKey.length !== 32
  ) {
    throw new NoteFormatError('The verifier key is not an Ed25519 key of type 0x01 or 0x04.');
  }
  const keyId = keyIdOf(name, type, publicKey);
  if (hex(keyId) !== id) throw new NoteFormatError('The verifier key id does not match its key.');
  return { name, type, keyId, publicKey };
}

/** Ed25519 verification of a signature by a raw 32-byte public key. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** The bytes after the key id: a signature, or a timestamp and a signature. */
  signature: Uint8Array;
  line: string;
}

/** A note split into its text (what is signed) and signature lines. */
export interface Note {
  text: string;
  signatures: NoteSignature[];
}

/** Splits a signed note; refuses anything that is not one (no blank line, bad signature lines). */
export function parseNote(note: string): Note {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) {
    throw new NoteFormatError('A signed note is text, a blank line, then signature lines.');
  }
  const text = note.slice(0, split + 1);
  if (/[\p{Cc}]/u.test(text.replaceAll('\n', ''))) {
    throw new NoteFormatError('A note holds no control characters but line feeds.');
  }
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new NoteFormatError(`"${line.slice(0, 40)}" is not a signature line.`);
    }
    const [name = '', sig = '', ...rest] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const bytes = new Uint8Array(Buffer.from(sig, 'base64'));
    if (
      rest.length > 0 ||
      !isKeyName(name) ||
      bytes.length < 5 ||
      Buffer.from(bytes).toString('base64') !== sig
    ) {
      throw new NoteFormatError(`"${line.slice(0, 40)}" is not a signature line.`);
    }
    return { name, keyId: bytes.slice(0, 4), signature: bytes.slice(4), line };
  });
  if (signatures.length === 0) throw new NoteFormatError('A signed note has a signature.');
  return { text, signatures };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => hex(a) === hex(b);

/** The signature line of `key` on the note, if there is one and it verifies. */
export function findNoteSignature(note: Note, key: VerifierKey): NoteSignature | undefined {
  if (key.type !== NOTE_ED25519) return undefined;
  return note.signatures.find(
    (s) =>
      s.name === key.name &&
      sameBytes(s.keyId, key.keyId) &&
      ed25519Verify(key.publicKey, enc.encode(note.text), s.signature),
  );
}

/** Something that can sign with the log's key: KMS in AWS, a file locally. */
export interface NoteSigner {
  /** The key name, e.g. `soquy.local`. */
  name: string;
  publicKey(): Promise<Uint8Array>;
  /** A pure Ed25519 signature (64 bytes) of the message. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export function signatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${SIGNATURE_PREFIX}${name} ${Buffer.from(new Uint8Array([...keyId, ...signature])).toString('base64')}\n`;
}

/** Signs a note's text: the text, a blank line, the signature line. */
export async function signNote(text: string, signer: NoteSigner): Promise<string> {
  const publicKey = await signer.publicKey();
  const signature = await signer.sign(enc.encode(text));
  return `${text}\n${signatureLine(signer.name, keyIdOf(signer.name, NOTE_ED25519, publicKey), signature)}`;
}

/** A checkpoint: what a signed tree head says. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: TreeHash;
  /** Extension lines (none, or soquy's totals line). */
  extensions: string[];
}

/** `<deployment>/funds/<fundId>`: names the deployment and the fund. */
export const logOrigin = (deployment: string, fundId: string) => `${deployment}/funds/${fundId}`;

export function checkpointText(checkpoint: Checkpoint): string {
  return [
    checkpoint.origin,
    String(checkpoint.size),
    toBase64(checkpoint.root),
    ...checkpoint.extensions,
  ]
    .map((line) => `${line}\n`)
    .join('');
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3) {
    throw new NoteFormatError('A checkpoint is an origin, a size and a root hash, each on a line.');
  }
  const [origin = '', size = '', root = '', ...extensions] = lines;
  const hash = fromBase64(root);
  if (
    !origin ||
    !/^(0|[1-9]\d{0,15})$/.test(size) ||
    !Number.isSafeInteger(Number(size)) ||
    !hash
  ) {
    throw new NoteFormatError('The checkpoint has no origin, a bad size or a bad root hash.');
  }
  if (extensions.some((line) => line === '')) {
    throw new NoteFormatError('A checkpoint extension line is never empty.');
  }
  return { origin, size: Number(size), root: hash, extensions };
}

const TOTAL_NAMES = ['pledged', 'received', 'spent', 'balance', 'outstanding'] as const;

/** The fund's totals at the checkpoint's size, as one extension line. */
export function totalsLine(totals: FundTotals): string {
  return `soquy-totals ${TOTAL_NAMES.map((n) => `${n}=${totals[n]}`).join(' ')}`;
}

export function parseTotalsLine(line: string): FundTotals | undefined {
  const match =
    /^soquy-totals pledged=(-?\d+) received=(-?\d+) spent=(-?\d+) balance=(-?\d+) outstanding=(-?\d+)$/.exec(
      line,
    );
  if (!match) return undefined;
  const values = match.slice(1).map(Number);
  if (!values.every(Number.isSafeInteger)) return undefined;
  return Object.fromEntries(TOTAL_NAMES.map((n, i) => [n, values[i]])) as unknown as FundTotals;
}

/** Two verifier keys are the same key: same name, type and public key. */
export function sameVerifierKey(a: VerifierKey, b: VerifierKey): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    toBase64(a.publicKey) === toBase64(b.publicKey) &&
    toBase64(a.keyId) === toBase64(b.keyId)
  );
}

/** The log key a vkey names, or why it is not one. */
export function logKeyOf(vkey: unknown): VerifierKey | string {
  if (typeof vkey !== 'string') return 'the log key must be a verifier key string';
  try {
    const key = parseVerifierKey(vkey);
    if (key.type !== NOTE_ED25519) return `${key.name} is a witness key (type 0x04), not a log key`;
    return key;
  } catch (error) {
    if (error instanceof NoteFormatError) return error.message;
    throw error;
  }
}

/** A checkpoint note opened with a key: the checkpoint, or why it cannot be trusted. */
export type OpenedCheckpoint =
  | { ok: true; checkpoint: Checkpoint; totals?: FundTotals }
  | { ok: false; step: 'signature' | 'checkpoint'; problem: string };

/**
 * Checks the signature of `note` by `key`, then reads the checkpoint it signs. The totals are
 * those of the `soquy-totals` extension line, when there is one.
 */
export function openSignedCheckpoint(note: unknown, key: VerifierKey): OpenedCheckpoint {
  if (typeof note !== 'string') {
    return { ok: false, step: 'signature', problem: 'the checkpoint must be a signed note (text)' };
  }
  let text: string;
  try {
    const parsed = parseNote(note);
    if (!findNoteSignature(parsed, key)) {
      const names = parsed.signatures.map((s) => s.name).join(', ');
      return {
        ok: false,
        step: 'signature',
        problem: `the checkpoint carries no valid signature of ${key.name} (signed by: ${names})`,
      };
    }
    text = parsed.text;
  } catch (error) {
    if (!(error instanceof NoteFormatError)) throw error;
    return { ok: false, step: 'signature', problem: `not a signed note: ${error.message}` };
  }
  try {
    const checkpoint = parseCheckpointText(text);
    const totalsLines = checkpoint.extensions.filter((l) => l.startsWith('soquy-totals '));
    const totals = totalsLines.length === 1 ? parseTotalsLine(totalsLines[0] as string) : undefined;
    if (totalsLines.length > 1 || (totalsLines.length === 1 && !totals)) {
      return {
        ok: false,
        step: 'checkpoint',
        problem: 'the checkpoint has a malformed or repeated soquy-totals line',
      };
    }
    return { ok: true, checkpoint, ...(totals ? { totals } : {}) };
  } catch (error) {
    if (!(error instanceof NoteFormatError)) throw error;
    return { ok: false, step: 'checkpoint', problem: error.message };
  }
}

/** Does `origin` name the fund: `<deployment>/funds/<fundId>`? */
export const originNamesFund = (origin: string, fundId: string) =>
  origin.endsWith(`/funds/${fundId}`) && origin.length > `/funds/${fundId}`.length;

/** What a cosigner signs: `cosignature/v1`, `time <t>`, then the checkpoint's note text. */
export function cosignatureMessage(text: string, timestamp: number): Uint8Array {
  return enc.encode(`cosignature/v1\ntime ${timestamp}\n${text}`);
}

/** A cosignature/v1 line: key id ‖ u64 big-endian timestamp ‖ Ed25519 signature. */
export function cosignatureLine(
  name: string,
  publicKey: Uint8Array,
  timestamp: number,
  signature: Uint8Array,
): string {
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
  return signatureLine(
    name,
    keyIdOf(name, COSIGNATURE_V1, publicKey),
    new Uint8Array([...time, ...signature]),
  );
}

/** A cosignature found on a note by a witness key, with its timestamp; `valid` says it verifies. */
export interface Cosigned {
  witness: VerifierKey;
  timestamp: number;
  valid: boolean;
  line: string;
}

/** The cosignature of `witness` on the note, if its name and key id appear. */
export function findCosignature(note: Note, witness: VerifierKey): Cosigned | undefined {
  if (witness.type !== COSIGNATURE_V1) return undefined;
  const line = note.signatures.find(
    (s) => s.name === witness.name && sameBytes(s.keyId, witness.keyId),
  );
  if (!line) return undefined;
  if (line.signature.length !== 72) return { witness, timestamp: 0, valid: false, line: line.line };
  const timestamp = Number(
    new DataView(line.signature.buffer, line.signature.byteOffset).getBigUint64(0),
  );
  const valid =
    Number.isSafeInteger(timestamp) &&
    ed25519Verify(
      witness.publicKey,
      cosignatureMessage(note.text, timestamp),
      line.signature.slice(8),
    );
  return { witness, timestamp, valid, line: line.line.trimEnd() };
}
