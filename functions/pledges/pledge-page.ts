import { publicBaseUrl } from '@soquy/http';
import {
  type Actor,
  cancelPledge,
  getFund,
  getPledge,
  LedgerError,
  type PledgePaymentView,
  parseCheckpointText,
  parseNote,
  pledgePath,
  readFundSettings,
  receiptFor,
  toBase64,
} from '@soquy/ledger';
import { qrSvg } from '@soquy/vietqr';
import {
  cancelConfirmation,
  formFields,
  htmlPage,
  type Lang,
  layout,
  type PaymentProof,
  pageLang,
  pathOf,
  pledgeStatus,
  redirect,
} from '@soquy/web';
import { transferDetails } from '../shared/transfer.ts';
import { log, page, runtime } from './runtime.ts';

export const donor = (manageToken: string): Actor => ({ kind: 'donor', manageToken });

/** The pledge page's own address, with the manage token and the page's language. */
export const pledgePageUrl = (pledgeId: string, token: string, lang: Lang, extra = '') =>
  `/p/${pledgeId}?t=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}${extra}`;

/** The manage link is a secret: keep it out of Referer headers and caches. */
const NO_REFERRER = { 'referrer-policy': 'no-referrer' };

/**
 * A pledge that can still be paid by card: a card pledge with nothing paid yet. Once part is
 * paid (by a transfer, say) a card checkout for the pledged amount would overpay; the rest
 * goes by transfer.
 */
export const cardRetryAllowed = (pledge: {
  method: string;
  status: string;
  paid: number;
  outstanding: number;
  amount: number;
}) =>
  pledge.method === 'card' &&
  pledge.status === 'pledged' &&
  pledge.paid === 0 &&
  pledge.outstanding === pledge.amount;

/**
 * GET /p/{pledgeId}?t=TOKEN: the pledger's page (status, how to pay, payments, receipts).
 * GET /p/{pledgeId}/cancel?t=TOKEN: asks whether to cancel; nothing is written.
 * POST /p/{pledgeId}/cancel: cancels what is outstanding only with `confirm=1` (the
 * confirmation page's button); any other post just shows the question.
 */
export const handler = page({ name: 'pledge-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  const { deps } = runtime;
  const query = event.queryStringParameters ?? {};
  const method = event.requestContext.http.method;
  const cancelPath = event.rawPath.endsWith('/cancel');
  if (cancelPath) {
    const fields = method === 'POST' ? formFields(event) : {};
    const token = (method === 'POST' ? fields.t : query.t) ?? '';
    if (method === 'POST' && fields.confirm === '1') {
      await cancelPledge(deps, pledgeId, donor(token));
      return redirect(pledgePageUrl(pledgeId, token, lang));
    }
    const pledge = await getPledge(deps, pledgeId, donor(token));
    const fund = await getFund(deps, pledge.fundId);
    return htmlPage(
      200,
      layout({
        lang,
        title: `${fund.name} · ${pledge.reference}`,
        path: pathOf(event),
        body: cancelConfirmation(lang, fund, pledge, {
          token,
          confirmAction: `/p/${pledgeId}/cancel${lang === 'en' ? '?lang=en' : ''}`,
          backUrl: pledgePageUrl(pledgeId, token, lang),
        }),
      }),
      NO_REFERRER,
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
  const cardRetry = !waitingForCard && open && cardRetryAllowed(pledge);
  // A card donor may always switch to a transfer: the same reference pays the same pledge.
  // Not while a card payment is being confirmed: that would invite paying twice.
  const showTransfer =
    open && !waitingForCard && (pledge.method === 'transfer' || pledge.method === 'card');
  const [transfer, proofs, settings] = await Promise.all([
    showTransfer ? transferDetails(fund, pledge.reference, pledge.outstanding) : undefined,
    paymentProofs(publicBaseUrl(event), pledge.fundId, pledge.payments, lang),
    open && pledge.method === 'cash' ? readFundSettings(deps, fund.id) : undefined,
  ]);
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
        ...(transfer ? { transfer, qrPngUrl: qrPngUrl(pledgeId, token) } : {}),
        proofs,
        cancelAction: `/p/${pledgeId}/cancel?t=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}`,
        ...(cardRetry
          ? {
              cardRetryAction: `/p/${pledgeId}/card${lang === 'en' ? '?lang=en' : ''}`,
              checkoutCancelled: query.checkout === 'cancelled',
            }
          : {}),
        ...(settings?.cashContact ? { cashContact: settings.cashContact } : {}),
      }),
    }),
    NO_REFERRER,
  );
});

/** The VietQR code of what is outstanding, as a PNG download. */
export const qrPngUrl = (pledgeId: string, token: string) =>
  `/p/${pledgeId}/qr.png?t=${encodeURIComponent(token)}`;

const base64url = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Each payment's place in the transparency log: the checkpoint that covers it, its inclusion
 * proof, and a QR code of the verification page with the receipt's seq, hash, size and root.
 * Only for payments the journal still holds as printed: a mismatch already has its warning,
 * and a proof of whatever now sits at that seq would prove nothing about this payment.
 */
async function paymentProofs(
  baseUrl: string,
  fundId: string,
  payments: PledgePaymentView[],
  lang: Lang,
): Promise<Map<number, PaymentProof>> {
  const held = payments.filter((p) => p.receipt === 'matches');
  const proofs = await Promise.all(
    held.map(async (p): Promise<[number, PaymentProof] | undefined> => {
      const receipt = await receiptFor(log, fundId, p.seq).catch((error: unknown) => {
        // The log disagrees with the journal (log_integrity) or lost the entry: no proof to print.
        if (error instanceof LedgerError) return null;
        throw error;
      });
      if (receipt === null || (receipt && receipt.entry.hash !== p.hash)) return undefined;
      const checkpoint = receipt
        ? parseCheckpointText(parseNote(receipt.checkpoint).text)
        : undefined;
      const root = checkpoint ? toBase64(checkpoint.root) : undefined;
      const query = new URLSearchParams({ seq: String(p.seq), hash: p.hash });
      if (checkpoint && root) {
        query.set('size', String(checkpoint.size));
        query.set('root', base64url(root));
      }
      if (lang === 'en') query.set('lang', 'en');
      const verifyUrl = `${baseUrl}/funds/${fundId}/verify?${query}`;
      return [
        p.seq,
        {
          verifyUrl,
          receiptUrl: `/funds/${fundId}/receipts/${p.seq}`,
          qrSvg: await qrSvg(verifyUrl),
          ...(receipt && checkpoint && root
            ? { checkpoint: { size: checkpoint.size, root, proof: receipt.proof } }
            : {}),
        },
      ];
    }),
  );
  return new Map(proofs.filter((p) => p !== undefined));
}
