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
  let checkoutUrl: string | undefined;
  if (receipt.method === 'card') {
    // Stripe's own idempotency key is per pledge, so a retried request gets the same session.
    const { checkout } = await stripe();
    const session = await checkout.createCheckout({
      fundId: fund.id,
      fundName: fund.name,
      pledgeId: receipt.pledgeId,
      reference: receipt.reference,
      amount: receipt.amount,
      successUrl: `${manageUrl}&paid=1`,
      cancelUrl: manageUrl,
    });
    checkoutUrl = session.url;
  }
  return { fund, receipt, manageUrl, transfer, checkoutUrl };
}
