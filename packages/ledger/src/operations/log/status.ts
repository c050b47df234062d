import type { Cosignature, LogDeps, SignedCheckpoint } from '../../ports/transparency-log.ts';
import { encodeVerifierKey, NOTE_ED25519, type NoteSigner } from '../../primitives/signed-note.ts';
import { requireFund } from '../common/read.ts';

export interface LogStatus {
  /** The log's note verifier key. */
  logKey: string;
  /** The latest signed checkpoint; absent while the fund's journal is empty. */
  checkpoint?: SignedCheckpoint;
  /** The latest cosignature of each witness. */
  cosignatures: Cosignature[];
}

/** The vkey of the log's key (`<name>+<key id>+<base64(0x01 ‖ key)>`), as published. */
export async function logVerifierKey(signer: NoteSigner): Promise<string> {
  return encodeVerifierKey(signer.name, NOTE_ED25519, await signer.publicKey());
}

/** What a fund page shows of its log: the key, the latest checkpoint, who co-signed what. */
export async function logStatus(deps: LogDeps, fundId: string): Promise<LogStatus> {
  const [, logKey, checkpoint, cosignatures] = await Promise.all([
    requireFund(deps, fundId),
    logVerifierKey(deps.signer),
    deps.store.log.latestCheckpoint(fundId),
    deps.store.log.listCosignatures(fundId),
  ]);
  return { logKey, ...(checkpoint ? { checkpoint } : {}), cosignatures };
}
