import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { InvalidWitnessError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Witness } from '../../ports/transparency-log.ts';
import {
  COSIGNATURE_V1,
  encodeVerifierKey,
  NoteFormatError,
  parseVerifierKey,
} from '../../primitives/signed-note.ts';
import { manageWitnessesAccess } from './access.ts';
import type { WitnessInput } from './input.ts';

/**
 * An administrator registers a witness by its cosignature/v1 key; a witness of the same name
 * is replaced (a new key, a new label). Only registered witnesses' cosignatures are kept.
 */
export async function addWitness(
  deps: Pick<LedgerDeps, 'store' | 'clock'>,
  input: WitnessInput,
  actor: Actor,
): Promise<Witness> {
  assertAllowed(manageWitnessesAccess, actor, {});
  let key: ReturnType<typeof parseVerifierKey>;
  try {
    key = parseVerifierKey(input.vkey);
  } catch (error) {
    if (!(error instanceof NoteFormatError)) throw error;
    throw new InvalidWitnessError(`The witness key is not valid: ${error.message}`, {
      cause: error,
    });
  }
  if (key.type !== COSIGNATURE_V1) {
    throw new InvalidWitnessError(
      'A witness key must be a cosignature/v1 key (type 0x04), not a log key.',
    );
  }
  const witness: Witness = {
    vkey: encodeVerifierKey(key.name, key.type, key.publicKey),
    name: key.name,
    label: input.label,
    addedAt: deps.clock().toISOString(),
    addedBy: actorName(actor),
  };
  await deps.store.log.saveWitness(witness);
  return witness;
}

/** The witnesses whose cosignatures the deployment keeps (public). */
export function listWitnesses(deps: Pick<LedgerDeps, 'store'>): Promise<Witness[]> {
  return deps.store.log.listWitnesses();
}
