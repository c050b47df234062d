import { payToken } from '@soquy/ledger';
import type { Config } from './config.ts';
import { manageLinkKey } from './manage-link-key.ts';

/**
 * The manage-link key, read once, for pay links (needs the `manageLinks` part). Pay tokens are
 * signed with the same key under their own label: they show what is owed and cannot cancel.
 */
export function payKeyOf(config: Config): () => Promise<Uint8Array> {
  let key: Promise<Uint8Array> | undefined;
  return () => {
    key ??= manageLinkKey(config);
    key.catch(() => {
      key = undefined;
    });
    return key;
  };
}

/** The pledge's pay link, `baseUrl` being the public address the page is reached at. */
export const payLinkUrl = async (
  baseUrl: string,
  payKey: () => Promise<Uint8Array>,
  pledgeId: string,
) => `${baseUrl}/p/${pledgeId}/pay?k=${await payToken(payKey, pledgeId)}`;
