import { describe, expect, it } from 'vitest';
import { checkCassoSignature, parseCassoNotification } from './casso.ts';
import {
  bankMemo,
  cassoNotificationFor,
  freshBankReference,
  parseDongAmount,
  sepayNotificationFor,
} from './samples.ts';
import { parseSepayNotification, sepayAuthorized } from './sepay.ts';

const at = new Date('2026-01-17T02:03:04.000Z'); // 09:03:04 on 17 January in Vietnam
const transfer = { reference: 'PT7K2Q', amount: 500_000, accountNumber: '1234567890', at };

describe('sepayNotificationFor', () => {
  it('builds a notification the parser accepts, authorized by the key', () => {
    const delivery = sepayNotificationFor({ ...transfer, id: 92704 }, 'local-key');
    expect(delivery.path).toBe('/webhooks/sepay');
    expect(sepayAuthorized(delivery.headers.Authorization, 'local-key')).toBe(true);
    expect(delivery.body.transactionDate).toBe('2026-01-17 09:03:04');
    const { line, deliveryId } = parseSepayNotification(JSON.parse(delivery.rawBody));
    expect(deliveryId).toBe('sepay:92704');
    expect(delivery.deliveryId).toBe(deliveryId);
    expect(line).toMatchObject({
      channel: 'sepay',
      accountNumber: '1234567890',
      direction: 'in',
      amount: 500_000,
      bookedAt: '2026-01-17T02:03:04.000Z',
    });
    expect(line.memo).toMatch(/^MBVCB\.\d{10}\.UNG HO PT7K2Q\.CT tu \d{10} [A-Z ]+ toi 1234567890/);
    expect(line.refs).toEqual([expect.stringMatching(/^FT26017\d{8}$/), 'sepay:92704']);
  });

  it('builds a debit for --out', () => {
    const delivery = sepayNotificationFor({ ...transfer, direction: 'out' }, 'k');
    const { line } = parseSepayNotification(delivery.body);
    expect(line.direction).toBe('out');
    expect(line.amount).toBe(500_000);
  });

  it('gives every delivery a fresh id and bank reference', () => {
    const a = sepayNotificationFor(transfer, 'k');
    const b = sepayNotificationFor(transfer, 'k');
    expect(a.deliveryId).not.toBe(b.deliveryId);
    expect(a.body.referenceCode).not.toBe(b.body.referenceCode);
  });
});

describe('cassoNotificationFor', () => {
  it('builds a notification whose signature verifies and the parser accepts', () => {
    const signedAt = new Date(at.getTime() + 60_000);
    const delivery = cassoNotificationFor({ ...transfer, id: 77 }, 'checksum', signedAt);
    expect(delivery.path).toBe('/webhooks/casso');
    expect(delivery.headers['X-Casso-Signature']).toMatch(/^t=\d+,v1=[0-9a-f]{128}$/);
    expect(
      checkCassoSignature(
        delivery.rawBody,
        delivery.headers['X-Casso-Signature'],
        'checksum',
        signedAt,
      ),
    ).toEqual({ ok: true });
    expect(
      checkCassoSignature(
        delivery.rawBody,
        delivery.headers['X-Casso-Signature'],
        'other',
        signedAt,
      ),
    ).toEqual({ ok: false, reason: 'mismatch' });
    const { line, deliveryId } = parseCassoNotification(JSON.parse(delivery.rawBody));
    expect(deliveryId).toBe('casso:77');
    expect(line).toMatchObject({
      channel: 'casso',
      accountNumber: '1234567890',
      direction: 'in',
      amount: 500_000,
      bookedAt: '2026-01-17T02:03:04.000Z',
      counterpart: { name: 'NGUYEN VAN A', account: '0123456789', bank: 'Vietcombank' },
    });
    expect(line.memo).toContain('UNG HO PT7K2Q');
    expect(line).not.toHaveProperty('balanceAfter');
  });

  it('signs now by default and writes a debit as a negative amount', () => {
    const delivery = cassoNotificationFor({ ...transfer, direction: 'out' }, 'checksum');
    expect(
      checkCassoSignature(
        delivery.rawBody,
        delivery.headers['X-Casso-Signature'],
        'checksum',
        new Date(),
      ),
    ).toEqual({ ok: true });
    expect((delivery.body.data as { amount: number }).amount).toBe(-500_000);
    expect(parseCassoNotification(delivery.body).line.direction).toBe('out');
  });
});

describe('the demo pieces', () => {
  it('writes references FT + yy + day of the year (Vietnam) + 8 digits', () => {
    // 31 December 20:00 UTC is already 1 January in Vietnam.
    expect(freshBankReference(new Date('2025-12-31T20:00:00Z'))).toMatch(/^FT26001\d{8}$/);
    expect(freshBankReference(new Date('2024-12-31T10:00:00Z'))).toMatch(/^FT24366\d{8}$/);
  });

  it('wraps the memo the way a Vietcombank transfer arrives', () => {
    expect(bankMemo({ ...transfer, reference: 'pt7k2q', wrapperNumber: '3278614421' })).toBe(
      'MBVCB.3278614421.UNG HO PT7K2Q.CT tu 0123456789 NGUYEN VAN A toi 1234567890 QUY SO QUY',
    );
  });

  it.each([
    ['500000', 500000],
    ['500.000', 500000],
    ['500,000', 500000],
    ['1.500.000', 1500000],
    [' 2000 ', 2000],
  ])('reads the amount %j', (text, amount) => {
    expect(parseDongAmount(text)).toBe(amount);
  });

  it.each([
    '0',
    '-5',
    '1.5',
    '500.00',
    '5e5',
    '500.000,000',
    '1,5',
    'abc',
    '',
    '99999999999999999',
  ])('refuses the amount %j', (text) => {
    expect(parseDongAmount(text)).toBeUndefined();
  });

  it('refuses to build a transfer of a bad amount', () => {
    expect(() => sepayNotificationFor({ ...transfer, amount: 0 }, 'k')).toThrow(RangeError);
    expect(() => cassoNotificationFor({ ...transfer, amount: 1.5 }, 'k')).toThrow(RangeError);
  });
});
