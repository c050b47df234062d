import { randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/ledger-store.ts';

/** No I, O, 0 or 1: a reference is read off a phone and typed into a banking app. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const opaque = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

export const randomIds: IdSource = {
  pledgeId: () => opaque('pl'),
  reference: () =>
    Array.from(randomBytes(6), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join(
      '',
    ),
  donorId: () => opaque('dn'),
  disbursementId: () => opaque('db'),
  secret: () => randomBytes(32).toString('base64url'),
};
