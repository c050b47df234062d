import { describe, expect, it } from 'vitest';
import { InvalidNotificationError } from './common.ts';
import { parseSepayNotification, sepayAuthorized, sepayRoutingAccounts } from './sepay.ts';
import { gatewayFixture } from './test-fixtures.ts';

describe('parseSepayNotification', () => {
  it("reads SePay's documented sample into a bank line", () => {
    const { line, deliveryId } = parseSepayNotification(gatewayFixture('sepay-documented.json'));
    expect(deliveryId).toBe('sepay:92704');
    expect(line).toEqual({
      channel: 'sepay',
      accountNumber: '0123499999',
      direction: 'in',
      amount: 2277000,
      // 14:02:37 in Vietnam (UTC+7) is 07:02:37 UTC.
      bookedAt: '2023-03-25T07:02:37.000Z',
      memo: 'chuyen tien mua iphone',
      refs: ['MBVCB.3278907687', 'sepay:92704'],
      balanceAfter: 19077000,
    });
  });

  it('reads a debit, keeps the bank account, and ignores fields SePay adds later', () => {
    const body = gatewayFixture('sepay-debit-subaccount.json');
    const { line, deliveryId } = parseSepayNotification(body);
    expect(deliveryId).toBe('sepay:1830455');
    expect(line.direction).toBe('out');
    expect(line.amount).toBe(15000000);
    expect(line.accountNumber).toBe('080123456789');
    expect(line.bookedAt).toBe('2024-09-10T16:55:31.000Z');
    expect(line.refs).toEqual(['FT24254123456789', 'sepay:1830455']);
    // accumulated 0 is SePay's "no balance from the bank", not a balance of 0.
    expect(line).not.toHaveProperty('balanceAfter');
    expect(line).not.toHaveProperty('counterpart');
    expect(sepayRoutingAccounts(body)).toEqual(['080123456789', 'VQRQAFRBD3142']);
  });

  it('routes by the bank account alone when there is no sub-account', () => {
    expect(sepayRoutingAccounts(gatewayFixture('sepay-documented.json'))).toEqual(['0123499999']);
    expect(sepayRoutingAccounts('not an object')).toEqual([]);
  });

  it('leaves the bank reference out when SePay gives none', () => {
    const body = { ...gatewayFixture('sepay-documented.json'), referenceCode: null };
    expect(parseSepayNotification(body).line.refs).toEqual(['sepay:92704']);
  });

  it.each([0, -5, 1.5, '100000', '1.5', null, Number.MAX_SAFE_INTEGER + 1])(
    'refuses transferAmount %s',
    (transferAmount) => {
      const body = { ...gatewayFixture('sepay-documented.json'), transferAmount };
      let thrown: unknown;
      try {
        parseSepayNotification(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidNotificationError);
      const error = thrown as InvalidNotificationError;
      expect(error.code).toBe('invalid_notification');
      expect(error.details).toEqual([
        expect.objectContaining({ field: 'transferAmount', message: expect.any(String) }),
      ]);
      expect(error.cause).toBeDefined();
    },
  );

  it.each([
    ['transferType', 'both'],
    ['transactionDate', '25/03/2023 14:02:37'],
    ['transactionDate', '2023-02-30 14:02:37'],
    ['id', '92704'],
    ['accountNumber', ' - '],
    ['content', 42],
  ])('refuses %s = %j', (field, value) => {
    const body = { ...gatewayFixture('sepay-documented.json'), [field]: value };
    expect(() => parseSepayNotification(body)).toThrow(InvalidNotificationError);
  });

  it('refuses a body that is not an object', () => {
    expect(() => parseSepayNotification(null)).toThrow(InvalidNotificationError);
    expect(() => parseSepayNotification([1, 2])).toThrow(InvalidNotificationError);
  });
});

describe('sepayAuthorized', () => {
  const key = 'sk_live_9f8e7d6c5b4a';

  it('accepts the right key, the scheme in any case', () => {
    expect(sepayAuthorized(`Apikey ${key}`, key)).toBe(true);
    expect(sepayAuthorized(`APIKEY ${key}`, key)).toBe(true);
    expect(sepayAuthorized(`apikey  ${key} `, key)).toBe(true);
  });

  it('refuses a wrong key, a missing header, another scheme, a key of another length', () => {
    expect(sepayAuthorized('Apikey sk_live_9f8e7d6c5b4b', key)).toBe(false);
    expect(sepayAuthorized(undefined, key)).toBe(false);
    expect(sepayAuthorized('', key)).toBe(false);
    expect(sepayAuthorized(`Bearer ${key}`, key)).toBe(false);
    expect(sepayAuthorized(key, key)).toBe(false);
    expect(sepayAuthorized(`Apikey ${key}0`, key)).toBe(false);
    expect(sepayAuthorized(`Apikey ${key.slice(0, -1)}`, key)).toBe(false);
    expect(sepayAuthorized(`Apikey ${key} extra`, key)).toBe(false);
  });

  it('authorizes nothing when no key is configured', () => {
    expect(sepayAuthorized('Apikey ', '')).toBe(false);
    expect(sepayAuthorized('Apikey x', '')).toBe(false);
  });
});
