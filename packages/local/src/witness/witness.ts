import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { LocalNoteSigner } from '@soquy/evidence';
import {
  type Checkpoint,
  COSIGNATURE_V1,
  conflictingCheckpoints,
  cosignatureLine,
  cosignatureMessage,
  encodeVerifierKey,
  FORK_PROOF_FORMAT,
  type ForkProof,
  fromBase64,
  logKeyOf,
  type MisbehaviourKind,
  openSignedCheckpoint,
  originNamesFund,
  parseNote,
  type ServedConsistency,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
  sameVerifierKey,
  type TreeHash,
  toBase64,
  type VerifierKey,
  verifyConsistency,
} from '@soquy/ledger';

/**
 * A witness (docs/ledger-format.md, "Witnesses"): remembers the last checkpoint it accepted for
 * each fund, accepts a new one only with the log's signature and a consistency proof from the
 * old one, then cosigns it (C2SP tlog-cosignature) and posts the cosignature back. Misbehaviour
 * is written down: as a proof anyone can check with the log key when the log signed two trees of
 * one size, else as evidence of what the witness saw.
 *
 * State directory: `witness-key` (its Ed25519 key, PKCS#8 PEM), `log-key` (the log's vkey,
 * pinned on first run), `checkpoints/<fundId>` (the last note accepted), `forks/` (proofs and
 * evidence). Fund ids come from the operator's server: only slugs name a URL or a file.
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
  /**
   * Post each proof to the fund's log (`POST /funds/{fundId}/log/fork-reports`) so the
   * operator hears of it (default true); the file is written either way.
   */
  report?: boolean;
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
  /** Signs with the witness's private key (pure Ed25519). */
  sign(message: Uint8Array): Promise<Uint8Array>;
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

/**
 * The witness's key: an Ed25519 key made on first use and kept in `<stateDir>/witness-key`, the
 * same kind of key file the local stack signs its checkpoints with.
 */
export async function witnessKey(stateDir: string, name: string): Promise<WitnessKey> {
  await mkdir(stateDir, { recursive: true });
  const signer = new LocalNoteSigner(name, join(stateDir, 'witness-key'));
  const publicKey = await signer.publicKey();
  return {
    name,
    publicKey,
    sign: (message) => signer.sign(message),
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

/** A fund id as the ledger allows it (a slug): nothing else names a URL or a file here. */
export const isFundId = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);

const named = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));

/**
 * A file inside the state directory. Fund ids come from the operator's server: even after the
 * slug check, a path that would resolve outside the state directory is refused.
 */
function stateFile(stateDir: string, ...parts: string[]): string {
  const root = resolve(stateDir);
  const file = resolve(root, ...parts);
  if (!file.startsWith(`${root}${sep}`)) {
    throw new WitnessSetupError(`${file} would be outside the state directory ${root}`);
  }
  return file;
}

/** The ids `GET /funds` lists, as served: each is checked before it is used. */
async function listedFunds(options: WitnessOptions): Promise<unknown[]> {
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
  return funds.map((f) => (typeof f === 'object' && f !== null ? (f as { id?: unknown }).id : f));
}

/** The funds this witness already accepted a checkpoint of: `checkpoints/<fundId>`. */
async function heldFunds(stateDir: string): Promise<string[]> {
  try {
    // Temporary files of an interrupted write (`<id>.<pid>.tmp`) are not fund ids.
    return (await readdir(stateFile(stateDir, 'checkpoints'))).filter(isFundId).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
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

interface FundContext {
  options: WitnessOptions;
  logKey: { key: VerifierKey; vkey: string };
  witness: WitnessKey;
  now: () => Date;
  print: (line: string) => void;
}

const UNPROVABLE = 'misbehaviour observed, not provable from signatures alone';

/**
 * The log's answer to `GET …/proofs/consistency?from=&to=`, or why there is none. Its two
 * checkpoints are signed by the log: one of them with another root than a note the witness holds
 * of the same size proves a fork.
 */
async function askConsistency(
  fundUrl: string,
  from: number,
  to: number,
): Promise<{ answer: ServedConsistency } | { problem: string }> {
  const url = `${fundUrl}/proofs/consistency?from=${from}&to=${to}`;
  const answer = await get(url);
  if (answer.status !== 200) {
    return { problem: `GET ${url} answered ${answer.status}: ${answer.text.slice(0, 200)}` };
  }
  try {
    const value = JSON.parse(answer.text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { answer: value as ServedConsistency };
    }
  } catch {
    // Said below.
  }
  return { problem: `GET ${url} did not answer a JSON object` };
}

/** A note in the log's answer that the log signed with another root for a size the witness holds. */
function conflictingNote(
  answer: ServedConsistency,
  held: readonly Opened[],
  key: VerifierKey,
): { note: string; checkpoint: Checkpoint; against: Opened } | undefined {
  for (const field of ['fromCheckpoint', 'toCheckpoint'] as const) {
    const note = answer[field];
    if (typeof note !== 'string') continue;
    const opened = openSignedCheckpoint(note, key);
    if (!opened.ok) continue;
    const against = held.find((h) => conflictingCheckpoints(h.checkpoint, opened.checkpoint));
    if (against) return { note, checkpoint: opened.checkpoint, against };
  }
  return undefined;
}

/** Checks one fund; returns whether it checked out. */
async function witnessFund(fundId: string, context: FundContext): Promise<boolean> {
  const { options, logKey, witness, now, print } = context;
  const fundUrl = `${base(options.url)}/funds/${encodeURIComponent(fundId)}`;
  const heldFile = stateFile(options.stateDir, 'checkpoints', fundId);
  const storedNote = await readText(heldFile);
  const stored =
    storedNote === undefined ? undefined : openSignedCheckpoint(storedNote, logKey.key);
  if (stored && !stored.ok) {
    print(`ERROR fund=${fundId}: ${heldFile} no longer verifies: ${stored.problem}`);
    return false;
  }
  const old: Opened | undefined = stored?.ok
    ? { note: storedNote as string, checkpoint: stored.checkpoint }
    : undefined;

  /** Writes down what the log did; proven only with two signed notes of one size. */
  const report = async (
    kind: MisbehaviourKind,
    heading: string,
    explanation: string,
    evidence: { served?: Opened; conflicting?: string; consistency?: ServedConsistency },
  ) => {
    const accepted = old as Opened;
    print(heading);
    print(`  ${explanation}`);
    const { file, body } = await writeForkProof(options, fundId, {
      kind,
      accepted: accepted.note,
      ...(evidence.served ? { served: evidence.served.note } : {}),
      ...(evidence.conflicting ? { conflicting: evidence.conflicting } : {}),
      ...(evidence.consistency ? { consistency: evidence.consistency } : {}),
      explanation,
      logKey: logKey.vkey,
      witness: witness.name,
      detectedAt: now().toISOString(),
    });
    if (kind === 'fork') {
      print('  PROVEN: the log signed two different trees of one size. History was rewritten.');
      print(
        '  Phát hiện rẽ nhánh: sổ đã ký hai lịch sử khác nhau. Lịch sử của quỹ đã bị viết lại.',
      );
      print(`  proof written to ${file}; check it with: npm run verify -- --fork ${file}`);
    } else {
      print(`  NOT PROVEN: ${UNPROVABLE}.`);
      print(
        '  Phát hiện sổ làm sai, nhưng chữ ký của sổ không đủ để chứng minh với người khác; hãy lưu lại ghi chép này.',
      );
      print(`  evidence written to ${file} (what this witness saw; not a proof by itself)`);
    }
    if (options.report !== false) await postForkReport(fundUrl, fundId, body, print);
    return false;
  };

  const served = await get(`${fundUrl}/log/checkpoint`);
  if (served.status === 404) {
    if (old === undefined) {
      print(`SKIP fund=${fundId}: no checkpoint yet (an empty fund)`);
      return true;
    }
    return report(
      'rollback',
      `ROLLBACK fund=${fundId} sizes ${old.checkpoint.size} and 0: the log serves no checkpoint`,
      `The log served no checkpoint (404) after this witness had accepted size ${old.checkpoint.size} (root ${toBase64(old.checkpoint.root)}): its history is hidden.`,
      {},
    );
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
  const size = current.checkpoint.size;
  const root = toBase64(current.checkpoint.root);
  let how = 'first checkpoint seen: trusted from now on';

  if (old !== undefined) {
    const oldSize = old.checkpoint.size;
    const oldRoot = toBase64(old.checkpoint.root);
    const sizes = `sizes ${oldSize} and ${size} roots ${oldRoot} and ${root}`;
    const proven = (
      found: NonNullable<ReturnType<typeof conflictingNote>>,
      consistency: ServedConsistency,
    ) =>
      report(
        'fork',
        `FORK fund=${fundId} ${sizes}`,
        `Asked for its consistency proof, the log served another signed tree of size ${found.checkpoint.size} (root ${toBase64(found.checkpoint.root)}, not ${toBase64(found.against.checkpoint.root)}): history was rewritten.`,
        { served: current, conflicting: found.note, consistency },
      );
    if (size === oldSize) {
      if (root !== oldRoot) {
        return report(
          'fork',
          `FORK fund=${fundId} ${sizes}`,
          `The log signed two different trees of size ${size}: root ${oldRoot} earlier, ${root} now. History was rewritten.`,
          { served: current },
        );
      }
      how = 'unchanged';
    } else if (size < oldSize) {
      // The log signs smaller sizes too (export chunks): only its own note of the old size
      // with another root proves anything. Ask for it.
      const asked = await askConsistency(fundUrl, size, oldSize);
      const found =
        'answer' in asked ? conflictingNote(asked.answer, [old, current], logKey.key) : undefined;
      if (found && 'answer' in asked) return proven(found, asked.answer);
      return report(
        'rollback',
        `ROLLBACK fund=${fundId} ${sizes}`,
        `The log served size ${size} as its latest after this witness had accepted size ${oldSize}: entries ${size + 1}–${oldSize} are hidden. ${'answer' in asked ? `Its signed checkpoint of size ${oldSize} does not contradict the accepted one.` : `It gave no checkpoint of size ${oldSize} to compare (${asked.problem}).`}`,
        { served: current, ...('answer' in asked ? { consistency: asked.answer } : {}) },
      );
    } else {
      const asked = await askConsistency(fundUrl, oldSize, size);
      if ('problem' in asked) {
        print(
          `NO-PROOF fund=${fundId}: the log gave no consistency proof from ${oldSize} to ${size} (${asked.problem}). State kept.`,
        );
        print(`  ${UNPROVABLE} (or the log is down: run again later).`);
        return false;
      }
      const servedProof = asked.answer;
      const found = conflictingNote(servedProof, [old, current], logKey.key);
      if (found) return proven(found, servedProof);
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
          'inconsistent',
          `INCONSISTENT fund=${fundId} ${sizes}`,
          `The tree of size ${size} does not extend the tree of size ${oldSize} this witness accepted: the log's consistency proof fails, and its signed checkpoint of size ${oldSize} does not contradict the accepted one.`,
          { served: current, consistency: servedProof },
        );
      }
      how = `consistent with size ${oldSize}`;
    }
  }

  print(`OK fund=${fundId} size ${size} root ${root}: ${how}`);
  await mkdir(stateFile(options.stateDir, 'checkpoints'), { recursive: true });
  await writeAtomically(heldFile, current.note);
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
  const signature = await witness.sign(cosignatureMessage(text, timestamp));
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
): Promise<{ file: string; body: ForkProof }> {
  const dir = stateFile(options.stateDir, 'forks');
  await mkdir(dir, { recursive: true });
  const file = stateFile(dir, `${fundId}-${stamp(new Date(proof.detectedAt))}.json`);
  const body: ForkProof = { format: FORK_PROOF_FORMAT, fundId, url: base(options.url), ...proof };
  await writeAtomically(file, `${JSON.stringify(body, null, 2)}\n`);
  return { file, body };
}

/**
 * Tells the deployment what the witness caught: a proven fork pages its operator, an observed
 * one is listed. A log that refuses or cannot be reached changes nothing: the file is the record.
 */
async function postForkReport(
  fundUrl: string,
  fundId: string,
  proof: ForkProof,
  print: (line: string) => void,
) {
  const url = `${fundUrl}/log/fork-reports`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(proof),
    });
    const answer = await response.text();
    if (response.ok) {
      const { status, id } = JSON.parse(answer) as { status?: string; id?: string };
      print(
        `REPORTED fund=${fundId} to ${url}: ${status ?? 'kept'}${response.status === 200 ? ' (already reported)' : ''}, report ${id ?? '?'}`,
      );
    } else {
      print(
        `WARNING fund=${fundId}: the log did not take the report: ${response.status} ${answer.slice(0, 300)}`,
      );
    }
  } catch (error) {
    print(`WARNING fund=${fundId}: POST ${url} failed: ${(error as Error).message}`);
  }
}

/**
 * Runs the witness once over one fund (`fund`) or every fund: those `GET /funds` lists and those
 * it already holds a checkpoint of, since an operator hiding a fund would stop listing it.
 * Resolves to the exit status.
 */
export async function runWitness(options: WitnessOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  if (options.fund !== undefined && !isFundId(options.fund)) {
    print(
      `REFUSED fund=${named(options.fund)}: not a fund id (lowercase letters, digits and single dashes, at most ${SLUG_MAX_LENGTH}).`,
    );
    return WITNESS_CANNOT_RUN;
  }
  const witness = await witnessKey(options.stateDir, options.name ?? defaultWitnessName());
  const logKey = await pinnedLogKey(options, print);
  const held = await heldFunds(options.stateDir);
  let failed = 0;
  let refused = 0;
  let funds: string[];
  const hidden = new Set<string>();
  if (options.fund !== undefined) {
    funds = [options.fund];
  } else {
    const listed = await listedFunds(options);
    funds = [];
    for (const id of listed) {
      if (!isFundId(id)) {
        // Never a URL or a file name: `../x` would leave the state directory.
        print(
          `REFUSED fund=${named(id)}: GET /funds lists an id that is not a fund id (lowercase letters, digits and single dashes, at most ${SLUG_MAX_LENGTH}); not checked.`,
        );
        refused += 1;
        failed += 1;
      } else if (!funds.includes(id)) {
        funds.push(id);
      }
    }
    for (const id of held) {
      if (funds.includes(id)) continue;
      hidden.add(id);
      funds.push(id);
    }
  }
  const context: FundContext = { options, logKey, witness, now, print };
  for (const fundId of funds) {
    if (hidden.has(fundId)) {
      print(
        `HIDDEN fund=${fundId}: GET /funds no longer lists a fund this witness accepted a checkpoint of; checking it anyway.`,
      );
    }
    const ok = await witnessFund(fundId, context);
    if (!ok || hidden.has(fundId)) failed += 1;
  }
  const total = funds.length + refused;
  print(
    failed === 0
      ? `All ${total} fund(s) checked out.`
      : `${failed} of ${total} fund(s) did not check out.`,
  );
  return failed === 0 ? WITNESS_OK : WITNESS_FAILED;
}
