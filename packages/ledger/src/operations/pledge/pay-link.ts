import { PledgeNotFoundError } from '../../errors.ts';
import type { LedgerStore } from '../../ports/ledger-store.ts';
import { linkToken, linkTokenMatches } from '../../primitives/link-token.ts';
import { outstandingOf, publicDonorOf } from '../../primitives/pledges.ts';
import type { PledgeMethod, PledgeStatus } from '../../primitives/records.ts';
import { requirePledge } from '../common/read.ts';

/**
 * The token of a pledge's pay link: HMAC-SHA256 of the pledge id with the deployment's
 * manage-link key under a label of its own. It shows what is owed and how to transfer it, and
 * opens nothing else: the manage link is checked against the hash of `soquy-manage-link/1…`,
 * so a pay token never matches it (it cannot cancel, retry a card or show contact data).
 * Treasurers send it by Zalo/SMS; the manage link stays with the donor.
 */
const PAY_LINK = 'soquy-pay-link/1';

export const payToken = (key: () => Promise<Uint8Array>, pledgeId: string) =>
  linkToken(key, PAY_LINK, pledgeId);

export const payTokenMatches = (key: () => Promise<Uint8Array>, pledgeId: string, token: string) =>
  linkTokenMatches(key, PAY_LINK, pledgeId, token);

/** What the pay link shows: the amounts and the public name, never the donor's contact data. */
export interface PledgeToPay {
  pledgeId: string;
  fundId: string;
  reference: string;
  /** The name the public journal shows ("Ẩn danh" when the donor asked not to be named). */
  displayName: string;
  amount: number;
  paid: number;
  cancelled: number;
  outstanding: number;
  method: PledgeMethod;
  status: PledgeStatus;
}

/**
 * The pledge a pay link names, if its token is right. A wrong token learns nothing: to its
 * holder the pledge does not exist (the token is checked before the pledge is read).
 */
export async function pledgeToPay(
  deps: { store: LedgerStore; payKey: () => Promise<Uint8Array> },
  pledgeId: string,
  token: string,
): Promise<PledgeToPay> {
  if (!(await payTokenMatches(deps.payKey, pledgeId, token))) {
    throw new PledgeNotFoundError(pledgeId);
  }
  const { value: p } = await requirePledge(deps, pledgeId);
  return {
    pledgeId: p.pledgeId,
    fundId: p.fundId,
    reference: p.reference,
    displayName: publicDonorOf(p).displayName,
    amount: p.amount,
    paid: p.paid,
    cancelled: p.cancelled,
    outstanding: outstandingOf(p),
    method: p.method,
    status: p.status,
  };
}
