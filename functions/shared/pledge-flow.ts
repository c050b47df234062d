import {
  type Actor,
  createPledge,
  type FundView,
  type LedgerDeps,
  type PledgeInput,
} from '@soquy/ledger';
import type { StripeRuntime } from './stripe-runtime.ts';
import { transferDetails } from './transfer.ts';

/**
 * A pledge from the API or the pledge page: the journal entry, then what the donor needs to
 * pay (transfer details with a VietQR code, or a Stripe Checkout link).
 */
export async function submitPledge(
  deps: LedgerDeps,
  stripe: () => Promise<StripeRuntime>,
  pledge: { fund: FundView; input: PledgeInput; actor: Actor; idempotencyKey: string },
  baseUrl: string,
) {
  const { fund } = pledge;
  const receipt = await createPledge(
    deps,
    fund.id,
    pledge.input,
    pledge.actor,
    pledge.idempotencyKey,
  );
  const manageUrl = `${baseUrl}/p/${receipt.pledgeId}?t=${receipt.manageToken}`;
  const transfer =
    receipt.method === 'transfer'
      ? await transferDetails(fund, receipt.reference, receipt.amount)
      : undefined;
  const checkoutUrl =
    receipt.method === 'card' ? await cardCheckoutUrl(stripe, fund, receipt, manageUrl) : undefined;
  return { fund, receipt, manageUrl, transfer, checkoutUrl };
}

/**
 * The pledge's Stripe Checkout page. Stripe's idempotency key is per pledge and the request is
 * the same each time, so a retried request, and a donor's "try the card again" after backing
 * out, get the one same open session: a pledge can never have two sessions to pay twice.
 * Backing out (cancel_url) lands on the pledge page with the card retry and the transfer QR.
 */
export async function cardCheckoutUrl(
  stripe: () => Promise<StripeRuntime>,
  fund: Pick<FundView, 'id' | 'name'>,
  pledge: { pledgeId: string; reference: string; amount: number },
  manageUrl: string,
): Promise<string> {
  const { checkout } = await stripe();
  const session = await checkout.createCheckout({
    fundId: fund.id,
    fundName: fund.name,
    pledgeId: pledge.pledgeId,
    reference: pledge.reference,
    amount: pledge.amount,
    successUrl: `${manageUrl}&paid=1`,
    cancelUrl: `${manageUrl}&checkout=cancelled`,
  });
  return session.url;
}
