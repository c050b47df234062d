import { describe, expect, it } from 'vitest';
import { DateOutOfRangeError, FutureDateError } from '../errors.ts';
import { assertOccurredInRange, occurredRange } from './occurred.ts';

const fund = { opensAt: '2026-01-01T00:00:00.000Z' };
const now = new Date('2026-11-20T03:00:00.000Z');

describe('assertOccurredInRange', () => {
  it('allows five minutes of clock skew and 90 days before the opening date', () => {
    // Act
    const { from, to } = occurredRange(fund, now);
    // Assess
    expect(to.toISOString()).toBe('2026-11-20T03:05:00.000Z');
    expect(from.toISOString()).toBe('2025-10-03T00:00:00.000Z');
    expect(() => assertOccurredInRange(fund, to.toISOString(), now, 'receivedAt')).not.toThrow();
    expect(() => assertOccurredInRange(fund, from.toISOString(), now, 'receivedAt')).not.toThrow();
  });

  it('refuses a date in the future or before the grace period, naming the field', () => {
    for (const at of ['2026-11-20T03:05:00.001Z', '9999-12-31T23:59:59.000Z']) {
      expect(() => assertOccurredInRange(fund, at, now, 'paidAt'), at).toThrow(FutureDateError);
    }
    expect(() => assertOccurredInRange(fund, '2025-10-02T23:59:59.999Z', now, 'paidAt')).toThrow(
      DateOutOfRangeError,
    );
  });

  it('says what to do about a future date, in Vietnamese and English, in Vietnam time', () => {
    // Act: 10:30 in Vietnam when it is 10:00 there
    let refused: FutureDateError | undefined;
    try {
      assertOccurredInRange(fund, '2026-11-20T10:30:00+07:00', now, 'receivedAt');
    } catch (error) {
      refused = error as FutureDateError;
    }
    // Assess
    expect(refused).toBeInstanceOf(FutureDateError);
    expect(refused?.code).toBe('future_date');
    expect(refused?.details).toEqual({ field: 'receivedAt', latest: '2026-11-20T03:05:00.000Z' });
    expect(refused?.message).toMatch(/receivedAt .* is in the future/);
    expect(refused?.message).toContain('record it once the money has moved');
    expect(refused?.vietnamese).toContain('2026-11-20 10:30 (giờ Việt Nam), ở tương lai');
    expect(refused?.vietnamese).toContain('bây giờ mới là 2026-11-20 10:00');
  });
});
