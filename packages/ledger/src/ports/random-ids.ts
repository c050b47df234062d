import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/ledger-store.ts';
import { newReference, REFERENCE_BODY_LENGTH } from '../primitives/reference-code.ts';

const opaque = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

/**
 * Random ids, and manage-link tokens as HMAC-SHA256(key, pledge id): the key is the
 * deployment's (Secrets Manager in AWS, `.data/` locally), loaded once on first use.
 */
export function idsWithManageKey(loadKey: () => Promise<Uint8Array>): IdSource {
  let key: Promise<Uint8Array> | undefined;
  return {
    pledgeId: () => opaque('pl'),
    /** 6 random characters and a check character (primitives/reference-code.ts). */
    reference: () => newReference(randomBytes(REFERENCE_BODY_LENGTH)),
    donorId: () => opaque('dn'),
    disbursementId: () => opaque('db'),
    manageToken: async (pledgeId) => {
      key ??= loadKey();
      key.catch(() => {
        key = undefined;
      });
      return createHmac('sha256', await key)
        .update(`soquy-manage-link/1\n${pledgeId}`)
        .digest('base64url');
    },
  };
}

/** Ids with a manage-link key made for this process only (tests, tools). */
export const randomIds: IdSource = idsWithManageKey(async () => PROCESS_KEY);
const PROCESS_KEY = randomBytes(32);
