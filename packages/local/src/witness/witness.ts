import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  type Checkpoint,
  COSIGNATURE_V1,
  cosignatureLine,
  cosignatureMessage,
  encodeVerifierKey,
  fromBase64,
  logKeyOf,
  openSignedCheckpoint,
  originNamesFund,
  parseNote,
  sameVerifierKey,
  type TreeHash,
  toBase64,
  type VerifierKey,
  verifyConsistency,
} from '@soquy/ledger';
import { FORK_PROOF_FORMAT, type ForkProof, type ServedConsistency } from './fork-proof.ts';

/**
 * A witness (docs/ledger-format.md, "Witnesses"): remembers the last checkpoint it accepted for
 * each fund, accepts a new one only with the log's signature and a consistency proof from the
 * old one, then cosigns it (C2SP tlog-cosignature) and posts the cosignature back. A fork or a
 * rollback is written down as a proof anyone can check with the log key.
 *
 * State directory: `witness-key` (its Ed25519 key, PKCS#8 PEM), `log-key` (the log's vkey,
 * pinned on first run), `checkpoints/<fundId>` (the last note accepted), `forks/` (proofs).
 */
export interface WitnessOptions {
  url: string;
  stateDir: string;
  fund?: string;
  name?: string;
  /** The log's vkey, to pin on the first run (else read from the deployment). */
  logKey?: string;
  now?: () => Date;
  print?: (line: string) => void;
}

/** Exit statuses: every fund checked out; a fund failed its checks; the witness could not run. */
export const WITNESS_OK = 0;
export const WITNESS_FAILED = 1;
export const WITNESS_CANNOT_RUN = 2;

export class WitnessSetupError extends Error {
  override name = 'WitnessSetupError';
}

export const defaultWitnessName = () => `witness.local/${hostname().replace(/[^\w.-]/g, '-')}`;

interface WitnessKey {
  name: string;
  publicKey: Uint8Array;
  privateKey: KeyObject;
  vkey: string;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a file whole or not at all: a crash never leaves half a checkpoint behind. */
async function writeAtomically(file: string, text: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

/** The witness's key: generated on first use, kept in `<stateDir>/witness-key`. */
export async function witnessKey(stateDir: string, name: string): Promise<WitnessKey> {
  await mkdir(stateDir, { recursive: true });
  const file = join(stateDir, 'witness-key');
  let pem = await readText(file);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await writeAtomically(file, pem);
  }
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
  return {
    name,
    publicKey,
    privateKey,
    vkey: encodeVerifierKey(name, COSIGNATURE_V1, publicKey),
  };
}

const base = (url: string) => url.replace(/\/+$/, '');

async function get(url: string): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new WitnessSetupError(`GET ${url} failed: ${(error as Error).message}`);
  }
  return { status: response.status, text: await response.text() };
}

/** The log key this witness trusts: pinned on the first run, the same on every later one. */
async function pinnedLogKey(options: WitnessOptions, print: (line: string) => void) {
  const file = join(options.stateDir, 'log-key');
  const pinned = (await readText(file))?.trim();
  if (pinned !== undefined) {
    const key = logKeyOf(pinned);
    if (typeof key === 'string') throw new WitnessSetupError(`${file}: ${key}`);
    if (options.logKey !== undefined) {
      const given = logKeyOf(options.logKey);
      if (typeof given === 'string' || !sameVerifierKey(given, key)) {
        throw new WitnessSetupError(
          `--log-key ${options.logKey} is not the key pinned in ${file} (${pinned}); a log's key does not change: remove the state directory to start over.`,
        );
      }
    }
    return { key, vkey: pinned };
  }
  let vkey = options.logKey?.trim();
  if (vkey === undefined) {
    const url = `${base(options.url)}/.well-known/soquy/checkpoint-key`;
    const answer = await get(url);
    if (answer.status !== 200) {
      throw new WitnessSetupError(`GET ${url} answered ${answer.status}: no log key to pin.`);
    }
    vkey = answer.text.trim();
  }
  const key = logKeyOf(vkey);
  if (typeof key === 'string') throw new WitnessSetupError(`The log key ${vkey}: ${key}`);
  await writeAtomically(file, `${vkey}\n`);
  print(`PINNED log key ${vkey} (compare it with the one the deployment publishes)`);
  return { key, vkey };
}

async function fundIds(options: WitnessOptions): Promise<string[]> {
  if (options.fund !== undefined) return [options.fund];
  const url = `${base(options.url)}/funds`;
  const answer = await get(url);
  let funds: unknown;
  try {
    funds = (JSON.parse(answer.text) as { funds?: unknown }).funds;
  } catch {
    funds = undefined;
  }
  if (answer.status !== 200 || !Array.isArray(funds)) {
    throw new WitnessSetupError(`GET ${url} answered ${answer.status}, not a list of funds.`);
  }
  return funds.map((f) => String((f as { id?: unknown }).id));
}

const stamp = (date: Date) =>
  date
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');

interface Opened {
  note: string;
  checkpoint: Checkpoint;
}

/** Checks one fund; returns whether it checked out. */
async function witnessFund(
  fundId: string,
  context: {
    options: WitnessOptions;
    logKey: { key: VerifierKey; vkey: string };
    witness: WitnessKey;
    now: () => Date;
    print: (line: string) => void;
  },
): Promise<boolean> {
  const { options, logKey, witness, now, print } = context;
  const fundUrl = `${base(options.url)}/funds/${encodeURIComponent(fundId)}`;
  const stateFile = join(options.stateDir, 'checkpoints', fundId);
  const served = await get(`${fundUrl}/log/checkpoint`);
  if (served.status === 404) {
    print(`SKIP fund=${fundId}: no checkpoint yet (an empty fund)`);
    return true;
  }
  if (served.status !== 200) {
    print(`ERROR fund=${fundId}: GET ${fundUrl}/log/checkpoint answered ${served.status}`);
    return false;
  }
  const opened = openSignedCheckpoint(served.text, logKey.key);
  if (!opened.ok) {
    print(
      `REFUSED fund=${fundId}: the checkpoint served is not valid: ${opened.problem}. State kept.`,
    );
    print('  Từ chối: điểm kiểm tra không có chữ ký hợp lệ của sổ; giữ nguyên trạng thái.');
    return false;
  }
  if (!originNamesFund(opened.checkpoint.origin, fundId)) {
    print(
      `REFUSED fund=${fundId}: the checkpoint is of "${opened.checkpoint.origin}", not of this fund. State kept.`,
    );
    return false;
  }
  const current: Opened = { note: served.text, checkpoint: opened.checkpoint };
  const storedNote = await readText(stateFile);
  const stored =
    storedNote === undefined ? undefined : openSignedCheckpoint(storedNote, logKey.key);
  if (stored && !stored.ok) {
    print(`ERROR fund=${fundId}: ${stateFile} no longer verifies: ${stored.problem}`);
    return false;
  }
  const size = current.checkpoint.size;
  const root = toBase64(current.checkpoint.root);
  let how = 'first checkpoint seen: trusted from now on';

  if (stored?.ok) {
    const old: Opened = { note: storedNote as string, checkpoint: stored.checkpoint };
    const oldSize = old.checkpoint.size;
    const oldRoot = toBase64(old.checkpoint.root);
    const report = async (
      kind: 'fork' | 'rollback',
      explanation: string,
      answer?: ServedConsistency,
    ) => {
      print(
        `${kind.toUpperCase()} fund=${fundId} sizes ${oldSize} and ${size} roots ${oldRoot} and ${root}`,
      );
      const file = await writeForkProof(options, fundId, {
        kind,
        accepted: old.note,
        served: current.note,
        explanation,
        logKey: logKey.vkey,
        witness: witness.name,
        ...(answer ? { consistency: answer } : {}),
        detectedAt: now().toISOString(),
      });
      print(`  ${explanation}`);
      print(
        kind === 'fork'
          ? '  Phát hiện rẽ nhánh: sổ đã ký hai lịch sử khác nhau. Lịch sử của quỹ đã bị viết lại.'
          : '  Phát hiện quay lui: sổ đưa ra một điểm kiểm tra cũ hơn điểm đã thấy.',
      );
      print(`  proof written to ${file}; check it with: npm run verify -- --fork ${file}`);
      return false;
    };
    if (size === oldSize) {
      if (root !== oldRoot) {
        return report(
          'fork',
          `The log signed two different trees of size ${size}: root ${oldRoot} earlier, ${root} now. History was rewritten.`,
        );
      }
      how = 'unchanged';
    } else if (size < oldSize) {
      return report(
        'rollback',
        `The log served size ${size} after it had signed size ${oldSize}: entries ${size + 1}–${oldSize} are hidden.`,
      );
    } else {
      const url = `${fundUrl}/proofs/consistency?from=${oldSize}&to=${size}`;
      const answer = await get(url);
      if (answer.status !== 200) {
        print(
          `NO-PROOF fund=${fundId}: the log gave no consistency proof from ${oldSize} to ${size} (GET ${url} answered ${answer.status}: ${answer.text.slice(0, 200)}). State kept.`,
        );
        return false;
      }
      let servedProof: ServedConsistency;
      try {
        servedProof = JSON.parse(answer.text) as ServedConsistency;
      } catch {
        print(`NO-PROOF fund=${fundId}: GET ${url} did not answer JSON. State kept.`);
        return false;
      }
      // The checkpoints in the answer must be the ones this witness holds.
      for (const [field, want] of [
        ['fromCheckpoint', old.checkpoint],
        ['toCheckpoint', current.checkpoint],
      ] as const) {
        const note = servedProof[field];
        const other = typeof note === 'string' ? openSignedCheckpoint(note, logKey.key) : undefined;
        if (
          other?.ok &&
          other.checkpoint.size === want.size &&
          toBase64(other.checkpoint.root) !== toBase64(want.root)
        ) {
          return report(
            'fork',
            `With its consistency proof the log served another signed tree of size ${want.size} (root ${toBase64(other.checkpoint.root)}, not ${toBase64(want.root)}): history was rewritten.`,
            servedProof,
          );
        }
      }
      const hashes = Array.isArray(servedProof.proof)
        ? servedProof.proof.map((p) => (typeof p === 'string' ? fromBase64(p) : undefined))
        : [undefined];
      const consistent =
        servedProof.from === oldSize &&
        servedProof.to === size &&
        hashes.every((h) => h !== undefined) &&
        verifyConsistency(
          oldSize,
          size,
          hashes as TreeHash[],
          old.checkpoint.root,
          current.checkpoint.root,
        );
      if (!consistent) {
        return report(
          'fork',
          `The tree of size ${size} does not extend the tree of size ${oldSize} this witness accepted: the log's consistency proof fails. History was rewritten.`,
          servedProof,
        );
      }
      how = `consistent with size ${oldSize}`;
    }
  }

  print(`OK fund=${fundId} size ${size} root ${root}: ${how}`);
  await mkdir(join(options.stateDir, 'checkpoints'), { recursive: true });
  await writeAtomically(stateFile, current.note);
  await cosign(fundUrl, fundId, current.note, witness, now, print);
  return true;
}

/** Cosigns the note (timestamp = now) and posts it to the log; a refusal is printed, not fatal. */
async function cosign(
  fundUrl: string,
  fundId: string,
  note: string,
  witness: WitnessKey,
  now: () => Date,
  print: (line: string) => void,
) {
  const { text } = parseNote(note);
  const timestamp = Math.floor(now().getTime() / 1000);
  const signature = new Uint8Array(
    sign(null, cosignatureMessage(text, timestamp), witness.privateKey),
  );
  const line = cosignatureLine(witness.name, witness.publicKey, timestamp, signature);
  const url = `${fundUrl}/log/cosignatures`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `${note}${line}`,
    });
    const answer = await response.text();
    if (response.ok) print(`COSIGNED fund=${fundId} at ${timestamp} as ${witness.name}`);
    else
      print(
        `WARNING fund=${fundId}: the log did not take the cosignature: ${response.status} ${answer.slice(0, 300)}`,
      );
  } catch (error) {
    print(`WARNING fund=${fundId}: POST ${url} failed: ${(error as Error).message}`);
  }
}

async function writeForkProof(
  options: WitnessOptions,
  fundId: string,
  proof: Omit<ForkProof, 'format' | 'fundId' | 'url'>,
): Promise<string> {
  const dir = join(options.stateDir, 'forks');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${fundId}-${stamp(new Date(proof.detectedAt))}.json`);
  const body: ForkProof = { format: FORK_PROOF_FORMAT, fundId, url: base(options.url), ...proof };
  await writeAtomically(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

/** Runs the witness once over one fund or all of them; resolves to the exit status. */
export async function runWitness(options: WitnessOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const witness = await witnessKey(options.stateDir, options.name ?? defaultWitnessName());
  const logKey = await pinnedLogKey(options, print);
  const funds = await fundIds(options);
  let failed = 0;
  for (const fundId of funds) {
    const ok = await witnessFund(fundId, { options, logKey, witness, now, print });
    if (!ok) failed += 1;
  }
  print(
    failed === 0
      ? `All ${funds.length} fund(s) checked out.`
      : `${failed} of ${funds.length} fund(s) did not check out.`,
  );
  return failed === 0 ? WITNESS_OK : WITNESS_FAILED;
}
