/**
 * The payload as an SVG QR code (error correction M), for pages and receipts. The encoder is
 * loaded on first use: only pages that draw a QR code pay for it, and not at cold start.
 */
export async function qrSvg(payload: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
