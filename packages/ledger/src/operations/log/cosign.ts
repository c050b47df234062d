import {
  BadCosignatureError,
  CheckpointNotFoundError,
  StaleCosignatureError,
  UnknownWitnessError,
} from '../../errors.ts';
import type { Cosignature, LogDeps } from '../../ports/transparency-log.ts';
import {
  type Cosigned,
  findCosignature,
  findNoteSignature,
  type Note,
  NoteFormatError,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
} from '../../primitives/signed-note.ts';
import { requireFund } from '../common/read.ts';
import { logVerifierKey } from './status.ts';

/** A cosignature older than this is refused: a witness posts what it just checked. */
export const COSIGNATURE_MAX_AGE_S = 60 * 60;
/** Clocks drift; a cosignature from further in the future than this is refused. */
export const COSIGNATURE_MAX_SKEW_S = 5 * 60;

function noteOf(text: string): Note {
  try {
    return parseNote(text);
  } catch (error) {
    if (!(error instanceof NoteFormatError)) throw error;
    throw new BadCosignatureError(`This is not a signed note: ${error.message}`, { cause: error });
  }
}

/**
 * Keeps witnesses' cosignatures of a checkpoint the log signed. The note must carry the log's
 * own valid signature over the very text of a kept checkpoint, and at least one valid, fresh
 * cosignature from a registered witness; every cosignature of a registered witness on it must
 * verify. Everything is checked before anything is written, so a refusal writes nothing.
 */
export async function receiveCosignature(
  deps: LogDeps,
  fundId: string,
  note: string,
  now: Date = deps.clock(),
): Promise<{ accepted: Cosignature[] }> {
  const parsed = noteOf(note);
  const logKey = parseVerifierKey(await logVerifierKey(deps.signer));
  if (!findNoteSignature(parsed, logKey)) {
    throw new BadCosignatureError(
      `The note does not carry a valid signature of this log (${logKey.name}).`,
    );
  }
  let size: number;
  try {
    size = parseCheckpointText(parsed.text).size;
  } catch (error) {
    if (!(error instanceof NoteFormatError)) throw error;
    throw new BadCosignatureError(`The note is not a checkpoint: ${error.message}`, {
      cause: error,
    });
  }
  const [, kept, witnesses, previous] = await Promise.all([
    requireFund(deps, fundId),
    deps.store.log.getCheckpoint(fundId, size),
    deps.store.log.listWitnesses(),
    deps.store.log.listCosignatures(fundId),
  ]);
  if (!kept || parseNote(kept.note).text !== parsed.text) {
    throw new CheckpointNotFoundError(fundId, size);
  }

  const found: { cosigned: Cosigned; label: string }[] = [];
  for (const witness of witnesses) {
    let key: ReturnType<typeof parseVerifierKey>;
    try {
      key = parseVerifierKey(witness.vkey);
    } catch {
      continue; // a registered key we cannot read signs nothing
    }
    const cosigned = findCosignature(parsed, key);
    if (cosigned) found.push({ cosigned, label: witness.label });
  }
  const forged = found.find((f) => !f.cosigned.valid);
  if (forged) {
    throw new BadCosignatureError(
      `The cosignature of ${forged.cosigned.witness.name} does not verify: it was not made by its key over this checkpoint.`,
    );
  }
  if (found.length === 0) {
    const others = parsed.signatures.map((s) => s.name).filter((name) => name !== logKey.name);
    throw new UnknownWitnessError([...new Set(others)]);
  }

  const nowSeconds = Math.floor(now.getTime() / 1000);
  const accepted: Cosignature[] = found.map(({ cosigned, label }) => {
    const name = cosigned.witness.name;
    if (cosigned.timestamp < nowSeconds - COSIGNATURE_MAX_AGE_S) {
      throw new StaleCosignatureError(
        `The cosignature of ${name} is dated ${iso(cosigned.timestamp)}, more than an hour ago; co-sign the latest checkpoint again.`,
      );
    }
    if (cosigned.timestamp > nowSeconds + COSIGNATURE_MAX_SKEW_S) {
      throw new StaleCosignatureError(
        `The cosignature of ${name} is dated ${iso(cosigned.timestamp)}, in the future; check the witness's clock.`,
      );
    }
    const last = previous.find((c) => c.witness === name);
    if (last && last.timestamp >= cosigned.timestamp) {
      throw new StaleCosignatureError(
        `${name} already co-signed at ${iso(last.timestamp)}; a cosignature must be newer than the last one kept.`,
      );
    }
    return {
      fundId,
      size,
      root: kept.root,
      witness: name,
      label,
      timestamp: cosigned.timestamp,
      line: cosigned.line.trimEnd(),
      receivedAt: now.toISOString(),
    };
  });
  // All or none: a witness that co-signed again meanwhile refuses the whole note.
  if (!(await deps.store.log.saveCosignatures(accepted))) {
    throw new StaleCosignatureError(
      `${accepted.map((c) => c.witness).join(', ')}: one of them co-signed again meanwhile, so a cosignature here is not newer than the last one kept; nothing was kept.`,
    );
  }
  return { accepted };
}

function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds} s after 1970` : date.toISOString();
}
