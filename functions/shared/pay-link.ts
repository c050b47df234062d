import { payToken } from '@soquy/ledger';

/**
 * The pledge's pay link at `baseUrl`, signed with the manage-link key (`manageLinkKeyOnce`)
 * under its own label: it shows what is owed and cannot cancel.
 */
export const payLinkUrl = async (
  baseUrl: string,
  payKey: () => Promise<Uint8Array>,
  pledgeId: string,
) => `${baseUrl}/p/${pledgeId}/pay?k=${await payToken(payKey, pledgeId)}`;
