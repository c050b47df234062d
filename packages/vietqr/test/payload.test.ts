import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildVietQrPayload,
  crc16CcittFalse,
  hasValidCrc,
  parseTlv,
  qrSvg,
  toMemo,
  VietQrError,
} from '../src/index.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/vietqr-vectors.json', import.meta.url), 'utf8'),
) as {
  vectors: {
    payload: string;
    bin: string;
    account: string;
    amount: number;
    memo: string;
    billNumber?: string;
    crc: string;
  }[];
  static_example: { payload: string };
};

describe('buildVietQrPayload', () => {
  it('matches the known-good DESIGN.md payload byte for byte', () => {
    const payload = buildVietQrPayload({
      bin: '970436',
      accountNumber: '1234567890',
      amount: 9_500_000,
      memo: 'UNG HO CAMERA AN NINH',
    });
    expect(payload).toBe(
      '00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA5303704540795000005802VN62250821UNG HO CAMERA AN NINH6304252D',
    );
  });

  it.each(fixture.vectors)('rebuilds the checked vector for account $account', (vector) => {
    const payload = buildVietQrPayload({
      bin: vector.bin,
      accountNumber: vector.account,
      amount: vector.amount,
      memo: vector.memo,
      ...(vector.billNumber ? { billNumber: vector.billNumber } : {}),
    });
    expect(payload).toBe(vector.payload);
    expect(payload.slice(-4)).toBe(vector.crc);
  });

  it('makes a static code (point of initiation 11) without amount or memo', () => {
    expect(buildVietQrPayload({ bin: '970416', accountNumber: '257678859' })).toBe(
      fixture.static_example.payload,
    );
  });

  it('puts the amount in tag 54 and the memo in 62/08', () => {
    const fields = parseTlv(
      buildVietQrPayload({
        bin: '970436',
        accountNumber: '1234567890',
        amount: 500_000,
        memo: 'UNG HO PT7K2Q',
      }),
    );
    expect(fields.get('54')).toBe('500000');
    expect(fields.get('53')).toBe('704');
    expect(parseTlv(fields.get('62') as string).get('08')).toBe('UNG HO PT7K2Q');
    expect(parseTlv(fields.get('38') as string).get('00')).toBe('A000000727');
  });

  it('refuses what a bank app would reject', () => {
    expect(() => buildVietQrPayload({ bin: '97043', accountNumber: '1' })).toThrow(VietQrError);
    expect(() => buildVietQrPayload({ bin: '970436', accountNumber: '1', memo: 'ỦNG HỘ' })).toThrow(
      VietQrError,
    );
    expect(() =>
      buildVietQrPayload({ bin: '970436', accountNumber: '1', memo: 'X'.repeat(26) }),
    ).toThrow(VietQrError);
    expect(() => buildVietQrPayload({ bin: '970436', accountNumber: '1', amount: 1.5 })).toThrow(
      VietQrError,
    );
  });
});

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('accepts every checked payload and rejects one with a changed digit', () => {
    for (const { payload } of [...fixture.vectors, fixture.static_example])
      expect(hasValidCrc(payload)).toBe(true);
    const tampered = fixture.vectors[0]!.payload.replace('9500000', '9600000');
    expect(hasValidCrc(tampered)).toBe(false);
  });
});

describe('toMemo and qrSvg', () => {
  it('turns Vietnamese into a bank-safe memo', () => {
    expect(toMemo('Ủng hộ camera an ninh Đức Phổ')).toBe('UNG HO CAMERA AN NINH DUC');
  });

  it('draws an SVG QR code', async () => {
    const svg = await qrSvg('00020101021238540010A000000727');
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(svg).toContain('<path');
  });
});
