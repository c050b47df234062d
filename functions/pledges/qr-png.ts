import type { ApiResult } from '@soquy/http';
import { getFund, getPledge, pledgePath } from '@soquy/ledger';
import { svgToPng } from '@soquy/web';
import { transferDetails } from '../shared/transfer.ts';
import { donor } from './pledge-page.ts';
import { page, runtime } from './runtime.ts';

/** Wide enough for a bank app to read the code from a saved photo, small enough to send. */
const QR_PNG_WIDTH = 600;

/**
 * GET /p/{pledgeId}/qr.png?t=TOKEN: the VietQR code of what is still owed, as a PNG a donor
 * saves and opens in the banking app of the very phone they read it on ("Scan → choose image").
 */
export const handler = page({ name: 'pledge-qr-png' }).handler(
  async (event): Promise<ApiResult> => {
    const path = pledgePath.safeParse(event.pathParameters ?? {});
    const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
    const pledge = await getPledge(
      runtime.deps,
      pledgeId,
      donor(event.queryStringParameters?.t ?? ''),
    );
    const fund = await getFund(runtime.deps, pledge.fundId);
    const open = pledge.status !== 'cancelled' && pledge.outstanding > 0;
    if (!open || pledge.method === 'cash') {
      return {
        statusCode: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: 'Nothing left to transfer on this pledge. / Không còn khoản nào cần chuyển khoản.',
      };
    }
    const transfer = await transferDetails(fund, pledge.reference, pledge.outstanding);
    // qrcode draws the white background and the quiet zone scanners need into the SVG itself.
    const png = await svgToPng(transfer.qrSvg, { width: QR_PNG_WIDTH });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'image/png',
        'content-disposition': `attachment; filename="vietqr-${pledge.reference}.png"`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
      body: Buffer.from(png).toString('base64'),
      isBase64Encoded: true,
    };
  },
);
