import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A link's token: HMAC-SHA256 of the pledge id with the deployment's manage-link key under a
 * label of its own (`soquy-pay-link/1`, `soquy-unsubscribe/1`). A token made under one label
 * never matches another, so a link that only shows or only unsubscribes can travel where the
 * manage link must not.
 */
export async function linkToken(
  key: () => Promise<Uint8Array>,
  label: string,
  pledgeId: string,
): Promise<string> {
  return createHmac('sha256', await key())
    .update(`${label}\n${pledgeId}`)
    .digest('base64url');
}

/** Compares in constant time; a token of another length is simply wrong. */
export async function linkTokenMatches(
  key: () => Promise<Uint8Array>,
  label: string,
  pledgeId: string,
  token: string,
): Promise<boolean> {
  const expected = Buffer.from(await linkToken(key, label, pledgeId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
