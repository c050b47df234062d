import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CASSO_TIMESTAMP_TOLERANCE_MS,
  cassoRoutingAccounts,
  cassoSignature,
  checkCassoSignature,
  parseCassoNotification,
} from './casso.ts';
import { InvalidNotificationError } from './common.ts';
import { gatewayFixture } from './test-fixtures.ts';

/**
 * Casso's published sample (developer.casso.vn, webhook v2 "Xử lý sự kiện Webhook"; the same
 * body, key and header appear in its sample code for every language): the body is
 * test/fixtures/gateways/casso-documented.json.
 */
const SAMPLE_KEY = 'mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs';
const SAMPLE_T = 1727948258788;
const SAMPLE_HEADER =
  't=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3';
const atSample = new Date(SAMPLE_T);

/** The same object with every key order reversed, recursively. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reversedKeys(inner)]),
  );
}

describe('checkCassoSignature, on the published sample', () => {
  const raw = JSON.stringify(gatewayFixture('casso-documented.json'));

  it('verifies the sample header, and signs the sample body to exactly that header', () => {
    expect(checkCassoSignature(raw, SAMPLE_HEADER, SAMPLE_KEY, atSample)).toEqual({ ok: true });
    expect(cassoSignature(gatewayFixture('casso-documented.json'), SAMPLE_KEY, SAMPLE_T)).toBe(
      SAMPLE_HEADER,
    );
  });

  it('verifies the body in another key order, pretty-printed', () => {
    const shuffled = JSON.stringify(reversedKeys(gatewayFixture('casso-documented.json')), null, 2);
    expect(shuffled.startsWith('{\n  "data"')).toBe(true);
    expect(checkCassoSignature(shuffled, SAMPLE_HEADER, SAMPLE_KEY, atSample)).toEqual({
      ok: true,
    });
  });

  it('tolerates whitespace and an upper-case hex in the header', () => {
    const [t, v1] = SAMPLE_HEADER.split(',') as [string, string];
    const spaced = ` ${t} ,  v1=${v1.slice(3).toUpperCase()} `;
    expect(checkCassoSignature(raw, spaced, SAMPLE_KEY, atSample)).toEqual({ ok: true });
  });

  it('refuses a tampered amount, another key, a body that is not JSON', () => {
    const body = gatewayFixture('casso-documented.json') as { data: { amount: number } };
    body.data.amount = 5990000;
    const mismatch = { ok: false, reason: 'mismatch' };
    expect(checkCassoSignature(JSON.stringify(body), SAMPLE_HEADER, SAMPLE_KEY, atSample)).toEqual(
      mismatch,
    );
    expect(checkCassoSignature(raw, SAMPLE_HEADER, `${SAMPLE_KEY}x`, atSample)).toEqual(mismatch);
    expect(checkCassoSignature(raw, SAMPLE_HEADER, '', atSample)).toEqual(mismatch);
    expect(checkCassoSignature('{"error":0,', SAMPLE_HEADER, SAMPLE_KEY, atSample)).toEqual(
      mismatch,
    );
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(checkCassoSignature(deep, SAMPLE_HEADER, SAMPLE_KEY, atSample)).toEqual(mismatch);
  });

  it('refuses a t one millisecond past the tolerance, either way, and accepts it at the edge', () => {
    const stale = { ok: false, reason: 'stale' };
    const at = (offset: number) => new Date(SAMPLE_T + offset);
    const edge = CASSO_TIMESTAMP_TOLERANCE_MS;
    expect(checkCassoSignature(raw, SAMPLE_HEADER, SAMPLE_KEY, at(edge + 1))).toEqual(stale);
    expect(checkCassoSignature(raw, SAMPLE_HEADER, SAMPLE_KEY, at(-edge - 1))).toEqual(stale);
    expect(checkCassoSignature(raw, SAMPLE_HEADER, SAMPLE_KEY, at(edge))).toEqual({ ok: true });
    expect(checkCassoSignature(raw, SAMPLE_HEADER, SAMPLE_KEY, at(-edge))).toEqual({ ok: true });
  });

  it('tells a missing header from a malformed one', () => {
    const check = (header: string | undefined) =>
      checkCassoSignature(raw, header, SAMPLE_KEY, atSample);
    expect(check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check('  ')).toEqual({ ok: false, reason: 'missing' });
    const v1 = SAMPLE_HEADER.split(',')[1] as string;
    for (const header of [
      'garbage',
      `t=1727948258788`,
      v1,
      `t=abc,${v1}`,
      `t=1727948258788,v1=ed0a4bd2`,
      `t=1727948258788,v1=${'z'.repeat(128)}`,
      `t=1727948258788,t=1727948258788,${v1}`,
      `t=1727948258788;${v1}`,
    ]) {
      expect(check(header), header).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('cassoSignature, against an HMAC computed independently', () => {
  it('sorts keys deep, keeps array order, signs t + "." + the JSON', () => {
    const key = 'an independent key';
    const t = 1_700_000_000_123;
    const body = { z: [{ b: 1, a: 'Ủng hộ' }, 2], error: 0, data: { y: null, x: true } };
    // Written by hand, not by the code under test.
    const canonical = '{"data":{"x":true,"y":null},"error":0,"z":[{"a":"Ủng hộ","b":1},2]}';
    const expected = createHmac('sha512', key).update(`${t}.${canonical}`, 'utf8').digest('hex');
    expect(cassoSignature(body, key, t)).toBe(`t=${t},v1=${expected}`);
    expect(
      checkCassoSignature(JSON.stringify(body), `t=${t},v1=${expected}`, key, new Date(t)),
    ).toEqual({ ok: true });
  });
});

describe('parseCassoNotification', () => {
  it('reads the published sample into a bank line', () => {
    const { line, deliveryId } = parseCassoNotification(gatewayFixture('casso-documented.json'));
    expect(deliveryId).toBe('casso:0');
    expect(line).toEqual({
      channel: 'casso',
      accountNumber: '88888888',
      direction: 'in',
      amount: 599000,
      bookedAt: '2024-10-03T08:06:37.000Z',
      memo: 'giao dich thu nghiem',
      refs: ['MA_GIAO_DICH_THU_NGHIEM', 'casso:0'],
      balanceAfter: 25000000,
      counterpart: { name: 'NGUYEN VAN A', account: '8888888888', bank: 'VietinBank' },
    });
  });

  it('reads a negative amount as money out', () => {
    const body = gatewayFixture('casso-documented.json') as { data: Record<string, unknown> };
    body.data.amount = -150000;
    body.data.reference = '';
    body.data.counterAccountName = '';
    body.data.counterAccountNumber = null;
    body.data.counterAccountBankName = '';
    body.data.newField = 'Casso may add fields';
    const { line } = parseCassoNotification(body);
    expect(line.direction).toBe('out');
    expect(line.amount).toBe(150000);
    expect(line.refs).toEqual(['casso:0']);
    expect(line).not.toHaveProperty('counterpart');
  });

  it.each([0, 1.5, '599000', null])('refuses amount %j', (amount) => {
    const body = gatewayFixture('casso-documented.json') as { data: Record<string, unknown> };
    body.data.amount = amount;
    expect(() => parseCassoNotification(body)).toThrow(
      expect.objectContaining({ code: 'invalid_notification' }),
    );
  });

  it('refuses error ≠ 0, a missing data, a bad date', () => {
    expect(() => parseCassoNotification({ error: 1, data: null })).toThrow(
      InvalidNotificationError,
    );
    expect(() => parseCassoNotification({ error: 0 })).toThrow(InvalidNotificationError);
    const body = gatewayFixture('casso-documented.json') as { data: Record<string, unknown> };
    body.data.transactionDateTime = '2024-10-03';
    expect(() => parseCassoNotification(body)).toThrow(/data\.transactionDateTime/);
  });

  it('routes by the account, then the virtual account', () => {
    const body = gatewayFixture('casso-documented.json') as { data: Record<string, unknown> };
    expect(cassoRoutingAccounts(body)).toEqual(['88888888']);
    body.data.virtualAccountNumber = 'VA 0001';
    expect(cassoRoutingAccounts(body)).toEqual(['88888888', 'VA0001']);
    expect(cassoRoutingAccounts(null)).toEqual([]);
  });
});
