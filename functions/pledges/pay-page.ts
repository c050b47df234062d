import { getFund, pledgePath, pledgeToPay, readFundSettings } from '@soquy/ledger';
import { htmlPage, layout, pageLang, pathOf, payLinkPage, payLinkTitle } from '@soquy/web';
import { manageLinkKeyOnce } from '../shared/manage-link-key.ts';
import { transferDetails } from '../shared/transfer.ts';
import { page, runtime } from './runtime.ts';

const payKey = manageLinkKeyOnce(runtime.config);

/**
 * GET /p/{pledgeId}/pay?k=TOKEN: the pay link a treasurer sends by Zalo/SMS. It shows what is
 * outstanding, the VietQR code and the transfer details, and changes nothing; its token is not
 * a manage token, so it opens neither the pledge page nor its cancel form. A wrong token: 404.
 */
export const handler = page({ name: 'pledge-pay-link' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  const token = event.queryStringParameters?.k ?? '';
  const pledge = await pledgeToPay({ ...runtime.deps, payKey }, pledgeId, token);
  const fund = await getFund(runtime.deps, pledge.fundId);
  const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
  // Any open pledge can be paid by transfer: the memo's reference pays this pledge.
  const [transfer, settings] = await Promise.all([
    open ? transferDetails(fund, pledge.reference, pledge.outstanding) : undefined,
    open && pledge.method === 'cash' ? readFundSettings(runtime.deps, fund.id) : undefined,
  ]);
  return htmlPage(
    200,
    layout({
      lang,
      title: `${payLinkTitle(lang)} · ${pledge.reference}`,
      path: pathOf(event),
      body: payLinkPage(lang, fund, pledge, {
        ...(transfer ? { transfer } : {}),
        ...(settings?.cashContact ? { cashContact: settings.cashContact } : {}),
      }),
    }),
    // The link is a secret of its own: keep it out of Referer headers.
    { 'referrer-policy': 'no-referrer' },
  );
});
