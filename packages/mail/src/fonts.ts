/**
 * The fonts the PDF receipt is drawn with (DejaVu: Vietnamese letters; Lambda has no system
 * fonts). `file` is the name beside the running bundle, where the CDK stack copies them;
 * `module` where they are in node_modules. Kept apart from the PDF code so the stack can read
 * the list without loading pdfkit.
 */
export const RECEIPT_FONTS = [
  { file: 'DejaVuSans.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf' },
  { file: 'DejaVuSans-Bold.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' },
] as const;
