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
  receiptFor,
  toBase64,
} from '@soquy/ledger';
import { qrSvg } from '@soquy/vietqr';
import {
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
  const [transfer, proofs] = await Promise.all([
    open && pledge.method === 'transfer'
      ? transferDetails(fund, pledge.reference, pledge.outstanding)
      : undefined,
    paymentProofs(publicBaseUrl(event), pledge.fundId, pledge.payments, lang),
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
        ...(transfer ? { transfer } : {}),
        proofs,
        cancelAction: `/p/${pledgeId}/cancel${lang === 'en' ? '?lang=en' : ''}`,
      }),
    }),
    // The manage link is a secret: keep it out of Referer headers and caches.
    { 'referrer-policy': 'no-referrer' },
  );
});

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
