import { type Actor, cancelPledge, getFund, getPledge, pledgePath } from '@soquy/ledger';
import { formFields, htmlPage, layout, pageLang, pathOf, pledgeStatus, redirect } from '@soquy/web';
import { transferDetails } from '../shared/transfer.ts';
import { page, runtime } from './runtime.ts';

const donor = (manageToken: string): Actor => ({ kind: 'donor', manageToken });

/**
 * GET /p/{pledgeId}?t=TOKEN: the pledger's page (status, payments, printable receipts).
 * POST /p/{pledgeId}/cancel: cancels what is outstanding, then shows the page again.
 */
export const handler = page({ name: 'pledge-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  const { deps } = runtime;
  const query = event.queryStringParameters ?? {};
  if (event.requestContext.http.method === 'POST') {
    const token = formFields(event).t ?? '';
    await cancelPledge(deps, pledgeId, donor(token));
    return redirect(
      `/p/${pledgeId}?t=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}`,
    );
  }
  const token = query.t ?? '';
  const pledge = await getPledge(deps, pledgeId, donor(token));
  const fund = await getFund(deps, pledge.fundId);
  // Back from Checkout (?paid=1) before Stripe's webhook arrived. Once a card payment is
  // recorded there is nothing to wait for, even if it was refunded since (the link is kept).
  const waitingForCard =
    query.paid === '1' &&
    pledge.method === 'card' &&
    pledge.status !== 'paid' &&
    !pledge.payments.some((p) => p.method === 'card');
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  const transfer =
    open && pledge.method === 'transfer'
      ? await transferDetails(fund, pledge.reference, pledge.outstanding)
      : undefined;
  return htmlPage(
    200,
    layout({
      lang,
      title: `${fund.name} · ${pledge.reference}`,
      path: pathOf(event),
      ...(waitingForCard ? { refresh: 3 } : {}),
      body: pledgeStatus(lang, fund, pledge, {
        token,
        waitingForCard,
        ...(transfer ? { transfer } : {}),
        cancelAction: `/p/${pledgeId}/cancel${lang === 'en' ? '?lang=en' : ''}`,
      }),
    }),
    // The manage link is a secret: keep it out of Referer headers and caches.
    { 'referrer-policy': 'no-referrer' },
  );
});
