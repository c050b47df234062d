import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiptNotice } from '@soquy/ledger';
import { formatVietnamTime, formatVnd } from '@soquy/web';
import PDFDocument from 'pdfkit';
import { RECEIPT_FONTS } from './fonts.ts';
import { type Lang, METHOD, type WordKey, w } from './words.ts';

/**
 * pdfkit's own Helvetica has no Vietnamese letters and is read from .afm files beside pdfkit's
 * source, which a Lambda bundle does not carry: so the document starts with DejaVu (passed as
 * `font`, so pdfkit never loads Helvetica). The .ttf files are found beside the running module
 * first (the CDK stack copies them next to the bundle), then in node_modules (tsx, vitest).
 *
 * A font file could not be found, or the PDF could not be drawn:
 */
export class ReceiptPdfError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReceiptPdfError';
  }
}

function fontPath(font: { file: string; module: string }): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, font.file);
  if (existsSync(beside)) return beside;
  try {
    return createRequire(import.meta.url).resolve(font.module);
  } catch (cause) {
    throw new ReceiptPdfError(
      `${font.file} is neither beside ${here} nor in node_modules (${font.module})`,
      { cause },
    );
  }
}

const label = (key: WordKey) => `${w('vi', key)} / ${w('en', key)}`;
const date = (instant: string, lang: Lang) => formatVietnamTime(instant, lang);

/** The printable receipt of one payment: A5, Vietnamese with English labels. */
export async function receiptPdf(n: ReceiptNotice): Promise<Buffer> {
  const [regular, bold] = RECEIPT_FONTS.map(fontPath) as [string, string];
  const doc = new PDFDocument({
    size: 'A5',
    margin: 36,
    font: regular,
    info: { Title: `${w('vi', 'receiptTitle')} ${n.reference} #${n.seq}`, Author: n.fundName },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('bold', bold);
  doc.font('bold').fontSize(16).text(w('vi', 'receiptTitle').toUpperCase(), { align: 'center' });
  doc.font(regular).fontSize(10).text(w('en', 'receiptTitle'), { align: 'center' });
  doc.moveDown(0.5).fontSize(12).font('bold').text(n.fundName, { align: 'center' });
  doc.moveDown();
  const rows: [WordKey, string][] = [
    ['donor', n.donorName],
    ['reference', n.reference],
    ['amount', formatVnd(n.amount)],
    ['method', `${METHOD[n.method].vi} / ${METHOD[n.method].en}`],
    ['receivedAt', `${date(n.receivedAt, 'vi')} (UTC+7)`],
    ['pledged', formatVnd(n.pledgeAmount)],
    ['paid', formatVnd(n.paid)],
    ['outstanding', formatVnd(n.outstanding)],
    ['seq', String(n.seq)],
    ['hash', n.hash],
  ];
  for (const [key, value] of rows) {
    doc.font(regular).fontSize(8).fillColor('#555555').text(label(key));
    doc.font('bold').fontSize(11).fillColor('#000000').text(value).moveDown(0.4);
  }
  doc.moveDown(0.5).font(regular).fontSize(8).fillColor('#555555').text(label('verify'));
  doc.fillColor('#000000').fontSize(8).text(n.verifyUrl, { link: n.verifyUrl });
  doc.end();
  try {
    return await done;
  } catch (cause) {
    throw new ReceiptPdfError('The receipt PDF could not be drawn', { cause });
  }
}
