import { publicBaseUrl } from '@soquy/http';
import { getFund, getPledge, pledgePath } from '@soquy/ledger';
import { formFields, pageLang, redirect } from '@soquy/web';
import { cardCheckoutUrl } from '../shared/pledge-flow.ts';
import { cardRetryAllowed, donor, pledgePageUrl } from './pledge-page.ts';
import { page, runtime, stripe } from './runtime.ts';

/**
 * POST /p/{pledgeId}/card (form field `t`, the manage token): "try the card again" after
 * backing out of Stripe Checkout. Leads to the pledge's one checkout session; a pledge that is
 * no longer payable by card goes back to its page, which says why.
 */
export const handler = page({ name: 'pledge-card-retry' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  // The page's form sends the token as a field; an API client may put it in the query.
  const token = formFields(event).t ?? event.queryStringParameters?.t ?? '';
  const pledge = await getPledge(runtime.deps, pledgeId, donor(token));
  if (!cardRetryAllowed(pledge)) return redirect(pledgePageUrl(pledgeId, token, lang));
  const fund = await getFund(runtime.deps, pledge.fundId);
  // The same manage link the pledge was made with, so Stripe sees the very same request.
  const manageUrl = `${publicBaseUrl(event)}/p/${pledgeId}?t=${token}`;
  return redirect(await cardCheckoutUrl(stripe, fund, pledge, manageUrl));
});
