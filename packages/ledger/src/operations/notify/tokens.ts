import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a pledge's unsubscribe link: HMAC-SHA256 of the pledge id with the deployment's
 * manage-link key under another label, so the link stops reminders and opens nothing else (it
 * travels in every reminder; the manage link must not).
 */
export async function unsubscribeToken(
  key: () => Promise<Uint8Array>,
  pledgeId: string,
): Promise<string> {
  return createHmac('sha256', await key())
    .update(`soquy-unsubscribe/1\n${pledgeId}`)
    .digest('base64url');
}

export async function unsubscribeTokenMatches(
  key: () => Promise<Uint8Array>,
  pledgeId: string,
  token: string,
): Promise<boolean> {
  const expected = Buffer.from(await unsubscribeToken(key, pledgeId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
