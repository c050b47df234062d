import QRCode from 'qrcode';

/** The payload as an SVG QR code (error correction M), for pages and receipts. */
export function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
