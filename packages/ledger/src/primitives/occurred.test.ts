import { describe, expect, it } from 'vitest';
import { DateOutOfRangeError } from '../errors.ts';
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
    for (const at of [
      '2026-11-20T03:05:00.001Z',
      '9999-12-31T23:59:59.000Z',
      '2025-10-02T23:59:59.999Z',
    ]) {
      expect(() => assertOccurredInRange(fund, at, now, 'paidAt'), at).toThrow(DateOutOfRangeError);
    }
    try {
      assertOccurredInRange(fund, '2027-01-01T00:00:00.000Z', now, 'paidAt');
    } catch (error) {
      expect((error as DateOutOfRangeError).message).toMatch(/paidAt .* is in the future/);
    }
  });
});
