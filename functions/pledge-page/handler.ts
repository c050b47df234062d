import { cancelPledge, getFund, getPledge } from '@soquy/ledger';
import {
  formFields,
  htmlPage,
  layout,
  page,
  pageLang,
  pathOf,
  pledgeStatus,
  redirect,
} from '@soquy/web';
import { ledgerDeps } from '../shared/runtime.ts';
import { pledgePath } from '../shared/schemas.ts';
import { transferDetails } from '../shared/transfer.ts';

/**
 * GET /p/{pledgeId}?t=TOKEN: the pledger's page (status, payments, printable receipts).
 * POST /p/{pledgeId}/cancel: cancels what is outstanding, then shows the page again.
 */
export const handler = page({ name: 'pledge-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  const deps = ledgerDeps();
  const query = event.queryStringParameters ?? {};
  if (event.requestContext.http.method === 'POST') {
    const token = formFields(event).t ?? '';
    await getPledge(deps, pledgeId, token);
    await cancelPledge(deps, pledgeId, 'donor');
    return redirect(
      `/p/${pledgeId}?t=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}`,
    );
  }
  const token = query.t ?? '';
  const pledge = await getPledge(deps, pledgeId, token);
  const fund = await getFund(deps, pledge.fundId);
  const waitingForCard = query.paid === '1' && pledge.method === 'card' && pledge.status !== 'paid';
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
