/** Input a VietQR payload cannot carry (too long, not ASCII, wrong BIN). */
export class VietQrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VietQrError';
  }
}
