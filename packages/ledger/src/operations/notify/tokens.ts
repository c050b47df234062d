import { linkToken, linkTokenMatches } from '../../primitives/link-token.ts';

/**
 * The token of a pledge's unsubscribe link, under its own label: the link stops reminders and
 * opens nothing else (it travels in every reminder; the manage link must not).
 */
const UNSUBSCRIBE = 'soquy-unsubscribe/1';

export const unsubscribeToken = (key: () => Promise<Uint8Array>, pledgeId: string) =>
  linkToken(key, UNSUBSCRIBE, pledgeId);

export const unsubscribeTokenMatches = (
  key: () => Promise<Uint8Array>,
  pledgeId: string,
  token: string,
) => linkTokenMatches(key, UNSUBSCRIBE, pledgeId, token);
