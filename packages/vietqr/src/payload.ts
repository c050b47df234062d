import { VietQrError } from './errors.ts';

/**
 * VietQR (NAPAS 247) payloads in the EMVCo merchant-presented format: TLV fields
 * (2-digit id, 2-digit length, value), tag 38 for the NAPAS account block, CRC-16/CCITT-FALSE
 * over everything up to and including "6304".
 */
export const NAPAS_GUID = 'A000000727';
export const TRANSFER_TO_ACCOUNT = 'QRIBFTTA';
export const VND_NUMERIC = '704';
/** EMVCo gives the purpose of transaction (62/08) at most 25 characters. */
export const MAX_MEMO_LENGTH = 25;

export interface VietQrInput {
  /** 6-digit NAPAS bank BIN, e.g. 970436 (Vietcombank). */
  bin: string;
  accountNumber: string;
  /** Whole đồng; leave out for a static code the payer fills in. */
  amount?: number;
  /** The transfer memo (62/08): ASCII, at most 25 characters. */
  memo?: string;
  /** Bill number (62/01). */
  billNumber?: string;
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new VietQrError(`Field ${id} is longer than 99 characters.`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function buildVietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bin)) throw new VietQrError('The bank BIN must be 6 digits.');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) {
    throw new VietQrError('The account number must be 1 to 19 letters or digits.');
  }
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0)) {
    throw new VietQrError('The amount must be a positive whole number of đồng.');
  }
  if (input.amount !== undefined && String(input.amount).length > 13) {
    throw new VietQrError('The amount has more than 13 digits.');
  }
  if (
    input.memo !== undefined &&
    (!PRINTABLE_ASCII.test(input.memo) || input.memo.length > MAX_MEMO_LENGTH)
  ) {
    throw new VietQrError(
      `The memo must be printable ASCII of at most ${MAX_MEMO_LENGTH} characters.`,
    );
  }
  const account = tlv('00', input.bin) + tlv('01', input.accountNumber);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', account) + tlv('02', TRANSFER_TO_ACCOUNT);
  const additional =
    (input.billNumber ? tlv('01', input.billNumber) : '') +
    (input.memo ? tlv('08', input.memo) : '');
  const body =
    tlv('00', '01') +
    tlv('01', input.amount === undefined ? '11' : '12') +
    tlv('38', merchant) +
    tlv('53', VND_NUMERIC) +
    (input.amount === undefined ? '' : tlv('54', String(input.amount))) +
    tlv('58', 'VN') +
    (additional ? tlv('62', additional) : '') +
    '6304';
  return body + crc16CcittFalse(body);
}

/** Splits a TLV string into its fields (one level). */
export function parseTlv(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const length = Number(text.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length) || i + 4 + length > text.length) {
      throw new VietQrError(`Malformed TLV at position ${i}.`);
    }
    fields.set(id, text.slice(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return fields;
}

/** True when the payload's tag 63 is the CRC of everything before its value. */
export function hasValidCrc(payload: string): boolean {
  const at = payload.lastIndexOf('6304');
  return (
    at === payload.length - 8 && crc16CcittFalse(payload.slice(0, at + 4)) === payload.slice(at + 4)
  );
}

/** Vietnamese text as a bank memo: no diacritics, đ → d, uppercase ASCII, single spaces. */
export function toMemo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase()
    .slice(0, MAX_MEMO_LENGTH);
}
