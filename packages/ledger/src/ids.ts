import { randomBytes, randomUUID } from 'node:crypto';

/** Where new ids and secrets come from; tests may pass their own. */
export interface IdSource {
  pledgeId(): string;
  /** Short, unique in a fund, easy to type into a bank transfer memo. */
  reference(): string;
  donorId(): string;
  /** A capability secret (the pledge's manage link). */
  secret(): string;
}

/** No I, O, 0 or 1: a reference is read off a phone and typed into a banking app. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const randomIds: IdSource = {
  pledgeId: () => `pl_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
  reference: () =>
    Array.from(randomBytes(6), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join(
      '',
    ),
  donorId: () => `dn_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
  secret: () => randomBytes(32).toString('base64url'),
};
